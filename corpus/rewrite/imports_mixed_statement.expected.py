from keras.utils import Sequence
from keras.utils.data_utils import OrderedEnqueuer  # loaders
from keras import utils as np_utils
from keras.utils import HDF5Matrix
import keras
from migrate_fitgen.runtime import validate_batches


def build():
    from keras.preprocessing.image import ImageDataGenerator, img_to_array, load_img
    return ImageDataGenerator(rescale=1 / 255), np_utils.normalize


model = keras.Sequential()
model.fit(validate_batches(OrderedEnqueuer(Sequence())), steps_per_epoch=5)
