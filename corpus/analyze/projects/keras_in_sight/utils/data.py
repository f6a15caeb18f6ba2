import threading

import numpy as np


class threadsafe_iter:
    def __init__(self, it):
        self.it = it
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            return next(self.it)


def imported_directly(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101


def through_a_factory(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101


def make_train_generator(x, y):
    return through_a_factory(x, y, 32)


def through_partial(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs], y[i:i + bs], y[i:i + bs]  # expect: FG102


def through_a_wrapper(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101


def validation_batches(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield {"x": x[i:i + bs], "y": y[i:i + bs]}  # expect: FG101


def good(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]
