# the constructor is not followed and the file imports no Keras: nothing says this is
# Keras, so the call is migrated only with --unsafe-fixes
from ssd import SSD300


def train(train_gen):
    ssd = SSD300()
    ssd.fit_generator(train_gen, steps_per_epoch=100)
