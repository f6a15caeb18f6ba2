"""Multi-file golden projects in corpus/projects, found by glob.

`<project>/before/` is copied to a temporary folder and rewritten there through the
command line (so its `pyproject.toml` is read); every file must then equal the one in
`<project>/after/`, and the review items printed on stderr (paths relative to the
project) must equal `<project>/review.txt`.  A file `<project>/args` holds extra
command-line options.  `analyze` on the same tree must report the removed-method
finding for exactly the calls the rewrite migrated.  Set MIGRATE_FITGEN_UPDATE_GOLDENS=1
to rewrite `after/` and `review.txt`, then review the diff by hand.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate_fitgen.cli import app

PROJECTS = sorted(
    p for p in (Path(__file__).resolve().parent.parent / "corpus" / "projects").iterdir()
    if (p / "before").is_dir()
)
UPDATE = os.environ.get("MIGRATE_FITGEN_UPDATE_GOLDENS") == "1"
runner = CliRunner()


def _files(root: Path) -> dict:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".migrate_fitgen_cache" not in p.parts
    }


def _review(stderr: str, root: Path) -> list:
    prefix = str(root) + os.sep
    lines = [ln.replace(prefix, "") for ln in stderr.splitlines() if ln.startswith(prefix)]
    return sorted(lines)


def test_there_are_projects():
    assert len(PROJECTS) >= 2


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_project(project: Path, tmp_path: Path):
    work = tmp_path / project.name
    shutil.copytree(project / "before", work)
    args = (project / "args").read_text().split() if (project / "args").exists() else []
    r = runner.invoke(app, ["rewrite", *args, str(work)])
    assert r.exit_code == 0, r.stderr
    review = _review(r.stderr, work)
    if UPDATE:
        shutil.rmtree(project / "after", ignore_errors=True)
        shutil.copytree(work, project / "after", ignore=shutil.ignore_patterns("__pycache__"))
        (project / "review.txt").write_text("".join(ln + "\n" for ln in review))
    assert _files(work) == _files(project / "after")
    assert review == (project / "review.txt").read_text().splitlines()

    # analyze decides the same way: a removed-method finding for each Keras call (those
    # migrated, and those waiting for --unsafe-fixes)
    migrated = int(re.search(r"(\d+) calls? migrated", r.stderr).group(1))
    migrated += sum("not migrated: it needs --unsafe-fixes" in ln for ln in review)
    shutil.rmtree(work)
    shutil.copytree(project / "before", work)
    a = runner.invoke(app, ["analyze", "--select", "FG001", "--fail-on", "never", str(work)])
    assert a.exit_code == 0, a.stderr
    removed = [ln for ln in a.stdout.splitlines() if "was removed in Keras 3" in ln]
    assert len(removed) == migrated


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_after_is_a_fixed_point(project: Path, tmp_path: Path):
    work = tmp_path / project.name
    shutil.copytree(project / "after", work)
    args = (project / "args").read_text().split() if (project / "args").exists() else []
    r = runner.invoke(app, ["rewrite", *args, str(work)])
    assert r.exit_code == 0, r.stderr
    assert _files(work) == _files(project / "after")
