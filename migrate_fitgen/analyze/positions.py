"""Moved to ``migrate_fitgen.cst_positions`` (the rewrite's receivers use it too, and
``rewrite`` does not import the analyser); this name stays for its callers."""

from migrate_fitgen.cst_positions import Positions, positions_of, resolve_positions

__all__ = ["Positions", "positions_of", "resolve_positions"]
