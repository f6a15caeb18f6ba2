import tensorflow as tf
from migrate_fitgen.runtime import validate_batches

model = tf.keras.models.load_model("model.h5")

history = model.fit(  # train on the augmented stream
    validate_batches(train_generator),  # yields (x, y)
    steps_per_epoch=len(x_train) // 32,
    epochs=50,

    # validate every epoch
    validation_data=validate_batches(valid_generator),
    validation_steps=10,
    # many loader threads
    callbacks=[tf.keras.callbacks.EarlyStopping(patience=3)],
)

score = model.evaluate(validate_batches(test_generator, mode="evaluate"),
                       steps=100,
                       verbose=0)
