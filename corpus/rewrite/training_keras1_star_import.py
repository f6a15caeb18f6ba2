"""`from keras.layers import *` (Keras 1 tutorials): names not bound otherwise are Keras'."""
from keras.layers import *
from keras.models import *
from mylayers import Highway2


def Dense(n, output_dim=None):  # the file's own Dense: left alone
    return n


a = Convolution2D(8, 3, 3, border_mode='valid')
b = Dense(3, output_dim=2)
c = Highway2(output_dim=4)
m = Model(input=x, output=y)
from keras.optimizers import *
opt = Adam(lr=1e-4)
