# Keras 3 code with correct generators and datasets: nothing to report.
import random

import keras
import numpy as np

BATCH = 32
EPOCHS = 10


def train_batches(x, y, batch_size):
    indices = np.arange(len(x))
    while True:
        np.random.shuffle(indices)
        for i in range(0, len(x), batch_size):
            chunk = indices[i:i + batch_size]
            yield x[chunk].astype("float32"), y[chunk]


def eval_batches(x, y, batch_size):
    for i in range(0, len(x), batch_size):
        yield x[i:i + batch_size], y[i:i + batch_size]


def weighted(x, y, w, batch_size):
    while True:
        for i in range(0, len(x), batch_size):
            end = i + batch_size
            yield x[i:end], y[i:end], w[i:end]


def rows(path):
    # not a data generator for Keras: lists are fine here
    with open(path) as fh:
        for line in fh:
            yield line.split(",")


def labels(names):
    for name in names:
        yield str(name)


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, idx):
        lo = idx * self.batch_size
        hi = lo + self.batch_size
        return [self.x[lo:hi], self.y[lo:hi]]


x = np.random.rand(1000, 4).astype("float32")
y = np.random.rand(1000, 1).astype("float32")
w = np.ones(1000)
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(
    train_batches(x, y, BATCH),
    steps_per_epoch=len(x) // BATCH,
    epochs=EPOCHS,
    validation_data=(x[:100], y[:100]),
)
model.fit(weighted(x, y, w, BATCH), steps_per_epoch=10, epochs=EPOCHS)
model.fit(Batches(x, y, BATCH, workers=2), epochs=EPOCHS)
model.fit(((x[:8], y[:8]) for _ in range(3)), epochs=1)
model.evaluate(eval_batches(x, y, BATCH))
model.predict(Batches(x, y, BATCH))
random.shuffle(list(rows.__name__))
