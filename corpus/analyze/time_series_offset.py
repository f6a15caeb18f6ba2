# A correct time-series generator: x and y are windows of the same length, y shifted by
# `horizon`.  Equal lengths with an offset are not a mismatch.  Nothing to report.
import numpy as np
import keras

WINDOW = 24


def windows(series, targets, window, horizon, batch_size):
    n = len(series) - window - horizon
    while True:
        for start in range(0, n, batch_size):
            xs, ys = [], []
            for i in range(start, min(start + batch_size, n)):
                xs.append(series[i:i + window])
                ys.append(targets[i + horizon:i + horizon + window])
            yield np.stack(xs), np.stack(ys)


def shifted(series, batch_size, lag):
    while True:
        for i in range(0, len(series) - batch_size - lag, batch_size):
            end = i + batch_size
            x = series[i:end]
            y = series[i + lag:end + lag]
            yield x, y


def strided(x_all, y_all, bs):
    while True:
        for k in range(len(x_all) // bs):
            yield x_all[k * bs:(k + 1) * bs], y_all[k * bs:(k + 1) * bs]


series = np.random.rand(1000, 3).astype("float32")
model = keras.Sequential([keras.layers.LSTM(8), keras.layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
model.fit(windows(series, series, WINDOW, 1, 32), steps_per_epoch=30, epochs=3)
model.fit(shifted(series, 32, 1), steps_per_epoch=30, epochs=3)
model.fit(strided(series, series, 32), steps_per_epoch=30, epochs=3)
