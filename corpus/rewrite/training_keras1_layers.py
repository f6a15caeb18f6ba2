"""Keras 1 layer arguments, converted as Keras 2.2.4's legacy interfaces converted them."""
from keras.models import Sequential, Model
from keras.layers import (Convolution2D, Convolution1D, MaxPooling2D, Dense, Dropout,
                          LSTM, Embedding, BatchNormalization, Input, Flatten, Conv2D)
from keras.regularizers import l2

model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(32, 32, 3)))
model.add(Convolution2D(nb_filter=64, nb_row=5, nb_col=5, subsample=(2, 2),
                        init='he_normal',  # He initialisation
                        W_regularizer=l2(1e-4), dim_ordering='tf'))
model.add(Convolution2D(64, 3, nb_col=3, activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2), dim_ordering='th'))
model.add(BatchNormalization(mode=0, axis=1))
model.add(Flatten())
model.add(Dense(output_dim=512, init='glorot_normal', bias=True))
model.add(Dropout(p=0.5))
model.add(Dense(10, activation='softmax'))

seq = Sequential()
seq.add(Embedding(1000, 64, dropout=0.2, W_regularizer=l2(0.01)))
seq.add(LSTM(output_dim=32, inner_activation='sigmoid', dropout_W=0.1, dropout_U=0.1, consume_less='gpu'))
seq.add(LSTM(16, input_dim=8, input_length=10, forget_bias_init='one'))
seq.add(Convolution1D(nb_filter=16, filter_length=3, border_mode='valid', subsample_length=1))

inp = Input(shape=(4,))
out = Dense(2, init='zero')(inp)
functional = Model(input=inp, output=out)

# already Keras 2: unchanged
ok = Conv2D(32, (3, 3), padding='same')
ok_strides = Conv2D(32, (3, 3), (2, 2))
# a Keras 2 name with three integers: Keras 2.0-2.3 read a kernel, tf.keras strides (reported)
ambiguous = Conv2D(32, 3, 3)
# not literals: Keras 2 converted them only if they were ints (reported)
k = 3
variable = Convolution2D(32, k, k)
# dim_ordering from a variable: the value cannot be converted here (reported)
ordering = 'th'
pooled = MaxPooling2D(dim_ordering=ordering)
# Keras 2 itself raised TypeError for these (reported)
duplicate = Dense(10, output_dim=10)
