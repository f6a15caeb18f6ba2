"""The base of the analyser's checks: one class per rule that ``analyze`` checks.

A rule's code, name, severity, summary, tokens and page are data in the ground-floor
catalogue (``migrate_fitgen.catalogue``), which ``rewrite``, the reporters and the
commands read without importing the analyser.  A check class names only its ``code``;
defining it fills the rest from the catalogue (and refuses a code the catalogue does
not have, one it marks ``rewrite_only``, or metadata declared on the class, which would
drift from the catalogue).  ``migrate_fitgen.analyze.rules`` refuses a catalogue entry
that is neither ``rewrite_only`` nor checked by a class.
"""

from __future__ import annotations

from typing import ClassVar, Dict, Optional, Tuple, Type

from migrate_fitgen import catalogue
from migrate_fitgen.catalogue import BODY_TOKENS, DOCS_URL, LEGACY_CALL_TOKENS, TRAINING_CALL_TOKENS
from migrate_fitgen.diagnostics import Diagnostic, Fix, Severity

REGISTRY: Dict[str, Type["Rule"]] = {}

#: what a check class takes from its catalogue entry
METADATA: Tuple[str, ...] = (
    "name", "severity", "summary", "tokens", "in_dataset_class", "default_enabled",
)


class Rule:
    code: ClassVar[str]
    entry: ClassVar[catalogue.Entry]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    tokens: ClassVar[Tuple[str, ...]]
    in_dataset_class: ClassVar[bool]
    default_enabled: ClassVar[bool]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if not isinstance(code, str):
            raise TypeError(f"rule class {cls.__name__} must name its catalogue `code`")
        try:
            entry = catalogue.get(code)
        except KeyError:
            raise ValueError(
                f"rule {code} ({cls.__name__}) is not in the catalogue (migrate_fitgen/catalogue)"
            ) from None
        if entry.code != code:
            raise ValueError(f"rule class {cls.__name__}: write its code as {entry.code}")
        if entry.rewrite_only:
            raise ValueError(f"rule {code} is rewrite_only in the catalogue: it has no check class")
        declared = [f for f in METADATA if f in cls.__dict__]
        if declared:
            raise ValueError(
                f"rule {code} ({cls.__name__}) declares {', '.join(declared)}: the catalogue holds them"
            )
        cls.entry = entry
        for f in METADATA:
            setattr(cls, f, getattr(entry, f))

    @classmethod
    def doc(cls) -> str:
        return cls.entry.doc()

    @classmethod
    def help_uri(cls) -> str:
        return cls.entry.help_uri()

    @classmethod
    def page(cls) -> str:
        return cls.entry.page()

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
        return cls.entry.diagnostic(
            path, line, column, message,
            end_line=end_line, end_column=end_column, fix=fix, severity=severity,
        )


def register(cls: Type[Rule]) -> Type[Rule]:
    if cls.code in REGISTRY and REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} is defined twice")
    REGISTRY[cls.code] = cls
    return cls


__all__ = [
    "BODY_TOKENS", "DOCS_URL", "LEGACY_CALL_TOKENS", "METADATA", "REGISTRY",
    "TRAINING_CALL_TOKENS", "Rule", "register",
]
