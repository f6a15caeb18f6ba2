"""Keras 1 recurrent and functional names (output_dim, input_dim/input_length, inner_init,
forget_bias_init, dropout_W, Model(input=, output=)) and keras.optimizers.Adam(lr, decay)
through the module, trained and evaluated from generators."""
import numpy as np
import keras
from keras.layers import Input, LSTM, Dense
from keras.models import Model

rng = np.random.RandomState(1)
X = rng.rand(40, 5, 3).astype("float32")
Y = rng.rand(40, 1).astype("float32")


def batches(size=8):
    while True:
        idx = rng.randint(0, len(X), size)
        yield X[idx], Y[idx]


inp = Input(shape=(5, 3))
hidden = LSTM(output_dim=7, init='glorot_uniform', inner_init='orthogonal', forget_bias_init='one',
              dropout_W=0.1, inner_activation='sigmoid')(inp)
out = Dense(1, init='zero')(hidden)
model = Model(input=inp, output=out)
model.compile(optimizer=keras.optimizers.Adam(lr=0.01, decay=0.05), loss='mse')
model.fit_generator(batches(), steps_per_epoch=5, epochs=2, verbose=0)
loss = model.evaluate_generator(batches(), steps=2)

lstm = model.layers[1]
assert lstm.units == 7 and lstm.cell.unit_forget_bias and lstm.cell.dropout == 0.1
assert type(lstm.cell.kernel_initializer).__name__ == "GlorotUniform"
assert type(lstm.cell.recurrent_initializer).__name__ == "Orthogonal"
assert lstm.cell.recurrent_activation.__name__ == "sigmoid"
assert type(model.layers[2].kernel_initializer).__name__ == "Zeros"
steps = int(model.optimizer.iterations.numpy())
assert steps == 10
assert np.isclose(float(model.optimizer.learning_rate), 0.01 / (1 + 0.05 * steps), rtol=1e-6)

# a recurrent layer given input_dim/input_length (Keras 2 made them input_shape)
seq = keras.Sequential([LSTM(4, input_dim=3, input_length=5)])
assert seq.input_shape == (None, 5, 3)
print("OK", loss)
