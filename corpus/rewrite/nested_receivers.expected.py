import keras
from migrate_fitgen.runtime import validate_batches


def get_model():
    return keras.Sequential([keras.layers.Dense(1)])


class Trainer:
    def __init__(self):
        self.model = get_model()
        self.models = {"main": self.model}

    def train(self, gen):
        self.model.fit(validate_batches(gen), steps_per_epoch=10, epochs=2)
        self.models["main"].fit(validate_batches(gen), steps_per_epoch=10)
        get_model().fit(validate_batches(gen), steps_per_epoch=1)
        return self.model.predict(validate_batches(gen, mode="predict"), steps=3, verbose=1)
