"""Reporters: each turns the analyser's result into a string; none of them prints."""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence, Tuple

from migrate_fitgen.diagnostics import Diagnostic
from migrate_fitgen.report.github import render_github
from migrate_fitgen.report.json_format import render_json
from migrate_fitgen.report.sarif import render_sarif
from migrate_fitgen.report.text import render_text

Reporter = Callable[[Sequence[Diagnostic], Sequence[Tuple[str, str]], int], str]

REPORTERS: Dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}
FORMATS: List[str] = list(REPORTERS)


def render(fmt: str, diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]] = (), files: int = 0) -> str:
    return REPORTERS[fmt](diagnostics, errors, files)


__all__ = ["FORMATS", "REPORTERS", "render", "render_text", "render_json", "render_sarif", "render_github"]
