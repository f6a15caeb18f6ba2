import numpy as np
from tensorflow import keras  # a Keras module: its tuple generators feed Keras


def to_str(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs].astype(str), y[i:i + bs]  # expect: FG103


def unicode_dtype(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            xb = x[i:i + bs]
            yb = y[i:i + bs].astype("U10")  # expect: FG103
            yield xb, yb


def objects(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            xb = np.array(x[i:i + bs], dtype=object)  # expect: FG103
            yield xb, y[i:i + bs]


def lists(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs].tolist(), str(y[i])  # expect: FG103, FG103


def recast(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            xb = x[i:i + bs].astype(str).astype("float32")
            yield xb, y[i:i + bs].astype(np.float32)


def names(paths):
    # not a data generator: strings are the point
    for p in paths:
        yield str(p)


def keyed(rows):
    for key, value in rows:
        label = str(key)
        print(label)
        yield np.asarray(value, dtype="float32"), np.float32(key)
