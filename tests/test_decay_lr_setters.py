"""``decay=`` with a callback that sets the learning rate (found on real code: an
``SGD(lr=..., decay=1e-6)`` trained with ``ReduceLROnPlateau``).  On real Keras 3 (JAX
backend, CPU) the exact equivalent of ``decay``, an ``InverseTimeDecay`` schedule, makes
such a callback raise ``TypeError``; so in a file that sets the learning rate the
rewrite leaves ``decay`` alone and reports it, and elsewhere it still converts it."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen.rewrite import rewrite_source  # noqa: E402


def _fit(callback) -> None:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-6)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss="mse")
    x, y = np.zeros((8, 4), "float32"), np.zeros((8, 1), "float32")
    model.fit(x, y, epochs=3, verbose=0, callbacks=[callback])


@pytest.mark.parametrize("callback", [
    lambda: keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=0, min_delta=1e9),
    lambda: keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr),
], ids=["ReduceLROnPlateau", "LearningRateScheduler"])
def test_keras3_cannot_set_a_schedule(callback) -> None:
    with pytest.raises(TypeError, match="not settable"):
        _fit(callback())


OPTIMIZER = "from keras.optimizers import SGD\nopt = SGD(lr=0.1, decay=1e-6, momentum=0.9)\n"
SETTERS = {
    "ReduceLROnPlateau": "from keras.callbacks import ReduceLROnPlateau\n"
                         "cb = ReduceLROnPlateau(monitor='loss')\n",
    "LearningRateScheduler": "import keras\ncb = keras.callbacks.LearningRateScheduler(step)\n",
    "set_value": "from keras import backend as K\nK.set_value(model.optimizer.lr, 0.01)\n",
    "assignment": "model.optimizer.learning_rate = 0.01\n",
    "assign": "model.optimizer.learning_rate.assign(0.01)\n",
}


@pytest.mark.parametrize("setter", sorted(SETTERS))
def test_decay_is_kept_and_reported_where_the_file_sets_the_rate(setter: str) -> None:
    result = rewrite_source(OPTIMIZER + SETTERS[setter], "train.py")
    assert "opt = SGD(learning_rate=0.1, decay=1e-6, momentum=0.9)" in result.output
    found = [d for d in result.diagnostics if d.code == "FG201" and "not rewritten" in d.message]
    assert [d.line for d in found] == [2]


def test_decay_is_converted_elsewhere() -> None:
    result = rewrite_source(OPTIMIZER + "self.lr = 0.5\n", "train.py")
    assert "InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-6)" in result.output
    assert not [d for d in result.diagnostics if "not rewritten" in d.message]
