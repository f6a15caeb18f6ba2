import keras

from vendor.trainer import Trainer
from zoo import make_net
from zoo.legacy import OldNet
from helpers import build
from migrate_fitgen.runtime import validate_batches


def main(train_gen):
    trainer = Trainer()
    trainer.fit_generator(train_gen, steps_per_epoch=10)
    net = make_net()
    net.fit(validate_batches(train_gen), steps_per_epoch=10)
    old = OldNet()
    old.fit(validate_batches(train_gen), steps_per_epoch=10)
    model = build()
    model.fit(validate_batches(train_gen), steps_per_epoch=10)
