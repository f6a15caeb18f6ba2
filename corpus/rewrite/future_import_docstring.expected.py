"""Training script: the runtime import goes after the docstring and __future__."""
from __future__ import print_function

import keras
from migrate_fitgen.runtime import validate_batches

model = keras.models.Sequential()
model.fit(validate_batches(gen), steps_per_epoch=10, epochs=1)
