import keras
from migrate_fitgen.runtime import validate_batches
def f(model, gen):
    cw = None
    model.fit(validate_batches(gen), steps_per_epoch=10, class_weight=cw)
    cw2 = {0: 1}
    model.fit(validate_batches(gen), steps_per_epoch=10, class_weight=cw2)
