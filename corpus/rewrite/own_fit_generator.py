# a project class with its own fit_generator, and a library model: not Keras
import deepchem as dc
import keras


class Learner:
    def fit_generator(self, batches, max_checkpoints_to_keep=5):
        return [b for b in batches]

    def run(self, batches):
        return self.fit_generator(batches, max_checkpoints_to_keep=2)


def train(dataset, batches):
    model = dc.models.GraphConvModel(n_tasks=1, mode="regression")
    model.fit_generator(batches)
    learner = Learner()
    learner.fit_generator(batches)
    keras_model = keras.Sequential()
    keras_model.fit_generator(batches, steps_per_epoch=4)


class GraphModel(dc.models.KerasModel):
    def fit_generator(self, generator, max_checkpoints_to_keep=5):
        return super().fit_generator(generator)

    def train(self, batches):
        return self.fit_generator(batches)


class Net(keras.Model):
    def fit_generator(self, generator, **kwargs):
        return super().fit_generator(generator, steps_per_epoch=10)
