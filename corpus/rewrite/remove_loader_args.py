from tensorflow import keras

model = keras.Sequential()
model.fit_generator(gen, steps_per_epoch=10, max_queue_size=20, workers=4, use_multiprocessing=True)
model.fit_generator(gen, steps_per_epoch=10, workers=2, epochs=3)
model.predict_generator(gen, steps=3, workers=1, verbose=1)
