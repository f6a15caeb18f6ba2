from keras.models import Sequential

model = Sequential()
args = (gen, 10)
model.fit_generator(*args)
kwargs = dict(steps_per_epoch=10)
model.fit_generator(gen, **kwargs)
model.evaluate_generator(gen, **kwargs)
