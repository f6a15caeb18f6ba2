"""Imports of standalone Keras 2 data-path names that Keras 3 moved or removed (FG008).

``scan`` reads one module and returns an ``ImportIssue`` per import statement (or
``keras.x.y`` attribute chain) that fails on Keras 3, each with the node replacements
that fix it when a fix is exact: a name that moved is imported from its Keras 3 home;
a statement that mixes moved and removed names is split so that the moved ones move and
the removed ones stay, reported.  A fix that cannot be exact is not offered:

* ``from keras.utils import np_utils`` (or ``import keras.utils.np_utils as np_utils``)
  is rebound to ``keras.utils`` only when every use of the name in the file is
  ``np_utils.<a name that moved to keras.utils>``;
* ``import keras.utils.np_utils`` becomes ``import keras.utils`` only when every
  ``keras.utils.np_utils...`` chain in the file can become ``keras.utils...`` too;
* a name bound more than once, or used other than as ``name.attribute``, is not fixed.

Imports in a ``try`` whose handlers catch ``ImportError`` are left alone: the file
already handles their failure.  The scan is purely syntactic and reads the table in
``migrate_fitgen.keras_imports``; the rewrite engine applies the replacements with
``apply`` and the analyser publishes them as fixes (rule FG008).

``add`` puts the imports the rewrite's fixes need (``validate_batches``, ``math``...)
into a module, as libcst's ``AddImportsVisitor`` placed them (see its section below).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Set, Tuple, Union

import libcst as cst
from libcst.metadata import CodeRange

from migrate_fitgen import catalogue
from migrate_fitgen import keras_imports as table
from migrate_fitgen.cst_walk import walk
from migrate_fitgen.diagnostics import Applicability, Diagnostic, Edit, Fix
from migrate_fitgen.keras_receivers import dotted

#: handler types that make a failing import (or attribute) in the ``try`` body harmless
_IMPORT_GUARDS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_ATTRIBUTE_GUARDS = _IMPORT_GUARDS | {"AttributeError"}

Replacement = Union[cst.CSTNode, Tuple[cst.BaseSmallStatement, ...]]


@dataclass
class ImportIssue:
    node: cst.CSTNode  # where it is reported
    message: str
    #: node -> new node (an expression) or new small statements (a split import);
    #: empty when the issue is only reported
    replace: Dict[cst.CSTNode, Replacement] = field(default_factory=dict)
    fix_description: str = ""
    #: what is left for a person after the fix (removed names), or no fix at all
    review: bool = True
    #: a split statement is the only one on its line (the new statements get lines of
    #: their own; else they are joined with "; ")
    alone: bool = False
    #: indexes of the top-level statements that hold the replaced nodes
    tops: Set[int] = field(default_factory=set)

    @property
    def fixable(self) -> bool:
        return bool(self.replace)

    def put(self, node: cst.CSTNode, new: Replacement, top: int) -> None:
        self.replace[node] = new
        self.tops.add(top)


@dataclass
class _Import:
    node: Union[cst.Import, cst.ImportFrom]
    guarded: bool
    alone: bool  # the only statement of its line
    top: int  # index of the top-level statement that holds it


@dataclass
class _Chain:
    node: cst.Attribute  # the whole `a.b.c` chain
    dotted: str
    guarded: bool
    top: int


def _handler_names(node: Union[cst.Try, cst.TryStar]) -> Set[str]:
    names: Set[str] = set()
    for handler in node.handlers:
        if handler.type is None:
            names.add("BaseException")
            continue
        items = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
        for item in items:
            value = item.value if isinstance(item, cst.Element) else item
            name = dotted(value)
            if name:
                names.add(name.split(".")[-1])
    return names


class _Collector(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.imports: List[_Import] = []
        self.chains: List[_Chain] = []
        self.bare: Counter = Counter()  # names used other than as the head of a chain
        self.skip: Set[int] = set()  # ids of Name nodes that are not uses (attributes, keywords)
        self.guards: List[Set[str]] = []
        self.line: Optional[cst.SimpleStatementLine] = None
        self.top = -1

    def _guarded(self, kinds: frozenset) -> bool:
        return any(g & kinds for g in self.guards)

    def _visit_try(self, node: Union[cst.Try, cst.TryStar]) -> bool:
        self.guards.append(_handler_names(node))
        walk(self, node.body)
        self.guards.pop()
        for part in (*node.handlers, node.orelse, node.finalbody):
            if part is not None:
                walk(self, part)
        return False

    def visit_Try(self, node: cst.Try) -> bool:
        return self._visit_try(node)

    def visit_TryStar(self, node: cst.TryStar) -> bool:
        return self._visit_try(node)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.line = node

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self.line = None

    def _import(self, node: Union[cst.Import, cst.ImportFrom]) -> bool:
        alone = self.line is not None and len(self.line.body) == 1
        self.imports.append(_Import(node, self._guarded(_IMPORT_GUARDS), alone, self.top))
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        return self._import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return self._import(node)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        name = dotted(node)
        if name is not None:
            self.chains.append(_Chain(node, name, self._guarded(_ATTRIBUTE_GUARDS), self.top))
            return False
        self.skip.add(id(node.attr))
        return True

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.skip.add(id(node.keyword))

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self.skip:
            self.bare[node.value] += 1


def _is_keras(module: str) -> bool:
    return module == "keras" or module.startswith("keras.")


def _expr(name: str) -> cst.BaseExpression:
    return cst.parse_expression(name)


def _head_node(chain: cst.Attribute, parts: int) -> cst.BaseExpression:
    """The sub-chain of ``chain`` made of its first ``parts`` names."""
    node: cst.BaseExpression = chain
    total = len(dotted(chain).split("."))  # type: ignore[union-attr]
    for _ in range(total - parts):
        assert isinstance(node, cst.Attribute)
        node = node.value
    return node


def _alias_code(name: str, asname: Optional[str]) -> str:
    return name if not asname or asname == name else f"{name} as {asname}"


def _asname(alias: cst.ImportAlias) -> Optional[str]:
    if alias.asname is None:
        return None
    return dotted(alias.asname.name)  # type: ignore[arg-type]


def _gone(module: str) -> str:
    return f"`{module}` does not exist in Keras 3"


def _removed_text(module: str, name: str) -> str:
    r = table.row(module, name)
    if module in table.GONE_MODULES:
        advice = r.advice if r is not None and r.home is None else table.GONE_MODULES[module]
        return f"`{name}` is nowhere in Keras 3; {advice}"
    assert r is not None and r.home is None
    return f"Keras 3's `{module}` has no `{name}`: {r.advice}"


def _cannot(bad: Sequence[str]) -> str:
    return f" (not rewritten: {'; '.join(bad)})" if bad else ""


def _moved_text(module: str, name: str) -> str:
    r = table.row(module, name)
    assert r is not None and r.home is not None
    text = f"`{name}` is in `{r.home}`"
    if r.dropped:
        text += f" (without Keras 2's {', '.join(f'`{p}`' for p in r.dropped)} parameter)"
    return text


_TF_KERAS = "or keep the code on tf_keras (`--target tf-keras`)"


class _Scanner:
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        c = _Collector()
        for top, stmt in enumerate(module.body):
            c.top = top
            walk(c, stmt)  # libcst's visit, without rebuilding the tree
        self.c = c
        # name -> the modules imports bind it to (None: not a keras module import)
        self.bound: Dict[str, List[Optional[str]]] = {}
        for imp in c.imports:
            for name, target in self._bindings(imp.node):
                self.bound.setdefault(name, []).append(target)
        self.chains_by_head: Dict[str, List[_Chain]] = {}
        for chain in c.chains:
            self.chains_by_head.setdefault(chain.dotted.split(".")[0], []).append(chain)
        self.claimed: Set[int] = set()  # chains an import statement's issue speaks for
        self.issues: List[ImportIssue] = []

    # bindings ---------------------------------------------------------------------
    @staticmethod
    def _bindings(node: Union[cst.Import, cst.ImportFrom]):
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted(alias.name) or ""
                asname = _asname(alias)
                if asname:
                    yield asname, full if _is_keras(full) else None
                else:
                    head = full.split(".")[0]
                    yield head, head if head == "keras" else None
            return
        if isinstance(node.names, cst.ImportStar):
            return
        module = dotted(node.module) if node.module is not None and not node.relative else None
        for alias in node.names:
            name = dotted(alias.name) or ""
            full = f"{module}.{name}" if module else None
            target = full if full is not None and _is_keras(full) else None
            yield _asname(alias) or name, target

    def module_of(self, name: str) -> Optional[str]:
        """The Keras module ``name`` stands for, when the file proves it: bound by imports
        only, all to that module, and never used other than as ``name.attribute``."""
        targets = self.bound.get(name)
        if not targets or self.c.bare[name] or len(set(targets)) != 1:
            return None
        return targets[0]

    def alias_uses(self, name: str, gone: str):
        """For a name bound to the gone module ``gone``: (the one Keras 3 home of every
        name it is used with, or None), and the uses that have no home."""
        homes: Set[str] = set()
        bad: List[str] = []
        if self.module_of(name) != gone:
            return None, [f"`{name}` is also bound or used other than as `{name}.<name>`"]
        for chain in self.chains_by_head.get(name, []):
            parts = chain.dotted.split(".")
            r = table.row(gone, parts[1]) if len(parts) > 1 else None
            if r is None or r.status != "moved":
                bad.append(f"`{'.'.join(parts[:2])}` is not a name that moved")
            else:
                homes.add(r.home)  # type: ignore[arg-type]
        if bad or len(homes) > 1:
            return None, bad
        return (homes.pop() if homes else table.home_of_moved(gone)), []

    # statements -------------------------------------------------------------------
    def scan(self) -> List[ImportIssue]:
        for imp in self.c.imports:
            if imp.guarded:
                continue
            if isinstance(imp.node, cst.ImportFrom):
                self._import_from(imp)
            else:
                self._import(imp)
        self._chains()
        return self.issues

    def _import_from(self, imp: _Import) -> None:
        node = imp.node
        assert isinstance(node, cst.ImportFrom)
        if node.relative or node.module is None:
            return
        module = dotted(node.module)
        if module is None or not _is_keras(module):
            return
        if isinstance(node.names, cst.ImportStar):
            self._star(node, module)
            return
        moved: Dict[str, List[str]] = {}  # home -> alias codes
        rebound: List[str] = []  # statements that rebind a gone module's name
        moving: Set[int] = set()  # ids of aliases that leave the statement
        notes: List[str] = []
        problems: List[str] = []
        for alias in node.names:
            name = dotted(alias.name) or ""
            asname = _asname(alias)
            full = f"{module}.{name}"
            if full in table.GONE_MODULES:
                bound = asname or name
                home, bad = self.alias_uses(bound, full)
                for chain in self.chains_by_head.get(bound, []):
                    self.claimed.add(id(chain.node))
                if home is not None:
                    parent, _, last = home.rpartition(".")
                    rebound.append(f"from {parent} import {last} as {bound}")
                    moving.add(id(alias))
                    notes.append(
                        f"{_gone(full)}: every `{bound}.<name>` this file uses is in `{home}`"
                    )
                else:
                    problems.append(f"{_gone(full)}: {table.GONE_MODULES[full]}{_cannot(bad)}")
                continue
            r = table.row(module, name)
            if module in table.GONE_MODULES and r is not None and r.status == "moved":
                home = str(r.home)
                moved.setdefault(home, []).append(_alias_code(name, asname))
                moving.add(id(alias))
                notes.append(_moved_text(module, name))
            elif module in table.GONE_MODULES or (r is not None and r.status == "removed"):
                problems.append(_removed_text(module, name))
        if not notes and not problems:
            return
        message = "; ".join(notes + problems)
        if module in table.GONE_MODULES:
            message = f"{_gone(module)}: {message}"
        if problems:
            message += f"; {_TF_KERAS}"
        issue = ImportIssue(node, message, review=bool(problems), alone=imp.alone)
        if moving and len(moving) == len(node.names) and len(moved) == 1 and not rebound:
            # every name moves to one module: only the module changes (layout and comments stay)
            home = next(iter(moved))
            issue.put(node.module, _expr(home), imp.top)
            issue.fix_description = f"import from `{home}`"
        elif moving and "#" not in self.module.code_for_node(node):
            new = [f"from {home} import {', '.join(codes)}" for home, codes in moved.items()]
            new += rebound
            stmts = [cst.parse_statement(s).body[0] for s in new]  # type: ignore[attr-defined]
            kept = [a for a in node.names if id(a) not in moving]
            if kept:
                if not node.rpar:  # a trailing comma is only legal inside parentheses
                    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                stmts.append(node.with_changes(names=kept))
            else:
                stmts[-1] = stmts[-1].with_changes(semicolon=node.semicolon)
            issue.put(node, tuple(stmts), imp.top)
            issue.fix_description = "import with " + "; ".join(f"`{n}`" for n in new)
        elif moving:
            issue.message += " (the statement holds a comment, so it is not rewritten)"
            issue.review = True
        self.issues.append(issue)

    def _star(self, node: cst.ImportFrom, module: str) -> None:
        if module in table.GONE_MODULES:
            self.issues.append(ImportIssue(
                node, f"{_gone(module)}: {table.GONE_MODULES[module]} (name them instead of "
                f"`*`); {_TF_KERAS}",
            ))
            return
        lost = [
            r.name for r in table.ROWS
            if r.module == module and r.status == "removed" and self.c.bare[r.name]
        ]
        if lost:
            advice = dict.fromkeys(r.advice for r in table.ROWS if r.module == module and r.name in lost)
            self.issues.append(ImportIssue(
                node, f"`from {module} import *` no longer brings "
                f"{', '.join(f'`{n}`' for n in lost)} (used in this file) on Keras 3: "
                + "; ".join(advice) + f"; {_TF_KERAS}",
            ))

    def _import(self, imp: _Import) -> None:
        node = imp.node
        assert isinstance(node, cst.Import)
        for alias in node.names:
            full = dotted(alias.name) or ""
            if not _is_keras(full):
                continue
            gone = next(
                (g for g in table.GONE_MODULES if full == g or full.startswith(g + ".")), None
            )
            if gone is None:
                continue
            asname = _asname(alias)
            issue = ImportIssue(alias, _gone(gone))
            if asname:
                home, bad = self.alias_uses(asname, full) if full == gone else (None, [])
                for chain in self.chains_by_head.get(asname, []):
                    self.claimed.add(id(chain.node))
                if home is not None:
                    issue.put(alias.name, _expr(home), imp.top)
                    issue.fix_description = f"import `{home}` as `{asname}`"
            else:
                home, bad = self._plain_uses(full, gone, issue, imp.top)
            if issue.replace:
                issue.message += f": every name this file uses from it is in `{home}`"
                issue.review = False
            else:
                issue.message += f": {table.GONE_MODULES[gone]}{_cannot(bad)}; {_TF_KERAS}"
                issue.replace.clear()
                issue.tops.clear()
            self.issues.append(issue)

    def _plain_uses(self, full: str, gone: str, issue: ImportIssue, top: int):
        """``import keras.utils.np_utils``: every ``keras.utils.np_utils.X`` chain."""
        if full != gone or self.module_of("keras") != "keras":
            for chain in self.chains_by_head.get("keras", []):
                if chain.dotted == gone or chain.dotted.startswith(gone + "."):
                    self.claimed.add(id(chain.node))
            return None, []
        homes: Set[str] = set()
        bad: List[str] = []
        depth = len(gone.split("."))
        for chain in self.chains_by_head.get("keras", []):
            if not (chain.dotted == gone or chain.dotted.startswith(gone + ".")):
                continue
            self.claimed.add(id(chain.node))
            parts = chain.dotted.split(".")
            r = table.row(gone, parts[depth]) if len(parts) > depth else None
            if r is None or r.status != "moved":
                bad.append(f"`{'.'.join(parts[:depth + 1])}` is not a name that moved")
                continue
            homes.add(r.home)  # type: ignore[arg-type]
            issue.put(_head_node(chain.node, depth), _expr(str(r.home)), chain.top)
        if bad or len(homes) > 1:
            issue.replace.clear()
            issue.tops.clear()
            return None, bad
        home = homes.pop() if homes else table.home_of_moved(gone)
        if home is None:
            issue.replace.clear()
            issue.tops.clear()
            return None, []
        issue.put(issue.node.name, _expr(home), top)  # type: ignore[attr-defined]
        issue.fix_description = f"import `{home}` and use it for `{gone}`"
        return home, []

    # attribute chains ---------------------------------------------------------------
    def _chains(self) -> None:
        for head, chains in self.chains_by_head.items():
            base = self.module_of(head)
            if base is None:
                continue
            for chain in chains:
                if id(chain.node) in self.claimed or chain.guarded:
                    continue
                self._chain(chain, head, base)

    def _chain(self, chain: _Chain, head: str, base: str) -> None:
        parts = chain.dotted.split(".")
        full = ".".join([base, *parts[1:]])
        found = table.split(full)
        if found is None:
            return
        module, rest = found
        if not rest:
            if module in table.GONE_MODULES:
                self.issues.append(ImportIssue(
                    chain.node, f"{_gone(module)}: {table.GONE_MODULES[module]}; {_TF_KERAS}",
                ))
            return
        r = table.row(module, rest[0])
        # the chain's part that names `module` (for `keras.utils.np_utils.X`: 3 names)
        depth = len(parts) - len(rest)
        if r is not None and r.status == "moved" and (
            r.home == base or r.home.startswith(base + ".")  # type: ignore[union-attr]
        ):
            new = head + r.home[len(base):]  # type: ignore[index]
            issue = ImportIssue(
                chain.node, f"{_gone(module)}: {_moved_text(module, rest[0])}", review=False
            )
            issue.put(_head_node(chain.node, depth), _expr(new), chain.top)
            issue.fix_description = f"use `{new}.{rest[0]}`"
            self.issues.append(issue)
        elif module in table.GONE_MODULES or (r is not None and r.status == "removed"):
            text = _removed_text(module, rest[0])
            if module in table.GONE_MODULES:
                text = f"{_gone(module)}: {text}"
            self.issues.append(ImportIssue(chain.node, f"{text}; {_TF_KERAS}"))


def scan(module: cst.Module) -> List[ImportIssue]:
    """Every Keras 2 data-path import (and ``keras.x.y`` chain) of ``module`` that fails
    on Keras 3, standalone ``keras`` only."""
    return _Scanner(module).scan()


class _Apply(cst.CSTTransformer):
    def __init__(self, replace: Mapping[cst.CSTNode, Replacement]) -> None:
        super().__init__()
        self.replace = replace

    def on_leave(self, original_node, updated_node):
        new = self.replace.get(original_node)
        if new is not None and not isinstance(new, tuple):
            return new
        return super().on_leave(original_node, updated_node)

    def _split_body(self, original, updated):
        body: List[cst.BaseSmallStatement] = []
        for orig, upd in zip(original.body, updated.body):
            new = self.replace.get(orig)
            body.extend(new if isinstance(new, tuple) else (upd,))
        return body

    def leave_SimpleStatementLine(self, original_node, updated_node):
        stmts = self.replace.get(original_node.body[0])
        if len(original_node.body) == 1 and isinstance(stmts, tuple):
            # a split import alone on its line: one line per statement; the first keeps the
            # comments above, the last the comment after
            lines = []
            for i, stmt in enumerate(stmts):
                last = i == len(stmts) - 1
                lines.append(cst.SimpleStatementLine(
                    body=[stmt if last else stmt.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)],
                    leading_lines=updated_node.leading_lines if i == 0 else (),
                    trailing_whitespace=(
                        updated_node.trailing_whitespace if last else cst.TrailingWhitespace()
                    ),
                ))
            return cst.FlattenSentinel(lines)
        return updated_node.with_changes(body=self._split_body(original_node, updated_node))

    def leave_SimpleStatementSuite(self, original_node, updated_node):
        return updated_node.with_changes(body=self._split_body(original_node, updated_node))


def apply(module: cst.Module, issues: Sequence[ImportIssue]) -> cst.Module:
    """``module`` with every fixable issue's replacements (issues from ``scan(module)``)."""
    replace: Dict[cst.CSTNode, Replacement] = {}
    tops: Set[int] = set()
    for issue in issues:
        replace.update(issue.replace)
        tops |= issue.tops
    if not replace:
        return module
    # only the top-level statements that hold a replaced node are visited
    transformer = _Apply(replace)
    body: List[cst.BaseStatement] = list(module.body)
    for top in sorted(tops, reverse=True):
        new = body[top].visit(transformer)
        body[top:top + 1] = list(new.nodes) if isinstance(new, cst.FlattenSentinel) else [new]
    return module.with_changes(body=body)


