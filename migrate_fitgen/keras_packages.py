"""Which third-party packages build Keras models, and which have their own
``fit_generator``: data, not code.

When the constructor of a legacy call's receiver comes from a package that is not in
the analysed tree, the rewrite decides from these tables, never from what happens to
be installed (the answer must be the same on a laptop and in CI).  Each entry is a
module prefix (``deepchem`` matches ``deepchem.models.GraphConvModel``) with where the
fact can be checked.  ``[tool.migrate-fitgen]`` ``keras-models`` / ``not-keras`` win
over both tables.  ``docs/receivers.md`` shows them.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional

#: Packages whose model classes define their own ``fit_generator`` (with other
#: parameters and other meaning): a call on one of their objects is not Keras'.
OWN_FIT_GENERATOR: Mapping[str, str] = {
    "deepchem": (
        "deepchem/deepchem, deepchem/models/keras_model.py: "
        "`KerasModel.fit_generator(generator, max_checkpoints_to_keep=5, "
        "checkpoint_interval=1000, restore=False, variables=None, loss=None, callbacks=[], "
        "all_losses=None)`; TorchModel and JaxModel define the same method"
    ),
    "pqkmeans": (
        "DwangoMediaVillage/pqkmeans, pqkmeans/encoder/encoder_base.py: "
        "`EncoderBase.fit_generator(x_train)` (an sklearn estimator)"
    ),
    "art": (
        "Trusted-AI/adversarial-robustness-toolbox, art/estimators/estimator.py: "
        "`BaseEstimator.fit_generator(generator: DataGenerator, nb_epochs=20, **kwargs)`; "
        "its KerasClassifier wraps a Keras model but takes ART's DataGenerator"
    ),
    "sizif": (
        "PyPI sizif, sizif/keras.py: `KerasModelWrapper.fit_generator` wraps the Keras "
        "call in checkpoint backup and restore"
    ),
}

#: Packages whose constructors and factories return Keras models (instances of
#: ``keras.Model`` or of a subclass): a legacy call on what they build is Keras'.
KERAS_MODEL_PACKAGES: Mapping[str, str] = {
    "keras_hub": "keras-team/keras-hub: every model (`keras_hub.models.*`) subclasses keras.Model",
    "keras_nlp": "keras-team/keras-nlp (now keras_hub): models subclass keras.Model",
    "keras_cv": "keras-team/keras-cv: `keras_cv.models.*` subclass keras.Model",
    "keras_applications": (
        "keras-team/keras-applications: every application returns `models.Model(inputs, x)`"
    ),
    "keras_contrib": (
        "keras-team/keras-contrib, keras_contrib/applications/*.py: DenseNet, ResNet, "
        "WideResidualNetwork, NASNet return `Model(inputs, x)`"
    ),
    "segmentation_models": (
        "qubvel/segmentation_models, segmentation_models/models/*.py: Unet, FPN, Linknet, "
        "PSPNet return `models.Model(input, x)`"
    ),
    "classification_models": (
        "qubvel/classification_models (PyPI image-classifiers): ResNet18... return "
        "`models.Model(inputs, x)`"
    ),
    "efficientnet": (
        "qubvel/efficientnet, efficientnet/model.py: EfficientNetB0-B7 (from "
        "efficientnet.keras or efficientnet.tfkeras) return `models.Model(inputs, x)`"
    ),
    "keras_resnet": (
        "broadinstitute/keras-resnet, keras_resnet/models/_2d.py: ResNet50... subclass "
        "keras.models.Model"
    ),
    "keras_retinanet": (
        "fizyr/keras-retinanet, keras_retinanet/models/retinanet.py: `retinanet(...)` and "
        "`models.load_model` return `keras.models.Model`"
    ),
    "keras_segmentation": (
        "divamgupta/image-segmentation-keras, keras_segmentation/models/*.py: every model "
        "function returns a keras Model (with a `train` method attached)"
    ),
    "keras_unet": "karolzak/keras-unet, keras_unet/models/*.py: `custom_unet`... return `Model(...)`",
    "keras_unet_collection": (
        "yingkaisha/keras-unet-collection, keras_unet_collection/_model_*.py: `unet_2d`... "
        "return `Model(...)`"
    ),
    "keras_vggface": "rcmalli/keras-vggface, keras_vggface/models.py: VGGFace returns `Model(inputs, x)`",
    "vit_keras": "faustomorales/vit-keras, vit_keras/vit.py: `vit_b16`... return `tf.keras.models.Model`",
    "keras_bert": (
        "CyberZHG/keras-bert: `get_model` and `load_trained_model_from_checkpoint` return "
        "`keras.models.Model`"
    ),
    "tcn": "philipperemy/keras-tcn, tcn/tcn.py: `compiled_tcn` returns `Model(input_layer, x)`",
    "deepctr": "shenweichen/DeepCTR, deepctr/models/*.py: DeepFM... return `tf.keras.models.Model`",
    "spektral": "danielegrattarola/spektral, spektral/models/*.py: GCN... subclass tf.keras.Model",
    "tensorflow_model_optimization": (
        "tensorflow/model-optimization: `quantize_model`, `prune_low_magnitude` and "
        "`strip_pruning` take and return Keras models"
    ),
    "kerassurgeon": (
        "BenWhetton/keras-surgeon: `delete_channels`, `delete_layer`, `Surgeon.operate` "
        "return a new keras Model"
    ),
    "transformers": (
        "huggingface/transformers: the TF model classes (TFAutoModel..., TFBertModel...) "
        "subclass tf.keras.Model; its PyTorch and Flax models have no fit_generator"
    ),
}


def matching_prefix(qualified: str, prefixes: Iterable[str]) -> Optional[str]:
    """The longest entry of ``prefixes`` that is ``qualified`` or a dotted prefix of it."""
    best: Optional[str] = None
    for prefix in prefixes:
        if qualified == prefix or qualified.startswith(prefix + "."):
            if best is None or len(prefix) > len(best):
                best = prefix
    return best
