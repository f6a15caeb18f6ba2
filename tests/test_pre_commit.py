"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the real ``pre-commit``.

``pre-commit try-repo`` (and ``git commit`` with the hooks installed) sets the hooks up
the way a user's config does: a virtualenv with this package ``pip install``ed into it,
then the hook run on the staged files of a temporary git repository.  The package is
copied, as it is in this checkout, into a throw-away repository with one commit, so the
tests run the same from a clean clone (CI), from a working tree with changes not yet
committed, or from an unpacked sdist; the hook environment is built once per session
(it needs the package index, as pre-commit always does).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate_fitgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
#: what ``pip install`` of the package needs, and the hooks' manifest
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "migrate_fitgen")

LEGACY = "import keras\n\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n"
MIGRATED = (
    "import keras\nfrom migrate_fitgen.runtime import validate_batches\n\n"
    "model = keras.Sequential()\nmodel.fit(validate_batches(gen), steps_per_epoch=10, epochs=2)\n"
)
BROKEN = (
    "import keras\n\n\n"
    "def as_list(x, y, bs):\n"
    "    while True:\n"
    "        for i in range(0, len(x), bs):\n"
    "            yield [x[i:i + bs], y[i:i + bs]]\n\n\n"
    "model = keras.Sequential()\n"
    "model.fit(as_list([1], [2], 1), steps_per_epoch=2)\n"
)


# the exit code the hook relies on ------------------------------------------------------


def test_exit_non_zero_on_fix_fails_when_a_file_was_rewritten(tmp_path: Path):
    runner = CliRunner()
    (tmp_path / "train.py").write_text(LEGACY)
    first = runner.invoke(app, ["rewrite", "--exit-non-zero-on-fix", str(tmp_path)])
    assert first.exit_code == 1 and (tmp_path / "train.py").read_text() == MIGRATED
    again = runner.invoke(app, ["rewrite", "--exit-non-zero-on-fix", str(tmp_path)])
    assert again.exit_code == 0
    # without the flag an in-place rewrite succeeds (as before)
    (tmp_path / "train.py").write_text(LEGACY)
    assert runner.invoke(app, ["rewrite", str(tmp_path)]).exit_code == 0
    # and on stdin
    piped = runner.invoke(app, ["rewrite", "-", "--exit-non-zero-on-fix"], input=LEGACY)
    assert piped.exit_code == 1 and piped.stdout == MIGRATED
    assert runner.invoke(app, ["rewrite", "-", "--exit-non-zero-on-fix"], input=MIGRATED).exit_code == 0


# the real pre-commit -------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory) -> tuple:
    """(path, commit) of a git repository holding this package as it is now."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hooks-repo")
    for name in PACKAGE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "migrate-fitgen as checked out")
    return repo, _git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def env(tmp_path_factory) -> dict:
    """pre-commit's own home for this session; the hook runs the installed package."""
    out = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    return out


@pytest.fixture
def project(tmp_path: Path, hooks_repo) -> Path:
    """A git repository whose committed .pre-commit-config.yaml uses both hooks."""
    repo, commit = hooks_repo
    _git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("# a project\n")
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo}\n  rev: {commit}\n  hooks:\n"
        "  - id: migrate-fitgen-rewrite\n  - id: migrate-fitgen-analyze\n"
    )
    _git(tmp_path, "add", "README.md", ".pre-commit-config.yaml")
    _git(tmp_path, "commit", "-q", "-m", "start")
    return tmp_path


def pre_commit(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=project, env=env, capture_output=True, text=True
    )


def test_try_repo_the_rewrite_hook_stops_a_legacy_call_and_fixes_it(project: Path, hooks_repo, env):
    """``try-repo`` builds the hook's environment from scratch (a store of its own)."""
    repo, commit = hooks_repo
    (project / "train.py").write_text(LEGACY)
    _git(project, "add", "train.py")
    stopped = pre_commit(project, env, "try-repo", str(repo), "migrate-fitgen-rewrite", "--ref", commit)
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "Failed" in stopped.stdout and "files were modified by this hook" in stopped.stdout
    assert (project / "train.py").read_text() == MIGRATED
    _git(project, "add", "train.py")
    passed = pre_commit(project, env, "run", "migrate-fitgen-rewrite")
    assert passed.returncode == 0 and "Passed" in passed.stdout, passed.stdout + passed.stderr


def test_the_analyze_hook_reports_a_broken_generator(project: Path, env):
    (project / "gens.py").write_text(BROKEN)
    _git(project, "add", "gens.py")
    run = pre_commit(project, env, "run", "migrate-fitgen-analyze")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "gens.py:7:" in run.stdout and "FG101" in run.stdout
    assert (project / "gens.py").read_text() == BROKEN  # the analyser never writes


def test_a_commit_without_python_files_passes(project: Path, env):
    (project / "README.md").write_text("# a project\n\nmodel.fit_generator(gen) in prose\n")
    _git(project, "add", "README.md")
    run = pre_commit(project, env, "run")  # every hook of the config
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("(no files to check)Skipped") == 2


def test_git_commit_with_the_hooks_installed(project: Path, env):
    pre_commit(project, env, "install").check_returncode()
    (project / "train.py").write_text(LEGACY)
    _git(project, "add", "train.py")
    commit_env = dict(env, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
                      GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")

    def commit_now() -> subprocess.CompletedProcess:
        return subprocess.run(["git", "commit", "-m", "train"], cwd=project, env=commit_env, capture_output=True, text=True)

    stopped = commit_now()
    assert stopped.returncode != 0 and "files were modified by this hook" in stopped.stderr + stopped.stdout
    assert (project / "train.py").read_text() == MIGRATED
    _git(project, "add", "train.py")
    done = commit_now()
    assert done.returncode == 0, done.stdout + done.stderr
    assert _git(project, "show", "HEAD:train.py") == MIGRATED
