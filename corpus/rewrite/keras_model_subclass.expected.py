import keras
from migrate_fitgen.runtime import validate_batches


class Net(keras.Model):
    def train(self, gen):
        return self.fit(validate_batches(gen), steps_per_epoch=10, epochs=5)


net = Net()
net.fit(validate_batches(gen), steps_per_epoch=10, epochs=5)
