from keras.models import Model
from migrate_fitgen.runtime import validate_batches

model = Model(inputs, outputs)
model.fit(validate_batches(gen), steps_per_epoch=50, epochs=20)
