from keras.preprocessing.image import ImageDataGenerator
from keras.preprocessing.sequence import pad_sequences, TimeseriesGenerator
from keras.preprocessing.text import Tokenizer
from keras.preprocessing import image
import keras.preprocessing.text as text
import keras

augment = ImageDataGenerator(horizontal_flip=True)
windows = TimeseriesGenerator(data, targets, length=10)
other = image.ImageDataGenerator()
kept = image.load_img("cat.png")
model = keras.Sequential()
model.fit_generator(augment.flow(x, y), 10, validation_data=windows)
