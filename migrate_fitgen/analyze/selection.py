"""``--select`` / ``--ignore``: rule codes or prefixes (``FG1`` is every FG1xx rule)."""

from __future__ import annotations

from typing import FrozenSet, Iterable, Optional, Sequence

from migrate_fitgen import catalogue


class SelectionError(ValueError):
    """An unknown rule code or prefix (the message is one line)."""


def split_codes(values: Optional[Iterable[str]]) -> Optional[tuple]:
    """Comma- or space-separated values, possibly given several times, as a tuple."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = []
    for v in values:
        out.extend(p.strip().upper() for p in v.replace(" ", ",").split(",") if p.strip())
    return tuple(out)


def _matching(prefix: str) -> FrozenSet[str]:
    codes = catalogue.codes()
    if prefix == "ALL":
        return frozenset(codes)
    found = frozenset(c for c in codes if c.startswith(prefix))
    if not found:
        raise SelectionError(f"unknown rule code or prefix: {prefix}")
    return found


def validate(codes: Sequence[str]) -> None:
    for c in codes:
        _matching(c.upper())


def enabled_codes(select: Optional[Sequence[str]] = None, ignore: Sequence[str] = ()) -> FrozenSet[str]:
    if select is None:
        chosen = frozenset(r.code for r in catalogue.all() if r.default_enabled)
    else:
        chosen = frozenset().union(*(_matching(s.upper()) for s in select)) if select else frozenset()
    for i in ignore:
        chosen -= _matching(i.upper())
    return chosen


def matches(code: str, patterns: Iterable[str]) -> bool:
    return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in patterns)
