import keras
from migrate_fitgen.runtime import validate_batches
model.fit(
    validate_batches(gen()),
    callbacks=[
        SomeCallbackWithLongName(path, monitor='val_loss',
                                 save_best_only=True),
    ])
history = model.fit(validate_batches(gen),
                    # steps below
                    steps_per_epoch=10,
                    callbacks=[a,
                               b]
                    )
