# corpus-options: unsafe_fixes
from keras.models import Sequential
from migrate_fitgen.runtime import validate_batches

model = Sequential()
model.fit(validate_batches(gen), steps_per_epoch=6400, epochs=10)
model.fit(validate_batches(gen), steps_per_epoch=6400, epochs=10, validation_data=validate_batches(val_gen), validation_steps=640)
model.evaluate(validate_batches(gen, mode="evaluate"), steps=640, verbose=0)
