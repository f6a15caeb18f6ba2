# Keras 1 counted samples: migrating this call needs a person (or --unsafe-fixes)
from keras.models import Sequential

model = Sequential()
model.fit_generator(gen, samples_per_epoch=6400, nb_epoch=10)
model.fit_generator(gen, 6400, nb_epoch=10, validation_data=val_gen, nb_val_samples=640)
model.evaluate_generator(gen, val_samples=640)
