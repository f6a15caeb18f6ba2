# What a yield returns, beyond displays: library calls with a documented return kind,
# comprehensions, list()/map()/zip(), names assigned on every path, local helpers whose
# returns agree, repacking.  Unknown values (a parameter's call, helpers that disagree
# or may fall off their end) are not reported.
import keras
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.utils import shuffle


def shuffled(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield shuffle(x[i:i + bs], y[i:i + bs])  # expect: FG101


def shuffled_via_name(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            x_b = np.array(x[i:i + bs])
            y_b = np.array(y[i:i + bs])
            batch = shuffle(x_b, y_b)
            yield batch  # expect: FG101


def comprehension(arrays, bs):
    while True:
        for i in range(0, len(arrays[0]), bs):
            yield [a[i:i + bs] for a in arrays]  # expect: FG101


def listed(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield list((x[i:i + bs], y[i:i + bs]))  # expect: FG101


def mapped(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield map(np.asarray, (x[i:i + bs], y[i:i + bs]))  # expect: FG101


def zipped(x, y):
    while True:
        yield zip(x, y)  # expect: FG101


def every_path(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            if i % 2:
                batch = [x[i:i + bs], y[i:i + bs]]
            else:
                batch = [x[i:i + bs][::-1], y[i:i + bs][::-1]]
            yield batch  # expect: FG101


def _as_list(a, b):
    return [a, b]


def helper(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield _as_list(x[i:i + bs], y[i:i + bs])  # expect: FG101


def repacked(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            pair = x[i:i + bs], y[i:i + bs]
            yield [*pair]  # expect: FG101


# --- not reported ------------------------------------------------------------------

def paths_disagree(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            if i % 2:
                batch = (x[i:i + bs], y[i:i + bs])
            else:
                batch = [x[i:i + bs], y[i:i + bs]]
            yield batch


def _mixed(a, b):
    if b is None:
        return (a,)
    return [a, b]


def _may_fall_off(a, b):
    if a is not None:
        return [a, b]


def helpers_unknown(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield _mixed(x[i:i + bs], y[i:i + bs])
            yield _may_fall_off(x[i:i + bs], y[i:i + bs])


def tupled(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            parts = [x[i:i + bs], y[i:i + bs]]
            yield tuple(parts)


def shuffled_in_a_tuple(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            x_b, y_b = shuffle(x[i:i + bs], y[i:i + bs])
            yield x_b, y_b


def from_parameter(make_batch, n):
    while True:
        for i in range(n):
            yield make_batch(i)


def splits(x, y):
    # never passed to Keras: a list is fine for other consumers
    yield train_test_split(x, y)


x = np.zeros((64, 4), dtype="float32")
y = np.zeros(64, dtype="float32")
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(shuffled(x, y, 8), steps_per_epoch=8)
model.fit(shuffled_via_name(x, y, 8), steps_per_epoch=8)
model.fit(comprehension([x, y], 8), steps_per_epoch=8)
model.fit(listed(x, y, 8), steps_per_epoch=8)
model.fit(mapped(x, y, 8), steps_per_epoch=8)
model.fit(zipped(x, y), steps_per_epoch=8)
model.fit(every_path(x, y, 8), steps_per_epoch=8)
model.fit(helper(x, y, 8), steps_per_epoch=8)
model.fit(repacked(x, y, 8), steps_per_epoch=8)
model.fit(paths_disagree(x, y, 8), steps_per_epoch=8)
model.fit(helpers_unknown(x, y, 8), steps_per_epoch=8)
model.fit(tupled(x, y, 8), steps_per_epoch=8)
model.fit(shuffled_in_a_tuple(x, y, 8), steps_per_epoch=8)
model.fit(from_parameter(lambda i: (x, y), 8), steps_per_epoch=8)
print(list(splits(x, y)))


def labelled_or_not(x, y, bs, labels=True):
    # a setting chooses the bare yield, for predict; fit and evaluate get the tuple
    while True:
        for i in range(0, len(x), bs):
            if labels:
                yield x[i:i + bs], y[i:i + bs]
            else:
                yield np.asarray(x[i:i + bs])


model.fit(labelled_or_not(x, y, 8), steps_per_epoch=8)


class Trainer:
    # a library's own fit_generator: `checkpoint_interval` is no Keras argument
    def __init__(self, graph):
        self._graph = graph

    def run(self, rows):
        def feeds():
            for r in rows:
                yield {"features": r}

        return self._graph.fit_generator(feeds(), checkpoint_interval=0)  # expect: FG001


def segments(x, y, bs, ignore_segs=False):
    # a parameter chooses the bare yield; the call below passes the value that takes it
    while True:
        for i in range(0, len(x), bs):
            if ignore_segs:
                yield np.asarray(x[i:i + bs])  # expect: FG101
            else:
                yield x[i:i + bs], y[i:i + bs]


gen = segments(x, y, 8, ignore_segs=True)
model.fit(gen, steps_per_epoch=8)
model.fit(segments(x, y, 8), steps_per_epoch=8)
