# a Keras 1 file: position 2 of predict_generator is `val_samples`, a sample count
from keras.models import Model

model = Model(input=inp, output=out)
model.fit(X, Y, nb_epoch=2)
model.fit_generator(gen, steps_per_epoch=100, nb_epoch=5)
preds = model.predict_generator(test_gen, nb_test_samples)[0]
