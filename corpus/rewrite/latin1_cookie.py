# -*- coding: latin-1 -*-
# données d'entraînement
import keras

model = keras.Sequential()
model.fit_generator(générateur, 10, 2)  # époques
