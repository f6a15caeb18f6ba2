# corpus-options: unsafe_fixes
"""The same with --unsafe-fixes: the Keras 2 name with three integers and the non-literal kernel are converted too."""
from keras.models import Sequential, Model
from keras.layers import (Convolution2D, Convolution1D, MaxPooling2D, Dense, Dropout,
                          LSTM, Embedding, BatchNormalization, Input, Flatten, Conv2D)
from keras.regularizers import l2

model = Sequential()
model.add(Convolution2D(32, (3, 3), padding='same', input_shape=(32, 32, 3)))
model.add(Convolution2D(filters=64, kernel_size=(5, 5), strides=(2, 2),
                        kernel_initializer='he_normal',  # He initialisation
                        kernel_regularizer=l2(1e-4), data_format='channels_last'))
model.add(Convolution2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2), data_format='channels_first'))
model.add(BatchNormalization(axis=1))
model.add(Flatten())
model.add(Dense(units=512, kernel_initializer='glorot_normal', use_bias=True))
model.add(Dropout(rate=0.5))
model.add(Dense(10, activation='softmax'))

seq = Sequential()
seq.add(Embedding(1000, 64, embeddings_regularizer=l2(0.01)))
seq.add(LSTM(units=32, recurrent_activation='sigmoid', dropout=0.1, recurrent_dropout=0.1))
seq.add(LSTM(16, input_shape=(10, 8), unit_forget_bias=True))
seq.add(Convolution1D(filters=16, kernel_size=3, padding='valid', strides=1))

inp = Input(shape=(4,))
out = Dense(2, kernel_initializer='zero')(inp)
functional = Model(inputs=inp, outputs=out)

# already Keras 2: unchanged
ok = Conv2D(32, (3, 3), padding='same')
ok_strides = Conv2D(32, (3, 3), (2, 2))
# a Keras 2 name with three integers: Keras 2.0-2.3 read a kernel, tf.keras strides (reported)
ambiguous = Conv2D(32, (3, 3))
# not literals: Keras 2 converted them only if they were ints (reported)
k = 3
variable = Convolution2D(32, (k, k))
# dim_ordering from a variable: the value cannot be converted here (reported)
ordering = 'th'
pooled = MaxPooling2D(dim_ordering=ordering)
# Keras 2 itself raised TypeError for these (reported)
duplicate = Dense(10, output_dim=10)
