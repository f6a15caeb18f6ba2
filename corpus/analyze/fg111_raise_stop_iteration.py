def batches(x, y, bs):
    i = 0
    while True:
        if i >= len(x):
            raise StopIteration  # expect: FG111
        yield x[i:i + bs], y[i:i + bs]
        i += bs


def with_message(items):
    for item in items:
        yield item
    raise StopIteration("done")  # expect: FG111


class Iterator:
    def __init__(self, items):
        self.items = list(items)

    def __iter__(self):
        return self

    def __next__(self):
        if not self.items:
            raise StopIteration  # fine: __next__ is not a generator
        return self.items.pop()


def outer(items):
    def inner():
        raise StopIteration  # fine: not a generator

    for item in items:
        yield item
    return inner


def good(x, y, bs):
    i = 0
    while True:
        if i >= len(x):
            return
        yield x[i:i + bs], y[i:i + bs]
        i += bs


import contextlib


@contextlib.contextmanager
def catching():
    try:
        yield
    except KeyError:
        raise StopIteration  # fine: a context manager, not a data generator
