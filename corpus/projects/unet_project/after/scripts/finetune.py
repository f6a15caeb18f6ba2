# run from the project root: `model` is found in a folder above this script's
import keras

from model import build_unet
from migrate_fitgen.runtime import validate_batches


def finetune(train_gen):
    model = build_unet((256, 256, 1))
    model.fit(validate_batches(train_gen), steps_per_epoch=20, epochs=3)
