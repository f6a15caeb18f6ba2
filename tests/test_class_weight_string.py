"""FG010 on real Keras 3 (JAX backend, CPU): a string ``class_weight`` (``'auto'``),
which Keras 1 and standalone Keras 2 ignored on a one-output model (keras 2.3.1
``standardize_weights`` weights only by a dict), makes Keras 3's ``fit`` raise; the
rewrite drops it, reports it, and the rewritten script trains."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source  # noqa: E402
from migrate_fitgen.rewrite import rewrite_source  # noqa: E402


def _model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


class _Batches(keras.utils.PyDataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        return np.zeros((8, 4), "float32"), np.zeros((8, 1), "float32")


def _generator():
    while True:
        yield np.zeros((8, 4), "float32"), np.zeros((8, 1), "float32")


def test_keras3_raises_on_a_string_class_weight() -> None:
    with pytest.raises(AttributeError):
        _model().fit(_Batches(), epochs=1, verbose=0, class_weight="auto")
    with pytest.raises(ValueError, match="is not supported for Python generator"):
        _model().fit(_generator(), steps_per_epoch=2, epochs=1, verbose=0, class_weight="auto")


SCRIPT = '''\
import numpy as np
import keras


class Batches(keras.utils.PyDataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        return np.zeros((8, 4), "float32"), np.zeros((8, 1), "float32")


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
history = model.fit_generator(Batches(), steps_per_epoch=2, epochs=1, verbose=0,
                              class_weight='auto')  # weights: none
'''


def test_the_rewrite_drops_it_reports_it_and_the_script_trains() -> None:
    result = rewrite_source(SCRIPT, "train.py")
    assert "class_weight" not in result.output
    assert "# weights: none" in result.output
    found = [d for d in result.diagnostics if d.code == "FG010"]
    assert [d.line for d in found] == [16]
    assert "ignored a `class_weight` that is not a dict" in found[0].message
    namespace: dict = {}
    exec(compile(result.output, "train.py", "exec"), namespace)
    assert len(namespace["history"].history["loss"]) == 1


@pytest.mark.parametrize("value", ["'auto'", '"balanced"', "'au' 'to'"])
def test_analyze_reports_it_and_not_fg005(value: str) -> None:
    source = (
        "from keras.models import Sequential\nmodel = Sequential()\n"
        f"model.fit_generator(gen(), steps_per_epoch=9, class_weight={value})\n"
    )
    codes = [d.code for d in analyze_source(source, "t.py", AnalyzeOptions())]
    assert "FG010" in codes and "FG005" not in codes
    output = rewrite_source(source, "t.py").output
    assert "class_weight" not in output and "steps_per_epoch=9)" in output


def test_a_dict_or_a_name_is_kept() -> None:
    for value in ("{0: 1.0, 1: 5.0}", "weights"):
        source = (
            "from keras.models import Sequential\nmodel = Sequential()\n"
            f"model.fit_generator(batches, steps_per_epoch=9, class_weight={value})\n"
        )
        result = rewrite_source(source, "t.py")
        assert f"class_weight={value}" in result.output
        assert not [d for d in result.diagnostics if d.code == "FG010"]


def test_a_misspelt_keyword_is_named() -> None:
    source = (
        "from keras.models import Sequential\nmodel = Sequential()\n"
        "model.fit_generator(gen, samples_per_epoch=900, nb_epochs=3)\n"
        "model.fit_generator(gen, steps_per_epoch=9, frobnicate=3)\n"
    )
    result = rewrite_source(source, "t.py")
    assert result.output == source
    messages = [d.message for d in result.diagnostics if d.code == "FG001"]
    assert any("a misspelt `nb_epoch`?" in m and "never ran" in m for m in messages)
    assert any("`frobnicate`" in m and "so this is not a Keras call" in m for m in messages)
