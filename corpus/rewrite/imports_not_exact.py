"""Imports whose fix could not be exact are reported and left alone."""
import keras
from keras.utils import np_utils
import keras.utils.data_utils
from keras.utils.np_utils import *

probs = np_utils.probas_to_classes(p)  # a Keras 1 name with no Keras 3 home
helper = np_utils  # used bare
enqueuer = keras.utils.data_utils.OrderedEnqueuer(seq)
labels = to_categorical(y)
model = keras.Sequential()
model.fit_generator(gen, 10)
