# names unpacked from a call come from that call's constructor; attributes set on
# `cls` in a classmethod are the instances' attributes too
import unittest

import deepchem as dc
import tensorflow as tf
from art.estimators.classification import EnsembleClassifier
from deepchem.models.atomic_conv import atomic_conv_model


def train(train, gen):
    tg, feed_dict_generator, label = atomic_conv_model()
    tg.fit_generator(feed_dict_generator(train, 24, epochs=10))
    model, other = tf.keras.Sequential(), dc.models.GraphConvModel(1)
    model.fit_generator(gen, 10)
    other.fit_generator(gen)


class TestEnsemble(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ensemble = EnsembleClassifier(classifiers=[])

    def test_fit_generator(self):
        self.ensemble.fit_generator(None)
