import keras
import numpy as np


def mixed(x, y, w, bs):
    while True:
        for i in range(0, len(x), bs):
            if i == 0:
                yield x[i:i + bs], y[i:i + bs]
            else:
                yield x[i:i + bs], y[i:i + bs], w[i:i + bs]  # expect: FG105


def list_then_tuple(x, y, bs):
    while True:
        yield x[:bs], y[:bs]
        for i in range(bs, len(x), bs):
            yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101, FG105


def consistent(x, y, bs):
    while True:
        yield x[:bs], y[:bs]
        for i in range(bs, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]


def unlinked(rows):
    for r in rows:
        if r:
            yield r, 1
        else:
            yield r, 1, 2


class Mixed(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i == 0:
            return [self.x, self.y]
        return self.x, self.y


x = np.zeros((64, 4))
y = np.zeros(64)
w = np.ones(64)
model = keras.Sequential([keras.layers.Dense(1)])
model.fit(mixed(x, y, w, 8), steps_per_epoch=8)
model.fit(list_then_tuple(x, y, 8), steps_per_epoch=8)
model.fit(consistent(x, y, 8), steps_per_epoch=8)
model.fit(Mixed(x, y), epochs=2)
print(list(unlinked([0, 1])))


def configured(x, y, w, bs):
    # one structure per run, chosen by a parameter: fine
    while True:
        for i in range(0, len(x), bs):
            if w is None:
                yield x[i:i + bs], y[i:i + bs]
            else:
                yield x[i:i + bs], y[i:i + bs], w[i:i + bs]


class Configured(keras.utils.PyDataset):
    def __init__(self, x, y=None, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if self.y is None:
            return (self.x,)
        return self.x, self.y


class ByIndex(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i == 0:
            return self.x, self.y
        return self.x, self.y, self.y  # expect: FG105


model.fit(configured(x, y, None, 8), steps_per_epoch=8)
model.fit(Configured(x, y), epochs=2)
model.fit(ByIndex(x, y), epochs=2)
