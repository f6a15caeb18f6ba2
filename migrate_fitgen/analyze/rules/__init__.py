"""Every rule, one file each; importing this package fills the registry."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, List, Type

from migrate_fitgen.analyze.rules.base import REGISTRY, Rule, register

_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("fg"):
            importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


def all_rules() -> List[Type[Rule]]:
    _load()
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def get_rule(code: str) -> Type[Rule]:
    _load()
    return REGISTRY[code.upper()]


def rules_by_code() -> Dict[str, Type[Rule]]:
    _load()
    return dict(REGISTRY)


__all__ = ["Rule", "register", "all_rules", "get_rule", "rules_by_code"]
