"""Step counts divided with `/` (a float in Python 3): Keras 2 ran ceil(value) steps."""
from math import ceil

import keras
import numpy as np

ids = list(range(1000))
batch_size = 32
model = keras.Sequential([keras.layers.Dense(1)])
model.fit_generator(batches(ids), steps_per_epoch=len(ids) / batch_size, epochs=3,
                    validation_data=batches(ids),
                    validation_steps=(len(ids)  # all of them
                                      / batch_size))
model.fit_generator(batches(ids), len(ids) / batch_size, 3)
model.evaluate_generator(batches(ids), steps=np.ceil(len(ids) / batch_size))
model.predict_generator(batches(ids), 2.5)
model.predict_generator(batches(ids), -(-len(ids) // batch_size))
model.evaluate_generator(batches(ids), steps=int(len(ids) / batch_size))
model.evaluate_generator(batches(ids), steps=ceil(len(ids) / batch_size))
model.evaluate_generator(batches(ids), steps=np.floor(len(ids) / batch_size) * 1.0)
