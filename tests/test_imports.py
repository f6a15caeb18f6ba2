"""FG008: Keras 2 data-path imports on Keras 3, through the core, the analyser and the CLI.

What the rewritten imports do is checked by running them on the installed Keras 3."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source
from migrate_fitgen.cli import app
from migrate_fitgen.rewrite import RewriteOptions, rewrite_source

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

MOVED = textwrap.dedent(
    """\
    from keras.utils.np_utils import to_categorical as onehot
    from keras.utils import np_utils
    import keras.utils.np_utils
    import keras.utils.data_utils as du
    from keras.utils.data_utils import (Sequence,
                                        get_file)


    class Batches(Sequence):
        def __len__(self):
            return 1


    y = onehot([0, 1, 2], 3)
    z = np_utils.normalize(y)
    w = keras.utils.np_utils.to_categorical([1], 2)
    assert issubclass(Batches, du.Sequence) and callable(get_file)
    RESULT = (y.shape, z.shape, w.shape)
    """
)


def apply_edits(text: str, edits) -> str:
    """Apply edits whose lines are Python's (\\n, \\r\\n, \\r; not str.splitlines')."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    for e in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        a = starts[e.line - 1] + e.column - 1
        b = starts[e.end_line - 1] + e.end_column - 1
        text = text[:a] + e.content + text[b:]
    return text


def run_on_keras3(code: str) -> subprocess.CompletedProcess:
    script = code + "\nprint(RESULT)\n"
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
        env={**os.environ, "KERAS_BACKEND": "jax"},
    )


def test_moved_names_fail_before_and_run_after_the_rewrite_on_keras3():
    pytest.importorskip("keras")
    before = run_on_keras3(MOVED)
    assert before.returncode != 0 and "No module named 'keras.utils.np_utils'" in before.stderr
    result = rewrite_source(MOVED, "moved.py")
    assert result.diagnostics == []  # every import was fixed: nothing left to review
    after = run_on_keras3(result.output)
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip() == "((3, 3), (3, 3), (1, 2))"
    assert rewrite_source(result.output, "moved.py").output == result.output


def test_removed_name_is_reported_and_really_fails():
    pytest.importorskip("keras")
    src = "from keras.preprocessing.image import ImageDataGenerator, img_to_array\nRESULT = 1\n"
    result = rewrite_source(src, "aug.py")
    assert result.output == src
    assert [(d.code, d.line) for d in result.diagnostics] == [("FG008", 1)]
    assert "image_dataset_from_directory" in result.diagnostics[0].message
    run = run_on_keras3(src)
    assert "cannot import name 'ImageDataGenerator'" in run.stderr
    # the name that stays is really still there
    assert run_on_keras3("from keras.preprocessing.image import img_to_array\nRESULT = 1\n").returncode == 0


@pytest.mark.parametrize(
    "src",
    [
        MOVED,
        (ROOT / "corpus" / "analyze" / "fg008_removed_keras_import.py").read_text(),
        (ROOT / "corpus" / "rewrite" / "imports_without_legacy_call.py").read_text(),
        "import os; from keras.utils.data_utils import Sequence, OrderedEnqueuer; import sys\n",
        "def f():\n    from keras.utils import np_utils, HDF5Matrix\n    return np_utils.normalize\n",
        "if x:\r\n\tfrom keras.utils import np_utils, HDF5Matrix\r\n\tnp_utils.normalize(y)\r\n",
        "if x:\n    y = 1  # \x0c form feed\n    from keras.utils import np_utils, HDF5Matrix\n"
        "    np_utils.normalize(y)\n",
    ],
    ids=["moved", "analyze-corpus", "no-legacy-call", "semicolons", "split-in-function",
         "crlf-tabs", "form-feed"],
)
def test_published_fixes_equal_the_rewrite(src):
    """The analyser's fix edits, applied to the text, give exactly what `rewrite` writes."""
    found = analyze_source(src, "f.py", AnalyzeOptions(select=("FG008",)))
    edits = [e for d in found if d.fix for e in d.fix.edits]
    assert edits
    assert all(d.fix.applicability.value == "safe" for d in found if d.fix)
    assert apply_edits(src, edits) == rewrite_source(src, "f.py").output


