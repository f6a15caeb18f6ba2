import keras

model = keras.Sequential()
model.fit_generator(train_gen, steps_per_epoch=10, validation_data=(x_val, y_val))
model.fit_generator(train_gen, steps_per_epoch=10, validation_data=val_gen, validation_steps=2,
                    class_weight={0: 1.0, 1: 3.0})
model.fit_generator(validate_batches(train_gen), steps_per_epoch=10)
