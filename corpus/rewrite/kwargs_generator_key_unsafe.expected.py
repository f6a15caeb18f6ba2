# corpus-options: unsafe_fixes
import keras
from migrate_fitgen.runtime import validate_batches


def train(model, g, val):
    fit_args = {"generator": g, "steps_per_epoch": 10}
    model.fit_generator(**fit_args)
    more = dict(steps_per_epoch=10, epochs=2)
    more["validation_data"] = val
    model.fit(validate_batches(g), **more)
