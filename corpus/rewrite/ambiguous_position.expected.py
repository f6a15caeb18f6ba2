# position 8 is class_weight before Keras 2.2.5 and validation_freq after: left alone
from keras.models import Sequential

model = Sequential()
model.fit_generator(gen, 10, 2, 1, None, val_gen, 3, {0: 1.0, 1: 4.0})
model.evaluate_generator(gen, 5, 10)
