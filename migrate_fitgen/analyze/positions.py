"""The analyser's name for ``migrate_fitgen.cst_positions`` (libcst's ``PositionProvider``
ranges, computed for less), which now sits on the ground floor so that the rewrite's
passes use it too."""

from migrate_fitgen.cst_positions import Positions, positions_of, resolve_positions

__all__ = ["Positions", "positions_of", "resolve_positions"]
