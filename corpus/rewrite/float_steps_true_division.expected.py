"""Step counts divided with `/` (a float in Python 3): Keras 2 ran ceil(value) steps."""
from math import ceil

import keras
import numpy as np
import math
from migrate_fitgen.runtime import validate_batches

ids = list(range(1000))
batch_size = 32
model = keras.Sequential([keras.layers.Dense(1)])
model.fit(validate_batches(batches(ids)), steps_per_epoch=math.ceil(len(ids) / batch_size), epochs=3,
          validation_data=validate_batches(batches(ids)),
          validation_steps=math.ceil(len(ids)  # all of them
                                      / batch_size))
model.fit(validate_batches(batches(ids)), steps_per_epoch=math.ceil(len(ids) / batch_size), epochs=3)
model.evaluate(validate_batches(batches(ids), mode="evaluate"), steps=math.ceil(len(ids) / batch_size), verbose=0)
model.predict(validate_batches(batches(ids), mode="predict"), steps=3, verbose=0)
model.predict(validate_batches(batches(ids), mode="predict"), steps=-(-len(ids) // batch_size), verbose=0)
model.evaluate(validate_batches(batches(ids), mode="evaluate"), steps=int(len(ids) / batch_size), verbose=0)
model.evaluate(validate_batches(batches(ids), mode="evaluate"), steps=ceil(len(ids) / batch_size), verbose=0)
model.evaluate(validate_batches(batches(ids), mode="evaluate"), steps=math.ceil(np.floor(len(ids) / batch_size) * 1.0), verbose=0)
