# a function that binds the receiver's name nowhere reads the module's binding; a
# parameter or a local of the same name is another object
import deepchem as dc
import keras

model = dc.models.GraphConvModel(n_tasks=1)
net = keras.Sequential()


def train(batches):
    model.fit_generator(batches)
    net.fit_generator(batches, 10)


def train_given(model, batches):
    model.fit_generator(batches, 10)


def train_local(batches):
    for model in [keras.Sequential()]:
        model.fit_generator(batches, 10)
