"""A Keras-2-style training script: positional fit_generator arguments, loader settings."""
import numpy as np
from keras.layers import Dense, Input
from keras.models import Sequential

rng = np.random.default_rng(0)
X = rng.normal(size=(96, 4)).astype("float32")
Y = (X.sum(axis=1, keepdims=True) > 0).astype("float32")


def batches(x, y, batch_size):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def inputs_only(x, batch_size):
    for i in range(0, len(x), batch_size):
        yield (x[i:i + batch_size],)


model = Sequential([Input((4,)), Dense(8, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

history = model.fit_generator(batches(X, Y, 32), 3, 2, 0, None, batches(X, Y, 32), 2,
                              max_queue_size=4, workers=2, use_multiprocessing=False)
assert len(history.history["loss"]) == 2, history.history
loss = model.evaluate_generator(batches(X, Y, 32), 3)
preds = model.predict_generator(inputs_only(X, 32), 3)
assert preds.shape == (96, 1), preds.shape
print("OK", round(float(loss), 3))