def test_tf_keras_target_reports_and_changes_nothing():
    src = "from keras.utils.np_utils import to_categorical\nfrom keras.preprocessing.image import ImageDataGenerator\n"
    result = rewrite_source(src, "t.py", RewriteOptions(target="tf-keras"))
    assert result.output == src and result.diagnostics == []
    assert analyze_source(src, "t.py", AnalyzeOptions(target="tf-keras", select=("FG008",))) == []


def test_not_exact_uses_leave_the_import_alone():
    src = "from keras.utils import np_utils\nf = np_utils\ny = np_utils.to_categorical(x)\n"
    result = rewrite_source(src, "n.py")
    assert result.output == src
    assert [d.code for d in result.diagnostics] == ["FG008"]
    assert "used other than as" in result.diagnostics[0].message


def test_rebinding_the_name_is_not_fixed():
    src = "from keras.utils import np_utils\ndef g(np_utils):\n    return np_utils.to_categorical(1)\n"
    assert rewrite_source(src, "r.py").output == src


def test_comment_inside_a_split_statement_blocks_the_fix():
    src = "from keras.utils.data_utils import (Sequence,  # base\n    OrderedEnqueuer)\n"
    result = rewrite_source(src, "c.py")
    assert result.output == src
    assert "holds a comment" in result.diagnostics[0].message


def test_cli_rewrite_fixes_an_import_only_file(tmp_path: Path):
    (tmp_path / "data.py").write_text("from keras.utils.np_utils import to_categorical\n")
    (tmp_path / "aug.py").write_text("from keras.preprocessing.image import ImageDataGenerator\n")
    r = runner.invoke(app, ["rewrite", str(tmp_path)])
    assert r.exit_code == 0
    assert (tmp_path / "data.py").read_text() == "from keras.utils import to_categorical\n"
    assert "aug.py:1:1: FG008 Keras 3's `keras.preprocessing.image` has no `ImageDataGenerator`" in r.stderr
    assert "2 files scanned, 1 changed, 0 calls migrated, 1 item to review" in r.stderr
    again = runner.invoke(app, ["rewrite", "--check", str(tmp_path)])
    assert again.exit_code == 0


def test_cli_rewrite_tf_keras_target_keeps_imports(tmp_path: Path):
    (tmp_path / "data.py").write_text("from keras.utils.np_utils import to_categorical\n")
    r = runner.invoke(app, ["rewrite", "--check", "--target", "tf-keras", str(tmp_path)])
    assert r.exit_code == 0 and "FG008" not in r.stderr


def test_cli_analyze_json_publishes_the_fix(tmp_path: Path):
    path = tmp_path / "data.py"
    path.write_text("from keras.utils import np_utils\ny = np_utils.to_categorical(x)\n")
    r = runner.invoke(app, ["analyze", "--format", "json", str(path)])
    assert r.exit_code == 1
    [finding] = json.loads(r.stdout)
    assert finding["code"] == "FG008" and finding["name"] == "removed-keras-import"
    assert finding["severity"] == "error"
    assert finding["fix"]["applicability"] == "safe"
    assert finding["fix"]["edits"] == [
        {"line": 1, "column": 1, "end_line": 1, "end_column": 33,
         "content": "from keras import utils as np_utils"}
    ]
    quiet = runner.invoke(app, ["analyze", "--target", "tf-keras", str(path)])
    assert quiet.exit_code == 0


def test_noqa_suppresses_fg008():
    src = "from keras.preprocessing.image import ImageDataGenerator  # noqa: FG008\n"
    assert analyze_source(src, "q.py", AnalyzeOptions(select=("FG008",))) == []
