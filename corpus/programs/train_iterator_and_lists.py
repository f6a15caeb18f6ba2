"""Old data pipelines Keras 3 rejects as they are: an iterator that is not a generator,
and a generator that yields lists.  The runtime wrapper makes both legal."""
import itertools

import numpy as np
from keras import layers, models

x = np.random.rand(30, 6).astype("float32")
y = np.random.rand(30, 1).astype("float32")


def list_batches():
    while True:
        for i in range(0, 30, 10):
            yield [x[i:i + 10], y[i:i + 10]]


model = models.Sequential([layers.Input((6,)), layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit_generator(list_batches(), steps_per_epoch=3, epochs=2, verbose=0)
cycle = itertools.cycle([(x[:10], y[:10]), (x[10:20], y[10:20])])
model.fit_generator(cycle, steps_per_epoch=2, epochs=1, verbose=0)
print("OK", model.evaluate_generator(list_batches(), 3))
