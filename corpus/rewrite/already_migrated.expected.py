import keras
from migrate_fitgen.runtime import validate_batches

model = keras.Sequential()
model.fit(validate_batches(train_gen), steps_per_epoch=10, epochs=3)
print("fit_generator is gone")
