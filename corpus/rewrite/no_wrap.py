# corpus-options: no_wrap
import keras

model = keras.Sequential()
model.fit_generator(train_gen, 10, 3, validation_data=val_gen, validation_steps=2)
