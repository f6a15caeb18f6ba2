import keras
from migrate_fitgen.runtime import validate_batches


def train(model, train_gen, val_gen):
    # keywords aligned on `=`: a renamed one keeps the `=` column
    history = model.fit(
        x                   = validate_batches(train_gen),
        steps_per_epoch     = 100,
        epochs              = 10,
        validation_data     = validate_batches(val_gen),
        validation_steps    = 5,
    )
    # the longest name had one space, the others were padded to its `=`
    model.fit(x         = validate_batches(train_gen),
              epochs    = 2)
    # not aligned with anything: one space stays one space
    model.evaluate(x = validate_batches(val_gen, mode="evaluate"), steps = 5, verbose=0)
    return history
