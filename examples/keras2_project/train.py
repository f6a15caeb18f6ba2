"""Train a small classifier the Keras 2 way: a generator for training, a Sequence to evaluate."""
from keras.layers import Dense, Dropout
from keras.models import Sequential

from data import batch_generator, load_dataset
from sequences import ArraySequence

BATCH_SIZE = 32

x_train, y_train, x_val, y_val = load_dataset()

model = Sequential([
    Dense(32, activation="relu", input_shape=(8,)),
    Dropout(0.1),
    Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

train_gen = batch_generator(x_train, y_train, BATCH_SIZE)
val_gen = batch_generator(x_val, y_val, BATCH_SIZE, shuffle=False)

# Keras 2: positional steps and epochs, loader settings on the call
model.fit_generator(train_gen, len(x_train) // BATCH_SIZE, 5,
                    validation_data=val_gen,
                    validation_steps=len(x_val) // BATCH_SIZE,
                    workers=1, use_multiprocessing=False, verbose=2)

val_seq = ArraySequence(x_val, y_val, BATCH_SIZE)
loss, accuracy = model.evaluate_generator(val_seq)
probabilities = model.predict_generator(val_seq, steps=len(val_seq))
print("validation accuracy: %.2f on %d predictions" % (accuracy, len(probabilities)))
