# constructors defined in this file are followed: a function returning a Keras model,
# a class deriving from keras.Model through a base of the file, and a class with its
# own fit_generator (not Keras) returned by a factory
import keras
from keras.layers import Dense, Input
from keras.models import Model
from migrate_fitgen.runtime import validate_batches


def build_unet(n):
    inputs = Input((n,))
    outputs = Dense(1)(inputs)
    model = Model(inputs, outputs)
    return model


def pretrained(path=None):
    if path is None:
        return build_unet(8)
    return keras.models.load_model(path)


class Backbone(keras.Model):
    pass


class Detector(Backbone):
    pass


class Learner:
    def fit_generator(self, batches, max_checkpoints_to_keep=5):
        return list(batches)


def make_learner():
    learner = Learner()
    return learner


def train(gen):
    unet = build_unet(8)
    unet.fit(validate_batches(gen), steps_per_epoch=10, epochs=2)
    net = pretrained()
    net.predict(validate_batches(gen, mode="predict"), steps=5, verbose=0)
    detector = Detector()
    detector.fit(validate_batches(gen), steps_per_epoch=10)
    learner = make_learner()
    learner.fit_generator(gen)
