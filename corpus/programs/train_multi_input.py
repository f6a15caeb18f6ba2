"""A two-input functional model fed by dict batches, with a validation generator."""
import numpy as np
import keras
from keras import layers

n = 48
a = np.random.rand(n, 4).astype("float32")
b = np.random.rand(n, 2).astype("float32")
t = np.random.rand(n, 1).astype("float32")


def feed(batch_size):
    while True:
        for i in range(0, n, batch_size):
            yield {"a": a[i:i + batch_size], "b": b[i:i + batch_size]}, t[i:i + batch_size]


ia = keras.Input((4,), name="a")
ib = keras.Input((2,), name="b")
out = layers.Dense(1)(layers.Concatenate()([ia, ib]))
model = keras.Model([ia, ib], out)
model.compile(optimizer="adam", loss="mse")
model.fit_generator(feed(16), steps_per_epoch=3, epochs=2, verbose=0,
                    validation_data=feed(16), validation_steps=1)
print("OK", model.evaluate_generator(feed(16), steps=3))
