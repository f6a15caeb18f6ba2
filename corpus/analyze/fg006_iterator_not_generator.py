import itertools
from itertools import cycle

import keras
import numpy as np

x = np.zeros((64, 4))
y = np.zeros(64)
batches = [(x[i:i + 8], y[i:i + 8]) for i in range(0, 64, 8)]


class BatchIterator:
    def __init__(self, items):
        self.items = items
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i = (self.i + 1) % len(self.items)
        return self.items[self.i]


class BatchIterable:
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        yield from self.items


def forever(items):
    while True:
        yield from items


model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")

# bad
model.fit(iter(batches), steps_per_epoch=8)  # expect: FG006
model.fit(itertools.cycle(batches), steps_per_epoch=8)  # expect: FG006
model.fit(cycle(batches), steps_per_epoch=8, validation_data=map(tuple, batches), validation_steps=2)  # expect: FG006, FG006
it = BatchIterator(batches)
model.fit(it, steps_per_epoch=8)  # expect: FG006
model.fit(forever, steps_per_epoch=8)  # expect: FG006
model.fit_generator(zip(x, y), steps_per_epoch=8)  # expect: FG001, FG006

# good
model.fit(forever(batches), steps_per_epoch=8)
model.fit((b for b in itertools.cycle(batches)), steps_per_epoch=8)
model.fit(iter(forever(batches)), steps_per_epoch=8)
model.fit(iter(BatchIterable(batches)), steps_per_epoch=8)
model.fit(x, y, epochs=2)
