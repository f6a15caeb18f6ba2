# Keras 1 scripts trained with fit(..., nb_epoch=N): Keras 2's fit renamed the keyword
# itself (with a warning), Keras 3's raises TypeError on it
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

model = Sequential()
model.add(Dense(12, input_dim=8, activation="relu"))
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(X, Y, nb_epoch=150, batch_size=10)  # the Keras 1 tutorials' call
history = model.fit(X, Y,
                    nb_epoch=epochs,
                    validation_split=0.1)


class Trainer(object):
    """A project's own fit: its nb_epoch is its own."""

    def fit(self, x, nb_epoch=1):
        return x


Trainer().fit(X, nb_epoch=4)
