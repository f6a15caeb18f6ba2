# run from the project root: `model` is found in a folder above this script's
import keras

from model import build_unet


def finetune(train_gen):
    model = build_unet((256, 256, 1))
    model.fit_generator(train_gen, steps_per_epoch=20, epochs=3)
