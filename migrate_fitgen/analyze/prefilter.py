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

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Pattern, Tuple

from migrate_fitgen import catalogue
from migrate_fitgen.catalogue import LEGACY_CALL_TOKENS, TRAINING_CALL_TOKENS

#: a module holding one of these may hold a training call that a generator of another
#: module is linked to
LINK_TOKENS = TRAINING_CALL_TOKENS
#: the Keras 3 training methods: the tokens of the rules whose findings sit on a
#: training call given data (FG005-FG007, FG107-FG109), which the project pass narrows
#: further (``analyze.data_names``; ``CALL_RULES`` are the rules it was written for)
CALL_WORDS = frozenset({"fit", "evaluate", "predict"})
CALL_RULES = frozenset({"FG005", "FG006", "FG007", "FG107", "FG108", "FG109"})
#: the tokens of the rules whose findings sit in a generator's or a dataset's body
#: (FG101-FG106), narrowed the same way (``data_names.may_hold_data_body``)
BODY_WORDS = frozenset({"yield", "__getitem__"})
BODY_RULES = frozenset({"FG101", "FG102", "FG103", "FG104", "FG105", "FG106"})


@lru_cache(maxsize=None)
def _pattern(tokens: FrozenSet[str]) -> Pattern[bytes]:
    from migrate_fitgen.words import alternation

    needles = _needles(tokens)
    alternatives = alternation(needles)
    # \b in a bytes pattern sees ASCII word characters only: a token next to a non-ASCII
    # identifier character still matches (one file too many, never one too few)
    if all(t.isascii() for t in needles):
        return re.compile(rb"\b(?:" + alternatives + rb")\b")
    # a non-ASCII token (a class name the project asks about), matched as UTF-8: its
    # first or last byte is no ASCII word character, so \b would not see its edge
    return re.compile(rb"(?<!\w)(?:" + alternatives + rb")(?!\w)")


def tokens_for(codes: Iterable[str]) -> FrozenSet[str]:
    """The union of the tokens of the rules in ``codes``."""
    out = set()
    for code in codes:
        rule = catalogue.ENTRIES.get(code)
        if rule is not None:
            out.update(rule.tokens)
    return frozenset(out)


def split_tokens(codes: Iterable[str]) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """(the tokens of the rules in ``codes`` that bytes alone decide, the tokens of those
    that also need a dataset class: ``in_dataset_class``)."""
    chosen = [catalogue.ENTRIES[c] for c in codes if c in catalogue.ENTRIES]
    plain = frozenset(t for r in chosen if not r.in_dataset_class for t in r.tokens)
    dataset = frozenset(t for r in chosen if r.in_dataset_class for t in r.tokens)
    return plain, dataset


#: up to this many tokens, ``may_hold`` looks for each as a substring before the
#: pattern does: ``bytes.__contains__`` is about ten times faster than ``re``'s search
#: of an alternation, and most files hold none of a few words (the project's questions
#: about every module: 0.64 -> 0.07 s over the 4,165 files of the benchmark tree)
_FIND_FIRST = 8


@lru_cache(maxsize=None)
def _needles(tokens: FrozenSet[str]) -> Tuple[bytes, ...]:
    return tuple(t.encode("utf-8") for t in tokens)


def may_hold(data: bytes, tokens: FrozenSet[str]) -> bool:
    """Whether ``data`` (a file's bytes) holds one of ``tokens`` as a whole word."""
    if not tokens:
        return False
    if len(tokens) <= _FIND_FIRST and not any(n in data for n in _needles(tokens)):
        return False
    return _pattern(tokens).search(data) is not None


# ast tests: rules whose tokens are common words ----------------------------------------
#
# The training-path rules' tokens (``Dense``, ``Adam``, ``core``...) and FG008's are in
# most files of a Keras code base, and nearly none of those files holds a finding.  For
# these rules a token keeps a file only if an ``ast`` test over the file's tree (made by
# the per-file pass anyway) also says "maybe": each test is a superset of what the rule
# reports, read from the same table, and is tested against the rule's libcst scan
# (tests/test_training_path_prefilter.py, tests/test_rewrite_import_prefilter.py).