def fix_of(
    issue: ImportIssue,
    module: cst.Module,
    positions: Mapping[cst.CSTNode, CodeRange],
    lines: Sequence[str],
) -> Optional[Fix]:
    """The issue's replacements as text edits (``lines``: the source's lines)."""
    if not issue.replace:
        return None
    edits = []
    for node, new in issue.replace.items():
        r = positions[node]
        if isinstance(new, tuple):
            alone = issue.alone
            prefix = lines[r.start.line - 1][: r.start.column]
            sep = module.default_newline + prefix if alone and not prefix.strip() else "; "
            content = sep.join(
                module.code_for_node(s.with_changes(semicolon=cst.MaybeSentinel.DEFAULT))
                for s in new
            )
        else:
            content = module.code_for_node(new)
        edits.append(Edit(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1, content))
    edits.sort(key=lambda e: (e.line, e.column))
    return Fix(Applicability.SAFE, issue.fix_description, tuple(edits))


def diagnostics(
    issues: Sequence[ImportIssue],
    module: cst.Module,
    positions: Mapping[cst.CSTNode, CodeRange],
    text: str,
    path: str,
) -> List[Diagnostic]:
    """One FG008 finding per issue, with its fix when it has one."""
    rule = catalogue.get("FG008")
    lines = re.split(r"\r\n|\r|\n", text)  # libcst's lines (str.splitlines also splits at \f)
    out = []
    for issue in issues:
        r = positions[issue.node]
        out.append(rule.diagnostic(
            path, r.start.line, r.start.column + 1, issue.message,
            end_line=r.end.line, end_column=r.end.column + 1,
            fix=fix_of(issue, module, positions, lines),
        ))
    return out


