# A data-loading module with no keras/tensorflow/tf_keras import and no link to a
# training call: its tuple generators may feed anything (pandas, AnnData, a plotting
# script), so FG103, FG104 and FG106 stay quiet.  FG111 is a plain Python bug and is
# reported for any generator.
import random

import numpy as np


def iter_blocks(path, columns):
    for block in np.load(path, allow_pickle=True):
        X = block.X
        for c in columns:
            labels = block.obs[c].to_numpy().astype(str)
            yield X, labels


def windows(a, b, n):
    while True:
        for i in range(0, len(a), n):
            yield a[i:i + n], b[i:i + n - 1]


def shuffled(rows, n):
    random.shuffle(rows)
    while True:
        for i in range(0, len(rows), n):
            yield rows[i:i + n], len(rows)


def stops(rows):
    for r in rows:
        if r is None:
            raise StopIteration  # expect: FG111
        yield r, str(r)
