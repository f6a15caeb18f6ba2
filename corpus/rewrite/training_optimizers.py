"""Keras 2 optimizer arguments: lr/decay migrated as Keras 2 computed them, the rest left and reported."""
import keras
import tensorflow as tf
from keras import optimizers
from keras.optimizers import SGD, Adam, Adagrad, Nadam, RMSprop

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
adam = Adam(lr=1e-4)  # a comment stays
rms = RMSprop(lr=0.001,
              rho=0.9,
              epsilon=1e-08,
              decay=0.0)
chained = keras.optimizers.Adam(0.001, decay=0.01)
module = optimizers.SGD(decay=1e-4)
tf_keras = tf.keras.optimizers.Adam(lr=0.002, decay=0.5)
no_default = Adagrad(decay=0.01)
both = Adam(lr=0.1, learning_rate=0.1)
positional = SGD(0.01, 0.9, 1e-6, True)
eps_none = Adam(lr=0.1, epsilon=None)
nadam = Nadam(lr=0.002, schedule_decay=0.004)
model.compile(optimizer=Adam(lr=1e-3, decay=1e-3 / 50), loss="mse")
