import keras
import math
from migrate_fitgen.runtime import validate_batches
model.predict(validate_batches(datagen.flow(X, shuffle=False), mode="predict"), steps=math.ceil(X.shape[0] / 32), verbose=0)
model.fit(validate_batches(gen), steps_per_epoch=100, epochs=10)
model.predict(validate_batches(gen, mode="predict"), steps=steps, callbacks=None, verbose=0)
model.fit_generator(gen, 100, nb_epoch=10)
model.fit_generator(gen, 10, 2, 1, None, None, None, 1)
