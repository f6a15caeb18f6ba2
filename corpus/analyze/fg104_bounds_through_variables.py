# FG104 with slice bounds kept in variables, in a data module that imports NumPy only.
import numpy as np


def inclusive_end(x, y, batch_size):
    while True:
        for start in range(0, len(x), batch_size):
            end = start + batch_size - 1
            yield x[start:start + batch_size], y[start:end]  # expect: FG104


def running_offset(x, y, batch_size):
    start = 0
    while True:
        stop = start + batch_size
        x_b = x[start:stop]
        y_b = y[start:stop - 1]  # expect: FG104
        yield x_b, y_b
        start = stop if stop < len(x) else 0


def step_index(x, y, batch_size):
    while True:
        for k in range(len(x) // batch_size):
            lo = k * batch_size
            hi = lo + batch_size
            yield np.array(x[lo:hi]), np.array(y[lo:hi + 1])  # expect: FG104


# --- not reported ------------------------------------------------------------------

def same_length_offset(series, batch_size, lag):
    while True:
        for start in range(0, len(series) - batch_size - lag, batch_size):
            end = start + batch_size
            yield series[start:end], series[start + lag:end + lag]


def split_at_one_index(x, y, ratio):
    k = int(len(x) * ratio)
    yield x[:k], y[:k]
    yield x[k:], y[k:]


def bounds_that_may_differ(x, y, a, b):
    while True:
        for i in range(0, len(x), a):
            yield x[i:i + a], y[i:i + b]


def fixed_subsets(x_train, y_train, x_test, y_test):
    # a fixture's train and test subsets, not a batch of one index
    n_train = 100
    n_test = 10
    yield x_train[:n_train], y_train[:n_train], x_test[:n_test]
    yield x_train[:n_train], y_test[:n_test]