# adding the imports a fix needs -------------------------------------------------------
#
# ``add`` puts ``from migrate_fitgen.runtime import validate_batches`` (or ``import math``,
# ``from keras.optimizers.schedules import InverseTimeDecay``...) into a module.  It
# writes exactly what libcst's ``AddImportsVisitor`` (with no package name) wrote there
# when the rewrite used it, run on the statements up to the last top-level import, with
# the blank lines of the statement after an inserted import kept (except where that put
# them above a ``from __future__`` import: see ``_insert``); the tests compare the two on
# many module heads.  It looks at top-level statements only (no walk of the tree) and
# does not import ``libcst.codemod`` (and ``libcst.matchers``, 0.2-0.4 s).

#: an import to add: (module, name or None, alias or None), as
#: ``AddImportsVisitor.add_needed_import`` took it
ImportSpec = Tuple[str, Optional[str], Optional[str]]


def _lone_import(stmt: cst.CSTNode) -> bool:
    """A line that holds one import statement and nothing else."""
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], (cst.Import, cst.ImportFrom))
    )


def _holds_import(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
    )


def _skip_first(body: Sequence[cst.BaseStatement]) -> bool:
    """The first statement is a docstring (one plain string) or ``__strict__ = ...``:
    imports go after it."""
    if not body or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1:
        return False
    small = body[0].body[0]
    if isinstance(small, cst.Expr):
        return isinstance(small.value, cst.SimpleString)
    return (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and small.targets[0].target.value == "__strict__"
    )


