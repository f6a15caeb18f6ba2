import keras
import numpy as np


def forever(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]


def with_exit(x, y, bs, limit):
    n = 0
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]
        n += 1
        if n == limit:
            break


def conditional(x, y, bs, loop):
    if loop:
        while True:
            yield x[:bs], y[:bs]
    yield x[:bs], y[:bs]


x = np.zeros((64, 4))
y = np.zeros(64)
model = keras.Sequential([keras.layers.Dense(1)])
train = forever(x, y, 8)
model.fit(train, epochs=3)  # expect: FG108
model.fit(forever(x, y, 8), steps_per_epoch=8, validation_data=forever(x, y, 8))  # expect: FG108
model.evaluate(forever(x, y, 8))  # expect: FG108
model.predict_generator(forever(x, y, 8))  # expect: FG001, FG108
model.fit_generator(  # expect: FG001, FG108
    forever(x, y, 8),
    epochs=3,
)

# fine
model.fit(forever(x, y, 8), steps_per_epoch=8, epochs=3)
model.fit_generator(forever(x, y, 8), 8, 3)  # expect: FG001, FG004, FG004
model.evaluate(forever(x, y, 8), steps=8)
model.predict_generator(forever(x, y, 8), 8)  # expect: FG001, FG004
model.fit(with_exit(x, y, 8, 3))
model.fit(conditional(x, y, 8, True))
options = {"steps_per_epoch": 8}
model.fit(forever(x, y, 8), **options)
