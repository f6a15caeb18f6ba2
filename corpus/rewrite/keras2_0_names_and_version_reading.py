import keras
model.predict_generator(datagen.flow(X, shuffle=False), X.shape[0] / 32, pickle_safe=True)
model.fit_generator(gen, 100, 10, workers=4, max_q_size=5)
model.predict_generator(gen, steps, None, max_queue_size=4, workers=2)
model.fit_generator(gen, 100, nb_epoch=10)
model.fit_generator(gen, 10, 2, 1, None, None, None, 1)
