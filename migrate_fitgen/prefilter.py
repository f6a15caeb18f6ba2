"""Cheap text tests that decide, before libcst is imported, that a file has nothing to do.

An editor or a pre-commit hook runs the tool once per saved file, and most files hold no
legacy call, no generator and no Keras import.  For those, ``rewrite`` returns the text
unchanged and ``analyze`` finds nothing; proving it with libcst costs its import (about
half a second) plus a parse.  These tests say "maybe" whenever a finding is possible:

- ``rewrite`` edits or reports only a legacy call (``fit_generator``...) or, for
  ``--target keras3``, a Keras 2 import the table of ``keras_imports`` describes;
- either reports or edits, for any target, a Keras optimizer, layer or ``Model`` call or
  a removed training-path name (``keras1_names.might_matter``);
- ``analyze`` also reports generators (``yield``), datasets (``Sequence``/``PyDataset``
  subclasses) and the data given to training calls (``fit``/``evaluate``/``predict``).

A text Python cannot parse is always "maybe", so the full path words the error.  Only
the standard library's ``ast`` parser is used here; libcst, which the full path uses,
accepts what it accepts (a file it alone rejected would be reported only there).
"""

from __future__ import annotations

import ast
import warnings

from migrate_fitgen.keras_api import METHODS
from migrate_fitgen.keras1_names import may_hold_training_issue
from migrate_fitgen.keras1_names import might_matter as training_might_matter
from migrate_fitgen.keras_imports import may_hold_import_issue, might_matter

#: words one of which a file holds when ``analyze`` can report anything in it: the legacy
#: and new training methods (a data argument is linked through them), ``yield`` (a
#: generator body), the Keras dataset bases (a ``__getitem__`` body, FG110)
ANALYSIS_WORDS = tuple(sorted({*METHODS, *METHODS.values(), "yield", "Sequence", "PyDataset"}))


#: the three legacy method names, as bytes
LEGACY = tuple(m.encode() for m in METHODS)


def names_legacy(data: bytes) -> bool:
    """The bytes hold a legacy method name (``fit_generator``...): every name is ASCII,
    and Python source is in an ASCII-compatible encoding."""
    return b"_generator" in data and any(m in data for m in LEGACY)


def python_tree(text: str):
    """Python's own tree of ``text``, or None when its parser rejects it."""
    try:
        with warnings.catch_warnings():  # `"\d"` and the like: not ours to report
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def parses(text: str) -> bool:
    """Python's own parser accepts ``text``."""
    return python_tree(text) is not None


def _import_or_training_path(text: str, target: str) -> bool:
    """Beyond the legacy calls: can ``text`` hold a Keras 2 import FG008 reports
    (``--target keras3``) or a training-path finding (FG2xx)?  The words first, then the
    same ``ast`` tests as the tree rewrite's scan; a text Python cannot parse is "maybe"."""
    imports = target == "keras3" and might_matter(text)
    training = training_might_matter(text)
    if not (imports or training):
        return not parses(text)
    tree = python_tree(text)
    if tree is None:
        return True
    return (imports and may_hold_import_issue(tree)) or (training and may_hold_training_issue(tree))


def may_rewrite(text: str, target: str = "keras3") -> bool:
    """False only when ``rewrite_source`` would hand ``text`` back unchanged and with no
    item to review."""
    if any(m in text for m in METHODS):
        return True
    return _import_or_training_path(text, target)


def may_analyse(text: str, target: str = "keras3") -> bool:
    """False only when ``analyze`` would find nothing in ``text`` analysed alone (stdin)."""
    if any(w in text for w in ANALYSIS_WORDS):
        return True
    return _import_or_training_path(text, target)
