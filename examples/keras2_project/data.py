"""Data for the example: plain NumPy, no Keras import, like most projects' data modules."""
import numpy as np


def load_dataset(n_train=512, n_val=128, features=8, seed=0):
    """A toy binary task: is the sum of the features above its median?"""
    rng = np.random.RandomState(seed)
    x = rng.rand(n_train + n_val, features).astype("float32")
    y = (x.sum(axis=1) > features / 2).astype("float32")
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def batch_generator(x, y, batch_size, shuffle=True):
    """Yield (x, y) batches forever, reshuffling at the start of every pass."""
    n = len(x)
    while True:
        order = np.random.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            yield x[idx], y[idx]
