"""FG009's premise, on real Keras 3 (JAX backend, CPU): given arrays as
``validation_data``, ``fit`` validates on ``validation_steps`` batches of 32, not on all
the arrays (standalone Keras 2's ``fit_generator`` evaluated them whole and ignored the
number, keras 2.3.1 ``engine/training_generator.py``); and the rewrite keeps the
argument and reports it."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source  # noqa: E402
from migrate_fitgen.rewrite import rewrite_source  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Your input ran out of data:UserWarning")


class _Counted(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_test_batch_end(self, batch, logs=None):
        self.batches += 1


def _validation_batches(**kwargs) -> int:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")

    def train():
        while True:
            yield np.zeros((8, 4), "float32"), np.zeros((8, 1), "float32")

    counted = _Counted()
    x_val, y_val = np.zeros((100, 4), "float32"), np.zeros((100, 1), "float32")
    model.fit(train(), steps_per_epoch=2, epochs=1, verbose=0, validation_data=(x_val, y_val),
              callbacks=[counted], **kwargs)
    return counted.batches


def test_keras3_counts_validation_steps_with_arrays() -> None:
    assert _validation_batches() == 4  # all 100 samples, by 32
    assert _validation_batches(validation_steps=2) == 2


SOURCE = (
    "from keras.models import Sequential\nmodel = Sequential()\n"
    "model.fit_generator(gen, steps_per_epoch=9, validation_data=(x_val, y_val), validation_steps=9)\n"
    "model.fit_generator(gen, steps_per_epoch=9, validation_data=val_gen, validation_steps=9)\n"
    "model.fit_generator(gen, 9, 1, 1, None, [x_val, y_val], 9)\n"
)


def test_the_rewrite_keeps_it_and_reports_it() -> None:
    result = rewrite_source(SOURCE, "t.py")
    assert "validation_data=(x_val, y_val), validation_steps=9" in result.output
    assert sorted(d.line for d in result.diagnostics if d.code == "FG009") == [3, 5]
    found = [d for d in analyze_source(SOURCE, "t.py", AnalyzeOptions()) if d.code == "FG009"]
    assert [d.line for d in found] == [3, 5] and all(d.fix is None for d in found)
    assert "ignored it and validated on all of them" in found[0].message
