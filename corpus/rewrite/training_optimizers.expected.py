"""Keras 2 optimizer arguments: lr/decay migrated as Keras 2 computed them, the rest left and reported."""
import keras
import tensorflow as tf
from keras import optimizers
from keras.optimizers import SGD, Adam, Adagrad, Nadam, RMSprop
from keras.optimizers.schedules import InverseTimeDecay

sgd = SGD(learning_rate=InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6), momentum=0.9, nesterov=True)
adam = Adam(learning_rate=1e-4)  # a comment stays
rms = RMSprop(learning_rate=0.001,
              rho=0.9,
              epsilon=1e-08)
chained = keras.optimizers.Adam(keras.optimizers.schedules.InverseTimeDecay(0.001, decay_steps=1, decay_rate=0.01))
module = optimizers.SGD(learning_rate=optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-4))
tf_keras = tf.keras.optimizers.Adam(learning_rate=tf.keras.optimizers.schedules.InverseTimeDecay(0.002, decay_steps=1, decay_rate=0.5))
no_default = Adagrad(decay=0.01)
both = Adam(lr=0.1, learning_rate=0.1)
positional = SGD(0.01, 0.9, 1e-6, True)
eps_none = Adam(learning_rate=0.1, epsilon=None)
nadam = Nadam(learning_rate=0.002, schedule_decay=0.004)
model.compile(optimizer=Adam(learning_rate=InverseTimeDecay(1e-3, decay_steps=1, decay_rate=1e-3 / 50)), loss="mse")
