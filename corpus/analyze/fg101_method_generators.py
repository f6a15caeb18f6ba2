# Generators defined as methods: `self.gen(...)` resolves to the method of the
# enclosing class, or of its single project base, unless a subclass overrides it or
# an instance attribute may shadow it.
import keras
import numpy as np


class Base:
    def shared(self, x, y, bs):
        while True:
            for i in range(0, len(x), bs):
                yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101


class Trainer(Base):
    def __init__(self):
        self.model = keras.Sequential([keras.layers.Dense(1)])
        self.model.compile(optimizer="sgd", loss="mse")

    def gen(self, x, y, bs):
        while True:
            for i in range(0, len(x), bs):
                yield [x[i:i + bs], y[i:i + bs]]  # expect: FG101

    def good(self, x, y, bs):
        while True:
            for i in range(0, len(x), bs):
                yield x[i:i + bs], y[i:i + bs]

    def overridden(self, x, y, bs):
        while True:
            yield [x, y]

    def shadowed(self, x, y, bs):
        while True:
            yield [x, y]

    @staticmethod
    def static(x, y):
        while True:
            yield [x, y]

    def train(self, x, y):
        self.model.fit(self.gen(x, y, 8), epochs=3)  # expect: FG108
        batches = self.shared(x, y, 8)
        self.model.fit(batches, steps_per_epoch=8)
        self.model.fit(self.good, steps_per_epoch=8)  # expect: FG006
        self.model.fit(self.good(x, y, 8), steps_per_epoch=8, epochs=3)
        self.model.fit(self.overridden(x, y, 8), steps_per_epoch=8)
        self.model.fit(self.shadowed(x, y, 8), steps_per_epoch=8)
        self.model.fit(self.static(x, y), steps_per_epoch=8)

    def swap(self):
        self.shadowed = lambda x, y, bs: iter(())


class Special(Trainer):
    def overridden(self, x, y, bs):
        while True:
            yield x, y


class Mixed(Base, dict):
    def go(self, model, x, y):
        # `dict` is not a project class: which `shared` runs is not provable here
        model.fit(self.shared(x, y, 8), steps_per_epoch=8)


Trainer().train(np.zeros((64, 4)), np.zeros(64))
