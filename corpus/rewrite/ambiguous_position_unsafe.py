# corpus-options: unsafe_fixes
from keras.models import Sequential

model = Sequential()
model.fit_generator(gen, 10, 2, 1, None, val_gen, 3, 2)
model.evaluate_generator(gen, 5, None, 10)
