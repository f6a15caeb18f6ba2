import keras
from migrate_fitgen.runtime import validate_batches
model.fit(
    validate_batches(gen),
    steps_per_epoch=10
)
model.fit(
    validate_batches(gen),
    steps_per_epoch=10,
)
model.fit(validate_batches(gen), steps_per_epoch=10 )
model.evaluate(validate_batches(gen, mode="evaluate"),
               steps=10,
               verbose=0
               )
history = model.fit(validate_batches(gen),
                    steps_per_epoch=10,
                    callbacks=[a,
                               b]
                    )
if True:
    model.fit(validate_batches(gen),
              steps_per_epoch=10)
