import keras

from vendor.trainer import Trainer
from zoo import make_net
from zoo.legacy import OldNet
from helpers import build


def main(train_gen):
    trainer = Trainer()
    trainer.fit_generator(train_gen, steps_per_epoch=10)
    net = make_net()
    net.fit_generator(train_gen, steps_per_epoch=10)
    old = OldNet()
    old.fit_generator(train_gen, steps_per_epoch=10)
    model = build()
    model.fit_generator(train_gen, steps_per_epoch=10)
