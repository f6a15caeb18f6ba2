# A data-loading module with no keras/tensorflow/tf_keras import and no link to a
# training call: its generators may feed anything (pandas, AnnData, a plotting
# script).  FG103 and FG104 still fire where the pattern is suspicious anywhere, in a
# generator that yields an (x, y)-shaped batch of arrays or first-axis slices
# (`windows`, the seed article's short slice); `iter_blocks` yields a whole block's
# attribute with its labels, not such a batch, so its cast stays quiet.  FG106 (a
# once-only shuffle) needs Keras in sight.  FG111 is a plain Python bug and is
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
            yield a[i:i + n], b[i:i + n - 1]  # expect: FG104


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
