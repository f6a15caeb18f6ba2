# receivers built by third-party packages are decided from migrate_fitgen.keras_packages:
# deepchem, pqkmeans and ART models have their own fit_generator (left alone);
# segmentation_models and efficientnet return Keras models (migrated)
import deepchem as dc
import efficientnet.keras as efn
import pqkmeans
import segmentation_models as sm
from art.estimators.classification import KerasClassifier
from tensorflow import keras


def train(batches, train_gen, keras_model):
    graph = dc.models.GraphConvModel(n_tasks=1, mode="regression")
    graph.fit_generator(batches)
    encoder = pqkmeans.encoder.PQEncoder(num_subdim=4)
    encoder.fit_generator(batches)
    classifier = KerasClassifier(model=keras_model)
    classifier.fit_generator(train_gen)
    unet = sm.Unet("resnet34", encoder_weights="imagenet")
    unet.fit_generator(train_gen, 100, 10)
    effnet = efn.EfficientNetB0(weights=None, classes=10)
    effnet.fit_generator(train_gen, steps_per_epoch=50)
