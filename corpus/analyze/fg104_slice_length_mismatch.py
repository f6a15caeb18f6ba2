import numpy as np
from tensorflow import keras  # a Keras module: its tuple generators feed Keras


def short_y(X, y, batch_size):
    while True:
        for i in range(0, len(X), batch_size):
            yield X[i:i + batch_size], y[i:i + batch_size - 5]  # expect: FG104


def via_names(X, y, w, bs):
    while True:
        for i in range(0, len(X), bs):
            end = i + bs
            xb = X[i:end]
            yb = y[i:end + 1]  # expect: FG104
            wb = w[i:end]
            yield xb, yb, wb


def products(X, y, bs):
    n = len(X) // bs
    while True:
        for k in range(n):
            yield X[k * bs:(k + 1) * bs, :], y[k * bs:k * bs + bs - 1]  # expect: FG104


def offset_ok(X, y, n, d):
    while True:
        for i in range(0, len(X) - n - d, n):
            yield X[i:i + n], y[i + d:i + d + n]


def unknown_lengths(X, y, a, b):
    while True:
        for i in range(0, len(X), a):
            yield X[i:i + a], y[i:i + b]


def different_index(X, y, bs, j):
    while True:
        for i in range(0, len(X), bs):
            yield X[i:i + bs], y[j:j + bs + 1]


def clipped(X, y, bs):
    while True:
        for i in range(0, len(X), bs):
            hi = min(i + bs, len(X))
            yield X[i:hi] / 255.0, y[i:hi]
