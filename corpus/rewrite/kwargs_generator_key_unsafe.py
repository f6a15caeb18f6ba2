# corpus-options: unsafe_fixes
import keras


def train(model, g, val):
    fit_args = {"generator": g, "steps_per_epoch": 10}
    model.fit_generator(**fit_args)
    more = dict(steps_per_epoch=10, epochs=2)
    more["validation_data"] = val
    model.fit_generator(g, **more)
