from keras import layers
from keras.models import Model


def ResNeXt(input_shape=(32, 32, 3), depth=29):
    img_input = layers.Input(input_shape)
    x = layers.Conv2D(64, 3)(img_input)
    return Model(img_input, x, name="resnext")
