"""The composite GitHub Action of ``action.yml``, run step by step as a runner does.

Each step's ``run:`` script is read from action.yml and run with ``bash --noprofile
--norc -eo pipefail`` (the runner's ``shell: bash``), its ``env:`` expressions filled
in from the inputs, ``github.action_path`` (a copy of this package), ``runner.temp``
and the outputs of earlier steps; ``$GITHUB_PATH`` and ``$GITHUB_OUTPUT`` are files,
read back after each step, as on GitHub.  The install step really installs the
package (pip, into a virtualenv), so the commands that follow run the installed tool.
The SARIF file is validated against the OASIS SARIF 2.1.0 schema.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

import jsonschema
import pytest

from migrate_fitgen.diagnostics import Edit
from migrate_fitgen.edits import apply_edits

yaml = pytest.importorskip("yaml")  # PyYAML comes with pre-commit (the test extra)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
PACKAGE_FILES = ("pyproject.toml", "README.md", "action.yml", "migrate_fitgen")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

LEGACY = "import keras\n\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n"
BROKEN = (
    "import keras\n\n\n"
    "def as_list(x, y, bs):\n"
    "    while True:\n"
    "        for i in range(0, len(x), bs):\n"
    "            yield [x[i:i + bs], y[i:i + bs]]\n\n\n"
    "model = keras.Sequential()\n"
    "model.fit(as_list([1], [2], 1), steps_per_epoch=2)\n"
)


@dataclass
class StepRun:
    name: str
    code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def action_path(tmp_path_factory) -> Path:
    """This package as a workflow's ``uses:`` checks it out."""
    path = tmp_path_factory.mktemp("action")
    for name in PACKAGE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, path / name)
    return path


@pytest.fixture(scope="session")
def runner_temp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("runner-temp")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "train.py").write_text(LEGACY)
    (tmp_path / "gens.py").write_text(BROKEN)
    (tmp_path / "notes.md").write_text("fit_generator in prose\n")
    return tmp_path


def run_action(workspace: Path, action_path: Path, runner_temp: Path, **given: str) -> List[StepRun]:
    """Run the action's steps in order, stopping at the first that fails (as a runner does)."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    assert set(given) <= set(inputs), "unknown input"
    inputs.update(given)
    context = {"github.action_path": str(action_path), "runner.temp": str(runner_temp), "github.workspace": str(workspace)}
    outputs: Dict[str, Dict[str, str]] = {}
    extra_path: List[str] = []

    def value(expr: str) -> str:
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m:
            return outputs.get(m.group(1), {}).get(m.group(2), "")
        return context[expr]

    def condition(expr: str) -> bool:
        m = re.fullmatch(r"inputs\.([\w-]+) == '([^']*)'", expr.strip())
        assert m, f"the test does not know how to evaluate `if: {expr}`"
        return inputs[m.group(1)] == m.group(2)

    runs = []
    assert ACTION["runs"]["using"] == "composite"
    for i, step in enumerate(ACTION["runs"]["steps"]):
        assert "run" in step and step.get("shell") == "bash", "every step is a bash script"
        assert "${{" not in step["run"], "inputs reach a script through env:, never spliced into it"
        if "if" in step and not condition(step["if"]):
            continue
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PATH"] = os.pathsep.join(extra_path + [env.get("PATH", "")])
        env.update({k: EXPRESSION.sub(lambda m: value(m.group(1)), str(v)) for k, v in step.get("env", {}).items()})
        out_file, path_file = runner_temp / f"output-{i}", runner_temp / f"path-{i}"
        out_file.write_text("")
        path_file.write_text("")
        env.update(GITHUB_ACTIONS="true", GITHUB_OUTPUT=str(out_file), GITHUB_PATH=str(path_file))
        script = runner_temp / f"step-{i}.sh"
        script.write_text(step["run"])
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=env, capture_output=True, text=True,
        )
        runs.append(StepRun(step["name"], proc.returncode, proc.stdout, proc.stderr))
        if "id" in step:
            outputs[step["id"]] = dict(
                line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line
            )
        extra_path = [p for p in path_file.read_text().splitlines() if p] + extra_path
        if proc.returncode != 0:
            break
    return runs


def _apply_sarif_fix(text: str, fix: dict) -> str:
    (change,) = fix["artifactChanges"]
    edits = [
        Edit(r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"],
             r["deletedRegion"]["endLine"], r["deletedRegion"]["endColumn"], r["insertedContent"]["text"])
        for r in change["replacements"]
    ]
    return apply_edits(text, edits)


def _rewritten(text: str, name: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "rewrite", "-", "--stdin-filename", name, "-q"],
        input=text, capture_output=True, text=True, check=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    ).stdout


def test_sarif_for_code_scanning_and_annotations_for_the_pull_request(workspace, action_path, runner_temp):
    runs = run_action(workspace, action_path, runner_temp, annotations="true")
    assert [r.name for r in runs] == ["Install migrate-fitgen", "Analyze (SARIF)", "Annotate", "Result"]
    assert [r.code for r in runs] == [0, 0, 0, 1], runs  # findings fail the job, after the report
    log = json.loads((workspace / "migrate-fitgen.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)

    results = log["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    assert {"FG001", "FG004", "FG101"} <= set(by_rule)
    assert "fixes" not in by_rule["FG101"]  # nothing the rewrite can make
    legacy = by_rule["FG001"]
    assert legacy["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("train.py")
    # the fix, applied, is what `rewrite` writes for the file
    assert _apply_sarif_fix(LEGACY, legacy["fixes"][0]) == _rewritten(LEGACY, "train.py")

    annotations = runs[2].stdout.splitlines()
    assert any(a.startswith("::warning file=") and "train.py" in a and "FG001" in a for a in annotations)
    assert any(a.startswith("::error file=") and "gens.py" in a and "line=7" in a for a in annotations)
    assert runs[1].stdout == ""  # the SARIF went to the file, not the log


def test_without_annotations_and_with_fail_on_never(workspace, action_path, runner_temp):
    runs = run_action(workspace, action_path, runner_temp, **{"fail-on": "never", "sarif-file": "out/report.sarif"})
    assert [r.name for r in runs] == ["Install migrate-fitgen", "Analyze (SARIF)", "Result"]
    assert [r.code for r in runs] == [0, 0, 0]
    assert not any("::" in r.stdout for r in runs)
    log = json.loads((workspace / "out" / "report.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"]


def test_paths_limit_what_is_analysed(workspace, action_path, runner_temp):
    runs = run_action(workspace, action_path, runner_temp, paths="train.py notes.md")
    assert [r.code for r in runs] == [0, 0, 1]
    log = json.loads((workspace / "migrate-fitgen.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"FG001", "FG004"}
