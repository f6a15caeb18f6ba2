"""A Keras-2-style script with float literals as step counts.

Keras 2 ran 3 batches for 3.0, 2 for 1.5 and 4 for 3.5; Keras 3 rejects every float."""
import numpy as np
from keras.callbacks import Callback
from keras.layers import Dense, Input
from keras.models import Sequential

rng = np.random.default_rng(0)
X = rng.normal(size=(100, 4)).astype("float32")
Y = (X.sum(axis=1, keepdims=True) > 0).astype("float32")
BATCH = 32


def batches(x, y, batch_size):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def inputs(x, batch_size):
    while True:
        for i in range(0, len(x), batch_size):
            yield (x[i:i + batch_size],)


class CountBatches(Callback):
    def __init__(self):
        super().__init__()
        self.train = []
        self.validation = []

    def on_epoch_begin(self, epoch, logs=None):
        self.train.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.train[-1] += 1

    def on_test_begin(self, logs=None):
        self.validation.append(0)

    def on_test_batch_end(self, batch, logs=None):
        self.validation[-1] += 1


model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
counter = CountBatches()
model.fit_generator(batches(X, Y, BATCH), steps_per_epoch=3.0, epochs=2, callbacks=[counter],
                    validation_data=batches(X, Y, BATCH), validation_steps=1.5)
assert counter.train == [3, 3], counter.train
assert counter.validation == [2, 2], counter.validation
preds = model.predict_generator(inputs(X, BATCH), steps=3.5)
assert preds.shape == (100, 1), preds.shape
print("OK", counter.train, counter.validation)
