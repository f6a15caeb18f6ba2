"""Train the head, unfreeze, train again: the same train/validation generators in two fits."""
import numpy as np
import keras
from keras.layers import Dense
from keras.models import Sequential

keras.utils.set_random_seed(0)
pulled = {"train": 0, "val": 0}


def batches(name, rows=16):
    rng = np.random.RandomState(len(name))
    while True:
        x = rng.rand(rows, 4).astype("float32")
        pulled[name] += 1
        yield x, x.sum(axis=1, keepdims=True)


train_gen, val_gen = batches("train"), batches("val")
model = Sequential([keras.Input((4,)), Dense(8, activation="relu"), Dense(1)])
model.layers[0].trainable = False
model.compile(optimizer="sgd", loss="mse")
first = model.fit_generator(train_gen, steps_per_epoch=4, epochs=2,
                            validation_data=val_gen, validation_steps=2, verbose=0)
model.layers[0].trainable = True
model.compile(optimizer="sgd", loss="mse")
second = model.fit_generator(train_gen, steps_per_epoch=4, epochs=2,
                             validation_data=val_gen, validation_steps=2, verbose=0)
print("losses", [round(v, 4) for v in first.history["loss"] + second.history["loss"]])
print("pulled", pulled)
print("OK")
