"""Keras 2 names that only moved: imported from their Keras 3 home."""
from migrate_fitgen.runtime import validate_batches
import os; from keras.utils import to_categorical as onehot  # labels

import keras
import keras.utils
from keras import utils as np_utils
from keras.utils import (Sequence,
                                    get_file)


class Batches(Sequence):
    def __len__(self):
        return 1


y = onehot([0, 1], 2) + np_utils.to_categorical([1, 0], 2)
y = keras.utils.normalize(y)
path = get_file("data.npz", "https://example.com/data.npz")
model = keras.Sequential()
model.fit(validate_batches(Batches()), steps_per_epoch=10, epochs=2)
