"""Skip, from its bytes alone, every file that cannot hold a finding.

Each rule declares ``tokens`` (identifiers) next to its definition; a file in which
none of the enabled rules' tokens occurs as a whole word is not parsed or checked.
The test is a single regular expression over the raw bytes, so it runs before
decoding.  It only ever keeps too many files: a token inside a comment or a string
still keeps its file.

``LINK_TOKENS`` select the files whose training calls other files' findings depend on
(a generator in ``data.py`` is checked against the ``fit`` calls of ``train.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, Iterable, Pattern

from migrate_fitgen.analyze.rules import rules_by_code
from migrate_fitgen.analyze.rules.base import TRAINING_CALL_TOKENS

#: a module holding one of these may hold a training call that a generator of another
#: module is linked to
LINK_TOKENS = TRAINING_CALL_TOKENS


@lru_cache(maxsize=None)
def _pattern(tokens: FrozenSet[str]) -> Pattern[bytes]:
    alternatives = b"|".join(re.escape(t.encode("ascii")) for t in sorted(tokens, key=lambda t: (-len(t), t)))
    # \b in a bytes pattern sees ASCII word characters only: a token next to a non-ASCII
    # identifier character still matches (one file too many, never one too few)
    return re.compile(rb"\b(?:" + alternatives + rb")\b")


def tokens_for(codes: Iterable[str]) -> FrozenSet[str]:
    """The union of the tokens of the rules in ``codes``."""
    rules = rules_by_code()
    out = set()
    for code in codes:
        rule = rules.get(code)
        if rule is not None:
            out.update(rule.tokens)
    return frozenset(out)


def may_hold(data: bytes, tokens: FrozenSet[str]) -> bool:
    """Whether ``data`` (a file's bytes) holds one of ``tokens`` as a whole word."""
    if not tokens:
        return False
    return _pattern(tokens).search(data) is not None
