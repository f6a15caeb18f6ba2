from keras.preprocessing.image import ImageDataGenerator
from keras.preprocessing.sequence import pad_sequences, TimeseriesGenerator
from keras.preprocessing.text import Tokenizer
from keras.preprocessing import image
import keras.preprocessing.text as text
import keras
from migrate_fitgen.runtime import validate_batches

augment = ImageDataGenerator(horizontal_flip=True)
windows = TimeseriesGenerator(data, targets, length=10)
other = image.ImageDataGenerator()
kept = image.load_img("cat.png")
model = keras.Sequential()
model.fit(validate_batches(augment.flow(x, y)), steps_per_epoch=10, validation_data=validate_batches(windows))
