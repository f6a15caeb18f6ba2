"""`migrate-fitgen rewrite`: the libcst codemod that migrates legacy generator calls.

The names below are imported on first use, so that ``migrate_fitgen.rewrite.options``
(what the command line needs at start-up) does not bring libcst with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: name -> the module that defines it
_EXPORTS = {
    "ProjectInfo": "migrate_fitgen.keras_receivers",
    "collect_project_info": "migrate_fitgen.keras_receivers",
    "RewriteResult": "migrate_fitgen.rewrite.engine",
    "rewrite_source": "migrate_fitgen.rewrite.engine",
    "RewriteOptions": "migrate_fitgen.rewrite.options",
}

if TYPE_CHECKING:
    from migrate_fitgen.keras_receivers import ProjectInfo, collect_project_info
    from migrate_fitgen.rewrite.engine import RewriteResult, rewrite_source
    from migrate_fitgen.rewrite.options import RewriteOptions


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "ProjectInfo",
    "RewriteOptions",
    "RewriteResult",
    "collect_project_info",
    "rewrite_source",
]
