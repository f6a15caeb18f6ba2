import keras
model.fit_generator(
    gen(),
    callbacks=[
        SomeCallbackWithLongName(path, monitor='val_loss',
                                 save_best_only=True),
    ])
history = model.fit_generator(gen,
                              # steps below
                              steps_per_epoch=10,
                              callbacks=[a,
                                         b],
                              workers=3
                              )
