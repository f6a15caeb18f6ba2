import keras


def train(model, train_gen, val_gen):
    # keywords aligned on `=`: a renamed one keeps the `=` column
    history = model.fit_generator(
        generator           = train_gen,
        steps_per_epoch     = 100,
        nb_epoch            = 10,
        validation_data     = val_gen,
        validation_steps    = 5,
        workers             = 1,
    )
    # the longest name had one space, the others were padded to its `=`
    model.fit_generator(generator = train_gen,
                        nb_epoch  = 2)
    # not aligned with anything: one space stays one space
    model.evaluate_generator(generator = val_gen, steps = 5)
    return history
