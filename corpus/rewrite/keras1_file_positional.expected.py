# a Keras 1 file: position 2 of predict_generator is `val_samples`, a sample count
from keras.models import Model
from migrate_fitgen.runtime import validate_batches

model = Model(inputs=inp, outputs=out)
model.fit(X, Y, nb_epoch=2)
model.fit(validate_batches(gen), steps_per_epoch=100, epochs=5)
preds = model.predict_generator(test_gen, nb_test_samples)[0]
