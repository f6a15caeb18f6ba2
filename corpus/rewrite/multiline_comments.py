import tensorflow as tf

model = tf.keras.models.load_model("model.h5")

history = model.fit_generator(  # train on the augmented stream
    train_generator,  # yields (x, y)
    steps_per_epoch=len(x_train) // 32,
    epochs=50,

    # validate every epoch
    validation_data=valid_generator,
    validation_steps=10,
    workers=8,  # many loader threads
    use_multiprocessing=True,
    callbacks=[tf.keras.callbacks.EarlyStopping(patience=3)],
)

score = model.evaluate_generator(test_generator,
                                 steps=100,
                                 workers=4)
