from keras.utils.data_utils import Sequence, OrderedEnqueuer  # loaders
from keras.utils import np_utils, HDF5Matrix
import keras


def build():
    from keras.preprocessing.image import ImageDataGenerator, img_to_array, load_img
    return ImageDataGenerator(rescale=1 / 255), np_utils.normalize


model = keras.Sequential()
model.fit_generator(OrderedEnqueuer(Sequence()), 5)
