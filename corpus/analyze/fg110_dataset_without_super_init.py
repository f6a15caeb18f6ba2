import keras
from keras.utils import PyDataset, Sequence
from typing import Sequence as TypingSequence


class NoSuper(PyDataset):
    def __init__(self, x, batch_size):  # expect: FG110
        self.x, self.batch_size = x, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, i):
        return self.x[i:i + 1], self.x[i:i + 1]


class OldStyle(keras.utils.Sequence):
    def __init__(self, x):  # expect: FG110
        self.x = x


class Child(NoSuper):
    def __init__(self, x):  # expect: FG110
        self.x = x
        self.batch_size = 1


class WithSuper(Sequence):
    def __init__(self, x, **kwargs):
        super().__init__(**kwargs)
        self.x = x


class ExplicitBase(PyDataset):
    def __init__(self, x, **kwargs):
        PyDataset.__init__(self, **kwargs)
        self.x = x


class NoInit(PyDataset):
    def __len__(self):
        return 1


class NotKeras(TypingSequence):
    def __init__(self, items):
        self.items = items
