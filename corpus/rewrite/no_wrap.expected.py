# corpus-options: no_wrap
import keras

model = keras.Sequential()
model.fit(train_gen, steps_per_epoch=10, epochs=3, validation_data=val_gen, validation_steps=2)
