"""What the constructor of a legacy call's receiver builds: followed into the analysed
tree, then decided from data.

A per-file pass (``summarize``, stdlib ``ast``, no code run) keeps what the question
needs of each module: its imports, its top-level functions with what each returns
(the callee of each returned call, or of the call last bound to the returned name),
and its classes with their bases and the legacy methods they define.  The project
pass (``ModelResolver``) links the summaries:

* a function returns a Keras model when what it returns is built by Keras (a
  ``keras``/``tensorflow``/``tf_keras`` call: ``Model(...)``, ``Sequential(...)``,
  ``load_model(...)``...), by a package of ``keras_packages.KERAS_MODEL_PACKAGES``, by a
  class of the tree that derives from a Keras model, or by another such function of the
  tree (followed to a bounded depth, cycles cut);
* a class of the tree derives from a Keras model through its bases, followed across
  modules; a class that does not, and defines the legacy method, is not Keras;
* a name from outside the tree is settled by ``[tool.migrate-fitgen]`` (``keras-models``,
  ``not-keras``), then by the tables of ``keras_packages``; anything else is *assumed*
  to be a Keras model (most likely the project's own code that was not analysed), and
  every call that rests on that assumption says so.

Nothing here imports or runs the analysed code.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from migrate_fitgen.keras_api import KERAS_PACKAGES, METHODS
from migrate_fitgen.keras_packages import (
    KERAS_MODEL_PACKAGES,
    OWN_FIT_GENERATOR,
    matching_prefix,
)
from migrate_fitgen.sources import parse_python

#: names that build a Keras model when nothing in the file binds them (star imports)
KERAS_MODEL_BASES = frozenset({"Model", "Sequential", "Functional"})
#: how many calls and bases are followed before giving up
MAX_DEPTH = 12

KERAS, NOT_KERAS, ASSUMED, UNKNOWN = "keras", "not-keras", "assumed", "unknown"


@dataclass(frozen=True)
class Outcome:
    """What a constructor builds: ``kind`` is one of KERAS, NOT_KERAS, ASSUMED (not
    followed to a definition or a table: taken for a Keras model), UNKNOWN (nothing
    to follow: not a name bound by an import or a definition)."""

    kind: str
    reason: str = ""


# ---------------------------------------------------------------------------------
# per-file summaries


@dataclass(frozen=True)
class Imported:
    """``import module as local`` (``name`` empty) or ``from module import name as local``
    (``level`` dots before ``module``)."""

    module: str
    name: str = ""
    level: int = 0

    def absolute(self, rest: Sequence[str] = ()) -> Optional[str]:
        if self.level:
            return None
        parts = [p for p in (self.module, self.name) if p]
        return ".".join([*parts, *rest])

    def shown(self, rest: Sequence[str] = ()) -> str:
        parts = [p for p in (self.module, self.name) if p]
        return "." * self.level + ".".join([*parts, *rest])


@dataclass(frozen=True)
class FunctionSummary:
    #: for each `return`, the dotted callee of the call it returns (directly or through
    #: a name bound in the function), or None when it is not such a call
    returns: Tuple[Optional[str], ...]
    #: the dotted return annotation (`-> Sequential`), when there is one
    annotation: Optional[str] = None


@dataclass(frozen=True)
class ClassSummary:
    bases: Tuple[str, ...]  # dotted, as written ('' when not a dotted name)
    methods: FrozenSet[str]  # names of the functions defined in its body
    #: its functions (static and class methods build models too: `Builder.build(...)`)
    functions: Mapping[str, FunctionSummary] = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleSummary:
    path: str
    imports: Mapping[str, Imported] = field(default_factory=dict)
    stars: Tuple[Imported, ...] = ()  # `from module import *`
    functions: Mapping[str, FunctionSummary] = field(default_factory=dict)
    classes: Mapping[str, ClassSummary] = field(default_factory=dict)
    #: module-level names bound to a call: name -> dotted callees
    assigned: Mapping[str, Tuple[Optional[str], ...]] = field(default_factory=dict)
    #: module-level names bound to another name: `model_factory = get_unet_128`
    aliases: Mapping[str, str] = field(default_factory=dict)


def _dotted(node: ast.expr) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _own_nodes(body: Sequence[ast.stmt]) -> Iterable[ast.AST]:
    """Every node of a function body, not entering nested functions, lambdas,
    classes or comprehensions (their names and returns are their own)."""
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _NESTED) or isinstance(
                child, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
            ):
                continue
            stack.append(child)


def _callees(value: Optional[ast.expr], bound: Mapping[str, List[Optional[str]]]) -> List[Optional[str]]:
    """The dotted callee(s) ``value`` is built by; None for what is not a call."""
    if isinstance(value, ast.Call):
        return [_dotted(value.func)]
    if isinstance(value, ast.IfExp):
        return _callees(value.body, bound) + _callees(value.orelse, bound)
    if isinstance(value, (ast.Tuple, ast.List)) and value.elts:
        # `return model, preprocess`: the caller unpacks it, and its receiver is one of
        # the parts (a tuple itself has no fit_generator)
        return [c for elt in value.elts for c in _callees(elt, bound)]
    if isinstance(value, ast.Name) and value.id in bound:
        return list(bound[value.id])
    if isinstance(value, ast.Name):
        return [f"<name>{value.id}"]  # maybe a module-level name, resolved later
    return [None]


def _function_summary(node: ast.AST) -> FunctionSummary:
    bound: Dict[str, List[Optional[str]]] = {}
    returns: List[ast.expr] = []
    params = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}  # type: ignore[attr-defined]
    for sub in _own_nodes(node.body):  # type: ignore[attr-defined]
        if isinstance(sub, ast.Return) and sub.value is not None:
            returns.append(sub.value)
        elif isinstance(sub, (ast.Assign, ast.AnnAssign)) and sub.value is not None:
            targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    value = sub.value
                    bound.setdefault(t.id, []).append(
                        _dotted(value.func) if isinstance(value, ast.Call) else None
                    )
                elif isinstance(t, (ast.Tuple, ast.List)):
                    for elt in t.elts:
                        if isinstance(elt, ast.Name):
                            bound.setdefault(elt.id, []).append(None)
        elif isinstance(sub, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.AugAssign)):
            targets = (
                [sub.target] if isinstance(sub, (ast.For, ast.AsyncFor, ast.AugAssign))
                else [i.optional_vars for i in sub.items if i.optional_vars is not None]
            )
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        bound.setdefault(n.id, []).append(None)
    for p in params:
        bound.setdefault(p, []).append(None)
    out: List[Optional[str]] = []
    for value in returns:
        out.extend(_callees(value, bound))
    annotation = getattr(node, "returns", None)
    return FunctionSummary(tuple(out), _dotted(annotation) if annotation is not None else None)


def summarize(path: str, tree: ast.Module) -> ModuleSummary:
    """The summary of one parsed module."""
    imports: Dict[str, Imported] = {}
    stars: List[Imported] = []
    functions: Dict[str, FunctionSummary] = {}
    classes: Dict[str, ClassSummary] = {}
    assigned: Dict[str, List[Optional[str]]] = {}
    aliases: Dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    imports[alias.asname] = Imported(alias.name)
                else:
                    root = alias.name.split(".")[0]
                    imports[root] = Imported(root)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                imp = Imported(node.module or "", alias.name, node.level or 0)
                if alias.name == "*":
                    stars.append(Imported(node.module or "", "", node.level or 0))
                else:
                    imports[alias.asname or alias.name] = imp
    for stmt in tree.body:
        for node in _top_level(stmt):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions[node.name] = _function_summary(node)
            elif isinstance(node, ast.ClassDef):
                methods = frozenset(
                    item.name for item in node.body
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                )
                classes[node.name] = ClassSummary(
                    tuple(_dotted(b) or "" for b in node.bases), methods,
                    {
                        item.name: _function_summary(item) for item in node.body
                        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                    },
                )
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        assigned.setdefault(t.id, []).append(_dotted(node.value.func))
            elif isinstance(node, ast.Assign) and _dotted(node.value):
                for t in node.targets:
                    if isinstance(t, ast.Name) and t.id != _dotted(node.value):
                        aliases[t.id] = _dotted(node.value)  # type: ignore[assignment]
    return ModuleSummary(
        path, imports, tuple(stars), functions, classes,
        {k: tuple(v) for k, v in assigned.items()}, aliases,
    )


def _top_level(stmt: ast.stmt) -> Iterable[ast.stmt]:
    """A module-level statement, and those inside its `if`/`try` blocks (definitions
    guarded by an import check or a version test are still the module's)."""
    yield stmt
    if isinstance(stmt, ast.If):
        for s in [*stmt.body, *stmt.orelse]:
            yield from _top_level(s)
    elif isinstance(stmt, ast.Try):
        for s in [*stmt.body, *stmt.orelse, *stmt.finalbody]:
            yield from _top_level(s)
        for h in stmt.handlers:
            for s in h.body:
                yield from _top_level(s)


def module_names(path: str) -> List[str]:
    """Dotted names a file may be imported as: every suffix of its path."""
    parts = [x for x in os.path.normpath(path).split(os.sep) if x and x not in (".", "..")]
    if not parts or not parts[-1].endswith(".py"):
        return []
    parts[-1] = parts[-1][:-3]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return [
        ".".join(parts[i:]) for i in range(len(parts)) if all(x.isidentifier() for x in parts[i:])
    ]


# ---------------------------------------------------------------------------------
# the project pass


class ModelResolver:
    """Answers what a constructor builds, over the summaries of the analysed files."""

    def __init__(
        self,
        modules: Mapping[str, ModuleSummary],
        keras_models: Sequence[str] = (),
        not_keras: Sequence[str] = (),
        custom_classes: FrozenSet[str] = frozenset(),
        local_modules: FrozenSet[str] = frozenset(),
    ) -> None:
        # a mapping that makes summaries on demand (``candidates()``: every path, parsed
        # or not) is kept as it is: only the modules a lookup reaches are summarized
        lazy = hasattr(modules, "candidates")
        self.modules = modules if lazy else dict(modules)
        self.keras_models = tuple(keras_models)
        self.not_keras = tuple(not_keras)
        self.custom_classes = custom_classes
        self.local_modules = local_modules
        self._by_abspath: Dict[str, str] = {}
        self._by_name: Dict[str, List[str]] = {}
        for path in (modules.candidates() if lazy else self.modules):  # type: ignore[attr-defined]
            if path in ("-", "<stdin>"):
                continue
            self._by_abspath[os.path.normpath(os.path.abspath(path))] = path
            for name in module_names(path):
                self._by_name.setdefault(name, []).append(path)
        self._memo: Dict[Tuple[str, str, Optional[str]], Outcome] = {}
        self._modules_seen: Dict[Tuple[Optional[str], str, int], Optional[ModuleSummary]] = {}

    # modules ---------------------------------------------------------------------
    def _at(self, stem: str) -> Optional[ModuleSummary]:
        for cand in (stem + ".py", os.path.join(stem, "__init__.py")):
            path = self._by_abspath.get(os.path.normpath(cand))
            found = self.modules.get(path) if path is not None else None
            if found is not None:  # (None: a candidate that does not parse)
                return found
        return None

    def find_module(self, importer: ModuleSummary, module: str, level: int = 0) -> Optional[ModuleSummary]:
        """The analysed file that ``importer`` gets by importing ``module``: relative to
        its package, or (absolute) from its own folder or a folder above it (where the
        script or the project root puts it on ``sys.path``), or the only file of that
        name in the tree."""
        real = importer.path not in ("-", "<stdin>")
        here = os.path.dirname(os.path.abspath(importer.path)) if real else None
        key = (here, module, level)
        if key not in self._modules_seen:
            self._modules_seen[key] = self._find_module(here, module, level)
        return self._modules_seen[key]

    def _find_module(self, here: Optional[str], module: str, level: int) -> Optional[ModuleSummary]:
        parts = [p for p in module.split(".") if p]
        if level:
            if here is None:
                return None
            base = here
            for _ in range(level - 1):
                base = os.path.dirname(base)
            return self._at(os.path.join(base, *parts)) if parts else self._at(base)
        if not parts:
            return None
        folder = here
        while folder is not None:
            found = self._at(os.path.join(folder, *parts))
            if found is not None:
                return found
            parent = os.path.dirname(folder)
            folder = parent if parent != folder else None
        paths = [p for p in self._by_name.get(".".join(parts), []) if self.modules.get(p) is not None]
        return self.modules[paths[0]] if len(paths) == 1 else None

    # settled by the user or the tables ------------------------------------------------
    def settled(self, names: Iterable[str]) -> Optional[Outcome]:
        """``[tool.migrate-fitgen]``'s answer for any of ``names`` (the longest entry wins)."""
        best: Optional[Tuple[int, Outcome]] = None
        for name in names:
            for entries, kind, key in (
                (self.keras_models, KERAS, "keras-models"),
                (self.not_keras, NOT_KERAS, "not-keras"),
            ):
                hit = matching_prefix(name, entries)
                if hit is not None and (best is None or len(hit) > best[0]):
                    reason = f"`{name}` is listed under `{key}` ('{hit}') in [tool.migrate-fitgen]"
                    if kind == NOT_KERAS:
                        reason = f"`{name}` is not a Keras model: listed under `not-keras` ('{hit}') in [tool.migrate-fitgen]"
                    best = (len(hit), Outcome(kind, reason))
        return best[1] if best else None

    @staticmethod
    def from_tables(qualified: str) -> Optional[Outcome]:
        top = qualified.split(".")[0]
        if top in KERAS_PACKAGES:
            return Outcome(KERAS, f"`{qualified}` is Keras")
        own = matching_prefix(qualified, OWN_FIT_GENERATOR)
        if own is not None:
            return Outcome(
                NOT_KERAS, f"`{qualified}` is built by '{own}', whose models have their own "
                f"fit_generator, not Keras'"
            )
        keras = matching_prefix(qualified, KERAS_MODEL_PACKAGES)
        if keras is not None:
            return Outcome(KERAS, f"`{qualified}` comes from '{keras}', which builds Keras models")
        return None

    # the question ----------------------------------------------------------------------
    def callee(self, module: ModuleSummary, dotted: str, method: Optional[str] = None) -> Outcome:
        """What ``dotted(...)``, called in ``module``, builds."""
        return self._lookup(module, dotted.split("."), method, 0, frozenset())

    def cls(self, module: ModuleSummary, name: str, method: Optional[str] = None, own: bool = True) -> Outcome:
        """Whether the class ``name`` of ``module`` is a Keras model.  ``own`` False: for
        ``super().method(...)`` in it, its own ``method`` does not count (its bases' do)."""
        if name not in module.classes:
            return Outcome(UNKNOWN)
        return self._class(module, name, method, 0, frozenset(), own)

    def _lookup(self, module: ModuleSummary, parts: List[str], method, depth: int, seen, through_star: bool = False) -> Outcome:
        """What ``parts`` (a dotted name) stands for in ``module``.  ``through_star``:
        looked up through another module's star import, where a name ``module`` does not
        bind is UNKNOWN (the next star import may bind it), never a guess from the name."""
        if depth > MAX_DEPTH or not parts or not parts[0]:
            return Outcome(UNKNOWN)
        head, rest = parts[0], parts[1:]
        if head in module.imports:
            return self._imported(module, module.imports[head], rest, method, depth, seen)
        own_names = [f"{m}.{'.'.join(parts)}" for m in module_names(module.path)]
        settled = self.settled(own_names)
        if settled is not None:
            return settled
        if not rest and head in module.classes:
            return self._class(module, head, method, depth, seen)
        if not rest and head in module.functions:
            return self._function(module, head, module.functions[head], method, depth, seen)
        if len(rest) == 1 and head in module.classes and rest[0] in module.classes[head].functions:
            fn = module.classes[head].functions[rest[0]]
            return self._function(module, f"{head}.{rest[0]}", fn, method, depth, seen)
        if head in module.aliases and head not in module.assigned:
            return self._lookup(module, [*module.aliases[head].split("."), *rest], method, depth + 1, seen)
        if not rest and head in module.assigned:
            return self._combine(
                head, module, [self._value(module, c, method, depth, seen) for c in module.assigned[head]]
            )
        if head in module.classes or head in module.functions:
            return Outcome(UNKNOWN)  # `Net.build(...)`, `make().attr`: not followed
        outside = []  # star imports from modules that are not analysed
        for star in module.stars:
            target = self.find_module(module, star.module, star.level)
            if target is not None and target is not module:
                found = self._lookup(target, parts, method, depth + 1, seen, through_star=True)
                if found.kind != UNKNOWN:
                    return found
            elif target is None:
                outside.append(star)
        if outside and all(s.module.split(".")[0] in KERAS_PACKAGES and not s.level for s in outside):
            shown = ", ".join(s.shown() for s in outside)
            return Outcome(KERAS, f"`{head}` comes from `from {shown} import *`")
        if through_star and not (outside and not rest):
            return Outcome(UNKNOWN)
        if not rest and head in KERAS_MODEL_BASES and not through_star:
            return Outcome(KERAS, f"`{head}` is a Keras model class")
        if not rest and head in self.custom_classes and not through_star:
            return Outcome(NOT_KERAS, f"class {head} of this project defines its own {method or 'fit_generator'}")
        if outside and not rest:
            shown = ", ".join(s.shown() for s in outside)
            return Outcome(ASSUMED, f"`{head}` may come from `from {shown} import *`, which could not be followed")
        return Outcome(UNKNOWN)

    def _imported(self, module: ModuleSummary, imp: Imported, rest: List[str], method, depth: int, seen) -> Outcome:
        qualified = imp.absolute(rest)
        shown = imp.shown(rest)
        if qualified is not None:
            settled = self.settled([qualified])
            if settled is not None:
                return settled
            if qualified.split(".")[0] in KERAS_PACKAGES:
                return Outcome(KERAS, f"`{qualified}` is Keras")
        # into the analysed tree
        target, symbol = self._split(module, imp, rest)
        if target is not None:
            if not symbol:
                return Outcome(UNKNOWN)  # a module called: not a constructor
            found = self._lookup(target, symbol, method, depth + 1, seen)
            if found.kind in (KERAS, NOT_KERAS):
                return found
            # the tree may hold the package itself (deepchem's own repository): what
            # its code does not settle, the tables still do
            table = self.from_tables(qualified) if qualified is not None else None
            if table is not None:
                return table
            if found.kind == ASSUMED:
                return found
            return Outcome(ASSUMED, f"could not tell what `{shown}` in {self._where(target)} builds")
        if qualified is not None:
            table = self.from_tables(qualified)
            if table is not None:
                return table
        if imp.name in KERAS_PACKAGES and rest:
            # `from keras_bert.backend import keras`: a package handing on the Keras it
            # picked (keras or tf.keras)
            return Outcome(KERAS, f"`{shown}` is Keras, re-exported by '{imp.shown()}'")
        last = (rest[-1] if rest else imp.name or imp.module.split(".")[-1])
        top = (imp.module or imp.name).split(".")[0]
        if not rest and last in self.custom_classes and (imp.level or top in self.local_modules):
            return Outcome(NOT_KERAS, f"class {last} of this project defines its own {method or 'fit_generator'}")
        if imp.level:
            return Outcome(ASSUMED, f"`{shown}` is not among the analysed files")
        return Outcome(
            ASSUMED, f"`{shown}` comes from '{top}', which is neither among the analysed files "
            f"nor a package migrate-fitgen knows"
        )

    def _split(self, module: ModuleSummary, imp: Imported, rest: List[str]):
        """The analysed module an imported name lives in, and the name's parts in it."""
        if imp.name:
            # `from pkg import sub` may name a submodule; `from pkg import name` a symbol
            sub = ".".join(p for p in (imp.module, imp.name) if p)
            target = self.find_module(module, sub, imp.level)
            if target is not None and rest:
                return self._deepest(module, target, sub, rest, imp.level)
            target = self.find_module(module, imp.module, imp.level)
            if target is not None:
                return target, [imp.name, *rest]
            return None, []
        base = self.find_module(module, imp.module, 0)
        if base is None:
            return None, []
        return self._deepest(module, base, imp.module, rest, 0)

    def _deepest(self, importer, base, name: str, rest: List[str], level: int):
        """`a.b.c.f`: the longest module prefix found in the tree, and what follows it."""
        for i in range(len(rest), 0, -1):
            found = self.find_module(importer, ".".join([name, *rest[:i]]), level)
            if found is not None:
                return found, rest[i:]
        return base, rest

    def _where(self, module: ModuleSummary) -> str:
        return module.path.replace(os.sep, "/")

    def _value(self, module: ModuleSummary, callee: Optional[str], method, depth: int, seen) -> Outcome:
        if callee is None:
            return Outcome(UNKNOWN)
        if callee.startswith("<name>"):
            name = callee[len("<name>"):]
            if name in module.assigned:
                return self._combine(
                    name, module,
                    [self._value(module, c, method, depth + 1, seen) for c in module.assigned[name]],
                )
            return Outcome(UNKNOWN)
        return self._lookup(module, callee.split("."), method, depth + 1, seen)

    def _function(self, module: ModuleSummary, name: str, fn: FunctionSummary, method, depth: int, seen) -> Outcome:
        key = (module.path, name, method)
        if key in self._memo:
            return self._memo[key]
        if (module.path, name) in seen:
            return Outcome(UNKNOWN)  # a cycle: this path proves nothing
        seen = seen | {(module.path, name)}
        outcomes = [self._value(module, c, method, depth, seen) for c in fn.returns]
        if fn.annotation is not None:  # `-> Sequential`: the author says what it returns
            outcomes.append(self._lookup(module, fn.annotation.split("."), method, depth + 1, seen))
        result = self._combine(f"{name}()", module, outcomes)
        if depth == 0 or result.kind in (KERAS, NOT_KERAS):
            self._memo[key] = result
        return result

    def _combine(self, what: str, module: ModuleSummary, outcomes: List[Outcome]) -> Outcome:
        kinds = {o.kind for o in outcomes}
        via = f"{what} in {self._where(module)}"
        if KERAS in kinds and NOT_KERAS not in kinds:
            return Outcome(KERAS, f"{via} returns a Keras model")
        if NOT_KERAS in kinds and KERAS not in kinds:
            first = next(o for o in outcomes if o.kind == NOT_KERAS)
            return Outcome(NOT_KERAS, _via(first.reason, via))
        if KERAS in kinds:
            return Outcome(ASSUMED, f"{via} returns a Keras model on some paths and not on others")
        if ASSUMED in kinds:
            first = next(o for o in outcomes if o.kind == ASSUMED)
            return Outcome(ASSUMED, _via(first.reason, via))
        return Outcome(ASSUMED, f"could not tell what {via} returns")

    def _class(self, module: ModuleSummary, name: str, method, depth: int, seen, own: bool = True) -> Outcome:
        key = (module.path, f"class {name}", method, own)
        if key in self._memo:
            return self._memo[key]
        if (module.path, f"class {name}") in seen:
            return Outcome(UNKNOWN)
        seen = seen | {(module.path, f"class {name}")}
        facts = module.classes[name]
        where = self._where(module)
        settled = self.settled([f"{m}.{name}" for m in module_names(module.path)])
        if settled is not None:
            return settled
        outcomes = [
            self._lookup(module, base.split("."), method, depth + 1, seen)
            for base in facts.bases if base and base != "object"
        ]
        kinds = {o.kind for o in outcomes}
        defines = own and ((method in facts.methods) if method else bool(facts.methods & set(METHODS)))
        if defines and (method is None or method in METHODS):
            # its own legacy method runs, a Keras model's subclass too: moving the call to
            # Keras 3's method would bypass it
            result = Outcome(NOT_KERAS, f"class {name} in {where} defines its own {method or 'fit_generator'}")
        elif KERAS in kinds:
            result = Outcome(KERAS, f"class {name} in {where} derives from a Keras model")
        elif defines:
            result = Outcome(NOT_KERAS, f"class {name} in {where} defines its own {method or 'fit_generator'}")
        elif NOT_KERAS in kinds:
            first = next(o for o in outcomes if o.kind == NOT_KERAS)
            result = Outcome(NOT_KERAS, _via(first.reason, f"base of class {name} in {where}"))
        elif ASSUMED in kinds:
            first = next(o for o in outcomes if o.kind == ASSUMED)
            result = Outcome(ASSUMED, _via(first.reason, f"base of class {name} in {where}"))
        else:
            result = Outcome(
                ASSUMED, f"class {name} in {where} neither derives from a Keras model nor "
                f"defines {method or 'fit_generator'}"
            )
        if depth == 0 or result.kind in (KERAS, NOT_KERAS):
            self._memo[key] = result
        return result


def _via(reason: str, step: str) -> str:
    """``reason``, saying through which definition of the tree the call site reached it."""
    if " (via " in reason:  # the fact itself and the step the call site took
        reason = reason[: reason.index(" (via ")]
    return f"{reason} (via {step})"


def parse_summary(path: str, text: str) -> Optional[ModuleSummary]:
    try:
        return summarize(path, parse_python(text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
