import keras

n_train = 6000
bs = 64
steps = n_train * 6 / bs  # a float, passed by name below
val_steps = 10
val_steps = n_train / 10 / bs  # rebound: one of the two is an int


def train(model, gen, epochs):
    local_steps = n_train / bs
    model.fit_generator(gen, steps_per_epoch=steps, epochs=epochs)
    model.fit_generator(gen, local_steps, epochs, validation_data=gen, validation_steps=val_steps)


def evaluate(model, gen, steps):
    # a parameter shadows the module's float: unknown, left alone
    return model.evaluate_generator(gen, steps)
