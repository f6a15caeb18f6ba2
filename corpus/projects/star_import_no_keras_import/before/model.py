from keras.layers import Conv2D, Input
from keras.models import Model


def unet(input_size=(256, 256, 1)):
    inputs = Input(input_size)
    conv = Conv2D(1, 1, activation="sigmoid")(inputs)
    model = Model(inputs=inputs, outputs=conv)
    return model
