# corpus-options: target=tf-keras
# tf.keras pulls from a generator in `workers` threads unless use_multiprocessing=True:
# the validator (a Python generator) is not thread-safe, so those calls stay unwrapped.
import tensorflow as tf

model = tf.keras.models.load_model("m.h5")
model.fit_generator(threadsafe_batches, steps_per_epoch=10, workers=4,
                    validation_data=val_batches, validation_steps=2)
model.fit_generator(batches, steps_per_epoch=10, workers=n_workers)
model.fit_generator(batches, steps_per_epoch=10, workers=4, use_multiprocessing=True)
model.fit_generator(batches, steps_per_epoch=10, workers=1)
model.evaluate_generator(batches, 10, workers=0)
