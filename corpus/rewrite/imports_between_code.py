import numpy as np
import keras
K = keras.backend
K.clear_session()
from keras.models import Sequential
np.random.seed(1337)
#################
# banner
#################
SEED = 0
model.fit_generator(gen, 10)
