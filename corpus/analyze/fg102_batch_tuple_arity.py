import keras
import numpy as np


def four(x, y, w, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs], w[i:i + bs], i  # expect: FG102


def empty(n):
    while True:
        yield ()  # expect: FG102


def only_x(x, bs):
    while True:
        for i in range(0, len(x), bs):
            yield (x[i:i + bs],)  # expect: FG102


def three(x, y, w, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs], w[i:i + bs]


def quads(rows):
    # not a Keras data generator
    for r in rows:
        yield r[0], r[1], r[2], r[3]


class FourSeq(keras.utils.Sequence):
    def __init__(self, x, **kwargs):
        super().__init__(**kwargs)
        self.x = x

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return [self.x, self.x, self.x, self.x]  # expect: FG102


x = np.zeros((64, 4))
y = np.zeros(64)
w = np.ones(64)
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(four(x, y, w, 8), steps_per_epoch=8)
model.fit(empty(3), steps_per_epoch=8)
model.fit(only_x(x, 8), steps_per_epoch=8)
model.predict(only_x(x, 8), steps=8)
model.fit(three(x, y, w, 8), steps_per_epoch=8)
print(list(quads([(1, 2, 3, 4)])))
