"""GitHub Actions workflow commands: ``::error file=...,line=...::message``."""

from __future__ import annotations

from typing import Sequence, Tuple

from migrate_fitgen.diagnostics import Diagnostic

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]] = (), files: int = 0) -> str:
    lines = []
    for d in diagnostics:
        props = ",".join(
            f"{k}={_escape_property(str(v))}"
            for k, v in (
                ("file", d.path),
                ("line", d.line),
                ("col", d.column),
                ("endLine", d.end_line or d.line),
                ("endColumn", d.end_column or d.column),
                ("title", f"{d.code} {d.name}"),
            )
        )
        message = d.message if d.cell is None else f"cell {d.cell}: {d.message}"
        lines.append(f"::{LEVELS[d.severity.value]} {props}::{_escape_data(message)}")
    for path, reason in errors:
        lines.append(f"::error file={_escape_property(path)},title=unprocessable file::{_escape_data(reason)}")
    return "".join(line + "\n" for line in lines)
