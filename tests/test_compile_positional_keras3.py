"""``model.compile('adam', 'mse', ['accuracy'])`` (found on real code, next to migrated
``fit_generator`` calls): the third positional parameter was ``metrics`` in Keras 1 and
2 and is ``loss_weights`` on real Keras 3 (JAX backend), where the script fails in
``fit``.  The rewrite passes it as ``metrics=``."""

import ast
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen import keras1_names as table  # noqa: E402
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source  # noqa: E402
from migrate_fitgen.rewrite import rewrite_source  # noqa: E402

SCRIPT = """\
import numpy as np
import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile('adam', 'binary_crossentropy', ['accuracy'])
history = model.fit(np.zeros((8, 4), "float32"), np.zeros((8, 1), "float32"), epochs=1, verbose=0)
"""


def test_keras3_takes_it_as_loss_weights() -> None:
    with pytest.raises(TypeError):
        exec(compile(SCRIPT, "train.py", "exec"), {})


def test_the_rewritten_script_trains_with_the_metric() -> None:
    out = rewrite_source(SCRIPT, "train.py").output
    assert "model.compile('adam', 'binary_crossentropy', metrics=['accuracy'])" in out
    namespace: dict = {}
    exec(compile(out, "train.py", "exec"), namespace)
    assert "accuracy" in namespace["history"].history
    found = [d for d in analyze_source(SCRIPT, "train.py", AnalyzeOptions()) if d.code == "FG201"]
    assert [d.line for d in found] == [5] and found[0].fix is not None


@pytest.mark.parametrize("source", [
    "import re\nimport keras\npattern = re.compile('a', 0)\n",
    "import keras\nmodel.compile('adam', 'mse')\n",
    "import keras\nmodel.compile('adam', 'mse', ['acc'], None)\n",  # reported, not rewritten
    "import keras\nclass Q:\n    def compile(self, a, b, c):\n        pass\nQ().compile(1, 2, 3)\n",
    "def build(model):\n    model.compile('adam', 'mse', ['acc'])\n",  # no Keras import
])
def test_left_alone(source: str) -> None:
    assert rewrite_source(source, "t.py").output == source


def test_the_prefilters_keep_the_file() -> None:
    text = "import keras\ndef build(model):\n    model.compile(\n        'adam', 'mse', ['acc'])\n"
    assert table.might_matter(text) and table.may_hold_training_issue(ast.parse(text))
    assert "metrics=['acc']" in rewrite_source(text, "t.py").output
