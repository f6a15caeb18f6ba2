# imports no Keras itself: the receivers are followed to model.unet(), which returns a
# keras Model, so the calls are migrated without --unsafe-fixes; the helper built by a
# module that is not analysed stays an unsafe guess
from model import *
from data import *
from helpers import make_net
from migrate_fitgen.runtime import validate_batches

model = unet()
model.fit(validate_batches(train_generator(2)), steps_per_epoch=300, epochs=1)
results = model.predict(validate_batches(train_generator(1), mode="predict"), steps=30, verbose=1)
net = make_net()
net.fit_generator(train_generator(2), steps_per_epoch=10)
