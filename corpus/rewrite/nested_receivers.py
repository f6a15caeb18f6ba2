import keras


def get_model():
    return keras.Sequential([keras.layers.Dense(1)])


class Trainer:
    def __init__(self):
        self.model = get_model()
        self.models = {"main": self.model}

    def train(self, gen):
        self.model.fit_generator(gen, steps_per_epoch=10, epochs=2)
        self.models["main"].fit_generator(gen, steps_per_epoch=10)
        get_model().fit_generator(gen, steps_per_epoch=1)
        return self.model.predict_generator(gen, steps=3, verbose=1)