#: how ``notebooks`` masks an IPython line (``!pip install x``, ``%matplotlib inline``)
#: in a notebook's program: a name with this prefix (tests/test_notebooks.py checks it)
IPYTHON_PLACEHOLDER = "_mfg_ipy_"


def _ipython_line(stmt: cst.BaseStatement) -> bool:
    """A notebook's masked IPython line, alone on its line: no code to put imports after
    (a cell of ``!pip install ...`` first is often skipped when the notebook is run
    again)."""
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    return all(
        isinstance(small, cst.Expr) and isinstance(small.value, cst.Name)
        and small.value.value.startswith(IPYTHON_PLACEHOLDER)
        for small in stmt.body
    )


def _from_module(node: cst.ImportFrom) -> Optional[str]:
    """The module an absolute ``from`` import names; None for a relative one (with no
    package name, AddImportsVisitor could not place those, so it left them alone)."""
    if node.relative or node.module is None:
        return None
    return dotted(node.module)


class _Wanted:
    """The imports still to add, grouped as AddImportsVisitor grouped them."""

    def __init__(self, specs: Sequence[ImportSpec]) -> None:
        for module, name, alias in specs:
            if module.startswith("."):
                raise ValueError(f"relative module {module!r}: not supported")
            if module == "__future__" and (name is None or alias is not None):
                raise ValueError("a __future__ import needs a name and no alias")
        #: ``import m``
        self.modules: Set[str] = {m for m, n, a in specs if n is None and a is None}
        #: ``import m as a``: m -> a (the last one wins, in the order first seen)
        self.module_aliases: Dict[str, str] = {m: a for m, n, a in specs if n is None and a is not None}
        #: ``from m import n``: m -> names
        self.names: Dict[str, Set[str]] = {
            m: {n for mm, n, a in specs if mm == m and n is not None and a is None}
            for m in sorted({m for m, n, a in specs if n is not None and a is None})
        }
        #: ``from m import n as a``: m -> [(n, a)]
        self.aliased: Dict[str, List[Tuple[str, str]]] = {
            m: [(n, a) for mm, n, a in specs if mm == m and n is not None and a is not None]  # type: ignore[misc]
            for m in sorted({m for m, n, a in specs if n is not None and a is not None})
        }

    def drop_present(self, block: Sequence[cst.SimpleStatementLine]) -> None:
        """Forget what the module's first block of imports already has."""
        modules: Set[str] = set()
        module_aliases: Dict[str, str] = {}
        names: Dict[str, Set[str]] = {}
        aliased: Dict[str, List[Tuple[str, str]]] = {}
        for line in block:
            node = line.body[0]
            if isinstance(node, cst.Import):
                for alias in node.names:
                    if alias.asname is not None:
                        module_aliases[alias.evaluated_name] = alias.evaluated_alias  # type: ignore[assignment]
                    else:
                        modules.add(alias.evaluated_name)
                continue
            assert isinstance(node, cst.ImportFrom)
            module = _from_module(node)
            if module is None:
                continue
            if isinstance(node.names, cst.ImportStar):
                names[module] = {"*"}
                continue
            pairs = [(a.evaluated_name, a.evaluated_alias) for a in node.names if a.asname is not None]
            if pairs:
                aliased.setdefault(module, []).extend(pairs)  # type: ignore[arg-type]
            plain = {a.evaluated_name for a in node.names if a.asname is None}
            if plain:
                have = names.setdefault(module, set())
                if "*" in have:
                    continue
                have.update(plain)
        self.modules -= modules
        for module, alias in module_aliases.items():
            if self.module_aliases.get(module) == alias:
                del self.module_aliases[module]
        for module, pairs in aliased.items():
            for pair in pairs:
                if module in self.aliased and pair in self.aliased[module]:
                    self.aliased[module].remove(pair)
                    if not self.aliased[module]:
                        del self.aliased[module]
        for module, have in names.items():
            if module not in self.names:
                continue
            if "*" in have:
                del self.names[module]
            else:
                self.names[module] = self.names[module] - have
                if not self.names[module]:
                    del self.names[module]

    def merge_into(self, node: cst.ImportFrom) -> Optional[cst.ImportFrom]:
        """``from m import ...`` with the names still wanted from ``m`` put first (they
        are then no longer wanted); None if none is."""
        if isinstance(node.names, cst.ImportStar):
            return None
        module = _from_module(node)
        if module is None or (module not in self.names and module not in self.aliased):
            return None
        plain = sorted(self.names.pop(module, ()))
        aliased = sorted(self.aliased.pop(module, ()))
        return node.with_changes(names=[
            *(cst.ImportAlias(name=cst.Name(n)) for n in plain),
            *(cst.ImportAlias(name=cst.Name(n), asname=cst.AsName(name=cst.Name(a))) for n, a in aliased),
            *node.names,
        ])

    def __bool__(self) -> bool:
        return bool(self.modules or self.names or self.module_aliases or self.aliased)

    def statements(self, newline: str) -> Tuple[List[cst.BaseStatement], List[cst.BaseStatement]]:
        """(the ``__future__`` imports, the others) to insert, in AddImportsVisitor's
        order, parsed as it parsed them."""
        config = cst.PartialParserConfig(default_newline=newline)
        by_module: Dict[str, list] = {}
        for module, pairs in self.aliased.items():
            by_module.setdefault(module, []).extend(pairs)
        for module, names in self.names.items():
            by_module.setdefault(module, []).extend((n, None) for n in names)

        def from_import(module: str, pairs: list) -> cst.BaseStatement:
            names = ", ".join(n if a is None else f"{n} as {a}" for n, a in sorted(pairs))
            return cst.parse_statement(f"from {module} import {names}", config=config)

        future = [from_import(m, p) for m, p in by_module.items() if m == "__future__"]
        others = [cst.parse_statement(f"import {m}", config=config) for m in sorted(self.modules)]
        others += [cst.parse_statement(f"import {m} as {a}", config=config) for m, a in self.module_aliases.items()]
        others += [from_import(m, p) for m, p in by_module.items() if m != "__future__"]
        return future, others


