from tensorflow import keras
from migrate_fitgen.runtime import validate_batches

model = keras.Sequential()
model.fit(validate_batches(gen), steps_per_epoch=10)
model.fit(validate_batches(gen), steps_per_epoch=10, epochs=3)
model.predict(validate_batches(gen, mode="predict"), steps=3, verbose=1)
