"""Training script: the runtime import goes after the docstring and __future__."""
from __future__ import print_function

import keras

model = keras.models.Sequential()
model.fit_generator(gen, 10, 1)
