"""A generator expression that reads from a generator which Keras also consumed."""
import numpy as np
import keras

keras.utils.set_random_seed(0)


def stream(n):
    rng = np.random.RandomState(3)
    for _ in range(n):
        x = rng.rand(6, 4).astype("float32")
        yield x, x.mean(axis=1, keepdims=True)


source = stream(30)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit_generator(source, steps_per_epoch=4, epochs=1, verbose=0)
scaled = ((2 * x, 2 * y) for x, y in source)  # what is left of `source`, scaled
loss = model.evaluate_generator(scaled, steps=3)
rest = sum(1 for _ in source)
print("loss", round(float(loss), 4), "left in source", rest)
print("OK")
