import keras

import mymath as math  # `math` is not the math module here
from migrate_fitgen.runtime import validate_batches

model = keras.Sequential([keras.layers.Dense(1)])
model.fit(validate_batches(gen), steps_per_epoch=len(ids) / 32, epochs=2)
model.predict(validate_batches(gen, mode="predict"), steps=3, verbose=0)
