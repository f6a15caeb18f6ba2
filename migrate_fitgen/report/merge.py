"""``migrate-fitgen merge-reports``: one report from the JSON or SARIF reports of shards.

Shards process disjoint files, so merging is a union: the findings of every report,
sorted as a single run sorts them (path, line, column, code, message), duplicates
dropped (the same report given twice).  SARIF keeps the first report's tool and rule
metadata; its invocation succeeded only if every shard's did, and the notifications
(files that could not be processed) are concatenated, sorted and deduplicated.
The result does not depend on the order the reports are given in.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Sequence


class MergeError(ValueError):
    pass


def _canon(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def _json_key(d: Dict) -> tuple:
    return (
        d.get("path", ""), d.get("cell") or 0, d.get("line", 0), d.get("column", 0), d.get("code", ""),
        d.get("message", ""),
    )


def merge_json(reports: Sequence[Any]) -> List[Dict]:
    seen: Dict[str, Dict] = {}
    for i, report in enumerate(reports):
        if not isinstance(report, list):
            raise MergeError(f"report {i + 1} is not a JSON report (an array of findings)")
        for d in report:
            seen.setdefault(_canon(d), d)
    return sorted(seen.values(), key=lambda d: (_json_key(d), _canon(d)))


def _sarif_key(r: Dict) -> tuple:
    try:
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        region = loc.get("region", {})
        line, col = region.get("startLine", 0), region.get("startColumn", 0)
    except (KeyError, IndexError, TypeError):
        uri, line, col = "", 0, 0
    return (uri, line, col, r.get("ruleId", ""), r.get("message", {}).get("text", ""))


def merge_sarif(reports: Sequence[Any]) -> Dict:
    runs = []
    for i, report in enumerate(reports):
        if not isinstance(report, dict) or not isinstance(report.get("runs"), list) or len(report["runs"]) != 1:
            raise MergeError(f"report {i + 1} is not a SARIF log with one run")
        runs.append(report["runs"][0])
    if not runs:
        raise MergeError("no reports to merge")
    tools = {_canon(run.get("tool")) for run in runs}
    if len(tools) > 1:
        raise MergeError("the reports come from different tool versions or rule sets")
    results: Dict[str, Dict] = {}
    notes: Dict[str, Dict] = {}
    ok = True
    for run in runs:
        for r in run.get("results", []):
            results.setdefault(_canon(r), r)
        for inv in run.get("invocations", []):
            ok = ok and bool(inv.get("executionSuccessful", True))
            for n in inv.get("toolExecutionNotifications", []):
                notes.setdefault(_canon(n), n)
    merged = dict(runs[0])
    merged["results"] = sorted(results.values(), key=lambda r: (_sarif_key(r), _canon(r)))
    merged["invocations"] = [
        {
            "executionSuccessful": ok,
            "toolExecutionNotifications": [notes[k] for k in sorted(notes)],
        }
    ]
    log = {k: v for k, v in reports[0].items() if k != "runs"}
    log["runs"] = [merged]
    return log


def merge_texts(texts: Sequence[str], fmt: str) -> str:
    """Merge the reports (their text); ``fmt`` is ``json`` or ``sarif``."""
    reports = []
    for i, text in enumerate(texts):
        try:
            reports.append(json.loads(text))
        except ValueError as exc:
            raise MergeError(f"report {i + 1} is not JSON: {exc}") from None
    merged = merge_json(reports) if fmt == "json" else merge_sarif(reports)
    return json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
