import keras
import numpy as np


def as_list(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101


def bare(x, bs):
    while True:
        for i in range(0, len(x), bs):
            batch = np.asarray(x[i:i + bs])
            yield batch  # expect: FG101


def as_dict(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield {"features": x[i:i + bs], "target": y[i:i + bs]}  # expect: FG101


def not_for_keras(x, bs):
    # never passed to Keras: yielding lists is fine
    for i in range(0, len(x), bs):
        yield [x[i:i + bs]]


def good(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]


def single(x, bs):
    while True:
        for i in range(0, len(x), bs):
            yield (x[i:i + bs],)


def unknown(make_batch, n):
    while True:
        for i in range(n):
            yield make_batch(i)


def two_inputs(x1, x2, bs):
    # for predict the list is the inputs: the fix is `((x1_batch, x2_batch),)`
    while True:
        for i in range(0, len(x1), bs):
            yield [x1[i:i + bs], x2[i:i + bs]]  # expect: FG101


def two_inputs_ok(x1, x2, bs):
    while True:
        for i in range(0, len(x1), bs):
            yield ((x1[i:i + bs], x2[i:i + bs]),)


def val_list(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101


class ListSeq(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return [self.x[i * 8:(i + 1) * 8], self.y[i * 8:(i + 1) * 8]]


class BareSeq(keras.utils.PyDataset):
    def __init__(self, x, **kwargs):
        super().__init__(**kwargs)
        self.x = x

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return self.x[i * 8:(i + 1) * 8].astype("float32")  # expect: FG101


x = np.zeros((64, 4))
y = np.zeros(64)
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(as_list(x, y, 8), steps_per_epoch=8, epochs=2)
model.predict(bare(x, 8), steps=8)
model.evaluate(as_dict(x, y, 8), steps=8)
model.fit(good(x, y, 8), steps_per_epoch=8, validation_data=good(x, y, 8), validation_steps=2)
model.predict(single(x, 8), steps=8)
model.fit(unknown(lambda i: (x, y), 8), steps_per_epoch=8)
model.fit(ListSeq(x, y), epochs=2)
model.fit(BareSeq(x), epochs=2)
model.predict(BareSeq(x))
model.predict(two_inputs(x, x, 8), steps=8)
model.predict(two_inputs_ok(x, x, 8), steps=8)
model.fit(good(x, y, 8), steps_per_epoch=8, validation_data=val_list(x, y, 8), validation_steps=2)
print(list(not_for_keras(x, 8)))
