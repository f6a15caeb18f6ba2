import keras
from migrate_fitgen.runtime import validate_batches

model = keras.Sequential()
model.fit(validate_batches(train_gen), steps_per_epoch=10, validation_data=(x_val, y_val))
model.fit(validate_batches(train_gen), steps_per_epoch=10, validation_data=validate_batches(val_gen), validation_steps=2,
          class_weight={0: 1.0, 1: 3.0})
model.fit(validate_batches(train_gen), steps_per_epoch=10)


class Batches(keras.utils.Sequence):
    pass


datagen = ImageDataGenerator(rotation_range=10)
model.fit(validate_batches(datagen.flow(x, y, batch_size=32)), steps_per_epoch=10, class_weight=cw)
train = Batches()
model.fit(validate_batches(train), class_weight=cw)
