from keras.models import Model

model = Model(inputs, outputs)
model.fit_generator(gen, steps_per_epoch=50, nb_epoch=20, max_q_size=4, nb_worker=1, pickle_safe=False)
