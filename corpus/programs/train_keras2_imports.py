"""Keras 2 imports that moved in Keras 3 (np_utils, data_utils.Sequence) with legacy calls."""
import math

import numpy as np
import keras
import keras.utils.np_utils
from keras.utils import np_utils
from keras.utils.data_utils import Sequence
from keras.utils.np_utils import to_categorical


class Batches(Sequence):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, i):
        s = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[s], self.y[s]


labels = np.random.randint(0, 3, size=(40,))
x = np.random.rand(40, 5).astype("float32")
y = to_categorical(labels, 3)
assert (np_utils.to_categorical(labels, 3) == y).all()
assert np.allclose(keras.utils.np_utils.normalize(y), y)
model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
model.fit_generator(Batches(x, y, 8), 5, 2, verbose=0)
loss = model.evaluate_generator(Batches(x, y, 8), 5)
pred = model.predict_generator(Batches(x, y, 8), 5)
assert pred.shape == (40, 3)
print("OK", round(float(loss), 3))
