"""Programs that use a generator or dataset again after Keras is done with it.

Each corpus/programs/reuse_*.py is rewritten twice, with --wrap and with --no-wrap, and
both results run on real Keras 3 (JAX). The wrapper must be invisible except for its
checks: both runs succeed and print exactly the same (losses, batches pulled, hooks).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_programs_keras3 import ENV, run_python

pytest.importorskip("keras")
pytest.importorskip("jax")

PROGRAMS = sorted(
    (Path(__file__).resolve().parent.parent / "corpus" / "programs").glob("reuse_*.py")
)


def test_there_are_reuse_programs():
    assert len(PROGRAMS) >= 5


def rewritten(program: Path, folder: Path, wrap_option: str) -> Path:
    folder.mkdir()
    script = folder / program.name
    shutil.copy(program, script)
    rw = subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "rewrite", "-q", wrap_option, str(script)],
        env=ENV, capture_output=True, text=True, timeout=120,
    )
    assert rw.returncode == 0, rw.stderr
    text = script.read_text()
    assert "_generator(" not in text
    assert ("validate_batches(" in text) == (wrap_option == "--wrap")
    return script


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_same_outcome_with_and_without_the_wrapper(program: Path, tmp_path: Path):
    outputs = {}
    for option in ("--wrap", "--no-wrap"):
        script = rewritten(program, tmp_path / option.strip("-"), option)
        run = run_python(script, script.parent)
        assert run.returncode == 0, f"{option}: {run.stderr[-3000:]}"
        outputs[option] = run.stdout
    assert outputs["--wrap"] == outputs["--no-wrap"]
    assert outputs["--wrap"].rstrip().endswith("OK")
