"""`migrate-fitgen rewrite`: the libcst codemod that migrates legacy generator calls."""

from migrate_fitgen.keras_receivers import ProjectInfo, collect_project_info
from migrate_fitgen.rewrite.engine import RewriteResult, rewrite_source
from migrate_fitgen.rewrite.plan import RewriteOptions

__all__ = [
    "ProjectInfo",
    "RewriteOptions",
    "RewriteResult",
    "collect_project_info",
    "rewrite_source",
]
