"""``ReduceLROnPlateau(epsilon=...)`` (found on real code): Keras 2.0 named the plateau
threshold ``epsilon``, Keras 2.1.6-2.3 and tf.keras 2 read ``epsilon`` as ``min_delta``;
real Keras 3 (JAX backend) ignores it without a word.  The rewrite renames it (FG201),
and every prefilter keeps such a file."""

import ast
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen import keras1_names as table  # noqa: E402
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source  # noqa: E402
from migrate_fitgen.rewrite import rewrite_source  # noqa: E402


def test_keras3_ignores_epsilon() -> None:
    assert keras.callbacks.ReduceLROnPlateau(monitor="loss", epsilon=0.5).min_delta == pytest.approx(1e-4)
    assert keras.callbacks.ReduceLROnPlateau(monitor="loss", min_delta=0.5).min_delta == 0.5


SOURCE = (
    "from keras.callbacks import ReduceLROnPlateau\n"
    "cb = ReduceLROnPlateau(monitor='val_loss', factor=0.2, epsilon = 0.00001, mode='max')\n"
)


def test_the_rewrite_renames_it_and_the_callback_reads_it() -> None:
    out = rewrite_source(SOURCE, "t.py").output
    assert "min_delta = 0.00001" in out and "epsilon" not in out
    namespace: dict = {}
    exec(compile(out, "t.py", "exec"), namespace)
    assert namespace["cb"].min_delta == pytest.approx(1e-5)
    found = [d for d in analyze_source(SOURCE, "t.py", AnalyzeOptions()) if d.code == "FG201"]
    assert [d.line for d in found] == [2] and found[0].fix is not None


@pytest.mark.parametrize("source", [
    "import keras\ncb = keras.callbacks.ReduceLROnPlateau(epsilon=0.1, min_delta=0.2)\n",
    "import keras\ncb = keras.callbacks.EarlyStopping(epsilon=0.1)\n",
    "from mylib import ReduceLROnPlateau\ncb = ReduceLROnPlateau(epsilon=0.1)\n",
])
def test_left_alone(source: str) -> None:
    assert rewrite_source(source, "t.py").output == source


def test_the_prefilters_keep_the_file() -> None:
    assert table.might_matter(SOURCE) and table.might_matter(SOURCE.encode())
    assert table.may_hold_training_issue(ast.parse(SOURCE))
