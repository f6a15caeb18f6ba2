"""Keras-1 keyword names that keep their meaning (nb_epoch, max_q_size, nb_worker, pickle_safe)."""
import numpy as np
from keras.layers import Dense, Input
from keras.models import Model

X = np.random.rand(64, 3).astype("float32")
Y = np.random.rand(64, 2).astype("float32")


def generator(batch_size=16):
    while True:
        idx = np.random.randint(0, len(X), batch_size)
        yield X[idx], Y[idx]


inp = Input((3,))
model = Model(inp, Dense(2)(inp))
model.compile(optimizer="sgd", loss="mse")
model.fit_generator(generator=generator(), steps_per_epoch=4, nb_epoch=3,
                    max_q_size=10, nb_worker=1, pickle_safe=False, verbose=0)
score = model.evaluate_generator(generator(), steps=2, max_queue_size=5)
print("OK", score)
