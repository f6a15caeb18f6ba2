"""A keras.utils.Sequence with class_weight (which Keras 3 accepts from a Sequence)."""
import math

import numpy as np
import keras


class Batches(keras.utils.Sequence):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.epochs_seen = 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, i):
        s = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[s], self.y[s]

    def on_epoch_end(self):
        self.epochs_seen += 1


x = np.random.rand(40, 5).astype("float32")
y = np.random.randint(0, 2, size=(40,))
model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(2, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy")
train = Batches(x, y, 8)
model.fit_generator(train, epochs=2, class_weight={0: 1.0, 1: 2.0}, workers=1,
                    use_multiprocessing=False, shuffle=False, verbose=0)
probs = model.predict_generator(Batches(x, y, 8), steps=len(train))
assert probs.shape == (40, 2)
print("OK")
