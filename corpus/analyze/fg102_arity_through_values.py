# FG102 and FG105 through what a yield returns: tuple(), local helpers, repacking.
import keras
import numpy as np
from sklearn.model_selection import train_test_split


def _pack(a, b, w):
    return a, b, w, w


def _with_weights(a, b, w):
    return a, b, w


def _pair(a, b):
    return a, b


def four_via_tuple(x, y, w, bs):
    while True:
        for i in range(0, len(x), bs):
            parts = [x[i:i + bs], y[i:i + bs], w[i:i + bs], w[i:i + bs]]
            yield tuple(parts)  # expect: FG102


def four_via_helper(x, y, w, bs):
    while True:
        for i in range(0, len(x), bs):
            yield _pack(x[i:i + bs], y[i:i + bs], w[i:i + bs])  # expect: FG102


def four_repacked(x, y, w, bs):
    while True:
        for i in range(0, len(x), bs):
            base = (x[i:i + bs], y[i:i + bs])
            yield (*base, w[i:i + bs], w[i:i + bs])  # expect: FG102


def drift_via_helpers(x, y, w, bs):
    while True:
        for i in range(0, len(x), bs):
            if i % 3 == 0:
                yield _pair(x[i:i + bs], y[i:i + bs])
            else:
                yield _with_weights(x[i:i + bs], y[i:i + bs], w[i:i + bs])  # expect: FG105


class SplitSeq(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return train_test_split(self.x[i * 8:(i + 1) * 8], self.y[i * 8:(i + 1) * 8])  # expect: FG102


# --- not reported ------------------------------------------------------------------

def weights_via_helper(x, y, w, bs):
    # a legal 3-tuple (x, y, sample_weight)
    while True:
        for i in range(0, len(x), bs):
            yield _with_weights(x[i:i + bs], y[i:i + bs], w[i:i + bs])


def weights_by_setting(x, y, w, bs):
    # a setting picks one structure for the whole run
    while True:
        for i in range(0, len(x), bs):
            if w is None:
                yield _pair(x[i:i + bs], y[i:i + bs])
            else:
                yield _with_weights(x[i:i + bs], y[i:i + bs], w[i:i + bs])


def unknown_length(x, y, bs, extra):
    while True:
        for i in range(0, len(x), bs):
            if i % 2:
                yield (x[i:i + bs], *extra)
            else:
                yield x[i:i + bs], y[i:i + bs]


class ListSeq(keras.utils.PyDataset):
    # Keras 3 accepts a list from a dataset's __getitem__
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return list((self.x[i * 8:(i + 1) * 8], self.y[i * 8:(i + 1) * 8]))


x = np.zeros((64, 4), dtype="float32")
y = np.zeros(64, dtype="float32")
w = np.ones(64, dtype="float32")
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(four_via_tuple(x, y, w, 8), steps_per_epoch=8)
model.fit(four_via_helper(x, y, w, 8), steps_per_epoch=8)
model.fit(four_repacked(x, y, w, 8), steps_per_epoch=8)
model.fit(drift_via_helpers(x, y, w, 8), steps_per_epoch=8)
model.fit(SplitSeq(x, y))
model.fit(weights_via_helper(x, y, w, 8), steps_per_epoch=8)
model.fit(weights_by_setting(x, y, None, 8), steps_per_epoch=8)
model.fit(unknown_length(x, y, 8, (y,)), steps_per_epoch=8)
model.fit(ListSeq(x, y))
