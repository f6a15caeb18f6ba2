from keras.models import Sequential, Model
from keras.layers import Convolution2D, Conv2D, MaxPooling2D, Dense, LSTM, Input, SimpleRNN
from mylib import Dense as MyDense

model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(32, 32, 3)))  # expect: FG202
model.add(MaxPooling2D(pool_size=(2, 2), dim_ordering='th'))  # expect: FG202
model.add(Dense(output_dim=10, init='zero'))  # expect: FG202
model.add(LSTM(output_dim=32, consume_less='gpu'))  # expect: FG202
model.add(SimpleRNN(8, inner_activation='sigmoid'))  # expect: FG202
ambiguous = Conv2D(32, 3, 3)  # expect: FG202
ordering = 'th'
pooled = MaxPooling2D(dim_ordering=ordering)  # expect: FG202
inp = Input(shape=(4,))
functional = Model(input=inp, output=Dense(2)(inp))  # expect: FG202
fine = Conv2D(32, (3, 3), (2, 2), padding='same')
other = MyDense(output_dim=3)
