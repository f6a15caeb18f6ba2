import keras
model.fit_generator(
    gen,
    steps_per_epoch=10,
    workers=2
)
model.fit_generator(
    gen,
    steps_per_epoch=10,
    workers=2,
    use_multiprocessing=True,
)
model.fit_generator(gen, steps_per_epoch=10, workers=2, use_multiprocessing=True )
model.evaluate_generator(gen,
                         steps=10,
                         workers=2
                         )
history = model.fit_generator(gen,
                              steps_per_epoch=10,
                              callbacks=[a,
                                         b],
                              workers=3
                              )
if True:
    model.fit_generator(gen,
                        10)
