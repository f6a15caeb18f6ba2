"""FG103/FG104 inside the batches of a multi-input model, against real Keras 3 (JAX
backend, CPU): a string array among the inputs, or inputs and targets with different
rows, fail in `fit` as they do at the top level (found on real code: siamese and
triplet generators yield `[a, p, n], y`, and analyze looked only at whole elements)."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

YIELDS = {
    "str": ("[a.astype(str), a], y", "FG103"),
    "input rows": ("[a[:n], a[:n - 2]], y[:n]", "FG104"),
    "target rows": ("[a[:n], a[:n]], y[:n - 1]", "FG104"),
}


def _model():
    a, b = keras.Input((4,)), keras.Input((4,))
    model = keras.Model([a, b], keras.layers.Dense(1)(keras.layers.Concatenate()([a, b])))
    model.compile(optimizer="sgd", loss="mse")
    return model


@pytest.mark.parametrize("case", sorted(YIELDS))
def test_keras3_fails_and_analyze_reports(case: str) -> None:
    expr, code = YIELDS[case]
    source = (
        "import numpy as np\nimport keras\n\n\ndef pairs(n=8):\n    while True:\n"
        "        a = np.zeros((8, 4), 'float32')\n        y = np.zeros((8, 1), 'float32')\n"
        f"        yield {expr}\n"
    )
    namespace: dict = {}
    exec(compile(source, "pairs.py", "exec"), namespace)
    with pytest.raises((ValueError, TypeError, RuntimeError)):
        _model().fit(namespace["pairs"](), steps_per_epoch=2, epochs=1, verbose=0)
    text = source + "\nmodel = keras.Sequential()\nmodel.fit(pairs(), steps_per_epoch=2)\n"
    found = [(d.code, d.line) for d in analyze_source(text, "t.py", AnalyzeOptions()) if d.code in ("FG103", "FG104")]
    assert found == [(code, 9)]


def test_the_same_batches_well_formed_train() -> None:
    def pairs():
        while True:
            a = np.zeros((8, 4), "float32")
            yield [a, a], np.zeros((8, 1), "float32")

    assert len(_model().fit(pairs(), steps_per_epoch=2, epochs=1, verbose=0).history["loss"]) == 1
