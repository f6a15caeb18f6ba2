import keras
from migrate_fitgen.runtime import validate_batches
await something()
model.fit(validate_batches(g), steps_per_epoch=10)
