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
        node.body.visit(self)
        self.guards.pop()
        for part in (*node.handlers, node.orelse, node.finalbody):
            if part is not None:
                part.visit(self)
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
            stmt.visit(c)
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
