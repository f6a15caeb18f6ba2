# imports no Keras itself: the receivers are followed to model.unet(), which returns a
# keras Model, so the calls are migrated without --unsafe-fixes; the helper built by a
# module that is not analysed stays an unsafe guess
from model import *
from data import *
from helpers import make_net

model = unet()
model.fit_generator(train_generator(2), steps_per_epoch=300, epochs=1)
results = model.predict_generator(train_generator(1), 30, verbose=1)
net = make_net()
net.fit_generator(train_generator(2), steps_per_epoch=10)
