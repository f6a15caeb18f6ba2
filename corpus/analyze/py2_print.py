import keras

print "training"
model.fit_generator(gen, 10, 1)
