# corpus-options: unsafe_fixes
# the constructor is not followed and the file imports no Keras: with --unsafe-fixes
# the call is migrated (and reported as an assumption)
from ssd import SSD300


def train(train_gen):
    ssd = SSD300()
    ssd.fit_generator(train_gen, steps_per_epoch=100)
