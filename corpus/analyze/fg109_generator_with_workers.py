import tf_keras as keras
import numpy as np

WORKERS = 4


def forever(x, y, bs):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]


class Batches(keras.utils.Sequence):
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return 8

    def __getitem__(self, i):
        return self.x[i * 8:(i + 1) * 8], self.y[i * 8:(i + 1) * 8]


x = np.zeros((64, 4))
y = np.zeros(64)
model = keras.Sequential([keras.layers.Dense(1)])
model.fit(forever(x, y, 8), steps_per_epoch=8, workers=4)  # expect: FG109
model.fit(forever(x, y, 8), steps_per_epoch=8, use_multiprocessing=True)  # expect: FG109
model.fit(((x, y) for _ in range(8)), workers=WORKERS)  # expect: FG109

# fine: one worker, or a (tf_keras) Sequence, which needs no super().__init__
model.fit(forever(x, y, 8), steps_per_epoch=8, workers=1)
model.fit(Batches(x, y), workers=4, use_multiprocessing=True)
