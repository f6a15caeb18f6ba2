from keras.layers.convolutional import Conv2D, MaxPooling2D  # expect: FG204
from keras.layers.merge import concatenate  # expect: FG204
from keras.engine.topology import Layer  # expect: FG204
from keras.engine.topology import Network  # expect: FG204
from keras.layers.convolutional import Deconvolution2D  # expect: FG203, FG204
import keras.layers.core  # expect: FG204
from keras.layers import Dense
from tensorflow.keras.layers import Conv2D as C2
