"""Reporters: each turns the analyser's result into a string; none of them prints.

A reporter's module is imported when its format is used (the SARIF one reads every
rule's page from the catalogue, which a text report does not need).  Reporters read
rule metadata from ``migrate_fitgen.catalogue`` only, never the analyser; which one
runs is the command layer's choice (``analyze/commands.py``, ``cli.py``).
"""

from __future__ import annotations

import importlib
from typing import Callable, Dict, List, Sequence, Tuple

from migrate_fitgen.diagnostics import Diagnostic

Reporter = Callable[[Sequence[Diagnostic], Sequence[Tuple[str, str]], int], str]

#: format -> (module of this package, function)
_REPORTER_FUNCTIONS: Dict[str, Tuple[str, str]] = {
    "text": ("text", "render_text"),
    "json": ("json_format", "render_json"),
    "sarif": ("sarif", "render_sarif"),
    "github": ("github", "render_github"),
}
FORMATS: List[str] = list(_REPORTER_FUNCTIONS)


def reporter(fmt: str) -> Reporter:
    module, function = _REPORTER_FUNCTIONS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def render(fmt: str, diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]] = (), files: int = 0) -> str:
    return reporter(fmt)(diagnostics, errors, files)


def __getattr__(name: str):
    """``REPORTERS`` and ``render_<format>`` as before, imported on first use."""
    if name == "REPORTERS":
        return {fmt: reporter(fmt) for fmt in FORMATS}
    for fmt, (_, function) in _REPORTER_FUNCTIONS.items():
        if name == function:
            return reporter(fmt)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "REPORTERS", "render", "reporter", "render_text", "render_json", "render_sarif", "render_github"]
