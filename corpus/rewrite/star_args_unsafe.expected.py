# corpus-options: unsafe_fixes
from keras.models import Sequential
from migrate_fitgen.runtime import validate_batches

model = Sequential()
kwargs = dict(steps_per_epoch=10)
model.fit(validate_batches(gen), **kwargs)
model.evaluate(validate_batches(gen, mode="evaluate"), **kwargs)
