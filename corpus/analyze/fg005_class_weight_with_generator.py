import keras
import numpy as np


def batches(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y

    def __len__(self):
        return 1

    def __getitem__(self, i):
        return self.x, self.y


X = np.zeros((64, 4), "float32")
Y = np.zeros(64, "int64")
model = keras.Sequential([keras.layers.Dense(2)])
model.fit(batches(X, Y, 32), steps_per_epoch=2, class_weight={0: 1.0, 1: 3.0})  # expect: FG005
model.fit(batches(X, Y, 32), steps_per_epoch=2, class_weight=None)
model.fit(X, Y, class_weight={0: 1.0, 1: 3.0})
model.fit(Batches(X, Y), class_weight={0: 1.0, 1: 3.0})
