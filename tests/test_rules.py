"""One catalogue entry per rule feeds the checker, `rules`, `explain`, the docs and SARIF."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from typer.testing import CliRunner

import migrate_fitgen.analyze.rules as rules_pkg
from migrate_fitgen import catalogue
from migrate_fitgen.analyze.docs import DOCS_DIR, expected_files, render_rule, stale_files
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source
from migrate_fitgen.analyze.rules import all_rules, get_rule
from migrate_fitgen.cli import app
from migrate_fitgen.diagnostics import Severity

RULES = catalogue.all()
HEADINGS = ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"]
runner = CliRunner()


def test_codes_are_unique_and_match_their_files() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    modules = [m.name for m in pkgutil.iter_modules(rules_pkg.__path__) if m.name.startswith("fg")]
    for mod in modules:
        code = "FG" + mod[2:5]
        rule = get_rule(code)
        assert rule.__module__.endswith(mod), (code, rule.__module__)
        assert mod == f"fg{code[2:]}_{rule.name.replace('-', '_')}" or mod.startswith(f"fg{code[2:]}_")
    # a check class for every entry but the rewrite's own, and nothing else
    assert sorted("FG" + m[2:5] for m in modules) == [r.code for r in RULES if not r.rewrite_only]
    assert [r.code for r in all_rules()] == [r.code for r in RULES if not r.rewrite_only]


def test_check_classes_take_their_metadata_from_the_catalogue() -> None:
    from migrate_fitgen.analyze.rules.base import METADATA

    for rule in all_rules():
        entry = catalogue.get(rule.code)
        assert rule.entry is entry
        assert all(getattr(rule, f) == getattr(entry, f) for f in METADATA), rule.code
        d = rule.diagnostic("a.py", 2, 3, "m")
        assert d == entry.diagnostic("a.py", 2, 3, "m") and d.name == entry.name


def test_a_check_class_needs_a_catalogue_entry_that_is_not_rewrite_only() -> None:
    from migrate_fitgen.analyze.rules.base import Rule

    with pytest.raises(ValueError, match="not in the catalogue"):
        type("Unknown", (Rule,), {"code": "FG999"})
    with pytest.raises(ValueError, match="rewrite_only"):
        type("Legacy", (Rule,), {"code": "FG001"})
    with pytest.raises(ValueError, match="the catalogue holds them"):
        type("Drifting", (Rule,), {"code": "FG104", "severity": Severity.INFO})
    with pytest.raises(TypeError, match="code"):
        type("Nameless", (Rule,), {})


def test_an_entry_without_a_check_class_must_be_rewrite_only(monkeypatch) -> None:
    """A catalogue entry that analyze should check but no class checks is refused when
    the checks load."""
    registry = {c: r for c, r in rules_pkg.REGISTRY.items() if c != "FG104"}
    monkeypatch.setattr(rules_pkg, "REGISTRY", registry)
    monkeypatch.setattr(rules_pkg, "_loaded", False)
    with pytest.raises(ValueError, match="FG104 are not rewrite_only"):
        rules_pkg._load()


def test_register_rejects_a_second_rule_with_the_same_code() -> None:
    from migrate_fitgen.analyze.rules.base import Rule, register

    class Duplicate(Rule):
        code = "FG104"

    with pytest.raises(ValueError):
        register(Duplicate)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_definition(rule) -> None:
    assert re.fullmatch(r"FG[012]\d\d", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert isinstance(rule.severity, Severity)
    assert rule.summary and "\n" not in rule.summary
    doc = rule.doc()
    positions = [doc.find(h) for h in HEADINGS]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert rule.help_uri().endswith(f"/docs/rules/{rule.code}.md")


def _section(doc: str, heading: str) -> str:
    start = doc.index(heading) + len(heading)
    nxt = doc.find("\n## ", start)
    return doc[start: nxt if nxt >= 0 else None]


def _code_blocks(text: str):
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_examples_are_tests(rule) -> None:
    """The Example triggers the rule; the code in Use instead does not."""
    doc = rule.doc()
    bad = _code_blocks(_section(doc, "## Example"))
    good = _code_blocks(_section(doc, "## Use instead"))
    assert bad, "the Example needs a python code block"
    options = AnalyzeOptions(select=(rule.code,))
    for block in bad:
        found = analyze_source(block, f"{rule.code}_example.py", options)
        assert [d.code for d in found].count(rule.code) >= 1, block
    for block in good:
        found = analyze_source(block, f"{rule.code}_use_instead.py", options)
        assert [d for d in found if d.code == rule.code] == [], block


def test_docs_on_disk_equal_the_generated_pages() -> None:
    assert stale_files(DOCS_DIR) == [], "run: python -m migrate_fitgen.analyze.docs"
    assert set(expected_files()) == {p.name for p in DOCS_DIR.glob("*.md")}


def test_docs_check_and_write(tmp_path) -> None:
    from migrate_fitgen.analyze.docs import write_docs

    (tmp_path / "FG999.md").write_text("stale")
    assert "FG999.md" in stale_files(tmp_path)
    write_docs(tmp_path)
    assert stale_files(tmp_path) == []
    assert not (tmp_path / "FG999.md").exists()


def test_rules_command_text() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(RULES)
    for rule, line in zip(RULES, lines):
        assert line.startswith(rule.code)
        assert rule.name in line and rule.severity.value in line and rule.summary in line


def test_rules_command_json() -> None:
    import json

    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["code"] for d in data] == [r.code for r in RULES]
    assert set(data[0]) == {"code", "name", "severity", "summary", "default_enabled", "help_uri"}


def test_rules_command_bad_format() -> None:
    result = runner.invoke(app, ["rules", "--format", "xml"])
    assert result.exit_code == 2


@pytest.mark.parametrize("code", ["FG104", "fg104"])
def test_explain(code) -> None:
    result = runner.invoke(app, ["explain", code])
    assert result.exit_code == 0
    assert result.output == render_rule(catalogue.get("FG104")) == catalogue.get("FG104").page()
    assert result.output.startswith("# FG104: slice-length-mismatch\n")
    assert "## Use instead" in result.output


def test_explain_unknown_code() -> None:
    result = runner.invoke(app, ["explain", "FG999"])
    assert result.exit_code == 2
    err = result.stderr if hasattr(result, "stderr") else result.output
    assert err.strip().count("\n") == 0 and "FG999" in err


def test_every_rule_module_imports_cleanly() -> None:
    for m in pkgutil.iter_modules(rules_pkg.__path__):
        importlib.import_module(f"{rules_pkg.__name__}.{m.name}")


def test_fg006_names_the_keras3_method_a_legacy_call_becomes() -> None:
    """Keras 3 has no ``fit_generator``: FG006 on a legacy call names the ``fit`` it
    becomes (its message said "Keras 3's `fit_generator` raises")."""
    text = (
        "import keras\n\nclass Feed:\n    def __iter__(self):\n        return self\n"
        "    def __next__(self):\n        return 1, 2\n\nmodel = keras.Sequential()\n"
        "model.fit_generator(Feed(), steps_per_epoch=3)\nmodel.fit(Feed(), steps_per_epoch=3)\n"
    )
    found = {d.line: d.message for d in analyze_source(text, "t.py", AnalyzeOptions()) if d.code == "FG006"}
    assert "Keras 3's `fit` (what `fit_generator` becomes) raises" in found[10]
    assert "Keras 3's `fit` raises" in found[11]
    assert not any("`fit_generator` raises" in m for m in found.values())
