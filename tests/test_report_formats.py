"""Reporters: text, json, sarif (validated against the OASIS schema) and github."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from migrate_fitgen.analyze.engine import analyze_paths
from migrate_fitgen import catalogue
from migrate_fitgen.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from migrate_fitgen.report import FORMATS, render
from migrate_fitgen.report.github import render_github
from migrate_fitgen.report.sarif import sarif_log
from migrate_fitgen.report.text import render_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _diag(code="FG104", line=3, col=5, message="msg", path="pkg/a b.py", fix=None, severity=None):
    return catalogue.get(code).diagnostic(
        path, line, col, message, end_line=line, end_column=col + 4, fix=fix, severity=severity
    )


FIX = Fix(Applicability.SAFE, "replace `fit_generator` with `fit`", (Edit(1, 1, 1, 20, "model.fit(gen)"),))
SAMPLE = [
    _diag("FG001", 1, 7, "`fit_generator` was removed in Keras 3; use `fit`", fix=FIX),
    _diag("FG104", 3, 5, "`y[i:i + bs - 5]` has 5 fewer rows, 100%: see\nthis"),
    _diag("FG106", 9, 1, "shuffled once"),
]
ERRORS = [("py2.py", "does not parse as Python 3 (line 1, column 7): expected ...")]


def test_text_lines_and_summary() -> None:
    out = render_text(SAMPLE, ERRORS, 3)
    lines = out.splitlines()
    assert lines[0] == "pkg/a b.py:1:7: FG001 `fit_generator` was removed in Keras 3; use `fit`"
    assert lines[-1] == (
        "Found 3 findings (1 error, 1 warning, 1 info) in 3 files. "
        "1 fixable with `migrate-fitgen rewrite`. 1 file could not be processed."
    )
    assert render_text([], [], 1) == "No findings in 1 file.\n"


def test_text_summary_counts_unsafe_fixes_apart() -> None:
    unsafe = Fix(Applicability.UNSAFE, "rename", (Edit(1, 1, 1, 2, "x"),))
    display = Fix(Applicability.DISPLAY_ONLY, "see docs", (Edit(1, 1, 1, 2, "x"),))
    diags = [_diag("FG001", fix=FIX), _diag("FG001", fix=unsafe), _diag("FG001", fix=display)]
    assert render_text(diags, [], 1).splitlines()[-1] == (
        "Found 3 findings (3 warnings) in 1 file. 1 fixable with `migrate-fitgen rewrite`. "
        "1 more with `migrate-fitgen rewrite --unsafe-fixes`."
    )


def test_json_is_diagnostic_dicts() -> None:
    data = json.loads(render("json", SAMPLE, ERRORS, 3))
    assert data == [d.to_dict() for d in SAMPLE]
    assert set(data[0]) == {
        "code", "name", "severity", "path", "line", "column", "end_line", "end_column", "message", "fix",
    }
    assert data[0]["fix"]["edits"][0]["content"] == "model.fit(gen)"
    assert data[1]["fix"] is None
    assert json.loads(render("json", [], [], 0)) == []


def _validate(log: dict) -> None:
    assert SCHEMA["$schema"].startswith("http://json-schema.org/draft-04/")
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)


def test_sarif_is_valid_and_carries_rule_metadata() -> None:
    log = json.loads(render("sarif", SAMPLE, ERRORS, 3))
    _validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == catalogue.codes()
    fg104 = rules[[r["id"] for r in rules].index("FG104")]
    rule = catalogue.get("FG104")
    assert fg104["name"] == rule.name
    assert fg104["shortDescription"]["text"] == rule.summary
    assert fg104["fullDescription"]["markdown"] == rule.doc()
    assert "## Use instead" in fg104["help"]["markdown"]
    assert fg104["helpUri"] == rule.help_uri()
    assert fg104["defaultConfiguration"]["level"] == "error"
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["FG106"] == "note" and levels["FG001"] == "warning"
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["FG001", "FG104", "FG106"]
    assert [r["level"] for r in results] == ["warning", "error", "note"]
    assert results[1]["ruleIndex"] == [r["id"] for r in rules].index("FG104")
    loc = results[1]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "pkg/a%20b.py"
    assert loc["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9}
    assert results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "model.fit(gen)"
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"].startswith("does not parse")


def test_sarif_of_the_corpus_is_valid() -> None:
    result = analyze_paths([str(ROOT / "corpus" / "analyze")])
    assert result.diagnostics
    log = sarif_log(result.diagnostics, result.errors)
    _validate(log)
    assert len(log["runs"][0]["results"]) == len(result.diagnostics)


def test_sarif_empty_run_is_valid() -> None:
    log = sarif_log([], [])
    _validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_github_annotations() -> None:
    out = render_github(SAMPLE, ERRORS, 3).splitlines()
    assert out[0] == (
        "::warning file=pkg/a b.py,line=1,col=7,endLine=1,endColumn=11,"
        "title=FG001 legacy-generator-call::`fit_generator` was removed in Keras 3; use `fit`"
    )
    assert out[1].startswith("::error file=pkg/a b.py,line=3,col=5,endLine=3,endColumn=9,title=FG104 slice-length-mismatch::")
    assert out[1].endswith("100%25%3A see%0Athis") is False  # ':' is escaped in properties only
    assert out[1].endswith("has 5 fewer rows, 100%25: see%0Athis")
    assert out[2].startswith("::notice ")
    assert out[3] == "::error file=py2.py,title=unprocessable file::does not parse as Python 3 (line 1, column 7): expected ..."


def test_github_escapes_properties() -> None:
    d = _diag("FG104", path="a,b:c%.py")
    assert "file=a%2Cb%3Ac%25.py," in render_github([d])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_a_string(fmt) -> None:
    assert isinstance(render(fmt, SAMPLE, [], 1), str)


def test_diagnostic_severity_override() -> None:
    d = _diag("FG104", severity=Severity.WARNING)
    assert d.severity is Severity.WARNING and isinstance(d, Diagnostic)


def test_the_summary_counts_an_editor_fix_apart() -> None:
    """FG007's fix on a Keras 3 call is not one `rewrite` makes (found on real code: the
    summary said "fixable with `migrate-fitgen rewrite`" and rewrite changed nothing)."""
    from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source
    from migrate_fitgen.report.text import summary

    keras3 = "import keras\nmodel = keras.Sequential()\nmodel.fit(gen, steps_per_epoch=n / 32)\n"
    found = analyze_source(keras3, "t.py", AnalyzeOptions())
    assert [d.code for d in found] == ["FG007"] and found[0].fix is not None
    line = summary(found, [], 1)
    assert "fixable with `migrate-fitgen rewrite`" not in line and "1 with a fix for the editor" in line
    legacy = "import keras\nmodel = keras.Sequential()\nmodel.fit_generator(gen, steps_per_epoch=n / 32)\n"
    assert "fixable with `migrate-fitgen rewrite`" in summary(analyze_source(legacy, "t.py", AnalyzeOptions()), [], 1)
