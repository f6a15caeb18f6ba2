import keras

import mymath as math  # `math` is not the math module here

model = keras.Sequential([keras.layers.Dense(1)])
model.fit_generator(gen, steps_per_epoch=len(ids) / 32, epochs=2)
model.predict_generator(gen, steps=2.5)
