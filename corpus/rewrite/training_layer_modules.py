"""Imports from Keras 2 layer and engine modules that Keras 3 does not have."""
from keras.layers.convolutional import Conv2D, MaxPooling2D  # layers
from keras.layers.core import (Dense,
                               Dropout, Flatten)
from keras.layers.normalization import BatchNormalization
from keras.layers.merge import concatenate, add
from keras.engine.topology import Layer
from keras.engine.training import Model
from keras.engine.topology import Network  # Keras 3 has none: reported
from keras.layers.core import *  # reported
from keras.layers.convolutional import Deconvolution2D, Conv2D as C  # reported
import keras.layers.core  # reported
from keras.layers import Dense as D  # fine
