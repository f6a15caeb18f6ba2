import keras
model.fit_generator(gen, 10, workers=0, use_multiprocessing=False)
