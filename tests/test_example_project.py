"""The README's first command: migrate examples/keras2_project, then the result trains on Keras 3."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_programs_keras3 import ENV, run_python

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "keras2_project"


def migrate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "rewrite", *args],
        env=ENV, capture_output=True, text=True, timeout=120,
    )


def test_the_readme_starts_with_the_example_project():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert "migrate-fitgen rewrite" in commands[0]
    assert "examples/keras2_project" in commands[0]


def test_the_example_migrates_cleanly_and_trains_on_keras3(tmp_path: Path):
    pytest.importorskip("keras")
    pytest.importorskip("jax")
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    before = run_python(project / "train.py", project)
    assert before.returncode != 0 and "fit_generator" in before.stderr

    diff = migrate("--diff", str(project))
    assert diff.returncode == 1, diff.stderr
    assert "+model.fit(validate_batches(train_gen)" in diff.stdout

    done = migrate(str(project))
    assert done.returncode == 0, done.stderr
    assert "3 files scanned, 1 changed, 3 calls migrated, 0 items to review" in done.stderr
    assert migrate("--check", str(project)).returncode == 0  # a second run changes nothing

    after = run_python(project / "train.py", project)
    assert after.returncode == 0, after.stderr[-3000:]
    assert "validation accuracy:" in after.stdout
