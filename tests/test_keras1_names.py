"""The table in keras1_names.py, measured again against the installed Keras 3: every
conversion target is a parameter the Keras 3 class takes, every positional order Keras 2
allowed means the same in Keras 3, the aliases are aliases and the removed names are
gone.  (The Keras 2 side was read from keras-team/keras 2.2.4; see the module.)"""

from __future__ import annotations

import inspect

import pytest

from migrate_fitgen import keras1_names as table

keras = pytest.importorskip("keras")

#: what keras.layers.Layer takes by keyword besides a class's own parameters
LAYER_KWARGS = {"input_shape", "batch_input_shape", "batch_size", "dtype", "name", "trainable", "input_dim"}


def keras3_class(name: str):
    if name == "Model":
        from keras.src.models.functional import Functional

        return Functional
    return getattr(keras.layers, name)


def parameters(cls) -> list:
    return [p for p in inspect.signature(cls.__init__).parameters if p not in ("self", "args", "kwargs")]


CLASSES = sorted(table.CLASSES.items())


@pytest.mark.parametrize("name,family", CLASSES, ids=[c for c, _ in CLASSES])
def test_conversion_targets_are_keras3_parameters(name, family):
    cls = keras3_class(name)
    accepted = set(parameters(cls)) | LAYER_KWARGS
    f = table.FAMILIES[family]
    lacks = table.LACKS.get(name, frozenset())
    assert not lacks & accepted, (name, lacks & accepted)
    for old, new in f.renames:
        if new in lacks:
            continue
        if new in table.KERAS3_ABSENT:
            assert new not in accepted, (name, new)
            continue
        assert new in accepted, (name, old, new)
        assert old not in parameters(cls) or old == new, (name, old)  # the old name is not reused
    if "init_split" in f.special:
        assert {"depthwise_initializer", "pointwise_initializer"} <= accepted
    if "forget_bias_init" in f.special and "unit_forget_bias" not in lacks:
        assert "unit_forget_bias" in accepted
    if f.kernel:
        assert parameters(cls)[:2] == ["filters", "kernel_size"]


@pytest.mark.parametrize("name,family", CLASSES, ids=[c for c, _ in CLASSES])
def test_keras2_positional_order_means_the_same_in_keras3(name, family):
    f = table.FAMILIES[family]
    if f.positional is None:
        return
    assert parameters(keras3_class(name))[: len(f.positional)] == list(f.positional)


@pytest.mark.parametrize("old,new", sorted(table.KERAS1_ALIASES.items()))
def test_keras1_aliases_are_still_aliases(old, new):
    assert getattr(keras.layers, old) is getattr(keras.layers, new)


@pytest.mark.parametrize("name", sorted(table.REMOVED_LAYERS))
def test_removed_layers_are_gone(name):
    assert not hasattr(keras.layers, name)


@pytest.mark.parametrize("name", sorted(table.OPTIMIZERS_KERAS3))
def test_optimizer_orders(name):
    cls = getattr(keras.optimizers, name)
    order = table.OPTIMIZERS_KERAS3[name]
    assert parameters(cls)[: len(order)] == list(order)
    assert table.OPTIMIZERS_KERAS2[name][0] == "lr"
    with pytest.raises(ValueError, match="lr"):
        cls(lr=0.1)
    # `decay` is worse: accepted and ignored, with only a warning
    with pytest.warns(UserWarning, match="`decay` is no longer supported and will be ignored"):
        cls(decay=0.1)


def test_removed_backend_and_model_names_are_gone():
    backend = keras.backend
    for key in table.REMOVED_TRAINING:
        if key.startswith("."):
            assert not hasattr(keras.Sequential, key[1:]) and not hasattr(keras.Model, key[1:])
        elif key.startswith("keras.backend."):
            assert not hasattr(backend, key.split(".")[2]), key
        elif key.startswith("keras.utils."):
            assert not hasattr(keras.utils, key.split(".")[-1]), key


def test_dim_ordering_values_are_keras3_data_formats():
    for code in table.DIM_ORDERING.values():
        value = eval(code)  # noqa: S307 - literals of the table
        layer = keras.layers.MaxPooling2D(data_format=value)
        assert layer.data_format in ("channels_last", "channels_first")
    assert keras.layers.MaxPooling2D(data_format=eval(table.DIM_ORDERING["th"])).data_format == "channels_first"


def test_keras1_initializer_names_build_the_keras2_initializers():
    """Keras 2.2.4's aliases (keras/initializers.py): normal/uniform are RandomNormal/
    RandomUniform with 0.05, zero/one are Zeros/Ones."""
    expected = {
        "normal": ("RandomNormal", {"mean": 0.0, "stddev": 0.05}),
        "uniform": ("RandomUniform", {"minval": -0.05, "maxval": 0.05}),
        "zero": ("Zeros", {}),
        "one": ("Ones", {}),
        "glorot_uniform": ("GlorotUniform", {}),
        "he_normal": ("HeNormal", {}),
        "orthogonal": ("Orthogonal", {"gain": 1.0}),
    }
    for name, (cls, config) in expected.items():
        init = keras.initializers.get(name)
        assert type(init).__name__ == cls
        for k, v in config.items():
            assert init.get_config()[k] == v


def test_default_learning_rates_agree_with_keras3_where_written():
    for name, code in table.DEFAULT_LR.items():
        assert float(code) == inspect.signature(getattr(keras.optimizers, name).__init__).parameters[
            "learning_rate"
        ].default


def test_removed_advice_normalises_every_keras_head():
    for head in ("keras.", "tensorflow.keras.", "tf_keras."):
        assert table.removed_advice(head + "backend.set_learning_phase")
        assert table.removed_advice(head + "utils.multi_gpu_model")
    assert table.removed_advice("keras.layers.Dense") is None


def test_keras3_layer_names_are_measured():
    public = {n for n in dir(keras.layers) if not n.startswith("_")}
    assert table.KERAS3_LAYERS == public


@pytest.mark.parametrize(
    "module", sorted({f"keras.layers.{m}" for m in table.LAYER_SUBMODULES} | table.ENGINE_MODULES)
)
def test_keras2_layer_modules_are_gone(module):
    import importlib

    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(module)
    home, missing = table.layer_module_home(module, ["Dense", "Layer"])
    assert home == "keras.layers" and missing == ()


def test_fg204_names_what_keras3_lacks() -> None:
    """A Keras 2 module Keras 3 lacks, imported with a name no Keras 3 module holds:
    FG204 says Keras 3 has no such name (it said "import each from where Keras 3 has
    it", found on real code with `Deconv2D`), and FG203 what replaces a removed layer."""
    from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source

    source = (
        "from keras.layers.convolutional import Conv2D, Deconv2D\n"
        "from keras.layers.pooling import _GlobalPooling1D\n"
    )
    found = {(d.line, d.code): d.message for d in analyze_source(source, "t.py", AnalyzeOptions())}
    assert "Keras 3 has no `Deconv2D`" in found[(1, "FG204")]
    assert "import the others" in found[(1, "FG204")]
    assert "use `Conv2DTranspose`" in found[(1, "FG203")]
    assert "Keras 3 has no `_GlobalPooling1D`" in found[(2, "FG204")]
    assert "others" not in found[(2, "FG204")]
