# a function that binds the receiver's name nowhere reads the module's binding; a
# parameter or a local of the same name is another object
import deepchem as dc
import keras
from migrate_fitgen.runtime import validate_batches

model = dc.models.GraphConvModel(n_tasks=1)
net = keras.Sequential()


def train(batches):
    model.fit_generator(batches)
    net.fit(validate_batches(batches), steps_per_epoch=10)


def train_given(model, batches):
    model.fit(validate_batches(batches), steps_per_epoch=10)


def train_local(batches):
    for model in [keras.Sequential()]:
        model.fit(validate_batches(batches), steps_per_epoch=10)
