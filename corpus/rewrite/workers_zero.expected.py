import keras
from migrate_fitgen.runtime import validate_batches
model.fit(validate_batches(gen), steps_per_epoch=10)
