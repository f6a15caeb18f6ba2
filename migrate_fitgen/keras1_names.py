"""The Keras 1 names Keras 2 converted for you, and the training-path names Keras 3
removed: data, not code.

Source of the layer, model and optimizer facts: keras-team/keras, tag 2.2.4 (commit
1931e2186843ad3ca2507a3b16cb09a7a3db5285), files ``keras/legacy/interfaces.py`` (the
conversions), the layer modules that decorate their ``__init__`` with them
(``keras/layers/{core,convolutional,convolutional_recurrent,pooling,recurrent,
embeddings,normalization,noise,advanced_activations,local}.py``,
``keras/engine/{network,input_layer}.py``), the aliases at the end of
``keras/layers/{convolutional,pooling}.py``, ``keras/legacy/layers.py`` and
``keras/optimizers.py``.  Tags 2.0.0-2.2.3 apply the same conversions (2.2.4 adds
``input_dim`` for recurrent layers, ``input_dtype`` for ``InputLayer`` and the
``pickle_safe``/``max_q_size`` method renames, which only widen what was accepted).
Keras 3 facts were measured on keras 3.15.1 (JAX); ``tests/test_keras1_names.py``
measures every row again.  The table was written by hand from reading those files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, Mapping, Optional, Tuple

SOURCE = "keras-team/keras 2.2.4 (1931e21), keras/legacy/interfaces.py"

#: Keras 2's ``dim_ordering`` value conversion (pooling, conv, upsampling, padding...)
DIM_ORDERING: Mapping[str, str] = {"tf": "'channels_last'", "th": "'channels_first'", "default": "None"}

#: the keyword renames shared by the convolution families
_CONV_WEIGHTS = (
    ("init", "kernel_initializer"),
    ("W_regularizer", "kernel_regularizer"),
    ("b_regularizer", "bias_regularizer"),
    ("W_constraint", "kernel_constraint"),
    ("b_constraint", "bias_constraint"),
    ("bias", "use_bias"),
)
_CONV2D = (
    ("nb_filter", "filters"),
    ("subsample", "strides"),
    ("border_mode", "padding"),
    ("dim_ordering", "data_format"),
) + _CONV_WEIGHTS


@dataclass(frozen=True)
class Family:
    """One ``legacy_*_support`` interface of Keras 2: what it converted."""

    name: str  # the interface, as named in the source (``legacy_<name>_support``)
    #: (Keras 1 keyword, Keras 2 keyword), applied in this order
    renames: Tuple[Tuple[str, str], ...] = ()
    #: Keras 1 keyword -> {its string value: the Keras 2 value's code}
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: the positional parameters Keras 2 allowed (None: not checked); more raised TypeError
    positional: Optional[Tuple[str, ...]] = None
    #: Keras 1 positional kernel form: ``(filters, d1, ..., dn)`` became
    #: ``(filters, (d1, ..., dn))`` when every ``d`` was an int (n = ``kernel``), and the
    #: keywords that could give the dimensions (``nb_row``/``nb_col``, ``kernel_dim*``)
    kernel: int = 0
    kernel_keywords: Tuple[str, ...] = ()
    #: keywords Keras 2 dropped (took and ignored), with what it said about them
    dropped: Mapping[str, str] = field(default_factory=dict)
    #: special preprocessors of the source, by name: ``input_dim`` (``input_dim`` and
    #: ``input_length`` became ``input_shape=(input_length, input_dim)``),
    #: ``forget_bias_init`` (``'one'`` became ``unit_forget_bias=True``, any other value
    #: was dropped), ``init_split`` (``init`` became both ``depthwise_initializer`` and
    #: ``pointwise_initializer``), ``mode_zero`` (``mode=0`` dropped, any other value
    #: raised), ``output_shape`` (dropped, also as a 5th positional tuple),
    #: ``padding_dict`` (a dict ``padding`` became a tuple of pairs)
    special: FrozenSet[str] = frozenset()


_F = Family
FAMILIES: Mapping[str, Family] = {f.name: f for f in (
    _F("dense", (("output_dim", "units"),) + _CONV_WEIGHTS, positional=("units",)),
    _F("dropout", (("p", "rate"),), positional=("rate", "noise_shape", "seed")),
    _F("embedding",
       (("init", "embeddings_initializer"), ("W_regularizer", "embeddings_regularizer"),
        ("W_constraint", "embeddings_constraint")),
       positional=("input_dim", "output_dim"),
       dropped={"dropout": "Keras 2 ignored it (apply `SpatialDropout1D` after the layer "
                           "for the Keras 1 behaviour)"}),
    _F("pooling1d", (("pool_length", "pool_size"), ("stride", "strides"), ("border_mode", "padding")),
       positional=("pool_size", "strides", "padding")),
    _F("prelu", (("init", "alpha_initializer"),), positional=("alpha_initializer",)),
    _F("gaussiannoise", (("sigma", "stddev"),), positional=("stddev",)),
    _F("recurrent",
       (("output_dim", "units"), ("init", "kernel_initializer"),
        ("inner_init", "recurrent_initializer"), ("inner_activation", "recurrent_activation"),
        ("W_regularizer", "kernel_regularizer"), ("b_regularizer", "bias_regularizer"),
        ("U_regularizer", "recurrent_regularizer"), ("dropout_W", "dropout"),
        ("dropout_U", "recurrent_dropout"), ("consume_less", "implementation")),
       values={"consume_less": {"cpu": "0", "mem": "1", "gpu": "2"}},
       positional=("units",), special=frozenset({"forget_bias_init", "input_dim"})),
    _F("gaussiandropout", (("p", "rate"),), positional=("rate",)),
    _F("pooling2d", (("border_mode", "padding"), ("dim_ordering", "data_format")),
       values={"dim_ordering": DIM_ORDERING}, positional=("pool_size", "strides", "padding")),
    _F("pooling3d", (("border_mode", "padding"), ("dim_ordering", "data_format")),
       values={"dim_ordering": DIM_ORDERING}, positional=("pool_size", "strides", "padding")),
    _F("global_pooling", (("dim_ordering", "data_format"),), values={"dim_ordering": DIM_ORDERING}),
    _F("upsampling1d", (("length", "size"),), positional=("size",)),
    _F("upsampling2d", (("dim_ordering", "data_format"),), values={"dim_ordering": DIM_ORDERING},
       positional=("size",)),
    _F("upsampling3d", (("dim_ordering", "data_format"),), values={"dim_ordering": DIM_ORDERING},
       positional=("size",)),
    _F("conv1d",
       (("nb_filter", "filters"), ("filter_length", "kernel_size"), ("subsample_length", "strides"),
        ("border_mode", "padding")) + _CONV_WEIGHTS,
       positional=("filters", "kernel_size"), special=frozenset({"input_dim"})),
    _F("conv2d", _CONV2D, values={"dim_ordering": DIM_ORDERING}, positional=("filters", "kernel_size"),
       kernel=2, kernel_keywords=("nb_row", "nb_col")),
    _F("separable_conv2d",
       tuple(r for r in _CONV2D if r[0] not in ("init", "W_regularizer", "W_constraint")),
       values={"dim_ordering": DIM_ORDERING}, positional=("filters", "kernel_size"),
       kernel=2, kernel_keywords=("nb_row", "nb_col"), special=frozenset({"init_split"})),
    _F("deconv2d", _CONV2D, values={"dim_ordering": DIM_ORDERING}, positional=("filters", "kernel_size"),
       kernel=2, kernel_keywords=("nb_row", "nb_col"), special=frozenset({"output_shape"})),
    _F("conv3d", _CONV2D, values={"dim_ordering": DIM_ORDERING}, positional=("filters", "kernel_size"),
       kernel=3, kernel_keywords=("kernel_dim1", "kernel_dim2", "kernel_dim3")),
    _F("convlstm2d",
       (("nb_filter", "filters"), ("subsample", "strides"), ("border_mode", "padding"),
        ("dim_ordering", "data_format"), ("init", "kernel_initializer"),
        ("inner_init", "recurrent_initializer"), ("W_regularizer", "kernel_regularizer"),
        ("U_regularizer", "recurrent_regularizer"), ("b_regularizer", "bias_regularizer"),
        ("inner_activation", "recurrent_activation"), ("dropout_W", "dropout"),
        ("dropout_U", "recurrent_dropout"), ("bias", "use_bias")),
       values={"dim_ordering": DIM_ORDERING}, positional=("filters", "kernel_size"),
       kernel=2, kernel_keywords=("nb_row", "nb_col"), special=frozenset({"forget_bias_init"})),
    _F("batchnorm", (("beta_init", "beta_initializer"), ("gamma_init", "gamma_initializer")),
       positional=(), special=frozenset({"mode_zero"})),
    _F("zeropadding2d", (("dim_ordering", "data_format"),), values={"dim_ordering": DIM_ORDERING},
       positional=("padding",), special=frozenset({"padding_dict"})),
    _F("zeropadding3d", (("dim_ordering", "data_format"),), values={"dim_ordering": DIM_ORDERING},
       positional=("padding",)),
    _F("cropping2d", (("dim_ordering", "data_format"),), values={"dim_ordering": DIM_ORDERING},
       positional=("cropping",)),
    _F("cropping3d", (("dim_ordering", "data_format"),), values={"dim_ordering": DIM_ORDERING},
       positional=("cropping",)),
    _F("spatialdropout1d", (("p", "rate"),), positional=("rate",)),
    _F("spatialdropoutNd", (("p", "rate"), ("dim_ordering", "data_format")),
       values={"dim_ordering": DIM_ORDERING}, positional=("rate",)),
    _F("lambda", positional=("function", "output_shape")),
    _F("model_constructor", (("input", "inputs"), ("output", "outputs"))),
    _F("input", (("input_dtype", "dtype"),)),
)}


def _classes(family: str, names: str) -> Dict[str, str]:
    return {n: family for n in names.split()}


#: Keras 2 class (and alias) name -> its interface.  A subclass inherits its base's
#: decorated ``__init__`` (``GlobalMaxPooling2D`` from ``_GlobalPooling2D``).
CLASSES: Mapping[str, str] = {
    **_classes("dense", "Dense"),
    **_classes("dropout", "Dropout"),
    **_classes("embedding", "Embedding"),
    **_classes("pooling1d", "MaxPooling1D AveragePooling1D MaxPool1D AvgPool1D"),
    **_classes("prelu", "PReLU"),
    **_classes("gaussiannoise", "GaussianNoise"),
    **_classes("recurrent", "SimpleRNN GRU LSTM"),
    **_classes("gaussiandropout", "GaussianDropout"),
    **_classes("pooling2d", "MaxPooling2D AveragePooling2D MaxPool2D AvgPool2D"),
    **_classes("pooling3d", "MaxPooling3D AveragePooling3D MaxPool3D AvgPool3D"),
    **_classes(
        "global_pooling",
        "GlobalMaxPooling2D GlobalAveragePooling2D GlobalMaxPool2D GlobalAvgPool2D "
        "GlobalMaxPooling3D GlobalAveragePooling3D GlobalMaxPool3D GlobalAvgPool3D",
    ),
    **_classes("upsampling1d", "UpSampling1D"),
    **_classes("upsampling2d", "UpSampling2D"),
    **_classes("upsampling3d", "UpSampling3D"),
    **_classes("conv1d", "Conv1D Convolution1D"),
    **_classes("conv2d", "Conv2D Convolution2D"),
    **_classes("separable_conv2d", "SeparableConv2D SeparableConvolution2D"),
    **_classes("deconv2d", "Conv2DTranspose Convolution2DTranspose"),
    **_classes("conv3d", "Conv3D Convolution3D"),
    **_classes("convlstm2d", "ConvLSTM2D"),
    **_classes("batchnorm", "BatchNormalization"),
    **_classes("zeropadding2d", "ZeroPadding2D"),
    **_classes("zeropadding3d", "ZeroPadding3D"),
    **_classes("cropping2d", "Cropping2D"),
    **_classes("cropping3d", "Cropping3D"),
    **_classes("spatialdropout1d", "SpatialDropout1D"),
    **_classes("spatialdropoutNd", "SpatialDropout2D SpatialDropout3D"),
    **_classes("lambda", "Lambda"),
    **_classes("model_constructor", "Model"),
    **_classes("input", "InputLayer"),
}

#: Keras 1 class names that Keras 2 kept as aliases of the Keras 2 class (all still
#: aliases in Keras 3, measured): the positional kernel form is certain under them
KERAS1_ALIASES: Mapping[str, str] = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "SeparableConvolution2D": "SeparableConv2D",
    "Convolution2DTranspose": "Conv2DTranspose",
}

#: Keras 2 layer names Keras 3 does not have, and what to use (the alias targets are
#: Keras 2.2.4's; ``keras/legacy/layers.py`` held the Keras 1 leftovers)
REMOVED_LAYERS: Mapping[str, str] = {
    "Deconvolution2D": "it was Keras 2's alias of `Conv2DTranspose`: use `Conv2DTranspose`",
    "Deconvolution3D": "it was Keras 2's alias of `Conv3DTranspose`: use `Conv3DTranspose`",
    "Deconv2D": "it was Keras 2's alias of `Conv2DTranspose`: use `Conv2DTranspose`",
    "Deconv3D": "it was Keras 2's alias of `Conv3DTranspose`: use `Conv3DTranspose`",
    "AtrousConvolution1D": "use `Conv1D(..., dilation_rate=atrous_rate)`",
    "AtrousConvolution2D": "use `Conv2D(..., dilation_rate=atrous_rate)`",
    "AtrousConv1D": "use `Conv1D(..., dilation_rate=atrous_rate)`",
    "AtrousConv2D": "use `Conv2D(..., dilation_rate=atrous_rate)`",
    "MaxoutDense": "Keras 3 has no maxout layer; write it as `Dense(units * k)` then a max over k",
    "Highway": "Keras 3 has no highway layer; write it as a small custom layer",
    "Merge": "use `Add`, `Multiply`, `Concatenate`, `Dot`, `Average` or `Maximum` "
             "(or the functions `add`, `concatenate`...)",
    "merge": "use `add`, `multiply`, `concatenate`, `dot`, `average` or `maximum`",
    "LocallyConnected1D": "Keras 3 has no locally connected layers",
    "LocallyConnected2D": "Keras 3 has no locally connected layers",
    "CuDNNLSTM": "use `LSTM` (Keras 3 uses cuDNN when it can)",
    "CuDNNGRU": "use `GRU(..., reset_after=True)` (Keras 3 uses cuDNN when it can)",
}

#: conversion targets a class of the family lacked in Keras 2.2.4 (and lacks in Keras 3):
#: Keras 2 converted the name, then the class raised TypeError
LACKS: Mapping[str, FrozenSet[str]] = {
    "SimpleRNN": frozenset({"recurrent_activation", "unit_forget_bias", "implementation"}),
    "GRU": frozenset({"unit_forget_bias"}),
}

#: Keras 2 targets of a conversion that Keras 3 layers do not take (measured), and why
#: dropping them keeps the model: ``implementation`` only chose how the same recurrence
#: was computed.
KERAS3_ABSENT: Mapping[str, str] = {
    "implementation": "Keras 3 has no `implementation` (it chose only how Keras 2 computed the same recurrence)",
}

#: where a layer or model class is imported from: a dotted origin whose last part is a
#: class above and that goes through one of these is Keras'
LAYER_MODULE_PARTS = frozenset({"layers", "legacy", "models", "engine"})
#: the package heads of Keras: standalone ``keras``, ``tensorflow.keras``, ``tf_keras``
KERAS_HEADS = ("keras.", "tensorflow.keras.", "tensorflow.python.keras.", "tf_keras.")

# modules below keras.layers and keras.engine --------------------------------------------

#: Keras 2.2.4's modules below ``keras.layers`` (``keras/layers/*.py``) and the
#: ``keras.engine`` modules code imported layers and models from; none exists in Keras 3
LAYER_SUBMODULES = frozenset({
    "advanced_activations", "convolutional", "convolutional_recurrent", "core", "cudnn_recurrent",
    "embeddings", "local", "merge", "noise", "normalization", "pooling", "recurrent", "wrappers",
})
ENGINE_MODULES = frozenset({
    "keras.engine", "keras.engine.topology", "keras.engine.base_layer", "keras.engine.input_layer",
    "keras.engine.network", "keras.engine.sequential", "keras.engine.training",
})
#: the public names of Keras 3.15.1's ``keras.layers`` (measured: dir(keras.layers))
KERAS3_LAYERS = frozenset("""
Activation ActivityRegularization AdaptiveAveragePooling1D AdaptiveAveragePooling2D
AdaptiveAveragePooling3D AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D Add
AdditiveAttention AlphaDropout Attention AugMix AutoContrast Average AveragePooling1D
AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D BatchNormalization Bidirectional
CategoryEncoding CenterCrop Concatenate ContrastLimitedAdaptiveHistogramEqualization Conv1D
Conv1DTranspose Conv2D Conv2DTranspose Conv3D Conv3DTranspose ConvLSTM1D ConvLSTM2D ConvLSTM3D
Convolution1D Convolution1DTranspose Convolution2D Convolution2DTranspose Convolution3D
Convolution3DTranspose Cropping1D Cropping2D Cropping3D CutMix Dense DepthwiseConv1D
DepthwiseConv2D Discretization Dot Dropout ELU EinsumDense Embedding Equalization Flatten FlaxLayer
GRU GRUCell GaussianDropout GaussianNoise GlobalAveragePooling1D GlobalAveragePooling2D
GlobalAveragePooling3D GlobalAvgPool1D GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D
GlobalMaxPool2D GlobalMaxPool3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D
GroupNormalization GroupQueryAttention HashedCrossing Hashing Identity Input InputLayer InputSpec
IntegerLookup JaxLayer LSTM LSTMCell Lambda Layer LayerNormalization LeakyReLU Masking
MaxNumBoundingBoxes MaxPool1D MaxPool2D MaxPool3D MaxPooling1D MaxPooling2D MaxPooling3D Maximum
MelSpectrogram Minimum MixUp MultiHeadAttention Multiply Normalization PReLU Permute Pipeline
RMSNormalization RNN RandAugment RandomBrightness RandomColorDegeneration RandomColorJitter
RandomContrast RandomCrop RandomElasticTransform RandomErasing RandomFlip RandomGaussianBlur
RandomGrayscale RandomHue RandomInvert RandomPerspective RandomPosterization RandomRotation
RandomSaturation RandomSharpness RandomShear RandomTranslation RandomZoom ReLU RepeatVector
Rescaling Reshape Resizing ReversibleEmbedding STFTSpectrogram SeparableConv1D SeparableConv2D
SeparableConvolution1D SeparableConvolution2D SimpleRNN SimpleRNNCell Softmax Solarization
SpatialDropout1D SpatialDropout2D SpatialDropout3D SpectralNormalization StackedRNNCells
StringLookup Subtract TFSMLayer TextVectorization TimeDistributed TorchModuleWrapper
UnitNormalization UpSampling1D UpSampling2D UpSampling3D Wrapper ZeroPadding1D ZeroPadding2D
ZeroPadding3D add average concatenate deserialize dot maximum minimum multiply serialize subtract
""".split())
#: Keras 3 homes of the model classes Keras 2 code imported from ``keras.engine``
KERAS3_MODELS = frozenset({"Model", "Sequential"})


def layer_module_home(module: str, names) -> Tuple[Optional[str], Tuple[str, ...]]:
    """For a Keras 2 module Keras 3 lacks (``keras.layers.convolutional``,
    ``keras.engine.topology``...) and the names imported from it: (the one Keras 3
    module that holds them all, or "" when there is none, and the names no Keras 3
    module holds).  (None, ()) when ``module`` is not such a module."""
    parts = module.split(".")
    if not (module in ENGINE_MODULES or (
        len(parts) == 3 and parts[:2] == ["keras", "layers"] and parts[2] in LAYER_SUBMODULES
    )):
        return None, ()
    homes = set()
    missing = []
    for name in names:
        if name in KERAS3_LAYERS:
            homes.add("keras.layers")
        elif name in KERAS3_MODELS and module in ENGINE_MODULES:
            homes.add("keras.models")
        else:
            missing.append(name)
    if missing or len(homes) != 1:
        return "", tuple(missing)
    return homes.pop(), ()


# optimizers ---------------------------------------------------------------------------

#: Keras 2.2.4 optimizer parameters, in positional order (``keras/optimizers.py``);
#: every optimizer also took ``clipnorm`` and ``clipvalue`` by keyword
OPTIMIZERS_KERAS2: Mapping[str, Tuple[str, ...]] = {
    "SGD": ("lr", "momentum", "decay", "nesterov"),
    "RMSprop": ("lr", "rho", "epsilon", "decay"),
    "Adagrad": ("lr", "epsilon", "decay"),
    "Adadelta": ("lr", "rho", "epsilon", "decay"),
    "Adam": ("lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"),
    "Adamax": ("lr", "beta_1", "beta_2", "epsilon", "decay"),
    "Nadam": ("lr", "beta_1", "beta_2", "epsilon", "schedule_decay"),
}
OPTIMIZER_KEYWORDS_KERAS2 = ("clipnorm", "clipvalue")

#: Keras 3.15.1's leading positional parameters (measured with inspect.signature)
OPTIMIZERS_KERAS3: Mapping[str, Tuple[str, ...]] = {
    "SGD": ("learning_rate", "momentum", "nesterov", "weight_decay"),
    "RMSprop": ("learning_rate", "rho", "momentum", "epsilon", "centered", "weight_decay"),
    "Adagrad": ("learning_rate", "initial_accumulator_value", "epsilon", "weight_decay"),
    "Adadelta": ("learning_rate", "rho", "epsilon", "weight_decay"),
    "Adam": ("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay"),
    "Adamax": ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay"),
    "Nadam": ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay"),
}

#: The default ``lr`` where Keras 2.2.4 and tf.keras 2.x (``optimizer_v2``, read at
#: keras-team/keras v2.6.0) agree; the others (Adagrad 0.01 vs 0.001, Adadelta 1.0 vs
#: 0.001, Adamax and Nadam 0.002 vs 0.001) depend on which Keras the code was written for
DEFAULT_LR: Mapping[str, str] = {"SGD": "0.01", "RMSprop": "0.001", "Adam": "0.001"}

LR = "lr"
LEARNING_RATE = "learning_rate"
DECAY = "decay"
#: Keras 2's ``lr * 1 / (1 + decay * iterations)`` (``keras/optimizers.py``; tf.keras
#: ``OptimizerV2._decayed_lr``), as a Keras 3 schedule
SCHEDULE_MODULE = "optimizers.schedules"
SCHEDULE = "InverseTimeDecay"
#: Keras callbacks that set the optimizer's learning rate each epoch or on a plateau:
#: given a LearningRateSchedule instead of a number, Keras 3 raises "TypeError: This
#: optimizer was created with a LearningRateSchedule object as its learning_rate
#: constructor argument, hence its learning rate is not settable" (measured, 3.15.1)
LR_SETTING_CALLBACKS = frozenset({"ReduceLROnPlateau", "LearningRateScheduler"})

#: Keras 1 keywords of ``Model.fit`` (Keras 1.2.2 ``fit(x, y, batch_size=32,
#: nb_epoch=10, ...)``) and their Keras 2 names: Keras 2.0-2.3's ``fit`` still took
#: them, warned and renamed them (``if 'nb_epoch' in kwargs``, keras 2.3.1
#: ``engine/training.py``); Keras 3's ``fit`` raises ``TypeError: ... got an unexpected
#: keyword argument 'nb_epoch'`` (measured, 3.15.1)
FIT_KERAS1_NAMES: Mapping[str, str] = {"nb_epoch": "epochs"}
FIT_KERAS1_METHOD = "fit"

#: ``Model.compile``'s third positional parameter: ``metrics`` in Keras 1.2.2
#: (``compile(optimizer, loss, metrics=None, ...)``, Model and Sequential), Keras 2.x and
#: tf.keras 2; ``loss_weights`` in Keras 3.15.1 (measured with ``inspect.signature``), so
#: ``compile('adam', 'mse', ['accuracy'])`` passes the metrics as loss weights.  The
#: fourth differed between versions (Sequential: ``sample_weight_mode``; Model:
#: ``loss_weights``): a call with four or more positionals is reported, not rewritten.
COMPILE_METHOD = "compile"
COMPILE_THIRD = "metrics"

#: callback keywords Keras 2 renamed (keeping the old name through ``**kwargs``, with a
#: warning) and Keras 3 swallows without a word: ``ReduceLROnPlateau(epsilon=...)`` was
#: the threshold keras 2.0-2.1.5 named ``epsilon`` and 2.1.6-2.3 and tf.keras 2 read as
#: ``min_delta`` (``if 'epsilon' in kwargs: min_delta = kwargs.pop('epsilon')``, keras
#: 2.3.1 ``callbacks/callbacks.py``); Keras 3.15.1 takes ``**kwargs`` and ignores it,
#: keeping ``min_delta=1e-4`` (measured)
CALLBACK_RENAMES: Mapping[str, Mapping[str, str]] = {"ReduceLROnPlateau": {"epsilon": "min_delta"}}
#: ``ModelCheckpoint`` as Keras 2 scripts built it, which Keras 3 rejects when it is
#: made (measured, 3.15.1): ``period=`` (TypeError), and a file path that ends neither
#: in ``.keras`` nor ``.h5`` (``.weights.h5`` with ``save_weights_only=True``): ValueError
CHECKPOINT = "ModelCheckpoint"
CHECKPOINT_REMOVED = {
    "period": "`ModelCheckpoint(period=...)` was removed: Keras 3 raises TypeError; "
              "`save_freq=` counts batches (`save_freq=n * steps_per_epoch` saves every n epochs)",
}
CALLBACK_TOKENS = tuple(sorted({*CALLBACK_RENAMES, CHECKPOINT}))


def checkpoint_path_problem(path: str, weights_only: bool) -> Optional[str]:
    """Why Keras 3's ``ModelCheckpoint`` rejects a file path ending like ``path`` (the
    literal end of it), or None."""
    if weights_only:
        if path.endswith(".weights.h5"):
            return None
        return (f"`ModelCheckpoint({path!r}, save_weights_only=True)`: Keras 3 needs a path ending in "
                "`.weights.h5` and raises ValueError; rename the file (and where it is loaded)")
    if path.endswith((".keras", ".h5")):
        return None
    return (f"`ModelCheckpoint({path!r})`: Keras 3 needs a path ending in `.keras` (or `.h5`, the "
            "HDF5 format of Keras 2) and raises ValueError; rename the file (and where it is loaded)")

#: optimizer keywords Keras 3 rejects or reads otherwise, and what to do
OPTIMIZER_REMOVED: Mapping[str, str] = {
    "schedule_decay": "Keras 3's `Nadam` has no `schedule_decay`; its momentum schedule is "
                      "fixed, so the optimizer will not match Keras 2's",
    "epsilon=None": "Keras 2 read `epsilon=None` as `keras.backend.epsilon()` (1e-07 unless "
                    "set); pass that number",
}

# removed training-path names -----------------------------------------------------------

#: (dotted Keras 2 origin, or ``.method`` for a model method) -> what to do on Keras 3
REMOVED_TRAINING: Mapping[str, str] = {
    "keras.utils.multi_gpu_model": (
        "`multi_gpu_model` was removed: build the model inside "
        "`tf.distribute.MirroredStrategy().scope()` (TensorFlow backend) or use "
        "`keras.distribution.DataParallel` (JAX)"
    ),
    "keras.utils.training_utils.multi_gpu_model": "",
    "keras.utils.multi_gpu_utils.multi_gpu_model": "",
    ".predict_classes": (
        "`predict_classes` was removed: use `np.argmax(model.predict(x), axis=-1)` "
        "(softmax output) or `(model.predict(x) > 0.5).astype('int32')` (sigmoid output)"
    ),
    ".predict_proba": "`predict_proba` was removed: use `model.predict(x)`",
    "keras.backend.set_learning_phase": (
        "`set_learning_phase` was removed: pass `training=True/False` when calling the "
        "model or layer"
    ),
    "keras.backend.learning_phase": (
        "`learning_phase` was removed: pass `training=True/False` when calling the model "
        "or layer"
    ),
    "keras.backend.get_session": (
        "Keras 3 has no session: remove it (TensorFlow 2 runs eagerly), or keep the "
        "code on TF 1 with `tf.compat.v1.keras.backend.get_session()`"
    ),
    "keras.backend.set_session": (
        "Keras 3 has no session: configure TensorFlow with `tf.config` (e.g. "
        "`tf.config.experimental.set_memory_growth`) instead"
    ),
    "keras.backend.set_value": "`keras.backend.set_value` was removed: use `variable.assign(value)`",
    "keras.backend.get_value": (
        "`keras.backend.get_value` was removed: use `keras.ops.convert_to_numpy(x)` "
        "(or `variable.numpy()`)"
    ),
    "keras.backend.batch_set_value": "`batch_set_value` was removed: `assign` each variable",
    "keras.backend.image_dim_ordering": (
        "`image_dim_ordering` was removed: use `keras.backend.image_data_format()` "
        "('channels_last' was 'tf', 'channels_first' was 'th')"
    ),
    "keras.backend.set_image_dim_ordering": (
        "`set_image_dim_ordering` was removed: use "
        "`keras.backend.set_image_data_format('channels_last' / 'channels_first')`"
    ),
    "keras.backend.tensorflow_backend": (
        "`keras.backend.tensorflow_backend` does not exist in Keras 3: use `keras.backend` "
        "(sessions are gone: configure TensorFlow with `tf.config`)"
    ),
}

#: the method names of REMOVED_TRAINING (called on a model)
REMOVED_METHODS = frozenset(k[1:] for k in REMOVED_TRAINING if k.startswith("."))


@lru_cache(maxsize=4096)
def removed_advice(origin: str) -> Optional[str]:
    """What to do about a removed Keras 2 name, by its dotted origin (any Keras head)."""
    for head in KERAS_HEADS:
        if origin.startswith(head):
            origin = "keras." + origin[len(head):]
            break
    for key, text in REMOVED_TRAINING.items():
        if key.startswith("."):
            continue
        if origin == key or origin.startswith(key + "."):
            return text or REMOVED_TRAINING["keras.utils.multi_gpu_model"]
    return None


#: the identifiers each rule's findings sit on (the rules' prefilter tokens)
OPTIMIZER_TOKENS = tuple(sorted(OPTIMIZERS_KERAS2))
LAYER_TOKENS = tuple(sorted(CLASSES))
MODULE_TOKENS = tuple(sorted(LAYER_SUBMODULES | {"engine"}))
REMOVED_TOKENS = tuple(sorted(
    {*REMOVED_LAYERS, *REMOVED_METHODS}
    | {k.rsplit(".", 1)[1] for k in REMOVED_TRAINING if not k.startswith(".")}
))


def _alternatives(words) -> str:
    return r"(?:" + "|".join(sorted(map(re.escape, words), key=lambda w: (-len(w), w))) + r")"


#: a comment, to the end of its line (only so: a banner ``#####`` matched one way)
_COMMENT = r"#[^\r\n]*(?![^\r\n])"
#: what Python allows between two tokens of a bracketed expression or around a dot or an
#: ``=``: blanks, line breaks, line continuations and comments
_GAP = r"(?:[\s\\]|" + _COMMENT + r")*"
#: after a name: it is called (``Name(`` with something inside the brackets; the name
#: may be bracketed itself, ``(keras.optimizers.Adam)(...)``), or imported under another
#: name (``import ... Adam as A``, then ``A(...)``)
_CALLED = r"(?=(?:[\s\\)]|" + _COMMENT + r")*\((?!" + _GAP + r"\))|" + _GAP + r"as\b)"
#: not the name a class or function statement defines
_NOT_DEFINED = r"(?<!\bclass )(?<!\bdef )"


def _family_keywords(family: "Family") -> FrozenSet[str]:
    """The keywords ``layer_call_may_matter`` looks for in a call of the family."""
    return frozenset(
        {old for old, _ in family.renames} | set(family.dropped) | set(family.kernel_keywords)
        | {k for k, special in SPECIAL_KEYWORDS.items() if special in family.special}
    )


@lru_cache(maxsize=1)
def _patterns() -> Tuple[str, str, str]:
    """(enough alone, a layer name, a converted layer keyword): a finding needs a match
    of the first, or a layer name of the second and a keyword of the third that its
    family converts (``paired``).  Each is what ``may_hold_training_issue`` needs the
    text of a parsed file to hold:

    - a removed name, anywhere (a removed Keras path may be reached through any of its
      parts: ``K.tensorflow_backend.x``);
    - a Keras 2 layer module: the module tokens count only dotted after ``layers`` or as
      ``keras.engine`` (``layer_module_home`` reads the imported module's dotted name,
      and ``core``, ``local`` or ``noise`` alone are common words);
    - an optimizer or a layer name (the last part of the origin a call resolves to)
      where it is called with something in the brackets, or imported under another name
      (``_CALLED``): a call it matters in has an argument, and the name is the callee's
      last part, or the imported name an alias stands for;
    - a layer keyword where it is a call's keyword: after ``(`` or ``,``, before one
      ``=`` (not ``output = ...`` at the start of a statement, nor ``==``).

    Layers whose family takes a kernel size need no keyword (their positional arguments
    moved); a family that converts no keyword is left out."""
    kernel = {name for name, family in CLASSES.items() if FAMILIES[family].kernel}
    keyed = {name for name, family in CLASSES.items() if _family_keywords(FAMILIES[family])} - kernel
    keywords = set().union(*(_family_keywords(FAMILIES[CLASSES[n]]) for n in keyed))
    alone = (
        r"[(,]" + _GAP + _alternatives(FIT_KERAS1_NAMES) + _GAP + r"=(?!=)|"
        r"\." + _GAP + COMPILE_METHOD + r"\b" + _CALLED + r"|"
        r"\b(?:" + _alternatives(REMOVED_TOKENS) + r"\b"
        + r"|" + _NOT_DEFINED + _alternatives((*OPTIMIZER_TOKENS, *CALLBACK_TOKENS, *sorted(kernel))) + r"\b" + _CALLED
        + r"|layers" + _GAP + r"\." + _GAP + _alternatives(MODULE_TOKENS) + r"\b"
        + r"|keras" + _GAP + r"\." + _GAP + r"engine\b)"
    )
    layers = r"\b" + _NOT_DEFINED + r"(" + _alternatives(sorted(keyed)) + r")\b" + _CALLED
    converted = r"[(,]" + _GAP + r"\b(" + _alternatives(sorted(keywords)) + r")" + _GAP + r"=(?!=)"
    return alone, layers, converted


@lru_cache(maxsize=2)
def _compiled(kind: type):
    if kind is bytes:
        return tuple(re.compile(p.encode("ascii")) for p in _patterns())
    return tuple(re.compile(p) for p in _patterns())


@lru_cache(maxsize=None)
def _keywords_of(name: str) -> FrozenSet[str]:
    return _family_keywords(FAMILIES[CLASSES[name]])


def _paired(text, layers, converted) -> bool:
    """A called layer name and a call keyword its own family converts (not any
    family's)."""
    word = (lambda b: b.decode("ascii")) if isinstance(text, bytes) else str
    found = {word(m.group(1)) for m in converted.finditer(text)}
    return bool(found) and any(_keywords_of(word(m.group(1))) & found for m in layers.finditer(text))


def might_matter(text) -> bool:
    """A cheap test before parsing: can this text (or these bytes: every word is ASCII)
    hold a training-path finding (a Keras optimizer call, a layer or ``Model`` call with
    a keyword the table converts or a kernel size, a removed name, a Keras 2 layer
    module)?  A superset of ``may_hold_training_issue``'s conditions (``_patterns``)."""
    keras = b"keras" if isinstance(text, bytes) else "keras"
    if keras not in text:
        return False
    alone, layers, converted = _compiled(type(text))
    return alone.search(text) is not None or _paired(text, layers, converted)


# --- what the training path looks at, shared by its libcst scan and the ast pre-test ----

#: the optimizer keywords the training path reports or converts
OPTIMIZER_KEYWORDS = frozenset({LR, DECAY, "epsilon", "schedule_decay"})
#: keyword -> the special preprocessor (``Family.special``) that converts it
SPECIAL_KEYWORDS: Mapping[str, str] = {
    "input_dim": "input_dim", "forget_bias_init": "forget_bias_init", "init": "init_split",
    "mode": "mode_zero", "output_shape": "output_shape",
}


def is_keras_origin(origin: str) -> bool:
    """Whether a dotted origin (``keras.layers.Dense``, ``tensorflow.keras.Model``...)
    names Keras."""
    return origin == "keras" or origin.startswith(KERAS_HEADS) or origin in ("tensorflow.keras", "tf_keras")


def removed_message(origin: str) -> Optional[str]:
    """Why a called or imported Keras name is gone in Keras 3, or None."""
    advice = removed_advice(origin)
    if advice is not None:
        return advice
    parts = origin.split(".")
    if parts[-1] in REMOVED_LAYERS and LAYER_MODULE_PARTS & set(parts[:-1]):
        return f"Keras 3 has no `{parts[-1]}`: {REMOVED_LAYERS[parts[-1]]}"
    return None


def is_callback_origin(parts) -> bool:
    return len(parts) >= 2 and parts[-2] == "callbacks" and (parts[-1] in CALLBACK_RENAMES or parts[-1] == CHECKPOINT)


def callback_call_may_matter(name: str, keywords, call=None) -> bool:
    """A superset of what the training path reports or converts in a callback's call
    (``call``: its ``ast`` node): a renamed or removed keyword, or (``ModelCheckpoint``)
    a file path literal whose end Keras 3 refuses."""
    if name != CHECKPOINT:
        return bool(set(CALLBACK_RENAMES[name]) & set(keywords))
    if set(CHECKPOINT_REMOVED) & set(keywords):
        return True
    if call is None:
        return True
    import ast

    given = {k.arg: k.value for k in call.keywords if k.arg is not None}
    path = given.get("filepath", call.args[0] if call.args and not isinstance(call.args[0], ast.Starred) else None)
    if isinstance(path, ast.JoinedStr):
        path = path.values[-1] if path.values else None
    if not isinstance(path, ast.Constant) or not isinstance(path.value, str):
        return False
    flag = given.get("save_weights_only")
    if flag is not None and not (isinstance(flag, ast.Constant) and isinstance(flag.value, bool)):
        return False
    return checkpoint_path_problem(path.value, flag is not None and flag.value is True) is not None


def is_optimizer_origin(parts) -> bool:
    return len(parts) >= 2 and parts[-2] == "optimizers" and parts[-1] in OPTIMIZERS_KERAS2


def is_layer_origin(parts) -> bool:
    last = parts[-1]
    return last in CLASSES and (
        bool(LAYER_MODULE_PARTS & set(parts[1:-1])) or (last == "Model" and len(parts) == 2)
        or list(parts[-2:]) == ["keras", "Model"]
    )


def layer_call_may_matter(name: str, keywords, positionals: int) -> bool:
    """Whether a call of the layer ``name`` with these keyword names and this many
    positional arguments holds anything the training path converts or reports."""
    family = FAMILIES[CLASSES[name]]
    keywords = set(keywords)
    olds = {old for old, _ in family.renames} | set(family.dropped) | set(family.kernel_keywords)
    specials = {k for k, special in SPECIAL_KEYWORDS.items() if special in family.special}
    if (olds | specials) & keywords:
        return True
    return bool(family.kernel) and (positionals >= family.kernel + 1 or bool(set(family.kernel_keywords) & keywords))


def optimizer_call_may_matter(keywords, positionals: int) -> bool:
    """A superset of what the training path reports or converts in an optimizer call:
    a Keras 2 keyword, or a second positional argument (whose meaning may have moved)."""
    return bool(OPTIMIZER_KEYWORDS & set(keywords)) or positionals >= 2


def _imports_keras(imports) -> bool:
    """Does one of these ``ast`` import statements import Keras (``keras``,
    ``tensorflow``, ``tf_keras``: ``KerasReceivers.has_keras_import``'s packages)?"""
    import ast

    from migrate_fitgen.keras_api import KERAS_PACKAGES

    for node in imports:
        if isinstance(node, ast.ImportFrom):
            if not node.level and (node.module or "").split(".")[0] in KERAS_PACKAGES:
                return True
        elif any(alias.name.split(".")[0] in KERAS_PACKAGES for alias in node.names):
            return True
    return False


def may_hold_training_issue(tree) -> bool:
    """Can this ``ast`` module hold anything the training path (``rewrite.training_path``)
    reports or converts?  A superset of its conditions, read from the same table without
    libcst, so that only such files are parsed with libcst:

    - an import of a removed Keras name or of a Keras 2 layer module;
    - a call of a removed method (``predict_classes``...) on any receiver, or, in a file
      that imports Keras, a ``fit`` given a Keras 1 keyword (``nb_epoch``) or a
      ``compile`` given three positional arguments;
    - a call whose callee an import (any scope, any of the file's bindings of that name)
      or a Keras star import makes a removed name, or an optimizer or layer given an
      argument the table converts.

    Shadowing by local names is ignored (it only keeps a file).  ``tree`` may be the
    module's ``ast_nodes.collect`` instead."""
    import ast

    from migrate_fitgen.ast_nodes import nodes_of
    from migrate_fitgen.keras_imports import ast_dotted

    origins: Dict[str, set] = {}
    stars = []
    nodes = nodes_of(tree)
    # a model's `fit`/`compile` is Keras' (``engine._receiver_test``) where the file
    # imports Keras, or where its receiver is followed to a Keras model: only the first
    # is read here (deepchem's own `fit(dataset, nb_epoch=...)` is in files without)
    keras_imported = _imports_keras(nodes.imports)
    for node in nodes.imports:
        if isinstance(node, ast.ImportFrom):
            if node.level or not node.module:
                continue
            module = node.module
            keras = is_keras_origin(module)
            names = [a.name for a in node.names]
            if names == ["*"]:
                if keras:
                    if removed_advice(module) is not None or layer_module_home(module, ())[0] is not None:
                        return True
                    stars.append(module)
                continue
            if keras:
                if removed_advice(module) is not None or layer_module_home(module, names)[0] is not None:
                    return True
                if any(removed_message(f"{module}.{n}") for n in names):
                    return True
            for alias in node.names:
                origins.setdefault(alias.asname or alias.name.split(".")[0], set()).add(f"{module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                full = alias.name
                if (is_keras_origin(full) and removed_advice(full) is not None) or layer_module_home(full, ())[0] is not None:
                    return True
                if alias.asname:
                    origins.setdefault(alias.asname, set()).add(full)
                else:
                    root = full.split(".")[0]
                    origins.setdefault(root, set()).add(root)
    for call in nodes.calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in REMOVED_METHODS:
            return True
        if keras_imported and isinstance(func, ast.Attribute) and func.attr == FIT_KERAS1_METHOD and any(
                k.arg in FIT_KERAS1_NAMES for k in call.keywords):
            return True
        if keras_imported and isinstance(func, ast.Attribute) and func.attr == COMPILE_METHOD and sum(
                1 for a in call.args if not isinstance(a, ast.Starred)) >= 3:
            return True
        head = func  # the callee's first name: one an import binds, or any, bare, with a star
        while isinstance(head, ast.Attribute):
            head = head.value
        if not isinstance(head, ast.Name) or (head.id not in origins and (head is not func or not stars)):
            continue
        name = ast_dotted(func)
        if name is None:
            continue
        root, _, rest = name.partition(".")
        candidates = [o + ("." + rest if rest else "") for o in origins.get(root, ())]
        if not rest:
            candidates.extend(f"{star}.{root}" for star in stars)
        keywords = [k.arg for k in call.keywords if k.arg is not None]
        positionals = sum(1 for a in call.args if not isinstance(a, ast.Starred))
        for full in candidates:
            if not is_keras_origin(full):
                continue
            if removed_message(full) is not None:
                return True
            parts = full.split(".")
            if is_optimizer_origin(parts):
                if optimizer_call_may_matter(keywords, positionals):
                    return True
            elif is_callback_origin(parts):
                if callback_call_may_matter(parts[-1], keywords, call):
                    return True
            elif is_layer_origin(parts) and layer_call_may_matter(parts[-1], keywords, positionals):
                return True
    return False

