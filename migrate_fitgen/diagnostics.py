"""The one Diagnostic value that the rewrite, the analyser and every reporter share.

Positions are 1-based lines and 1-based columns counted in code points (libcst's
columns; SARIF ``columnKind: unicodeCodePoints``); ``end_line``/``end_column`` point just
past the reported range.  ``migrate_fitgen.edits`` applies a fix's edits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Optional, Tuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Applicability(str, enum.Enum):
    """How safe a fix is (after ruff's fix safety levels)."""

    SAFE = "safe"  # keeps the meaning; applied by default
    UNSAFE = "unsafe"  # may change behaviour; applied only with --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # shown to the user, never applied


@dataclass(frozen=True)
class Edit:
    """Replace the text between two 1-based (line, column) positions."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    description: str
    edits: Tuple[Edit, ...] = ()
    #: ``migrate-fitgen rewrite`` makes this fix (False: an editor's or a JSON
    #: consumer's alone, such as FG007 on a Keras 3 call the author migrated by hand)
    rewrite_applies: bool = True

    def to_dict(self) -> dict:
        return {
            "applicability": self.applicability.value,
            "description": self.description,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0
    fix: Optional[Fix] = field(default=None, compare=False)
    #: in a notebook: the 1-based cell number (``cells[cell - 1]``); the lines are that cell's
    cell: Optional[int] = None

    def with_path(self, path: str) -> "Diagnostic":
        return replace(self, path=path)

    def to_dict(self) -> dict:
        out = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "message": self.message,
            "fix": self.fix.to_dict() if self.fix else None,
        }
        if self.cell is not None:
            out["cell"] = self.cell
        return out

    @property
    def location(self) -> str:
        """``path:line:col``, or ``path:cell N:line:col`` in a notebook."""
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"

    def format_text(self) -> str:
        return f"{self.location}: {self.code} {self.message}"


def sort_key(d: Diagnostic):
    return (d.path, d.cell or 0, d.line, d.column, d.code, d.message)
