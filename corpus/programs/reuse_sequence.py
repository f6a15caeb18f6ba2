"""A Sequence reused across calls, its on_epoch_end, len, and an attribute set between calls."""
import math

import numpy as np
import keras
from keras.utils import Sequence

keras.utils.set_random_seed(0)


class Rows(Sequence):
    def __init__(self, n, batch_size, **kwargs):
        super().__init__(**kwargs)
        rng = np.random.RandomState(0)
        self.x = rng.rand(n, 3).astype("float32")
        self.batch_size = batch_size
        self.scale = 1.0
        self.epochs_ended = 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, i):
        x = self.x[i * self.batch_size:(i + 1) * self.batch_size] * self.scale
        return x, x.sum(axis=1, keepdims=True)

    def on_epoch_end(self):
        self.epochs_ended += 1


rows = Rows(40, 8, workers=2)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit_generator(rows, len(rows), 2, verbose=0)
rows.scale = 0.5
rows.batch_size = 10
model.fit_generator(rows, epochs=1, verbose=0)
preds = model.predict_generator(rows, steps=len(rows))
print("len", len(rows), "predictions", preds.shape, "epochs ended", rows.epochs_ended,
      "workers", rows.workers)
print("OK")
