import numpy as np
import keras
from migrate_fitgen.runtime import validate_batches
K = keras.backend
K.clear_session()
from keras.models import Sequential
np.random.seed(1337)
#################
# banner
#################
SEED = 0
model.fit(validate_batches(gen), steps_per_epoch=10)
