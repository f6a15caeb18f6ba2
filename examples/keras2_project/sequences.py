"""A keras.utils.Sequence over in-memory arrays."""
import math

import numpy as np
from keras.utils import Sequence


class ArraySequence(Sequence):
    def __init__(self, x, y, batch_size, shuffle=False):
        super(ArraySequence, self).__init__()
        self.x, self.y = x, y
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.order = np.arange(len(x))

    def __len__(self):
        return int(math.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, index):
        idx = self.order[index * self.batch_size:(index + 1) * self.batch_size]
        return self.x[idx], self.y[idx]

    def on_epoch_end(self):
        if self.shuffle:
            np.random.shuffle(self.order)
