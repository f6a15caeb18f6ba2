# `self.fit_generator` in a class: a deepchem base makes it deepchem's method (left
# alone); a base from a module that is not analysed is assumed to be a Keras model
import deepchem as dc
import keras
from base_model import BaseModel


class GraphModel(dc.models.KerasModel):
    def train(self, batches):
        return self.fit_generator(batches)


class Segmenter(BaseModel):
    def train(self, gen):
        return self.fit_generator(gen, steps_per_epoch=10, workers=1)
