"""``fit(..., nb_epoch=N)`` (Keras 1's name of ``epochs``), found on real code next to
migrated ``fit_generator`` calls: Keras 2's ``fit`` renamed it itself, real Keras 3
(JAX backend, CPU) raises TypeError; the rewrite renames it where the receiver may be
a Keras model, and every prefilter keeps such a file."""

import ast
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen import keras1_names as table  # noqa: E402
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source  # noqa: E402
from migrate_fitgen.prefilter import may_analyse, may_rewrite  # noqa: E402
from migrate_fitgen.rewrite import RewriteOptions, rewrite_source  # noqa: E402

SCRIPT = """\
import numpy as np
import keras

X = np.zeros((16, 4), "float32")
Y = np.zeros((16, 1), "float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
history = model.fit(X, Y, nb_epoch=2, verbose=0)
"""


def test_keras3_rejects_nb_epoch() -> None:
    with pytest.raises(TypeError, match="nb_epoch"):
        exec(compile(SCRIPT, "train.py", "exec"), {})


def test_the_rewritten_script_trains_that_many_epochs() -> None:
    result = rewrite_source(SCRIPT, "train.py")
    assert "model.fit(X, Y, epochs=2, verbose=0)" in result.output
    namespace: dict = {}
    exec(compile(result.output, "train.py", "exec"), namespace)
    assert len(namespace["history"].history["loss"]) == 2
    found = [d for d in analyze_source(SCRIPT, "train.py", AnalyzeOptions()) if d.code == "FG002"]
    assert [d.line for d in found] == [8] and found[0].fix is not None


@pytest.mark.parametrize("source", [
    # a project's own fit takes its own nb_epoch
    "import keras\nclass T:\n    def fit(self, x, nb_epoch=1):\n        pass\nT().fit(1, nb_epoch=2)\n",
    # no Keras import, nothing followed to a Keras model
    "def train(model):\n    model.fit(x, nb_epoch=2)\n",
    # a typo is no Keras 1 name
    "import keras\ndef train(model):\n    model.fit(x, nb_epochs=2)\n",
])
def test_left_alone(source: str) -> None:
    assert rewrite_source(source, "t.py").output == source


def test_every_prefilter_keeps_the_file() -> None:
    text = "import keras\ndef train(model, x):\n    model.fit(x,\n              nb_epoch = 3)\n"
    assert table.might_matter(text) and table.might_matter(text.encode())
    assert table.may_hold_training_issue(ast.parse(text))
    assert may_rewrite(text) and may_analyse(text)
    assert "epochs = 3" in rewrite_source(text, "t.py").output
    assert not table.might_matter(text.replace("nb_epoch", "nb_epochs"))


def test_the_keras1_evidence_stays_while_a_legacy_call_stays() -> None:
    """``nb_epoch`` in a ``fit`` tells that the file was written for Keras 1, which makes
    ``predict_generator(gen, n)``'s ``n`` a sample count (unsafe to migrate): renaming it
    in a safe run would make a second run read ``n`` as a step count."""
    text = (
        "from keras.models import Sequential\nmodel = Sequential()\n"
        "model.fit(X, Y, nb_epoch=2)\npreds = model.predict_generator(gen, n_samples)\n"
    )
    safe = rewrite_source(text, "t.py").output
    assert safe == text and rewrite_source(safe, "t.py").output == safe
    unsafe = rewrite_source(text, "t.py", RewriteOptions(unsafe_fixes=True)).output
    assert "model.fit(X, Y, epochs=2)" in unsafe and "predict_generator" not in unsafe


def test_a_file_without_keras_is_no_candidate_for_it() -> None:
    """deepchem's own models take ``fit(dataset, nb_epoch=...)`` in files that import no
    Keras: analyze's FG002 test does not keep them (on the 4,165-file benchmark tree
    they were 18 more candidates, 26% more CPU, for no finding)."""
    from migrate_fitgen.analyze.prefilter import may_hold_keras1_argument

    deepchem = "import deepchem as dc\ndef run(model, ds):\n    model.fit(ds, nb_epoch=5)\n"
    assert not may_hold_keras1_argument(ast.parse(deepchem))
    assert may_hold_keras1_argument(ast.parse("import keras\n" + deepchem))
    assert may_hold_keras1_argument(ast.parse("model.fit_generator(g, 10)\n"))
