"""Doc."""
from migrate_fitgen.runtime import validate_batches

try:
    import keras
except ImportError:
    keras = None

model.fit(validate_batches(g), steps_per_epoch=10)
