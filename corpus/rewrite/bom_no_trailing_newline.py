import keras

model = keras.Sequential()
model.fit_generator(gen, 10)