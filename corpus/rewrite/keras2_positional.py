from keras.models import Sequential

model = Sequential()
# steps_per_epoch and epochs given by position
model.fit_generator(train_gen, 100, 10)
model.fit_generator(train_gen, 100, 10, 2, [checkpoint], val_gen, 5)
loss = model.evaluate_generator(test_gen, 20)
preds = model.predict_generator(pred_gen, 5)
