import random

import keras  # a Keras module: its tuple generators feed Keras
import numpy as np
from sklearn.utils import shuffle


def once(x, y, bs):
    idx = np.arange(len(x))
    np.random.shuffle(idx)  # expect: FG106
    while True:
        for i in range(0, len(x), bs):
            b = idx[i:i + bs]
            yield x[b], y[b]


def permuted_once(x, y, bs):
    order = np.random.permutation(len(x))  # expect: FG106
    while True:
        for i in range(0, len(x), bs):
            b = order[i:i + bs]
            yield x[b], y[b]


def sklearn_once(x, y, bs):
    x, y = shuffle(x, y)  # expect: FG106
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]


def every_epoch(x, y, bs):
    idx = list(range(len(x)))
    random.shuffle(idx)
    while True:
        random.shuffle(idx)
        for i in range(0, len(x), bs):
            b = idx[i:i + bs]
            yield x[b], y[b]


def finite(x, y, bs):
    idx = np.random.permutation(len(x))
    for i in range(0, len(x), bs):
        b = idx[i:i + bs]
        yield x[b], y[b]


def not_data(items):
    random.shuffle(items)
    while True:
        for item in items:
            yield item
