import keras
await something()
model.fit_generator(g, 10)
