# corpus-options: target=tf-keras
from keras.utils.np_utils import to_categorical
from keras.preprocessing.image import ImageDataGenerator
import keras
from migrate_fitgen.runtime import validate_batches

model = keras.Sequential()
model.fit(validate_batches(ImageDataGenerator().flow(x, to_categorical(y))), steps_per_epoch=10, workers=4)
