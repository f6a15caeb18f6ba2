# a model built by a method: of a factory object bound in the same scope, or of the
# class itself (`self.build_model()`); followed to what the method returns
import keras
import deepchem as dc
from migrate_fitgen.runtime import validate_batches


class ModelFactory:
    def get_model(self, n_classes):
        model = keras.Sequential()
        return model


class ChemFactory:
    def get_model(self):
        return dc.models.GraphConvModel(1)


class Trainer:
    def __init__(self):
        self.model = self.build_model()

    def build_model(self):
        return keras.models.load_model("base.h5")

    def train(self, gen):
        self.model.fit(validate_batches(gen), steps_per_epoch=100)


def main(gen):
    factory = ModelFactory()
    model = factory.get_model(14)
    model.predict(validate_batches(gen, mode="predict"), steps=10, verbose=0)
    chem = ChemFactory()
    graph = chem.get_model()
    graph.fit_generator(gen)
