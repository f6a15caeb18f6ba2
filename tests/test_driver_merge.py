"""`migrate-fitgen merge-reports`: the JSON and SARIF reports of the parts of a tree
merge into the report of the whole, whatever order they are given in."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from migrate_fitgen.cli import app
from migrate_fitgen.diagnostics import Diagnostic, Severity
from migrate_fitgen.report import render

runner = CliRunner()


def diag(path: str, line: int, code: str = "FG001") -> Diagnostic:
    return Diagnostic(code, "legacy-call", Severity.WARNING, f"m {line}", path, line, 1, line, 5)


WHOLE = [diag("a.py", 3), diag("a.py", 9, "FG003"), diag("b/c.py", 1), diag("z.py", 2)]
PARTS = [[WHOLE[1], WHOLE[3]], [WHOLE[0]], [WHOLE[2]], []]


def write_parts(tmp_path: Path, fmt: str):
    files = []
    for i, part in enumerate(PARTS):
        f = tmp_path / f"part{i}.{fmt}"
        f.write_text(render(fmt, part, [], 1))
        files.append(str(f))
    return files


def test_json_parts_merge_into_the_whole(tmp_path: Path):
    files = write_parts(tmp_path, "json")
    for order in (files, files[::-1]):
        r = runner.invoke(app, ["merge-reports", "--format", "json", *order])
        assert r.exit_code == 0, r.output
        assert r.stdout == render("json", WHOLE)
    # the same report twice adds nothing
    r = runner.invoke(app, ["merge-reports", "--format", "json", files[0], files[0]])
    assert json.loads(r.stdout) == json.loads(render("json", PARTS[0]))


def test_sarif_parts_merge_into_the_whole(tmp_path: Path):
    errors = [("bad.py", "does not parse"), ("worse.py", "cannot decode")]
    files = []
    for i, (part, errs) in enumerate(zip(PARTS, [errors[:1], [], errors[1:], []])):
        f = tmp_path / f"part{i}.sarif"
        f.write_text(render("sarif", part, errs, 1))
        files.append(str(f))
    out = tmp_path / "merged.sarif"
    r = runner.invoke(app, ["merge-reports", "--format", "sarif", "-o", str(out), *files[::-1]])
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text()) == json.loads(render("sarif", WHOLE, errors, 4))
    merged = json.loads(out.read_text())["runs"][0]
    assert merged["invocations"][0]["executionSuccessful"] is False
    assert len(merged["invocations"][0]["toolExecutionNotifications"]) == 2


def test_a_report_of_the_wrong_format_is_a_usage_error(tmp_path: Path):
    f = tmp_path / "r.json"
    f.write_text(render("json", WHOLE))
    assert runner.invoke(app, ["merge-reports", "--format", "sarif", str(f)]).exit_code == 2
    g = tmp_path / "not.json"
    g.write_text("{nope")
    assert runner.invoke(app, ["merge-reports", str(g)]).exit_code == 2
    assert runner.invoke(app, ["merge-reports", str(tmp_path / "missing.json")]).exit_code == 2
