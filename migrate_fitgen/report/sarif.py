"""SARIF 2.1.0 (OASIS), with every rule's metadata taken from the rule catalogue."""

from __future__ import annotations

import json
from typing import Dict, List, Sequence, Tuple
from urllib.parse import quote

from migrate_fitgen import __version__
from migrate_fitgen import catalogue
from migrate_fitgen.diagnostics import Applicability, Diagnostic

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/migrate-fitgen/migrate-fitgen"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:._-~")


def rule_descriptor(rule) -> Dict:
    page = rule.page()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc(), "markdown": rule.doc()},
        "help": {"text": page, "markdown": page},
        "helpUri": rule.help_uri(),
        "defaultConfiguration": {"level": LEVELS[rule.severity.value], "enabled": rule.default_enabled},
        "properties": {"tags": ["keras", "call-site" if rule.code.startswith("FG0") else "data-generator"]},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> Dict:
    region = {"startLine": line, "startColumn": column}
    if end_line:
        region["endLine"] = end_line
        region["endColumn"] = max(end_column, 1)
    return region


def _result(d: Diagnostic, index: Dict[str, int]) -> Dict:
    result: Dict = {
        "ruleId": d.code,
        "level": LEVELS[d.severity.value],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(d.path)},
                    "region": _region(d.line, d.column, d.end_line or d.line, d.end_column or d.column),
                }
            }
        ],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.cell is not None:
        # a notebook: the region's lines are those of cell ``cell`` (cells[cell - 1]);
        # no fixes, which a SARIF consumer would apply to the JSON's own lines
        result["locations"][0]["logicalLocations"] = [{"name": f"cell {d.cell}", "kind": "notebookCell"}]
        result["properties"] = {"cell": d.cell}
        return result
    if d.fix is not None and d.fix.edits and d.fix.applicability is not Applicability.DISPLAY_ONLY:
        result["fixes"] = [
            {
                "description": {"text": d.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
                                "insertedContent": {"text": e.content},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
                "properties": {"applicability": d.fix.applicability.value},
            }
        ]
    return result


def sarif_log(diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]] = ()) -> Dict:
    rules = catalogue.all()
    index = {r.code: i for i, r in enumerate(rules)}
    notifications: List[Dict] = [
        {
            "level": "error",
            "message": {"text": reason},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}}}],
        }
        for path, reason in errors
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                # positions are libcst's: columns count code points, not UTF-16 units
                "columnKind": "unicodeCodePoints",
                "tool": {
                    "driver": {
                        "name": "migrate-fitgen",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(r) for r in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not errors, "toolExecutionNotifications": notifications}
                ],
                "results": [_result(d, index) for d in diagnostics],
            }
        ],
    }


def render_sarif(diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]] = (), files: int = 0) -> str:
    return json.dumps(sarif_log(diagnostics, errors), indent=2, ensure_ascii=False) + "\n"
