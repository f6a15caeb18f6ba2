import keras

from chem import ToxModel, build_multitask
from learner import Learner, make_learner
from model import build_unet, get_model, ping
from resnext import ResNeXt
from ssd import SSD300


def main(train_gen, val_gen, batches):
    unet = build_unet()
    unet.fit_generator(train_gen, 100, 10, validation_data=val_gen, validation_steps=5)
    named = get_model("unet")
    named.evaluate_generator(val_gen, 5)
    ssd = SSD300(n_classes=21)
    ssd.fit_generator(train_gen, steps_per_epoch=100, epochs=10)
    resnext = ResNeXt((32, 32, 3), depth=29)
    resnext.predict_generator(val_gen, 5)
    learner = Learner()
    learner.fit_generator(batches, max_checkpoints_to_keep=2)
    other = make_learner()
    other.fit_generator(batches)
    tox = ToxModel(n_tasks=12)
    tox.fit_generator(batches)
    multi = build_multitask(12)
    multi.fit_generator(batches)
    looped = ping(3)
    looped.fit_generator(train_gen, steps_per_epoch=10)
