"""A JSON array of ``Diagnostic.to_dict()`` objects (``fix`` holds the edit, if any)."""

from __future__ import annotations

import json
from typing import Sequence, Tuple

from migrate_fitgen.diagnostics import Diagnostic


def render_json(diagnostics: Sequence[Diagnostic], errors: Sequence[Tuple[str, str]] = (), files: int = 0) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
