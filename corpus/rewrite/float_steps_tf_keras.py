# corpus-options: target=tf-keras
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.fit_generator(gen, steps_per_epoch=len(ids) / 32, epochs=2)
