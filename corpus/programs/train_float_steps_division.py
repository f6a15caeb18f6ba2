"""A Keras-2-style script whose step counts are true divisions (floats in Python 3).

Keras 2 ran ceil(100 / 32) = 4 batches per epoch; Keras 3 rejects the float."""
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
        self.per_epoch = []

    def on_epoch_begin(self, epoch, logs=None):
        self.per_epoch.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.per_epoch[-1] += 1


model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

counter = CountBatches()
history = model.fit_generator(batches(X, Y, BATCH), steps_per_epoch=len(X) / BATCH, epochs=2,
                              callbacks=[counter], validation_data=batches(X, Y, BATCH),
                              validation_steps=len(X) / BATCH)
assert counter.per_epoch == [4, 4], counter.per_epoch
assert "val_loss" in history.history, history.history
preds = model.predict_generator(inputs(X, BATCH), steps=len(X) / BATCH)
assert preds.shape == (100, 1), preds.shape  # 4 batches: 32 + 32 + 32 + 4 rows
print("OK", counter.per_epoch)
