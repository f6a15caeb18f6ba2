"""The rule definition shared by the checker, ``rules``/``explain``, docs and SARIF.

A rule is a class with a stable ``code``, a ``name`` after the pattern it flags, a
default ``severity`` and a docstring with the fixed headings ``What it does``,
``Why is this bad?``, ``Example``, ``Use instead`` and ``Fix safety``.
"""

from __future__ import annotations

import inspect
from typing import ClassVar, Dict, Optional, Type

from migrate_fitgen.diagnostics import Diagnostic, Fix, Severity

DOCS_URL = "https://github.com/migrate-fitgen/migrate-fitgen/blob/main/docs/rules/{code}.md"

REGISTRY: Dict[str, Type["Rule"]] = {}


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    default_enabled: ClassVar[bool] = True

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def help_uri(cls) -> str:
        return DOCS_URL.format(code=cls.code)

    @classmethod
    def diagnostic(
        cls,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int = 0,
        end_column: int = 0,
        fix: Optional[Fix] = None,
        severity: Optional[Severity] = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=cls.code,
            name=cls.name,
            severity=severity or cls.severity,
            message=message,
            path=path,
            line=line,
            column=column,
            end_line=end_line or line,
            end_column=end_column or column,
            fix=fix,
        )


def register(cls: Type[Rule]) -> Type[Rule]:
    if cls.code in REGISTRY and REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} is defined twice")
    REGISTRY[cls.code] = cls
    return cls
