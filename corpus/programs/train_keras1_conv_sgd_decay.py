"""Keras 1 convolution layers (positional and keyword kernels, border_mode, subsample,
init, dim_ordering) and SGD(lr, decay), trained from a generator.  After the rewrite the
model and the learning rate must be exactly what Keras 2 built."""
import numpy as np
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense
from keras.optimizers import SGD
from keras.callbacks import Callback

rng = np.random.RandomState(0)
X = rng.rand(64, 8, 8, 3).astype("float32")
Y = np.eye(2, dtype="float32")[rng.randint(0, 2, 64)]


def generator(batch_size=16):
    while True:
        idx = rng.randint(0, len(X), batch_size)
        yield X[idx], Y[idx]


model = Sequential()
model.add(Convolution2D(4, 3, 3, border_mode='same', init='he_normal', input_shape=(8, 8, 3)))
model.add(Convolution2D(nb_filter=6, nb_row=2, nb_col=2, subsample=(2, 2), border_mode='valid',
                        init='glorot_normal', bias=False))
model.add(MaxPooling2D(pool_size=(2, 2), dim_ordering='tf'))
model.add(Flatten())
model.add(Dense(output_dim=2, init='uniform', activation='softmax'))
model.compile(optimizer=SGD(lr=0.1, decay=0.01, momentum=0.9), loss='categorical_crossentropy')

rates = []


class Rates(Callback):
    def on_batch_begin(self, batch, logs=None):
        rates.append(float(self.model.optimizer.learning_rate))


model.fit_generator(generator(), steps_per_epoch=4, nb_epoch=2, callbacks=[Rates()], verbose=0)

# what Keras 2.2.4 built for these calls (keras/legacy/interfaces.py)
first, second, pool, _, dense = model.layers
assert first.kernel_size == (3, 3) and first.strides == (1, 1) and first.padding == "same", first.get_config()
assert tuple(first.kernel.shape) == (3, 3, 3, 4)
assert type(first.kernel_initializer).__name__ == "HeNormal"
assert second.filters == 6 and second.kernel_size == (2, 2) and second.strides == (2, 2)
assert second.padding == "valid" and not second.use_bias
assert type(second.kernel_initializer).__name__ == "GlorotNormal"
assert pool.data_format == "channels_last" and pool.pool_size == (2, 2)
assert dense.units == 2 and type(dense.kernel_initializer).__name__ == "RandomUniform"
assert dense.kernel_initializer.get_config()["maxval"] == 0.05
# Keras 2: lr / (1 + decay * iterations), iterations counting the updates before this one
expected = [0.1 / (1 + 0.01 * k) for k in range(8)]
assert np.allclose(rates, expected, rtol=1e-6), (rates, expected)
print("OK", rates[-1])