def _ast_tests() -> Dict[str, Callable[[ast.Module], bool]]:
    from migrate_fitgen.keras1_names import may_hold_training_issue
    from migrate_fitgen.keras_imports import may_hold_import_issue

    return {
        "FG002": may_hold_keras1_argument,
        "FG008": may_hold_import_issue,
        "FG111": may_raise_stop_iteration,
        "FG201": may_hold_training_issue,
        "FG202": may_hold_training_issue,
        "FG203": may_hold_training_issue,
        "FG204": may_hold_training_issue,
    }


def may_hold_keras1_argument(tree) -> bool:
    """FG002's test: a legacy method called (its Keras-1 names), or what the training
    path renames (``fit(nb_epoch=)`` in a file that imports Keras: deepchem's own models
    take ``nb_epoch`` too, in files without).  ``tree`` may be its ``ast_nodes.collect``."""
    from migrate_fitgen.ast_nodes import nodes_of
    from migrate_fitgen.keras1_names import may_hold_training_issue

    for call in nodes_of(tree).calls:
        if isinstance(call.func, ast.Attribute) and call.func.attr in LEGACY_CALL_TOKENS:
            return True
    return may_hold_training_issue(tree)


@lru_cache(maxsize=1)
def may_raise_stop_iteration(tree) -> bool:
    """FG111's test: it reports a ``raise StopIteration`` (or ``StopIteration(...)``) in
    a generator function's own code, so the module needs such a ``raise`` and a
    ``yield`` somewhere (most of a tree's ``StopIteration`` are in iterator classes'
    ``__next__``, with no generator).  ``tree`` may be its ``ast_nodes.collect``."""
    from migrate_fitgen.ast_nodes import nodes_of

    nodes = nodes_of(tree)
    if not nodes.yields:
        return False
    for node in nodes.raises:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if isinstance(exc, ast.Name) and exc.id == "StopIteration":
            return True
    return False


def _tests_of_token() -> Dict[str, Optional[Tuple[Callable[[ast.Module], bool], ...]]]:
    """token -> the ast tests of the rules declaring it, or None when a rule without an
    ast test declares it too (the token alone keeps the file)."""
    tests = _ast_tests()
    out: Dict[str, Optional[Tuple[Callable[[ast.Module], bool], ...]]] = {}
    for code, rule in sorted(catalogue.ENTRIES.items()):
        test = tests.get(code)
        for token in rule.tokens:
            if test is None or (token in out and out[token] is None):
                out[token] = None
            elif test not in (out.get(token) or ()):
                out[token] = (*(out.get(token) or ()), test)
    return out


def may_hold_finding(
    data: bytes, tokens: FrozenSet[str], tree: Optional[ast.Module], nodes: Optional[Callable[[], object]] = None,
) -> bool:
    """``may_hold(data, tokens)``, narrowed by the ast tests: a file whose only tokens
    are those of rules with an ast test is kept when one of those tests says "maybe".
    ``tree`` None (``ast`` could not parse the file): the tokens decide.  ``nodes()``:
    the tree's ``ast_nodes.collect``, made once for every test (and the caller's)."""
    if not tokens:
        return False
    if tree is None:
        return may_hold(data, tokens)
    by_token = _tests_of_token()
    asked: Dict[Callable[[ast.Module], bool], bool] = {}
    for match in _pattern(tokens).finditer(data):
        tests = by_token.get(match.group(0).decode("utf-8"))
        if tests is None:
            return True
        for test in tests:
            if test not in asked:
                asked[test] = test(nodes() if nodes is not None else tree)
                if asked[test]:
                    return True
    return False


# dataset classes ---------------------------------------------------------------------
#
# A rule with ``in_dataset_class`` (FG110) reports inside a class that derives from
# ``Sequence``/``PyDataset``, perhaps through project classes of other modules, under
# names re-bound by imports and assignments.  Its token (``__init__``) is in most files,
# so the per-file pass also records, from the ``ast`` tree, the names each file binds
# to other names (class -> its bases, ``import X as Y``, ``Y = X``), and the project
# pass follows them by *name*, from ``Sequence`` and ``PyDataset``: a file is checked
# for such a rule only if one of its classes with an ``__init__`` has a base whose last
# name part is in that set.  Names only ever make the set larger than the truth.

