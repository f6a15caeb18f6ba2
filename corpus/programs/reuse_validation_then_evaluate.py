"""validation_data=val_gen during fit, then evaluate_generator on the same generator."""
import numpy as np
import keras

keras.utils.set_random_seed(0)
pulled = []


def pairs(seed):
    rng = np.random.RandomState(seed)
    while True:
        x = rng.rand(8, 3).astype("float32")
        pulled.append(seed)
        yield x, 2 * x[:, :1]


val_gen = pairs(1)
model = keras.models.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit_generator(pairs(0), 5, 2, validation_data=val_gen, validation_steps=3, verbose=0)
score = model.evaluate_generator(val_gen, steps=3)
print("score", round(float(score), 4))
print("pulled from val_gen", pulled.count(1))
print("OK")
