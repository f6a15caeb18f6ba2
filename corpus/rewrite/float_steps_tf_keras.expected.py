# corpus-options: target=tf-keras
import tensorflow as tf
from migrate_fitgen.runtime import validate_batches

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.fit(validate_batches(gen), steps_per_epoch=len(ids) / 32, epochs=2)