DATASET_ROOTS = frozenset({"Sequence", "PyDataset"})


@dataclass(frozen=True)
class DatasetHints:
    #: (name, a name it may stand for): class -> base, alias -> imported, target -> value
    edges: Tuple[Tuple[str, str], ...] = ()
    #: for each class that defines ``__init__``: the last name part of each base
    init_class_bases: Tuple[Tuple[str, ...], ...] = ()


def _last(node: ast.expr) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _target_names(node: ast.expr) -> List[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def _value_names(node: ast.expr) -> List[str]:
    if isinstance(node, (ast.Tuple, ast.List)):
        return [x for e in node.elts for x in _value_names(e)]
    last = _last(node)
    return [last] if last else []


def dataset_hints(tree: ast.AST) -> DatasetHints:
    """The file's hints: one breadth-first walk (``ast.walk``'s order: the classes'
    bases come in that order) with a plain list and only the fields that can hold
    nodes (``ast_nodes.child_fields``), each node with the innermost class around it,
    so that a ``def __init__`` marks every class it is in without a walk of each class."""
    from migrate_fitgen.ast_nodes import _CHILD_FIELDS, _child_fields

    edges = set()
    classes: List[Tuple[Tuple[str, ...], int]] = []  # (bases, index of the class around it)
    with_init: set = set()  # indexes of the classes holding a ``def __init__``
    class_t, import_t, from_t = ast.ClassDef, ast.Import, ast.ImportFrom
    function_ts = (ast.FunctionDef, ast.AsyncFunctionDef)
    bound_ts = (ast.Assign, ast.AnnAssign, ast.NamedExpr)
    fields_of = _CHILD_FIELDS
    nodes: list = [tree]
    owners: List[int] = [-1]
    i = 0
    while i < len(nodes):
        node, owner = nodes[i], owners[i]
        i += 1
        kind = type(node)
        if kind is class_t:
            bases = tuple(b for b in (_last(x) for x in node.bases) if b)
            edges.update((node.name, b) for b in bases)
            classes.append((bases, owner))
            owner = len(classes) - 1
        elif kind in function_ts:
            if node.name == "__init__":
                around = owner
                while around != -1 and around not in with_init:
                    with_init.add(around)
                    around = classes[around][1]
        elif kind is import_t or kind is from_t:
            for alias in node.names:
                if alias.asname:
                    edges.add((alias.asname, alias.name.rpartition(".")[2]))
            continue  # (its fields are names)
        elif kind in bound_ts and node.value is not None:
            targets = node.targets if kind is ast.Assign else [node.target]
            values = _value_names(node.value)
            for t in targets:
                edges.update((name, v) for name in _target_names(t) for v in values)
        fields = fields_of.get(kind)
        if fields is None:
            fields = _child_fields(kind)
        for name in fields:
            value = getattr(node, name, None)
            if value is None:
                continue
            if type(value) is list:
                for item in value:
                    if item is not None:
                        nodes.append(item)
                        owners.append(owner)
            else:
                nodes.append(value)
                owners.append(owner)
    init_bases = [bases for c, (bases, _) in enumerate(classes) if c in with_init]
    return DatasetHints(tuple(sorted(edges)), tuple(init_bases))


def dataset_names(hints: Iterable[DatasetHints]) -> FrozenSet[str]:
    """Every name that may stand for a ``Sequence``/``PyDataset`` (sub)class."""
    stands_for: Dict[str, set] = {}
    for h in hints:
        for name, other in h.edges:
            stands_for.setdefault(other, set()).add(name)
    found = set(DATASET_ROOTS)
    todo = list(found)
    while todo:
        for name in stands_for.get(todo.pop(), ()):
            if name not in found:
                found.add(name)
                todo.append(name)
    return frozenset(found)


def may_hold_dataset_class(hints: Optional[DatasetHints], names: FrozenSet[str]) -> bool:
    if hints is None:
        return True  # not summarised (ast failed): check it
    return any(b in names for bases in hints.init_class_bases for b in bases)
