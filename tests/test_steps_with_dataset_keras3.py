"""FG011's premise on real Keras 3 (JAX backend, CPU): a Sequence of 3 batches with
``steps_per_epoch=2`` gives epochs of 2, 1 and 2 batches (tf.keras 2 restarted the
Sequence every epoch: 2, 2, 2), so a ``steps_per_epoch`` other than ``len(seq)`` changes
what each epoch trains on; the rewrite reports it and leaves it."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen.rewrite import rewrite_source  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


class _Three(keras.utils.PyDataset):
    def __len__(self):
        return 3

    def __getitem__(self, i):
        return np.zeros((4, 2), "float32"), np.zeros((4, 1), "float32")


class _PerEpoch(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.counts = []

    def on_epoch_begin(self, epoch, logs=None):
        self.counts.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.counts[-1] += 1


def test_keras3_splits_the_sequence_across_epochs() -> None:
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    seen = _PerEpoch()
    model.fit(_Three(), steps_per_epoch=2, epochs=3, verbose=0, callbacks=[seen])
    assert seen.counts == [2, 1, 2]


SOURCE = """\
import keras
class Seq(keras.utils.Sequence):
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return x, y
model = keras.Sequential()
seq = Seq()
model.fit_generator(seq, steps_per_epoch=n // 32, epochs=3)
model.fit_generator(seq, steps_per_epoch=len(seq), epochs=3)
model.fit_generator(gen(), steps_per_epoch=10, epochs=3)
"""


def test_the_rewrite_reports_it_and_keeps_it() -> None:
    result = rewrite_source(SOURCE, "t.py")
    assert "model.fit(validate_batches(seq), steps_per_epoch=n // 32, epochs=3)" in result.output
    assert [d.line for d in result.diagnostics if d.code == "FG011"] == [9]
