"""`path:line:col: CODE message`, one line per finding, then a summary line."""

from __future__ import annotations

from collections import Counter
from typing import Sequence, Tuple

from migrate_fitgen.diagnostics import Applicability, Diagnostic


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]], files: int) -> str:
    if diagnostics:
        by = Counter(d.severity.value for d in diagnostics)
        parts = [_plural(by[s], s) if s != "info" else f"{by[s]} info" for s in ("error", "warning", "info") if by[s]]
        line = f"Found {_plural(len(diagnostics), 'finding')} ({', '.join(parts)}) in {_plural(files, 'file')}."
        fixes = [d.fix for d in diagnostics if d.fix is not None and d.fix.edits]
        kinds = Counter(f.applicability for f in fixes if f.rewrite_applies)
        safe, unsafe = kinds[Applicability.SAFE], kinds[Applicability.UNSAFE]
        editor = sum(1 for f in fixes if not f.rewrite_applies and f.applicability is not Applicability.DISPLAY_ONLY)
        if safe:
            line += f" {safe} fixable with `migrate-fitgen rewrite`."
        if unsafe:
            line += f" {unsafe} more with `migrate-fitgen rewrite --unsafe-fixes`."
        if editor:
            line += f" {editor} with a fix for the editor (the language server, `--format json`)."
    else:
        line = f"No findings in {_plural(files, 'file')}."
    if errors:
        line += f" {_plural(len(errors), 'file')} could not be processed."
    return line


def render_text(diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]] = (), files: int = 0) -> str:
    lines = [d.format_text() for d in diagnostics]
    lines.append(summary(diagnostics, errors, files))
    return "\n".join(lines) + "\n"
