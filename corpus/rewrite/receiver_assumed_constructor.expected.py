# constructors from modules that are not among the analysed files (the project's own
# code, most likely) and not in migrate-fitgen's tables: the receiver is assumed to be
# a Keras model, the call is migrated and the review item says so
from keras.callbacks import ModelCheckpoint
from resnext import ResNeXt
from ssd import SSD300
from utils.models import build_model
from migrate_fitgen.runtime import validate_batches


def train(train_gen, val_gen):
    ssd = SSD300(input_shape=(300, 300, 3), n_classes=21)
    ssd.fit(validate_batches(train_gen), steps_per_epoch=100, epochs=5,
            callbacks=[ModelCheckpoint("ssd.h5")])
    net = ResNeXt((32, 32, 3), depth=29)
    net.fit(validate_batches(train_gen), steps_per_epoch=100, epochs=5, validation_data=validate_batches(val_gen))
    model = build_model()
    model.evaluate(validate_batches(val_gen, mode="evaluate"), steps=10, verbose=0)
