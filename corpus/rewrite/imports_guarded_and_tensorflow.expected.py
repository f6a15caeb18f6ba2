"""Imports that cannot fail on Keras 3 (guarded, tensorflow.keras, relative) are kept."""
from migrate_fitgen.runtime import validate_batches
try:
    from keras.preprocessing.image import ImageDataGenerator
    from keras.utils.np_utils import to_categorical
except ImportError:
    from tensorflow.keras.preprocessing.image import ImageDataGenerator
    from tensorflow.keras.utils import to_categorical
from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator
from .utils.np_utils import to_categorical as local_to_categorical
import tensorflow as tf

try:
    tokenizer = keras.preprocessing.text.Tokenizer()
except AttributeError:
    tokenizer = None

model = tf.keras.Sequential()
model.fit(validate_batches(ImageDataGenerator().flow(x, y)), steps_per_epoch=10)
