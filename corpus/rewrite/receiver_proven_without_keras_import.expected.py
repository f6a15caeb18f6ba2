# the file imports no Keras, but the receivers are followed to Keras models (a function
# of this file, a package of the tables): the calls are Keras' and migrated safely
import segmentation_models as sm
from tensorflow_model_optimization.sparsity.keras import prune_low_magnitude
from migrate_fitgen.runtime import validate_batches


def train(gen, base):
    unet = sm.Unet("resnet34")
    unet.fit(validate_batches(gen), steps_per_epoch=10)
    pruned = prune_low_magnitude(base)
    pruned.evaluate(validate_batches(gen, mode="evaluate"), steps=5, verbose=0)
