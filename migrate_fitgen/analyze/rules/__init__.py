"""The analyser's checks, one file each; importing this package fills the registry.

``all_rules``/``get_rule``/``rules_by_code`` give the check classes (each carries its
catalogue entry's metadata).  A rule's name, severity, tokens and page without its
check are ``migrate_fitgen.catalogue``'s: read them there, not here (this package
loads the analysis code and libcst).  The catalogue's ``rewrite_only`` entries have no
check class: the rewrite's engine finds them.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, List, Type

from migrate_fitgen import catalogue
from migrate_fitgen.analyze.rules.base import REGISTRY, Rule, register

_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("fg"):
            importlib.import_module(f"{__name__}.{info.name}")
    unchecked = [e.code for e in catalogue.all() if not e.rewrite_only and e.code not in REGISTRY]
    if unchecked:
        raise ValueError(
            f"catalogue entries {', '.join(unchecked)} are not rewrite_only but no rule class checks them"
        )
    _loaded = True


def all_rules() -> List[Type[Rule]]:
    """Every check class, by code."""
    _load()
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def get_rule(code: str) -> Type[Rule]:
    """The check class of ``code`` (any case); ``KeyError`` for a code without one."""
    _load()
    return REGISTRY[code.upper()]


def rules_by_code() -> Dict[str, Type[Rule]]:
    _load()
    return dict(REGISTRY)


__all__ = ["Rule", "register", "all_rules", "get_rule", "rules_by_code"]
