"""Model builders: each returns a keras.Model (followed by the rewrite)."""
from keras.layers import Conv2D, Input
from keras.models import Model


def build_unet(input_shape=(128, 128, 1)):
    inputs = Input(input_shape)
    outputs = Conv2D(1, 1, activation="sigmoid")(inputs)
    model = Model(inputs=inputs, outputs=outputs)
    return model


def get_model(name="unet"):
    if name == "unet":
        return build_unet()
    raise ValueError(name)


def ping(n):
    # a cycle: nothing on it builds a model
    return pong(n - 1)


def pong(n):
    return ping(n - 1)
