"""``ModelCheckpoint`` as Keras 2 scripts built it, which real Keras 3 (JAX backend)
rejects when it is made: ``period=`` and file paths ending otherwise than ``.keras`` /
``.h5`` (``.weights.h5`` for weights only).  Reported as FG203 where the path is a
literal; a new file name is the author's to choose (other code may load the old one)."""

import ast
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen import keras1_names as table  # noqa: E402
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source  # noqa: E402
from migrate_fitgen.rewrite import rewrite_source  # noqa: E402

CASES = {
    # (arguments, reported by the tool, Keras 3's error or None)
    "hdf5": ("'w-{epoch:02d}.hdf5', save_best_only=True", True, ValueError),
    "weights h5": ("filepath='best.h5', save_weights_only=True", True, ValueError),
    "period": ("'m.keras', period=5", True, TypeError),
    "period 1": ("'m.keras', period=1", True, TypeError),
    "f-string hdf5": ("f'{d}/w.hdf5'", True, ValueError),
    "h5 model": ("'model.h5'", False, None),
    "keras": ("'model.keras', save_best_only=True", False, None),
    "weights.h5": ("'m.weights.h5', save_weights_only=True", False, None),
    "unknown path": ("path", False, None),
    "unknown flag": ("'w.hdf5', save_weights_only=flag", False, None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_keras3_and_the_report_agree(case: str) -> None:
    args, reported, error = CASES[case]
    namespace = {"d": "/tmp", "path": "/tmp/m.keras", "flag": False, "keras": keras}
    make = f"keras.callbacks.ModelCheckpoint({args})"
    if error is not None:
        with pytest.raises(error):
            eval(make, namespace)
    elif case != "unknown flag":
        eval(make, namespace)
    source = f"import keras\ncb = {make}\n"
    found = [d for d in analyze_source(source, "t.py", AnalyzeOptions()) if d.code == "FG203"]
    assert bool(found) == reported, found
    out = rewrite_source(source, "t.py").output
    if case == "period 1":
        # every epoch, Keras 3's default `save_freq="epoch"`: dropped, and it builds
        assert out == source.replace(", period=1", "")
        eval(out.splitlines()[1].split(" = ", 1)[1], namespace)
    else:
        assert out == source  # reported, never rewritten
    if reported:
        assert table.might_matter(source) and table.may_hold_training_issue(ast.parse(source))


def test_the_ast_test_reads_the_path() -> None:
    keep = "import keras\ncb = keras.callbacks.ModelCheckpoint('w.hdf5')\n"
    assert table.may_hold_training_issue(ast.parse(keep))
    assert not table.may_hold_training_issue(ast.parse(keep.replace("w.hdf5", "w.keras")))
    assert not table.may_hold_training_issue(ast.parse(keep.replace("'w.hdf5'", "path")))
