import keras
from migrate_fitgen.runtime import validate_batches

model = keras.Sequential()
model.fit(validate_batches(train_gen), steps_per_epoch=10, validation_data=(x_val, y_val))
model.fit(validate_batches(train_gen), steps_per_epoch=10, validation_data=validate_batches(val_gen), validation_steps=2,
                    class_weight={0: 1.0, 1: 3.0})
model.fit(validate_batches(train_gen), steps_per_epoch=10)