def _blank_line_before(body: List[cst.BaseStatement]) -> List[cst.BaseStatement]:
    """The statements after the inserted imports, the first one with a blank line
    above it unless it already starts with one (AddImportsVisitor's rule)."""
    if not body:
        return body
    lines = body[0].leading_lines
    if lines and lines[0].comment is None:
        return body
    return [body[0].with_changes(leading_lines=(cst.EmptyLine(), *lines)), *body[1:]]


def _is_future_import(small: cst.CSTNode) -> bool:
    return (
        isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None
        and dotted(small.module) == "__future__"
    )


def _holds_future_import(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(_is_future_import(s) for s in stmt.body)


def _is_docstring(value: cst.BaseExpression) -> bool:
    """A string literal Python takes for a docstring: not bytes, not an f-string."""
    if isinstance(value, cst.SimpleString):
        return "b" not in value.prefix.lower()
    if isinstance(value, cst.ConcatenatedString):
        return _is_docstring(value.left) and _is_docstring(value.right)
    return False


def _future_end(body: Sequence[cst.BaseStatement]) -> int:
    """The end of the lines holding ``from __future__`` imports at the top of the module
    (after a docstring, where Python wants them); 0 if there are none, or if the
    module's future imports are not all there (Python rejects such a module anyway)."""
    first = body[0] if body else None
    i = 1 if (
        isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1
        and isinstance(first.body[0], cst.Expr) and _is_docstring(first.body[0].value)
    ) else 0
    end = 0
    while i < len(body) and _holds_future_import(body[i]):
        smalls = body[i].body  # type: ignore[attr-defined]
        other = [k for k, small in enumerate(smalls) if not _is_future_import(small)]
        if other and any(_is_future_import(small) for small in smalls[other[0]:]):
            return 0  # a future import after another statement
        i += 1
        end = i
        if other:  # `from __future__ import x; import os`: the last line they may be on
            break
    if any(_holds_future_import(stmt) for stmt in body[i:]):
        return 0
    return end


def _insert(body: Sequence[cst.BaseStatement], wanted: _Wanted, newline: str) -> List[cst.BaseStatement]:
    """AddImportsVisitor's placement on ``body``: the wanted names merged into the first
    ``from`` import of their module in the module's first block of imports (after a
    docstring), the rest inserted at the end of that block.

    One difference: where that block ends before a ``from __future__`` import (the
    block is empty when the docstring is an implicit concatenation, ``"a" "b"``, or the
    future import shares its line, ``from __future__ import x; import os``), the
    visitor put the new imports above it, which Python rejects ("from __future__
    imports must occur at the beginning of the file"; the rewrite then refused the
    file); they go after the last such line at the top instead."""
    start = 1 if _skip_first(body) else 0
    while start < len(body) and _ipython_line(body[start]):
        start += 1  # a notebook's `!pip install ...` cell: the imports go with the first ones
    end = start
    while end < len(body) and _lone_import(body[end]):
        end += 1
    block = list(body[start:end])
    wanted.drop_present(block)  # type: ignore[arg-type]
    for i, line in enumerate(block):
        merged = wanted.merge_into(line.body[0]) if isinstance(line.body[0], cst.ImportFrom) else None  # type: ignore[attr-defined]
        if merged is not None:
            block[i] = line.with_changes(body=[merged])
    if not wanted:
        return [*body[:start], *block, *body[end:]]
    future, others = wanted.statements(newline)
    at = max(end, _future_end(body))
    return [*body[:start], *future, *block, *body[end:at], *others, *_blank_line_before(list(body[at:]))]


def _keep_blank_lines(old: Sequence[cst.BaseStatement], new: List[cst.BaseStatement]) -> List[cst.BaseStatement]:
    """Where one statement was inserted, the statement after it keeps its own leading
    lines (blank lines stay byte for byte) instead of the blank line put above it."""
    if len(new) != len(old) + 1:
        return new
    i = next((k for k, (a, b) in enumerate(zip(old, new)) if a is not b and not a.deep_equals(b)), len(old))
    if i < len(old):
        after = new[i + 1]
        if after.deep_equals(old[i].with_changes(leading_lines=after.leading_lines)):
            new[i + 1] = old[i]
    return new


def add(module: cst.Module, specs: Sequence[ImportSpec]) -> cst.Module:
    """``module`` with the imports ``specs`` asks for, those it has left out.  Unchanged
    statements are the very same nodes.

    As the rewrite placed them with AddImportsVisitor: a module with a top-level import
    gets them merged into or added after its first block of imports, looking only at the
    statements up to its last top-level import line, and the statement after an inserted
    import keeps its leading lines; a module with none gets them after its docstring,
    followed by a blank line."""
    body = list(module.body)
    last = 0  # the statements up to the last line holding a top-level import
    for i, stmt in enumerate(body):
        if _holds_import(stmt):
            last = i + 1
    wanted = _Wanted(specs)
    if last == 0:
        return module.with_changes(body=_insert(body, wanted, module.default_newline))
    head = _keep_blank_lines(body[:last], _insert(body[:last], wanted, module.default_newline))
    return module.with_changes(body=[*head, *body[last:]])
