from keras.models import Sequential
from migrate_fitgen.runtime import validate_batches

model = Sequential()
# steps_per_epoch and epochs given by position
model.fit(validate_batches(train_gen), steps_per_epoch=100, epochs=10)
model.fit(validate_batches(train_gen), steps_per_epoch=100, epochs=10, verbose=2, callbacks=[checkpoint], validation_data=validate_batches(val_gen), validation_steps=5)
loss = model.evaluate(validate_batches(test_gen, mode="evaluate"), steps=20, verbose=0)
preds = model.predict(validate_batches(pred_gen, mode="predict"), steps=5, verbose=0)
