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


class IterNext:
    # both `__next__` and a generator `__iter__`: the instance is still no generator
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        yield from self.items

    def __next__(self):
        return self.items[0]


class ChildIterable(BatchIterable):
    pass


class ArrayLike(BatchIterable):
    def __array__(self, dtype=None):
        return np.zeros((8, 4))


class FromSeq(keras.utils.PyDataset):
    def __len__(self):
        return 1

    def __getitem__(self, i):
        return x[:8], y[:8]

    def __iter__(self):
        yield self[0]


class External(dict):
    def __iter__(self):
        yield from self.values()


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

repeated = [(x[:8], y[:8])] * 4
model.fit(iter(repeated), steps_per_epoch=4)  # expect: FG006
it2 = iter(repeated)
model.fit(it2, steps_per_epoch=4)  # expect: FG006
model.fit(forever(batches), steps_per_epoch=8, validation_data=iter(repeated), validation_steps=2)  # expect: FG006
model.fit(iter(list(batches)), steps_per_epoch=8)  # expect: FG006
model.fit(iter(batches + repeated), steps_per_epoch=8)  # expect: FG006
model.fit(iter(range(8)), steps_per_epoch=8)  # expect: FG006

model.fit(IterNext(batches), steps_per_epoch=8)  # expect: FG006
model.fit(BatchIterable(batches), steps_per_epoch=8)  # expect: FG006
holder = ChildIterable(batches)
model.fit(holder, steps_per_epoch=8)  # expect: FG006

# good
model.fit(iter(IterNext(batches)), steps_per_epoch=8)
model.fit(ArrayLike(batches), steps_per_epoch=8)
model.fit(FromSeq(), epochs=2)
model.fit(External(), steps_per_epoch=8)
gen_obj = forever(batches)
model.fit(iter(gen_obj), steps_per_epoch=8)
model.fit(iter(x), steps_per_epoch=8)  # not reported: an array is not a display (not proven here)
model.fit(iter(x * 2), steps_per_epoch=8)
model.fit(forever(batches), steps_per_epoch=8)
model.fit((b for b in itertools.cycle(batches)), steps_per_epoch=8)
model.fit(iter(forever(batches)), steps_per_epoch=8)
model.fit(iter(BatchIterable(batches)), steps_per_epoch=8)
model.fit(x, y, epochs=2)
