# corpus-options: target=tf-keras
# tf.keras pulls from a generator in `workers` threads unless use_multiprocessing=True:
# the validator (a Python generator) is not thread-safe, so those calls stay unwrapped.
import tensorflow as tf
from migrate_fitgen.runtime import validate_batches

model = tf.keras.models.load_model("m.h5")
model.fit(threadsafe_batches, steps_per_epoch=10, workers=4,
          validation_data=val_batches, validation_steps=2)
model.fit(batches, steps_per_epoch=10, workers=n_workers)
model.fit(validate_batches(batches), steps_per_epoch=10, workers=4, use_multiprocessing=True)
model.fit(validate_batches(batches), steps_per_epoch=10, workers=1)
model.evaluate(validate_batches(batches, mode="evaluate"), steps=10, workers=0, verbose=0)
