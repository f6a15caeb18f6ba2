import numpy as np
from tensorflow import keras  # a Keras module: its tuple generators feed Keras

# batches of multi-input and multi-output models (siamese and triplet networks): the
# inputs or the targets are a list, tuple or dict of arrays, each checked as one


def triplets_cast(a, p, n, y, bs):
    while True:
        for i in range(0, len(a), bs):
            yield [a[i:i + bs].astype(str), p[i:i + bs], n[i:i + bs]], y[i:i + bs]  # expect: FG103


def named_inputs_cast(a, b, y, bs):
    while True:
        for i in range(0, len(a), bs):
            inputs = {"left": a[i:i + bs], "right": b[i:i + bs].astype(object)}  # expect: FG103
            yield inputs, y[i:i + bs]


def two_outputs_cast(x, y, m, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], (y[i:i + bs], m[i:i + bs].astype("U8"))  # expect: FG103


def pairs_short_y(a, b, y, bs):
    while True:
        for i in range(0, len(a), bs):
            yield [a[i:i + bs], b[i:i + bs]], y[i:i + bs - 1]  # expect: FG104


def pairs_short_input(a, b, y, bs):
    while True:
        for i in range(0, len(a), bs):
            pair = (a[i:i + bs], b[i:i + bs - 2])  # expect: FG104
            yield pair, y[i:i + bs]


def shifted_windows_ok(s, y, bs):
    while True:
        for i in range(0, len(s) - 1, bs):
            yield [s[i:i + bs], s[i + 1:i + bs + 1]], y[i:i + bs]


def numeric_ok(a, p, n, y, bs):
    while True:
        for i in range(0, len(a), bs):
            yield [a[i:i + bs].astype("float32"), p[i:i + bs], n[i:i + bs]], y[i:i + bs]
