import keras
import math
from migrate_fitgen.runtime import validate_batches

n_train = 6000
bs = 64
steps = n_train * 6 / bs  # a float, passed by name below
val_steps = 10
val_steps = n_train / 10 / bs  # rebound: one of the two is an int


def train(model, gen, epochs):
    local_steps = n_train / bs
    model.fit(validate_batches(gen), steps_per_epoch=math.ceil(steps), epochs=epochs)
    model.fit(validate_batches(gen), steps_per_epoch=math.ceil(local_steps), epochs=epochs, validation_data=validate_batches(gen), validation_steps=val_steps)


def evaluate(model, gen, steps):
    # a parameter shadows the module's float: unknown, left alone
    return model.evaluate(validate_batches(gen, mode="evaluate"), steps=steps, verbose=0)
