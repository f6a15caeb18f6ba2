import os; from keras.utils.np_utils import to_categorical  # expect: FG008
from keras.preprocessing.image import ImageDataGenerator, img_to_array, load_img  # expect: FG008
from keras.preprocessing.sequence import pad_sequences
from keras.preprocessing.sequence import TimeseriesGenerator as TG  # expect: FG008
from keras.utils import np_utils  # expect: FG008
from keras.utils import Sequence, to_categorical as tc, get_file
from keras.utils.data_utils import (  # expect: FG008
    Sequence as Seq,
    OrderedEnqueuer,
)
import keras.utils.np_utils as npu  # expect: FG008
import keras.preprocessing.text  # expect: FG008
from keras.preprocessing import image
import keras

y = np_utils.to_categorical(npu.normalize(to_categorical([0, 1])))
augment = image.ImageDataGenerator(rotation_range=10)  # expect: FG008
picture = image.load_img("cat.png")
labels = keras.utils.np_utils.to_categorical([1, 0])  # expect: FG008
windows = keras.preprocessing.sequence.TimeseriesGenerator(x, y, length=3)  # expect: FG008
