# corpus-options: target=tf-keras
from tensorflow import keras
from migrate_fitgen.runtime import validate_batches

model = keras.Sequential()
model.fit(validate_batches(gen), steps_per_epoch=10, max_queue_size=20, workers=4, use_multiprocessing=True)
model.predict_generator(gen, 3, nb_worker=2)
