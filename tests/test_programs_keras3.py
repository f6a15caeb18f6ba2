"""Rewrite each Keras-2-style program in corpus/programs and run it on real Keras 3 (JAX).

The original must fail on Keras 3 (no fit_generator, or a Keras 1/2 optimizer or layer
argument: the `train_keras1_*` programs); the rewritten one must train,
evaluate and predict and print OK.  The `train_float_steps_*` programs pass float step
counts: renaming their methods alone must fail on Keras 3 with the float TypeError, so
their success after the rewrite is FG007's doing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("keras")
pytest.importorskip("jax")

PROGRAMS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "programs").glob("train_*.py"))
ENV = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3"}


def run_python(script: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(script)], cwd=cwd, env=ENV, capture_output=True, text=True,
        timeout=300,
    )


def test_there_are_programs():
    assert len(PROGRAMS) >= 5


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_rewritten_program_runs_on_keras3(program: Path, tmp_path: Path):
    script = tmp_path / program.name
    shutil.copy(program, script)
    before = run_python(script, tmp_path)
    assert before.returncode != 0
    # no fit_generator, or (FG008) a Keras 2 module that Keras 3 does not have, or
    # (FG201/FG202) a Keras 1/2 optimizer or layer argument
    assert any(m in before.stderr for m in (
        "_generator", "No module named 'keras.utils.", "Unrecognized keyword arguments passed to",
        "Argument(s) not recognized", "missing 1 required positional argument",
    )), before.stderr[-2000:]

    rw = subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "rewrite", str(script)],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120,
    )
    assert rw.returncode == 0, rw.stderr
    text = script.read_text()
    assert "_generator(" not in text
    assert "from migrate_fitgen.runtime import validate_batches" in text

    after = run_python(script, tmp_path)
    assert after.returncode == 0, after.stderr[-3000:]
    assert after.stdout.startswith("OK") or "\nOK" in after.stdout, after.stdout


FLOAT_PROGRAMS = [p for p in PROGRAMS if p.stem.startswith("train_float_steps_")]


def test_there_are_float_step_programs():
    assert len(FLOAT_PROGRAMS) >= 4


@pytest.mark.parametrize("program", FLOAT_PROGRAMS, ids=[p.stem for p in FLOAT_PROGRAMS])
def test_float_steps_fail_on_keras3_without_the_ceiling(program: Path, tmp_path: Path):
    """The same program with only the method names changed (its arguments are keywords
    after the data) fails on Keras 3 because of the float step count."""
    script = tmp_path / program.name
    text = program.read_text()
    for old in ("fit", "evaluate", "predict"):
        text = text.replace(f".{old}_generator(", f".{old}(")
    script.write_text(text)
    naive = run_python(script, tmp_path)
    assert naive.returncode != 0
    assert "object cannot be interpreted as an integer" in naive.stderr, naive.stderr[-2000:]
