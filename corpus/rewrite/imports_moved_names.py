"""Keras 2 names that only moved: imported from their Keras 3 home."""
import os; from keras.utils.np_utils import to_categorical as onehot  # labels

import keras
import keras.utils.np_utils
from keras.utils import np_utils
from keras.utils.data_utils import (Sequence,
                                    get_file)


class Batches(Sequence):
    def __len__(self):
        return 1


y = onehot([0, 1], 2) + np_utils.to_categorical([1, 0], 2)
y = keras.utils.np_utils.normalize(y)
path = get_file("data.npz", "https://example.com/data.npz")
model = keras.Sequential()
model.fit_generator(Batches(), 10, 2)
