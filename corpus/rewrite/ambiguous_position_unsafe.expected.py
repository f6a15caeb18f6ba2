# corpus-options: unsafe_fixes
from keras.models import Sequential
from migrate_fitgen.runtime import validate_batches

model = Sequential()
model.fit(validate_batches(gen), steps_per_epoch=10, epochs=2, verbose=1, callbacks=None, validation_data=validate_batches(val_gen), validation_steps=3, validation_freq=2)
model.evaluate(validate_batches(gen, mode="evaluate"), steps=5, callbacks=None, verbose=0)
