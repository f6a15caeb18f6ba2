# corpus-options: target=tf-keras
from tensorflow import keras

model = keras.Sequential()
model.fit_generator(gen, steps_per_epoch=10, max_queue_size=20, workers=4, use_multiprocessing=True)
model.predict_generator(gen, 3, nb_worker=2)
