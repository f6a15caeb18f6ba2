import numpy as np
from tensorflow import keras

from utils import data
from utils.data import imported_directly, make_train_generator, threadsafe_iter
from utils.more import batches32

x = np.zeros((64, 4), dtype="float32")
y = np.zeros(64, dtype="float32")
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

model.fit(imported_directly(x, y, 8), steps_per_epoch=8)
train = make_train_generator(x, y)
model.fit(train, steps_per_epoch=2)
model.fit(batches32(x, y), steps_per_epoch=2)
wrapped = threadsafe_iter(data.through_a_wrapper(x, y, 8))
model.fit_generator(wrapped, steps_per_epoch=8, validation_data=data.validation_batches(x, y, 8), validation_steps=2)  # expect: FG001, FG006
model.fit(data.good(x, y, 8), steps_per_epoch=8)
