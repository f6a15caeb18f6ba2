# corpus-options: target=tf-keras
from keras.utils.np_utils import to_categorical
from keras.preprocessing.image import ImageDataGenerator
import keras

model = keras.Sequential()
model.fit_generator(ImageDataGenerator().flow(x, to_categorical(y)), 10, workers=4)
