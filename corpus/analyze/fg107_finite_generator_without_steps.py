import keras
import numpy as np

EPOCHS = 10


def finite(x, y, bs):
    for i in range(0, len(x), bs):
        yield x[i:i + bs], y[i:i + bs]


def files(paths):
    for p in sorted(paths):
        data = np.load(p)
        yield data["x"], data["y"]


def by_index(pairs, bs):
    for i in range(len(pairs) // bs):
        chunk = pairs[i * bs:(i + 1) * bs]
        yield chunk, chunk


class Trainer:
    def batches(self, pairs, bs):
        for i in range(0, len(pairs) // bs):
            if i % 2:
                yield pairs[i:i + bs], pairs[i:i + bs]

    def train(self, model, pairs, bs):
        model.fit(self.batches(pairs, bs), steps_per_epoch=len(pairs) // bs, epochs=4)  # expect: FG107


def stream(source):
    for batch in source:
        yield batch


def forever(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]


x = np.zeros((64, 4))
y = np.zeros(64)
model = keras.Sequential([keras.layers.Dense(1)])
model.fit(finite(x, y, 8), epochs=5)  # expect: FG107
model.fit(files(["a.npz"]), epochs=EPOCHS)  # expect: FG107
model.fit(forever(x, y, 8), steps_per_epoch=8, epochs=3, validation_data=finite(x, y, 8))  # expect: FG107
model.fit_generator(finite(x, y, 8), epochs=2)  # expect: FG001, FG107
pairs = list(range(100))
bs = 8
model.fit(by_index(pairs, bs), steps_per_epoch=len(pairs) // bs, epochs=3)  # expect: FG107
gen = by_index(pairs, bs)
steps = len(pairs)//bs
model.fit(gen, steps_per_epoch=steps, epochs=EPOCHS)  # expect: FG107

# fine: one epoch, or steps given, or finiteness not provable, or epochs unknown
model.fit(finite(x, y, 8), epochs=1)
model.fit(finite(x, y, 8))
model.fit(finite(x, y, 8), steps_per_epoch=8, epochs=3)
model.fit(stream(forever(x, y, 8)), epochs=3)
model.fit(finite(x, y, 8), epochs=int("3"))
model.fit(forever(x, y, 8), steps_per_epoch=8, epochs=3, validation_data=finite(x, y, 8), validation_steps=8)
model.evaluate(finite(x, y, 8))
# steps_per_epoch not provably the generator's bound, or a single epoch
model.fit(by_index(pairs, bs), steps_per_epoch=len(pairs) // bs - 1, epochs=3)
model.fit(by_index(pairs, bs), steps_per_epoch=len(pairs) // bs, epochs=1)
model.fit(by_index(pairs, bs), steps_per_epoch=len(pairs) // bs, epochs=3, initial_epoch=2)
model.fit(by_index(pairs, 4), steps_per_epoch=len(pairs) // bs, epochs=3)
model.fit(by_index(x, bs), steps_per_epoch=len(pairs) // bs, epochs=3)
late = by_index(pairs, bs)
bs = 16
model.fit(late, steps_per_epoch=len(pairs) // bs, epochs=3)
