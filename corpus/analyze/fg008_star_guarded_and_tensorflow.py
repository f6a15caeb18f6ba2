"""Star imports report only the removed names the file uses; imports that cannot fail
on Keras 3 (guarded, tensorflow.keras, relative, tf_keras) are not reported."""
from keras.preprocessing.image import *  # expect: FG008
from keras.preprocessing.sequence import *
from keras.utils.data_utils import *  # expect: FG008

try:
    from keras.preprocessing.text import Tokenizer
except ImportError:
    Tokenizer = None
try:
    from keras.utils.np_utils import to_categorical
except (ValueError, ModuleNotFoundError):
    from keras.utils import to_categorical
from tensorflow.keras.preprocessing.image import NumpyArrayIterator
from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator
from tf_keras.preprocessing.image import DirectoryIterator
from .keras.utils.np_utils import normalize
import tensorflow as tf

augment = ImageDataGenerator(zoom_range=0.1)
padded = pad_sequences([[1, 2], [3]])
legacy = tf.keras.preprocessing.image.ImageDataGenerator()
