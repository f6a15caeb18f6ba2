"""Which training calls may be given a generator, a dataset or an iterator: decided by
name, from each file's ``ast`` tree, before any libcst parse.

Most ``fit``/``evaluate``/``predict`` calls of a large code base are given arrays;
their file can hold a call-site finding (FG005-FG007, FG107-FG109) only when a data
argument may resolve to a generator, a ``Sequence``/``PyDataset``, an iterator or an
iterator class, and a training call can link data to another file's generator only
then.  The project's resolver (``analyze.project``) follows bindings, imports, calls of
functions and classes, factories (``return gen(...)``), ``functools.partial``,
wrappers and ``self.method``; every step it takes goes from a name to what the bound
value lets it follow (``_Summariser.resolvable``: a name, a callee, a call's first
argument, ``x.attr``...; not ``np.random.rand``'s arguments).  So the per-file pass
records, from ``ast``:

- ``seeds``: names that are data by themselves (generator functions and
  methods, classes that define ``__iter__``/``__next__``);
- ``edges``: key -> the names its bindings may resolve through (module and class
  level assignments, ``self.attr = ...``, a class's bases), and ``returns``: a
  function's key -> those of its ``return`` values (a factory: only a generator it
  returns makes its call data), after folding the enclosing functions' own bindings; a
  key is a module-level name (``name``) or a name found by name (``.name``: class
  bodies, attributes, nested definitions);
- ``bound`` and ``imports``: the module-level names, and the module-level
  ``from X import Y`` (resolved to X's own ``Y`` when X is one module of the tree);
- ``calls``: for each training call, the free names its data arguments may resolve
  through after the same folding, and whether it passes a step count (FG007).

The project pass (``NameIndex``, ``Closure``) closes the seeds over the edges module
by module: a name is *data* if it is a seed or one of its bindings mentions data; a
module's name is its own, what cannot be placed (attributes, star imports, a module
name two files share, modules outside the tree) is matched by name, and a name is
data by name when any binding of it is.  A call none of whose names is data cannot be
linked to data.  This keeps too many calls, never too few;
``tests/test_analyze_prefilter.py``, ``tests/test_data_names.py`` and
``tests/test_data_names_scope.py`` check it against the resolver and against the
unfiltered analysis.

A file held by the generator-body rules' words alone (``yield``, ``__getitem__``) is
kept (``Closure.body``) when one of its generators may be linked to a training call,
when a class of it may be a dataset, or when a generator that may yield a batch holds
what FG103, FG104 or FG106 report on with no link: a cast, two slices, a shuffle in a
module importing Keras, or a call of a function that may return a cast (``casts``,
closed by name over the tree).  ``tests/test_body_narrowing.py`` checks it against the
unfiltered analysis.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from migrate_fitgen.ast_nodes import _CHILD_FIELDS
from migrate_fitgen.ast_nodes import _child_fields as child_fields
from migrate_fitgen.keras_api import KERAS_PACKAGES, LEGACY_DATA_KEYWORD, STEP_COUNT_PARAMETERS
from migrate_fitgen.project_models import _dotted

#: a generator expression in a bound value or a call's argument
GENEXP = "<genexp>"
#: the methods of a training call (legacy ones included)
TRAINING_METHODS = frozenset({
    "fit", "evaluate", "predict", "fit_generator", "evaluate_generator", "predict_generator",
})
#: builtins and itertools functions that return an iterator (``analyze.project``)
ITERATOR_FUNCTIONS = frozenset({
    "iter", "map", "filter", "zip",
    "accumulate", "batched", "chain", "combinations", "combinations_with_replacement",
    "compress", "count", "cycle", "dropwhile", "filterfalse", "groupby", "islice",
    "pairwise", "permutations", "product", "repeat", "starmap", "takewhile", "zip_longest",
})
DATASET_ROOTS = frozenset({"Sequence", "PyDataset"})
#: the positional index of the first step-count parameter (FG007) of each Keras 2/3
#: method (``analyze.project.NEW_POSITIONAL``; tests/test_data_names.py compares them)
FIRST_STEP_POSITION = {"fit": 12, "evaluate": 5, "predict": 3}


@dataclass(frozen=True)
class CallSummary:
    method: str
    line: int
    #: the free names the arguments mention (an attribute's name with a leading ".")
    names: Tuple[str, ...]
    #: a Keras 3 method given a step count, by keyword, by position or maybe by ``**``
    steps: bool = False


@dataclass(frozen=True)
class DataSummary:
    seeds: Tuple[str, ...] = ()
    edges: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    calls: Tuple[CallSummary, ...] = ()
    #: (name, may yield a tuple or list of two or more) of each generator function
    generators: Tuple[Tuple[str, bool], ...] = ()
    #: the names each class defining ``__getitem__`` has as bases
    getitem_bases: Tuple[Tuple[str, ...], ...] = ()
    #: some training call of the module may give the project's link index a key
    #: (``may_link``); True when not asked (``summarise(tree, shapes=False)``)
    may_link: bool = True
    #: some training call of the module has an argument the resolver may find to be a
    #: generator, a dataset, an iterator... (``may_give``); True when not asked
    may_give: bool = True
    #: the names bound at module level (a name mentioned in the module and bound there
    #: is the module's own; any other is found by name)
    bound: Tuple[str, ...] = ()
    #: (local, module, name, level) of each module-level ``from module import name``
    imports: Tuple[Tuple[str, str, str, int], ...] = ()
    #: (local, module) of each module-level ``import module [as local]``
    module_imports: Tuple[Tuple[str, str], ...] = ()
    #: the module has a ``from module import *``
    star: bool = False
    #: function key -> the names its ``return`` values may resolve through (a factory:
    #: only a generator it returns makes its call data)
    returns: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    #: the names of the functions defined in class bodies (``self.name`` may call one)
    methods: Tuple[str, ...] = ()
    #: the module-level names some ``name = f(...)`` binds (``name.attr()`` may call a
    #: method of an instance: ``g = Generator()``, then ``g.make()``)
    made: Tuple[str, ...] = ()
    #: the generators (of ``generators``, those that may yield a batch) on whose body a
    #: rule may report with no training call linked to them, from this module alone
    #: (``_BodyNodes.generator_preconditions``: FG103's casts, FG104's slices, FG106's
    #: shuffle in a module importing Keras); None: not worked out (a summary made
    #: otherwise, or pickled before these fields): every one of them may
    unlinked: Optional[Tuple[str, ...]] = None
    #: (name, the names it calls) of each other generator that may yield a batch: FG103
    #: may report on it when one of those names may be a helper that casts (``casts``)
    generator_calls: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    #: (name, returns) of each plain function that may return a cast value (FG103's
    #: ``Body._helper_cast``): each of its returns casts, or calls one of the names of
    #: its entry in ``returns`` (the returns that cast are left out: () casts)
    casts: Tuple[Tuple[str, Tuple[Tuple[str, ...], ...]], ...] = ()
    #: (local, name): calling ``local`` may call a function named ``name`` (``local =
    #: name``, ``local = functools.partial(name, ...)``, ``from m import name as local``)
    aliases: Tuple[Tuple[str, str], ...] = ()


_SUMMARY_FIELDS = tuple(DataSummary.__dataclass_fields__)


def _bare(name: str) -> str:
    return name[1:] if name.startswith(".") else name


def _with_class_names(refs: Iterable[str]) -> Set[str]:
    """``refs`` read in a class body: each name may be the class body's own (found by
    name, ``.name``) as well as the module's."""
    out = set(refs)
    out.update("." + r.rpartition(".")[2] for r in refs if not r.startswith(".") and r != GENEXP)
    return out


class _Scope:
    def __init__(self, node: Optional[ast.AST]) -> None:
        self.node = node
        self.bindings: Dict[str, Set[str]] = {}
        self.globals: Set[str] = set()
        #: the parameters, and the names bound by an import (``head.attr`` of either
        #: goes by name: ``self.method``, a module's function)
        self.heads: Set[str] = set()
        #: a method's first parameter: ``self.attr`` is one of the methods (``:attr``)
        self.self_param: Optional[str] = None
        #: the locals some ``local = f(...)`` binds: ``local.attr`` may be a method of
        #: an instance (``g = Generator()``, then ``g.make()``: ``:attr``)
        self.made: Set[str] = set()


class _Summariser:
    """One walk of a module, in ``ast.NodeVisitor``'s order (each node before its
    children, children in field order), with a plain stack instead of its recursive
    ``visit``/``generic_visit``: a function's or a class's steps after its children
    (leaving its scope) are markers on the stack.  The children of a node are read from
    the fields that can hold nodes (``ast_nodes.child_fields``)."""

    def __init__(self) -> None:
        self.seeds: Set[str] = set()
        #: key -> what its bindings mention: a module-level name (``name``) or a name
        #: found by name (``.name``: class bodies, attributes, nested definitions)
        self.edges: Dict[str, Set[str]] = {}
        #: the names bound at module level; (local, module, name, level) of each
        #: module-level ``from module import name [as local]``
        self.bound: Set[str] = set()
        self.imports: Set[Tuple[str, str, str, int]] = set()
        #: (local, module) of each module-level ``import module [as local]``
        self.module_imports: Set[Tuple[str, str]] = set()
        self.star = False
        #: the names of the functions defined in class bodies
        self.methods: Set[str] = set()
        #: the module-level names some ``name = f(...)`` binds (``_Scope.made``)
        self.made: Set[str] = set()
        self.scopes: List[_Scope] = [_Scope(None)]  # [module, enclosing functions...]
        #: the function whose own nodes (not a nested function's, lambda's or class's)
        #: the walk is in: its ``_Own``, None elsewhere (module level, class bodies,
        #: lambdas, a nested definition's decorators and defaults)
        self.own: List[Optional[_Own]] = [None]
        self.class_depth: List[int] = []  # len(self.scopes) when a class body was entered
        #: (call, the function scopes around it) and (def name, its returns, scopes)
        self.calls: List[Tuple[ast.Call, List[_Scope], bool]] = []  # (call, its functions, in a class body)
        self.returns: List[Tuple[str, Set[str], List[_Scope]]] = []
        self.attributes: List[Tuple[str, Set[str], List[_Scope]]] = []
        self.generators: Set[Tuple[str, bool]] = set()
        self.getitem_bases: Set[Tuple[str, ...]] = set()
        #: the body rules' preconditions (``_BodyNodes``): (name, from this
        #: function alone, it shuffles, the names it calls) of each generator that may
        #: yield a batch; the plain functions that may return a cast; the aliases
        #: (pending: a call's callee is ``functools.partial`` only if imported so)
        self.batch_generators: List[Tuple[str, bool, bool, Tuple[str, ...]]] = []
        self.casts: Set[Tuple[str, Tuple[Tuple[str, ...], ...]]] = set()
        self.aliases: Set[Tuple[str, str]] = set()
        self.partial_calls: List[Tuple[str, str, str]] = []
        self.partial_names: Set[str] = {"partial"}
        #: the module imports keras, tensorflow or tf_keras, anywhere (``facts.imported``)
        self.keras = False

    # what a value mentions ---------------------------------------------------------------
    @staticmethod
    def mentions(node: Optional[ast.AST]) -> Set[str]:
        out: Set[str] = set()
        if node is None:
            return out
        fields_of = _CHILD_FIELDS
        stack: list = [node]
        pop, push, extend, add = stack.pop, stack.append, stack.extend, out.add
        while stack:
            n = pop()
            if n is None:
                continue
            kind = type(n)
            if kind is ast.Name:
                add(n.id)
                continue  # (its only child is its ``ctx``)
            if kind is ast.Attribute:
                add("." + n.attr)
            elif kind is ast.GeneratorExp:
                add(GENEXP)
            fields = fields_of.get(kind)
            if fields is None:
                fields = child_fields(kind)
            for name in fields:
                value = getattr(n, name, None)
                if value is None:
                    continue
                if type(value) is list:
                    extend(value)
                else:
                    push(value)
        return out

    @staticmethod
    def resolvable(node: Optional[ast.AST], bases: bool = False, methods: bool = False) -> Set[str]:
        """What the resolver may follow from a value (``AnalysisProject.resolve``,
        ``callee``, ``_wrapped_generator``): a name; a generator expression; ``head.attr``
        (``self.batches``, ``mod.gen``: the resolver follows a parameter's method or an
        imported module's name); a call's callee and its first positional argument (a
        wrapper's or ``functools.partial``'s); the elements of a tuple or list (unpacked
        by an assignment); a lambda's body.  Nothing else of a value (an argument of
        another call, a subscript, an operation, ``np.random.rand``...) can make it
        data.  ``bases``: a class's bases, where ``qualified`` reads any dotted name
        (``keras.utils.Sequence``): its last attribute, by name.  ``methods`` (a
        training call's arguments, an assigned value): ``f(...).attr`` may be a method
        of an instance (``Generator().make``: ``:attr``, by name); a factory's returns
        are read without it (``AnalysisProject._factory_source`` does not follow them)."""
        out: Set[str] = set()
        stack: list = [node]
        while stack:
            n = stack.pop()
            kind = type(n)
            if kind is ast.Name:
                out.add(n.id)
            elif kind is ast.Attribute:
                inner = n.value
                if bases:
                    while type(inner) is ast.Attribute:
                        inner = inner.value
                    if type(inner) is ast.Name:
                        out.add("." + n.attr)
                elif type(inner) is ast.Name:
                    out.add(inner.id + "." + n.attr)
                elif methods and type(inner) is ast.Call:
                    # ``Generator().make``: a method of an instance (``class_method``)
                    out.add(":" + n.attr)
                    stack.append(inner)
            elif kind is ast.Call:
                stack.append(n.func)
                if n.args and type(n.args[0]) is not ast.Starred:
                    stack.append(n.args[0])
            elif kind is ast.GeneratorExp:
                out.add(GENEXP)
            elif kind in (ast.Tuple, ast.List):
                stack.extend(n.elts)
            elif kind in (ast.Starred, ast.NamedExpr):
                stack.append(n.value)
            elif kind is ast.Lambda:
                stack.append(n.body)
        return out

    # bindings ---------------------------------------------------------------------------
    def _in_function(self) -> bool:
        return len(self.scopes) > 1 and not (self.class_depth and self.class_depth[-1] == len(self.scopes))

    def _in_class_body(self) -> bool:
        return bool(self.class_depth) and self.class_depth[-1] == len(self.scopes)

    def _level(self, name: str) -> str:
        """Where a binding of ``name`` made here goes: "function" (a local, folded into
        what mentions it), "class" (a class body's: found by name, ``.name``) or
        "module" (the module's own name, or a ``global`` one)."""
        if self._in_function():
            return "module" if name in self.scopes[-1].globals else "function"
        return "class" if self._in_class_body() else "module"

    def bind(self, name: str, refs: Set[str]) -> None:
        level = self._level(name)
        if level == "function":
            self.scopes[-1].bindings.setdefault(name, set()).update(refs)
        elif level == "class":
            # a class body's names are found by name; the names it mentions may be the
            # class body's own as well as the module's
            self.edges.setdefault("." + name, set()).update(_with_class_names(refs))
        else:
            self.bound.add(name)
            self.edges.setdefault(name, set()).update(refs)

    def bind_definition(self, name: str) -> None:
        """A ``def`` or ``class`` statement binds ``name`` here: in a function, a local
        that stands for ``.name`` (its own edges and seeds are found by name); in a class
        body, ``.name`` itself; at module level, the module's name."""
        level = self._level(name)
        if level == "function":
            self.scopes[-1].bindings.setdefault(name, set()).add("." + name)
        elif level == "module":
            self.bound.add(name)

    def key(self, name: str) -> str:
        """The key of a definition's own edges (``bind_definition``): the module's
        ``name`` at module level, ``.name`` anywhere else."""
        return name if self._level(name) == "module" else "." + name

    def bind_target(self, target: ast.AST, refs: Set[str]) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, refs)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind_target(element, refs)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, refs)
        elif isinstance(target, ast.Attribute):
            # `self.data = make()`: found again as `.data` anywhere (by name)
            self.attributes.append((target.attr, refs, self._functions()))

    def _functions(self) -> List[_Scope]:
        return [s for s in self.scopes[1:]]

    # the walk ---------------------------------------------------------------------------
    def run(self, tree: ast.AST) -> None:
        """Visit ``tree``: a node's own step (``_STEPS``, by its type), then its children
        (those the step pushed, or every child); a marker (a tuple: a step and its node)
        runs when the nodes pushed before it are done."""
        steps = _STEPS
        fields_of = _CHILD_FIELDS
        stack: list = [tree]
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            kind = type(node)
            if kind is tuple:
                node[0](self, node[1])
                continue
            if node is None:
                continue
            own = self.own[-1]
            if own is not None and kind in _OWN_KINDS:
                own.add(kind, node)
            step = steps.get(kind)
            if step is not None and step(self, node, stack):
                continue  # it pushed what is visited of it
            fields = fields_of.get(kind)
            if fields is None:
                fields = child_fields(kind)
            for name in reversed(fields):
                value = getattr(node, name, None)
                if value is None:
                    continue
                if type(value) is list:
                    stack.extend(reversed(value))
                else:
                    push(value)

    # each node type's own step: True when it pushed its children itself -------------------
    def _assign(self, node, stack: list) -> bool:  # Assign, AnnAssign
        refs = self.resolvable(node.value, methods=True)
        for target in node.targets if type(node) is ast.Assign else (node.target,):
            self.bind_target(target, refs)
            if type(target) is ast.Name and type(node.value) is ast.Call:
                level = self._level(target.id)
                if level != "class":
                    (self.scopes[-1].made if level == "function" else self.made).add(target.id)
            if type(node.value) in _ALIAS_VALUES:
                for name, value in _assigned(target, node.value):
                    self._alias(name, value)
        return False

    def _alias(self, local: str, value: ast.AST) -> None:
        """``local = value``: what ``AnalysisProject.callee`` follows from it to a function
        (a name, ``x.name``, ``functools.partial(name, ...)``)."""
        kind = type(value)
        if kind is ast.Name or kind is ast.Attribute:
            name = _last_name(value)
            if name != local:
                self.aliases.add((local, name))
        elif kind is ast.Call and value.args and type(value.args[0]) in (ast.Name, ast.Attribute):
            func = _last_name(value.func)
            if func:
                self.partial_calls.append((local, func, _last_name(value.args[0])))

    def _bind_value(self, node, stack: list) -> bool:  # AugAssign, NamedExpr
        # (bindings the resolver does not follow: whatever the value mentions)
        self.bind_target(node.target, self.mentions(node.value))
        return False

    def _for(self, node, stack: list) -> bool:  # For, AsyncFor, comprehension
        self.bind_target(node.target, self.mentions(node.iter))
        return False

    def _withitem(self, node: ast.withitem, stack: list) -> bool:
        if node.optional_vars is not None:
            self.bind_target(node.optional_vars, self.mentions(node.context_expr))
        return False

    def _import(self, node: ast.Import, stack: list) -> bool:
        # ``import a.b [as c]`` binds a module, which the resolver never finds to be data
        # (``AnalysisProject._resolve_binding``): the binding mentions nothing, so that
        # ``np`` is not data because some function is named ``numpy``; what a call takes
        # from the module (``mod.gen()``) is named by its attribute (``.gen``)
        for alias in node.names:
            # (as ``facts``: ``import a.b`` binds ``a`` to module ``a``)
            local = alias.asname or alias.name.split(".")[0]
            if alias.name.split(".")[0] in KERAS_PACKAGES:
                self.keras = True
            self.bind(local, set())
            level = self._level(local)
            if level == "module":
                self.module_imports.add((local, alias.name if alias.asname else local))
            elif level == "function":
                self.scopes[-1].heads.add(local)
        return True

    def _import_from(self, node: ast.ImportFrom, stack: list) -> bool:
        if not node.level and node.module and node.module.split(".")[0] in KERAS_PACKAGES:
            self.keras = True
        for alias in node.names:
            if alias.name == "*":
                self.star = True  # (binds nothing the resolver follows; unbound names go by name)
                continue
            local = alias.asname or alias.name
            if local != alias.name:
                self.aliases.add((local, alias.name))
            if alias.name == "partial":
                self.partial_names.add(local)
            if self._level(local) == "module":
                # resolved to the imported module's own name when it is in the tree
                # (``NameIndex``), else by name
                self.bound.add(local)
                self.imports.add((local, node.module or "", alias.name, node.level or 0))
            else:
                # the imported name is free: it is matched by name, never folded locally
                self.bind(local, {"." + alias.name})
                if self._level(local) == "function":
                    self.scopes[-1].heads.add(local)
        return True

    def _global(self, node, stack: list) -> bool:  # Global, Nonlocal
        self.scopes[-1].globals.update(node.names)
        return True

    # definitions ----------------------------------------------------------------------
    def _function(self, node, stack: list) -> bool:  # FunctionDef, AsyncFunctionDef, Lambda
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        stack.append((_Summariser._leave_function, node))
        stack.extend(reversed(body))
        stack.append((_Summariser._enter_function, node))
        args = node.args
        stack.extend(reversed([*args.defaults, *(d for d in args.kw_defaults if d is not None)]))
        stack.extend(reversed(getattr(node, "decorator_list", ())))
        stack.append((_Summariser._not_own, node))
        return True

    def _not_own(self, node) -> None:
        """A nested definition's decorators, defaults, bases and body are not the
        enclosing function's own nodes (its ``_enter_...``, ``_leave_...`` change this)."""
        self.own.append(None)

    def _enter_function(self, node) -> None:
        self.own[-1] = None if isinstance(node, ast.Lambda) else _Own()
        scope = _Scope(node)
        args = node.args
        for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if a is not None:
                scope.bindings[a.arg] = set()  # a parameter: the resolver does not follow it
        positional = [*args.posonlyargs, *args.args]
        if positional and not isinstance(node, ast.Lambda) and self._in_class_body():
            # but ``self.method`` of a method's first parameter (``self_method``)
            scope.self_param = positional[0].arg
            scope.heads.add(positional[0].arg)
        self.scopes.append(scope)

    def _leave_function(self, node) -> None:
        scope = self.scopes.pop()
        own = self.own.pop()
        if own is None:  # (a lambda)
            return
        generator, shaped, returns, body = own.generator, own.shaped, own.returns, own.body
        if self._in_class_body():
            self.methods.add(node.name)
        self.bind_definition(node.name)  # a nested def is found by its name
        if generator:
            self.seeds.add(node.name)
            self.generators.add((node.name, shaped))
            if shaped:
                alone, shuffles, called = body.generator_preconditions()
                # (libcst's facts count the calls of a function's decorators, defaults and
                # annotations among its own: FG106 reads a shuffle there too)
                shuffles = shuffles or any(
                    type(n) is ast.Call and _last_name(n.func) in SHUFFLES
                    for outer in (*node.decorator_list, node.args, node.returns) if outer is not None
                    for n in ast.walk(outer)
                )
                self.batch_generators.append((node.name, alone, shuffles, called))
        else:
            self.returns.append((self.key(node.name), returns, self._functions() + [scope]))
            if not node.decorator_list:
                cast = body.may_return_a_cast()
                if cast is not None:
                    self.casts.add((node.name, cast))

    def _class(self, node: ast.ClassDef, stack: list) -> bool:
        stack.append((_Summariser._leave_class, node))
        stack.extend(reversed(node.body))
        stack.append((_Summariser._enter_class, node))
        stack.extend(reversed([*node.bases, *(k.value for k in node.keywords)]))
        stack.extend(reversed(node.decorator_list))
        stack.append((_Summariser._not_own, node))
        return True

    def _enter_class(self, node: ast.ClassDef) -> None:
        bases: Set[str] = set()
        for base in (*node.bases, *(k.value for k in node.keywords)):
            bases |= self.resolvable(base, bases=True)
        # (the bases are read where the class statement is: through the enclosing
        # functions' locals, and a class body's names too)
        bases = _fold(bases, self._functions())
        if self._in_class_body():
            bases = _with_class_names(bases)
        self.bind_definition(node.name)
        self.edges.setdefault(self.key(node.name), set()).update(bases)
        methods = {
            n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        if methods & {"__iter__", "__next__"}:
            self.seeds.add(node.name)
        if "__getitem__" in methods:
            self.getitem_bases.add(tuple(sorted(bases)))
        self.class_depth.append(len(self.scopes))

    def _leave_class(self, node: ast.ClassDef) -> None:
        self.class_depth.pop()
        self.own.pop()

    # training calls ---------------------------------------------------------------------
    def _call(self, node: ast.Call, stack: list) -> bool:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in TRAINING_METHODS:
            self.calls.append((node, self._functions(), self._in_class_body()))
        return False


_STEPS = {
    ast.Assign: _Summariser._assign,
    ast.AnnAssign: _Summariser._assign,
    ast.AugAssign: _Summariser._bind_value,
    ast.NamedExpr: _Summariser._bind_value,
    ast.For: _Summariser._for,
    ast.AsyncFor: _Summariser._for,
    ast.comprehension: _Summariser._for,
    ast.withitem: _Summariser._withitem,
    ast.Import: _Summariser._import,
    ast.ImportFrom: _Summariser._import_from,
    ast.Global: _Summariser._global,
    ast.Nonlocal: _Summariser._global,
    ast.FunctionDef: _Summariser._function,
    ast.AsyncFunctionDef: _Summariser._function,
    ast.Lambda: _Summariser._function,
    ast.ClassDef: _Summariser._class,
    ast.Call: _Summariser._call,
}


#: values that are never a tuple or a list of two or more, whatever their names stand for
_NOT_A_BATCH = (
    ast.Constant, ast.JoinedStr, ast.Dict, ast.Set, ast.DictComp, ast.SetComp, ast.Compare,
    ast.Lambda, ast.GeneratorExp,
)


def _may_be_a_batch(value: Optional[ast.AST]) -> bool:
    """Can a yielded value be a tuple (or list) of two or more elements, as the rules'
    value analysis reads it (through names, calls, subscripts...)?"""
    if value is None or isinstance(value, _NOT_A_BATCH):
        return False
    if isinstance(value, (ast.Tuple, ast.List)):
        return len(value.elts) >= 2 or any(isinstance(e, ast.Starred) for e in value.elts)
    if isinstance(value, ast.UnaryOp):
        return False
    return True


# the generator-body rules' preconditions --------------------------------------------------
#
# A generator no training call is linked to (and no dataset's ``__getitem__``) can hold
# a finding of three body rules only (FG101, FG102 and FG105 need a link): FG103 (an
# element of a batch cast to strings, objects or lists: ``Body.suspicious_cast``),
# FG104 (two elements sliced to different lengths: ``Body.slice_of``) and FG106 (a
# shuffle before the infinite loop, in a module importing Keras).  The rules read the
# yielded value through the function's own names and displays, so what they find is
# among the function's own nodes, except FG103's project helpers (``_helper_cast``: a
# plain function every ``return`` of which casts), closed by name over the tree
# (``Closure.casts``).  Each test below keeps every generator those rules may report
# on (and more).

#: what ``generators.STRING_DTYPES`` names (tests/test_body_narrowing.py compares them)
STRING_DTYPES = frozenset({"str", "object", "np.str_", "numpy.str_", "np.object_", "numpy.object_", "bytes"})
#: ``values.NUMPY_NAMES``
NUMPY_NAMES = frozenset({"np", "numpy", "jnp"})
#: the methods ``suspicious_cast`` reads through to their receiver
CAST_THROUGH = frozenset({"reshape", "copy", "squeeze", "flatten", "ravel"})
#: ``fg106_shuffle_once_before_loop.SHUFFLES``
SHUFFLES = frozenset({"shuffle", "permutation"})
#: the values ``_Summariser._alias`` may take an alias from (a display: unpacked)
_ALIAS_VALUES = frozenset({ast.Name, ast.Attribute, ast.Call, ast.Tuple, ast.List})
_BODY_KINDS = frozenset({ast.Call, ast.Assign, ast.AnnAssign, ast.Slice, ast.List, ast.ListComp})
_OWN_KINDS = _BODY_KINDS | {ast.Yield, ast.YieldFrom, ast.Return}


def _last_name(node: ast.AST) -> str:
    """A callee's name as the closure matches it: ``f`` of ``f`` and of ``x.f``."""
    if type(node) is ast.Name:
        return node.id
    if type(node) is ast.Attribute:
        return node.attr
    return ""


def _assigned(target: ast.AST, value: ast.AST) -> Iterable[Tuple[str, ast.AST]]:
    """(name, value) of each name ``target = value`` binds to a known value, as
    ``facts._Collector.bind_target`` pairs them (a tuple unpacked from a display of
    the same length; anything else is opaque)."""
    kind = type(target)
    if kind is ast.Name:
        yield target.id, value
    elif kind is ast.Tuple or kind is ast.List:
        if type(value) in (ast.Tuple, ast.List) and len(value.elts) == len(target.elts):
            if not any(type(e) is ast.Starred for e in value.elts):
                for t, v in zip(target.elts, value.elts):
                    yield from _assigned(t, v)


def _stringy(node: ast.AST) -> bool:
    """``generators._stringy``: a string literal (bytes too), an f-string, ``str(...)``."""
    kind = type(node)
    if kind is ast.Constant:
        return isinstance(node.value, (str, bytes))
    if kind is ast.JoinedStr:
        return True
    return kind is ast.Call and type(node.func) is ast.Name and node.func.id == "str"


def _stringy_dtype(node: ast.AST) -> bool:
    """``generators._stringy_dtype``, or more: a dtype that may be strings or objects."""
    if type(node) is ast.Constant and isinstance(node.value, (str, bytes)):
        v = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
        v = v.lstrip("<>|=")
        return v in ("str", "object", "O", "unicode", "bytes") or v[:1] in ("U", "S") and (v[1:].isdigit() or v[1:] == "")
    if type(node) is ast.Constant:
        return False
    return _dotted(node) in STRING_DTYPES


def _numpy_array(func: ast.AST) -> bool:
    """``np.array``/``numpy.asarray``... as ``suspicious_cast`` reads a callee."""
    return (
        type(func) is ast.Attribute and func.attr in ("array", "asarray")
        and type(func.value) is ast.Name and func.value.id in NUMPY_NAMES
    )


class _BodyNodes:
    """A function's own nodes that the body rules' preconditions read."""

    __slots__ = ("calls", "assigns", "slices", "lists", "returns")

    def __init__(self) -> None:
        self.calls: List[ast.Call] = []
        self.assigns: List[ast.AST] = []
        self.slices = 0  # slices with an upper bound (``Body.slice_of`` needs one)
        self.lists: List[ast.AST] = []
        self.returns: List[ast.Return] = []

    def add(self, kind, node) -> None:
        if kind is ast.Call:
            self.calls.append(node)
        elif kind is ast.Slice:
            if node.upper is not None:
                self.slices += 1
        elif kind is ast.List or kind is ast.ListComp:
            self.lists.append(node)
        else:
            self.assigns.append(node)

    def string_lists(self) -> bool:
        """A list of strings may be made here (``Body.list_of_strings``): a display or a
        comprehension of strings, or ``.append`` of one."""
        for node in self.lists:
            if type(node) is ast.ListComp:
                if _stringy(node.elt):
                    return True
            elif node.elts and all(type(e) is not ast.Starred and _stringy(e) for e in node.elts):
                return True
        return any(
            type(c.func) is ast.Attribute and c.func.attr == "append" and len(c.args) == 1 and _stringy(c.args[0])
            for c in self.calls
        )

    def casts(self) -> bool:
        """A cast ``suspicious_cast`` reports may be made by this function's own code."""
        lists = None
        for call in self.calls:
            func = call.func
            if type(func) is ast.Name:
                if func.id == "str":
                    return True
            elif type(func) is ast.Attribute:
                if func.attr == "tolist":
                    return True
                if func.attr == "astype" and any(
                    _stringy_dtype(v) for v in (*call.args, *(k.value for k in call.keywords))
                ):
                    return True
                if _numpy_array(func):
                    if any(k.arg == "dtype" and _stringy_dtype(k.value) for k in call.keywords):
                        return True
                    if call.args or any(k.arg is None for k in call.keywords):
                        if lists is None:
                            lists = self.string_lists()
                        if lists:
                            return True
        return False

    def generator_preconditions(self) -> Tuple[bool, bool, Tuple[str, ...]]:
        """(FG103 or FG104 may report on this generator from its own code alone, FG106
        may if the module imports Keras, the names it calls: FG103 may report if one of
        them casts)."""
        alone = self.slices >= 2 or self.casts()
        shuffles = any(_last_name(c.func) in SHUFFLES for c in self.calls)
        called = () if alone else tuple(sorted({n for n in map(_last_name, (c.func for c in self.calls)) if n}))
        return alone, shuffles, called

    def assigned(self) -> Dict[str, List[ast.AST]]:
        """name -> the values this function's own assignments give it."""
        values: Dict[str, List[ast.AST]] = {}
        for node in self.assigns:
            if node.value is None:
                continue
            for target in node.targets if type(node) is ast.Assign else (node.target,):
                for name, value in _assigned(target, node.value):
                    values.setdefault(name, []).append(value)
        return values

    def may_return_a_cast(self) -> Optional[Tuple[Tuple[str, ...], ...]]:
        """None when some ``return`` of this plain function cannot be a cast (``Body.
        _helper_cast`` needs each to be one); else the names each return that does not
        cast by itself calls (one of each must be a helper that casts)."""
        if not self.returns:
            return None
        values: Optional[Dict[str, List[ast.AST]]] = None
        lists = None
        out = []
        for r in self.returns:
            if r.value is None:
                return None  # (a bare ``return``)
            cast = False
            names: Set[str] = set()
            seen: Set[str] = set()
            todo: List[ast.AST] = [r.value]
            while todo and not cast:
                e = todo.pop()
                kind = type(e)
                if kind is ast.Name:
                    if e.id not in seen:  # (``follow``: its assigned values)
                        seen.add(e.id)
                        if values is None:
                            values = self.assigned()
                        todo.extend(values.get(e.id, ()))
                elif kind is ast.Subscript:
                    todo.append(e.value)
                elif kind is ast.Call:
                    func = e.func
                    if type(func) is ast.Name:
                        if func.id == "str":
                            cast = True
                        else:
                            names.add(func.id)
                    elif type(func) is ast.Attribute:
                        attr = func.attr
                        args = [*e.args, *(k.value for k in e.keywords)]
                        if attr == "astype" and args:
                            cast = any(_stringy_dtype(a) for a in args)
                        elif attr == "tolist":
                            cast = True
                        elif attr in CAST_THROUGH:
                            todo.append(func.value)
                        elif _numpy_array(func) and any(k.arg == "dtype" for k in e.keywords):
                            cast = any(k.arg == "dtype" and _stringy_dtype(k.value) for k in e.keywords)
                        elif _numpy_array(func) and (e.args or any(k.arg is None for k in e.keywords)):
                            if lists is None:
                                lists = self.string_lists()
                            cast = lists
                            todo.extend(a.value if type(a) is ast.Starred else a for a in e.args)
                            todo.extend(k.value for k in e.keywords if k.arg is None)
                        else:
                            names.add(attr)
            if cast:
                continue
            if not names:
                return None
            out.append(tuple(sorted(names)))
        return tuple(sorted(set(out)))


class _Own:
    """What a function's own nodes (its body's, not a nested function's, lambda's or
    class's) tell, gathered as the summariser's walk meets them: whether it yields
    (a batch, perhaps), what its returns mention, what the body rules' preconditions
    read (``_BodyNodes``)."""

    __slots__ = ("generator", "shaped", "returns", "body")

    def __init__(self) -> None:
        self.generator = False
        self.shaped = False
        self.returns: Set[str] = set()
        self.body = _BodyNodes()

    def add(self, kind, node) -> None:
        if kind is ast.Yield or kind is ast.YieldFrom:
            self.generator = True
            self.shaped = self.shaped or kind is ast.YieldFrom or _may_be_a_batch(node.value)
        elif kind is ast.Return:
            self.body.returns.append(node)
            if node.value is not None:
                self.returns |= _Summariser.resolvable(node.value)
        else:
            self.body.add(kind, node)


def _fold(refs: Iterable[str], scopes: Sequence[_Scope]) -> Set[str]:
    """The names ``refs`` reach through the enclosing functions' own bindings: a name a
    function binds is replaced by what its bindings mention; the rest are free."""
    out: Set[str] = set()
    seen: Set[str] = set()
    todo = list(refs)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.startswith(".") or name == GENEXP:
            out.add(name)
            continue
        head, dot, attr = name.partition(".")
        for scope in reversed(scopes):
            if head in scope.bindings and head not in scope.globals:
                if not dot:
                    todo.extend(scope.bindings[name])
                elif head == scope.self_param:
                    out.add(":" + attr)  # a method (``self_method``: a ``def`` of a class)
                elif head in scope.heads:
                    out.add("." + attr)  # a module's name, imported in the function: by name
                elif head in scope.made:
                    out.add(":" + attr)  # ``g = Generator()``, then ``g.make()``: a method
                # (``local.attr`` of any other local: the resolver stops there)
                break
        else:
            out.add(name)  # free: the module's (``head.attr``: resolved by the index)
    return out


def _steps(call: ast.Call) -> bool:
    method = call.func.attr  # type: ignore[attr-defined]
    if method not in FIRST_STEP_POSITION:
        return False
    if any(k.arg is None or k.arg in STEP_COUNT_PARAMETERS for k in call.keywords):
        return True
    if any(isinstance(a, ast.Starred) for a in call.args):
        return True
    return len(call.args) > FIRST_STEP_POSITION[method]


def summarise(tree: ast.AST, shapes: bool = False, nodes: Optional[Callable[[], object]] = None) -> DataSummary:
    """The module's summary; ``shapes``: work out ``may_link`` and ``may_give`` too (one
    more walk, ``call_shapes``, unless ``nodes()`` gives the tree's ``ast_nodes.collect``:
    the scan shares it with the prefilter's ``ast`` tests)."""
    s = _Summariser()
    s.run(tree)
    edges = {name: set(refs) for name, refs in s.edges.items()}
    returns: Dict[str, Set[str]] = {}
    for key, refs, scopes in s.returns:
        returns.setdefault(key, set()).update(_fold(refs, scopes))
    for name, refs, scopes in s.attributes:
        edges.setdefault("." + name, set()).update(_fold(refs, scopes))
    calls = []
    for node, scopes, in_class in s.calls:
        names = _fold(_call_mentions(node), scopes)
        if in_class:  # (a class body's names are its own as well as the module's)
            names = _with_class_names(names)
        calls.append(CallSummary(node.func.attr, node.lineno, tuple(sorted(names)), _steps(node)))  # type: ignore[attr-defined]
    may_link, may_give = call_shapes(nodes() if nodes is not None else tree) if shapes else (True, True)
    unlinked: Set[str] = set()
    generator_calls: Set[Tuple[str, Tuple[str, ...]]] = set()
    for name, alone, shuffles, called in s.batch_generators:
        if alone or (shuffles and s.keras):
            unlinked.add(name)
        elif called:
            generator_calls.add((name, called))
    aliases = set(s.aliases)
    aliases.update((local, name) for local, func, name in s.partial_calls if func in s.partial_names and local != name)
    return DataSummary(
        tuple(sorted(s.seeds)),
        tuple(sorted((k, tuple(sorted(refs - {k}))) for k, refs in edges.items() if refs - {k})),
        tuple(calls),
        tuple(sorted(s.generators)),
        tuple(sorted(s.getitem_bases)),
        may_link,
        may_give,
        bound=tuple(sorted(s.bound)),
        imports=tuple(sorted(s.imports)),
        module_imports=tuple(sorted(s.module_imports)),
        star=s.star,
        methods=tuple(sorted(s.methods)),
        made=tuple(sorted(s.made)),
        returns=tuple(sorted((k, tuple(sorted(refs - {k}))) for k, refs in returns.items() if refs - {k})),
        unlinked=tuple(sorted(unlinked)),
        generator_calls=tuple(sorted(generator_calls)),
        casts=tuple(sorted(s.casts)),
        aliases=tuple(sorted(aliases)),
    )


def call_shapes(tree) -> Tuple[bool, bool]:
    """(``may_link``, ``may_give``) of a module, from its training calls (``x.fit(...)``...
    anywhere in it): whether one has an argument that ``_links_nothing``, resp.
    ``_resolves_to_nothing``, cannot rule out.  If none has, the module adds no key to
    the link index (``AnalysisProject.index_links``), resp. none of its training calls
    is given data the call-site rules (FG005, FG006, FG107-FG109) report on.  ``tree``
    may be its ``ast_nodes.collect``."""
    from migrate_fitgen.ast_nodes import nodes_of

    link = give = False
    for node in nodes_of(tree).calls:  # (every call, as ``ast.walk`` finds them)
        if isinstance(node.func, ast.Attribute) and node.func.attr in TRAINING_METHODS:
            values = _argument_values(node)
            link = link or not all(_links_nothing(a) for a in values)
            give = give or not all(_resolves_to_nothing(a) for a in values)
            if link and give:
                break
    return link, give


def may_link(tree: ast.AST) -> bool:
    return call_shapes(tree)[0]


def may_give(tree: ast.AST) -> bool:
    return call_shapes(tree)[1]


def _resolves_to_nothing(value: ast.AST) -> bool:
    """``AnalysisProject.resolve`` gives ``UNKNOWN`` for this argument whatever the
    project binds: it follows a name, ``name.attr`` (a generator method), a call of a
    name or of ``name.attr``, and knows a generator expression; nothing else."""
    if isinstance(value, (ast.Name, ast.GeneratorExp)):
        return False
    if isinstance(value, ast.Attribute):
        return not isinstance(value.value, ast.Name)
    if isinstance(value, ast.Call):
        func = value.func
        return not (isinstance(func, ast.Name) or (
            isinstance(func, ast.Attribute) and isinstance(func.value, (ast.Name, ast.Call))))
    return True


def _argument_values(call: ast.Call) -> List[ast.AST]:
    """Every argument a training call may take its data from: positional and keyword
    (``*args`` and ``**kwargs`` are never a link's argument)."""
    return [a for a in call.args if not isinstance(a, ast.Starred)] + [k.value for k in call.keywords if k.arg is not None]


def _links_nothing(value: ast.AST) -> bool:
    """The project's resolver (``AnalysisProject.resolve``, then ``_wrapped_generator``)
    cannot make of this argument a generator call or a dataset, whatever the module
    binds: it follows a name, a call of a name or of ``name.attr``, and a wrapper
    (a call of one positional argument: ``threadsafe_iter(gen())``) only.  Such a
    call adds no key to the link index, so a module whose training calls all take
    such arguments need not be parsed with libcst to index it."""
    if isinstance(value, ast.Name):
        return False
    if not isinstance(value, ast.Call):
        return True  # a literal, an attribute, a subscript, an operation, a genexp...
    func = value.func
    if isinstance(func, ast.Name) or (
            isinstance(func, ast.Attribute) and isinstance(func.value, (ast.Name, ast.Call))):
        return False  # the resolver follows the callee (``Generator().make``: a method)
    # ``a.b.c(...)``, ``f()(...)``...: no callee to follow; a wrapper only when given
    # one positional argument and named ``...threadsafe...`` (``_is_wrapper``)
    if sum(1 for a in value.args if not isinstance(a, ast.Starred)) != 1:
        return True
    return "threadsafe" not in _dotted_last(func).lower().replace("_", "")


def _dotted_last(node: ast.AST) -> str:
    """The last name of a dotted name (``a.b.c``: ``c``), "" for any other expression
    (libcst's ``keras_receivers.dotted``, read the same way by ``_is_wrapper``)."""
    inner = node
    while isinstance(inner, ast.Attribute):
        inner = inner.value
    if not isinstance(inner, ast.Name):
        return ""
    return node.attr if isinstance(node, ast.Attribute) else node.id


#: the keywords a training call's data may be passed by (``AnalysisProject._links_in``'s
#: roles, after ``_canonical_keyword``; tests/test_data_names.py compares them)
DATA_KEYWORDS = frozenset({"x", "validation_data", LEGACY_DATA_KEYWORD})


def _call_mentions(call: ast.Call) -> Set[str]:
    """What the resolver may follow from the arguments a training call's data may be
    in: every positional one (whatever the method's order), ``x=``,
    ``validation_data=`` and the legacy ``generator=``."""
    out: Set[str] = set()
    for a in call.args:
        out |= _Summariser.resolvable(a, methods=True)
    for k in call.keywords:
        if k.arg in DATA_KEYWORDS:
            out |= _Summariser.resolvable(k.value, methods=True)
    return out


class NameIndex:
    """The modules' summaries, added one at a time (``add``), and the readable paths of
    the tree (``know``: what an import may name), closed into ``Closure`` (``close``).

    A name bound at module level in module M is M's own (a key (M, name)).  An import
    is read as ``AnalysisProject.find_module`` reads it (every suffix of a path,
    ``module_names_for``; a relative one from the importer's folder): a module-level
    ``from X import Y`` goes to the own ``Y`` of the module X names when it names one
    (``MAX_TARGETS``), by name when none or more do; ``head.attr`` of a module-level
    ``import X as head`` goes to X's own ``attr``, to nothing when no module of the
    tree is X (the resolver finds nothing there), by name when two or more are; a
    method's ``self.attr`` to the methods named ``attr``.  Everything else goes *by
    name* as before: other attributes (``.attr``), what class bodies, nested functions
    and ``self.x = ...`` bind, a name the module does not bind (a builtin, a star
    import); a name is data by name when any binding of it is, module-level ones
    included.

    Summaries of the same content (``digest``) are kept once: a tree of copies costs
    one copy's summaries."""

    def __init__(self) -> None:
        #: each distinct summary, its names and small tuples shared with the other
        #: summaries' (``_Canon``: about 5 KB a module of real code -> 2 KB)
        self.summaries: List[DataSummary] = []
        self._canon: Optional[_Canon] = _Canon()
        self._by_digest: Dict[str, int] = {}
        #: module number -> (its path or None, its summary's number)
        self.modules: List[Tuple[Optional[str], int]] = []
        #: the tree's readable modules (the project's ``know``), in order
        self.paths: Dict[str, None] = {}

    def know(self, path: str) -> None:
        if path not in ("-", "<stdin>"):  # (as ``AnalysisProject._register``)
            self.paths[path] = None

    def add(self, summary: DataSummary, path: Optional[str] = None, digest: Optional[str] = None) -> int:
        """Add a module's summary; its module number."""
        number = self._by_digest.get(digest) if digest else None
        if number is None:
            number = len(self.summaries)
            self.summaries.append(self._canon.summary(summary) if self._canon is not None else summary)
            if digest:
                self._by_digest[digest] = number
        self.modules.append((path, number))
        return len(self.modules) - 1

    def close(self) -> "Closure":
        self._canon = None  # (its table is no longer needed: what it shares stays shared)
        return Closure(self)


class _Canon:
    """One object for equal names and equal small tuples across summaries.  Each
    summary comes unpickled from a worker with its own copy of every name: in real
    code most of a summary's bytes are names (``np``, ``self``, ``batch_size``...) and
    tuples (imports, a call's names) that other modules hold too."""

    #: tuples up to this long are shared (longer ones rarely repeat)
    SHARED_LENGTH = 4

    def __init__(self) -> None:
        self.tuples: Dict[tuple, tuple] = {}

    def value(self, v):
        if type(v) is str:
            return sys.intern(v)
        if type(v) is tuple:
            t = tuple([self.value(x) for x in v])
            return self.tuples.setdefault(t, t) if len(t) <= self.SHARED_LENGTH else t
        if type(v) is CallSummary:
            return CallSummary(v.method, v.line, self.value(v.names), v.steps)
        return v

    def summary(self, s: DataSummary) -> DataSummary:
        value = self.value
        return DataSummary(**{f: value(getattr(s, f)) for f in _SUMMARY_FIELDS})


class _Shape:
    """What the closure reads of one (distinct) summary."""

    __slots__ = ("summary", "bound", "edges", "imports", "heads", "from_heads", "star", "methods", "made")

    def __init__(self, summary: DataSummary) -> None:
        self.summary = summary
        self.bound = frozenset(summary.bound)
        #: (for the linked names: the edges and the returns)
        self.edges: Dict[str, Tuple[str, ...]] = dict(summary.edges)
        for key, refs in summary.returns:
            self.edges[key] = tuple({*self.edges.get(key, ()), *refs})
        #: local -> the names it imports
        self.imports: Dict[str, List[str]] = {}
        for local, _, name, _ in summary.imports:
            self.imports.setdefault(local, []).append(name)
        #: local -> the modules ``import module [as local]`` binds it to; the locals a
        #: ``from`` import binds (perhaps to a module: ``local.attr`` goes by name)
        self.heads: Dict[str, List[str]] = {}
        for local, module in summary.module_imports:
            self.heads.setdefault(local, []).append(module)
        self.from_heads = frozenset(self.imports)
        self.star = summary.star
        self.methods = frozenset(summary.methods)
        self.made = frozenset(summary.made)


class Closure:
    """The names that may stand for data (``is_data``), and those a training call's data
    may reach (for the generator-body rules), over a ``NameIndex``'s modules."""

    def __init__(self, index: NameIndex) -> None:
        from functools import lru_cache

        self.modules = index.modules
        self.summaries = index.summaries
        #: ``shape(u)``: the ``u``-th distinct summary's shape, made when asked and kept
        #: while recently used (``SHAPES_KEPT``): the shapes of a whole tree held at
        #: once took about 4 KB a module
        summaries = self.summaries  # (no cycle through ``self``: freed when let go)
        self.shape = lru_cache(maxsize=SHAPES_KEPT)(lambda u: _Shape(summaries[u]))
        #: module number -> {(local, name): the module numbers it resolves to}; an import
        #: not found here goes by name
        self.resolved: Dict[int, Dict[Tuple[str, str], Tuple[int, ...]]]
        #: ``import module``: module -> (whether ``module.attr`` goes by name, the modules
        #: it names); a module named by no module of the tree gives nothing, as for the
        #: resolver (``_import_target``), ``itertools`` goes by name
        self.module_targets: Dict[str, Tuple[bool, Tuple[int, ...]]]
        #: module -> {local: (by name?, the modules ``from module import local`` may bind
        #: as a module)}; a local not there is no module of the tree
        self.heads: Dict[int, Dict[str, Tuple[bool, Tuple[int, ...]]]]
        self.resolved, self.module_targets, self.heads = _resolve_imports(index)
        self.users: Dict[int, List[int]] = {}  # shape -> its modules
        for m, (_, u) in enumerate(self.modules):
            self.users.setdefault(u, []).append(m)
        self.importers: Dict[int, Set[int]] = {}  # module -> modules importing from it
        for m, found in self.resolved.items():
            for targets in found.values():
                for t in targets:
                    self.importers.setdefault(t, set()).add(m)
        for m, (_, u) in enumerate(self.modules):
            for _, module in self.summaries[u].module_imports:  # (the shape's ``heads``)
                for t in self.module_targets[module][1]:
                    self.importers.setdefault(t, set()).add(m)
        for m, found_heads in self.heads.items():
            for _, targets in found_heads.values():
                for t in targets:
                    self.importers.setdefault(t, set()).add(m)
        #: the names that may stand for data (by name; module -> its own), and those
        #: that may stand for a generator function or a generator object, the only
        #: data a factory's ``return`` gives (``AnalysisProject._factory_source``)
        self.data_g: Set[str] = {GENEXP, *ITERATOR_FUNCTIONS, *DATASET_ROOTS}
        self.data_m: Dict[int, Set[str]] = {}
        self.gen_g: Set[str] = set()
        #: of those, the names a bare name that its module does not bind may stand for
        #: (a builtin, a star import's): a module's own names, never a method's, a class
        #: body's or a nested function's (found as ``.name`` only)
        self.data_top: Set[str] = set(self.data_g)
        self.gen_top: Set[str] = set()
        self.gen_m: Dict[int, Set[str]] = {}
        #: the names of methods that may be generators or return one (``self.name``)
        self.methods_g: Set[str] = set()
        self.linked_g: Set[str] = set()
        self.linked_m: Dict[int, Set[str]] = {}
        self._casts: Optional[Set[str]] = None
        self._close_data()
        self._close_linked()

    # the questions -------------------------------------------------------------------
    def is_data(self, m: int, ref: str) -> bool:
        """May ``ref`` (a name, ``.attr`` or ``head.attr`` mentioned in module ``m``)
        stand for data?"""
        shape = self.shape(self.modules[m][1])
        return self._level(m, shape, self.data_m.get(m, ()), self.gen_m.get(m, ()), ref) > 0

    def _g_level(self, name: str) -> int:
        """2: may be a generator (function or object); 1: may be data; 0: neither."""
        return 2 if name in self.gen_g else 1 if name in self.data_g else 0

    def _top_level(self, name: str) -> int:
        """``_g_level`` of a bare name its module does not bind, an import the index
        cannot place, a star import's name: some module's own ``name``."""
        return 2 if name in self.gen_top else 1 if name in self.data_top else 0

    def _level(self, m: int, shape: "_Shape", known, generators, ref: str) -> int:
        """``_g_level`` of ``ref`` in module ``m`` (whose own data names are ``known``,
        its own generator names ``generators``)."""
        if ref[0] == ".":
            return self._g_level(ref[1:])
        if ref[0] == ":":
            return 2 if ref[1:] in self.methods_g else 0
        if "." in ref:
            return self._head_level(m, shape, ref)
        if ref in shape.bound:
            return 2 if ref in generators else 1 if ref in known else 0
        return self._top_level(ref)

    def own_level(self, t: int, name: str) -> int:
        """Module ``t``'s own ``name`` (what another module takes from it).  A name it
        does not bind is nothing (``module_symbol`` finds no binding), unless it has a
        star import (by name)."""
        shape = self.shape(self.modules[t][1])
        if name in shape.bound:
            return 2 if name in self.gen_m.get(t, ()) else 1 if name in self.data_m.get(t, ()) else 0
        return self._top_level(name) if shape.star else 0

    def _head_level(self, m: int, shape: "_Shape", ref: str) -> int:
        """``head.attr`` in a module of ``shape``: ``attr`` of the module ``head`` is an
        import of (by name when it cannot be told); nothing when ``head`` is bound
        otherwise (the resolver follows ``head.attr`` only for a module or a
        parameter); by name when the module does not bind ``head`` (a star import)."""
        head, _, attr = ref.partition(".")
        if head not in shape.bound:
            return self._g_level(attr)
        found = [self.module_targets[module] for module in shape.heads.get(head, ())]
        if head in shape.from_heads:
            found.append(self.heads.get(m, {}).get(head, (False, ())))
        if not found:  # ``g = Generator()``, then ``g.make()``: a method, by name
            return 2 if head in shape.made and attr in self.methods_g else 0
        level = 0
        for by_name, targets in found:
            if by_name:
                level = max(level, self._g_level(attr))
            for t in targets:
                level = max(level, self.own_level(t, attr))
            if level == 2:
                break
        return level

    def _head_targets(self, m: int, shape: _Shape, ref: str) -> List[Tuple[Optional[int], str]]:
        """Where ``head.attr`` may lead (``_head_level``): (module, attr), or (None, attr)
        for ``attr`` by name."""
        head, _, attr = ref.partition(".")
        if head not in shape.bound:
            return [(None, attr)]
        found = [self.module_targets[module] for module in shape.heads.get(head, ())]
        if head in shape.from_heads:
            found.append(self.heads.get(m, {}).get(head, (False, ())))
        if not found:  # a method of an instance (``_head_level``), by name
            return [(None, attr)] if head in shape.made else []
        out: List[Tuple[Optional[int], str]] = []
        for by_name, targets in found:
            if by_name:
                out.append((None, attr))
            out.extend((t, attr) for t in targets)
        return out

    def given(self, m: int, call: CallSummary) -> bool:
        """May this training call of module ``m`` be given data?"""
        return any(self.is_data(m, n) for n in call.names)

    def body(self, m: int) -> bool:
        """Can a generator-body rule (FG101-FG106) report in module ``m``?  One of its
        generator functions may be linked to a training call, or may yield a batch that
        FG103, FG104 or FG106 may report on with no link (``DataSummary.unlinked``, or a
        call of a helper that may cast: ``generator_calls``), or one of its classes with
        ``__getitem__`` may derive from ``Sequence``/``PyDataset``."""
        summary = self.summaries[self.modules[m][1]]
        if summary.unlinked is None:  # (not worked out: any generator that may yield a batch)
            if any(shaped for _, shaped in summary.generators):
                return True
        elif summary.unlinked:
            return True
        linked = self.linked_m.get(m, ())
        if any(name in self.linked_g or name in linked for name, _ in summary.generators):
            return True
        if summary.generator_calls:
            casts = self.casts()
            if any(n in casts for _, called in summary.generator_calls for n in called):
                return True
        return any(self.is_data(m, b) for bases in summary.getitem_bases for b in bases)

    def casts(self) -> Set[str]:
        """The names of the functions that may return a cast value (FG103's
        ``Body._helper_cast``), by name over the tree: a function every ``return`` of
        which casts or calls one of them, and an alias of one (made once)."""
        if self._casts is not None:
            return self._casts
        casts: Set[str] = set()
        pending: List[Tuple[str, Tuple[Tuple[str, ...], ...]]] = []
        aliases: Dict[str, Set[str]] = {}  # name -> the locals that may call it
        for summary in self.summaries:
            for name, returns in summary.casts:
                if returns:
                    pending.append((name, returns))
                else:
                    casts.add(name)
            for local, name in summary.aliases:
                aliases.setdefault(name, set()).add(local)

        def spread(todo: List[str]) -> None:
            while todo:
                for local in aliases.get(todo.pop(), ()):
                    if local not in casts:
                        casts.add(local)
                        todo.append(local)

        spread(list(casts))
        grew = True
        while grew:
            grew = False
            left = []
            for name, returns in pending:
                if name in casts:
                    continue
                if all(any(n in casts for n in names) for names in returns):
                    casts.add(name)
                    spread([name])
                    grew = True
                else:
                    left.append((name, returns))
            pending = left
        self._casts = casts
        return casts

    def count(self) -> int:
        """How many names may stand for data: by name, and (module, name)."""
        return len(self.data_g) + sum(len(v) for v in self.data_m.values())

    # the closures ---------------------------------------------------------------------
    def _close_data(self) -> None:
        """The seeds, closed over the edges: module by module, each again when a name it
        reads by name or a module it imports from gains a data or generator name."""
        from collections import deque

        data_g, gen_g = self.data_g, self.gen_g
        # (the passes over every summary read the summaries, not their shapes, which
        # are made for the modules the closure visits)
        for summary in self.summaries:
            data_g.update(summary.seeds)  # (a seed of any level is data by name)
            gen_g.update(name for name, _ in summary.generators)
            bound = frozenset(summary.bound)  # (a module's own: for a bare name too)
            self.data_top.update(name for name in summary.seeds if name in bound)
            self.gen_top.update(name for name, _ in summary.generators if name in bound)
            methods = frozenset(summary.methods)
            self.methods_g.update(name for name, _ in summary.generators if name in methods)
        readers: Dict[str, List[int]] = {}  # name -> the shapes that read it by name
        for u, summary in enumerate(self.summaries):
            names: Set[str] = set()
            bound = frozenset(summary.bound)
            for _, refs in (*summary.edges, *summary.returns):
                for r in refs:
                    if r[0] in ".:":
                        names.add(r[1:])
                    elif "." in r:
                        names.add(r.partition(".")[2])
                    elif r not in bound:
                        names.add(r)
            names.update(name for _, _, name, _ in summary.imports)
            for name in names:
                readers.setdefault(name, []).append(u)
        todo = deque(range(len(self.modules)))
        queued = bytearray(b"\x01" * len(self.modules))
        while todo:
            m = todo.popleft()
            queued[m] = 0
            gained = self._module_data(m)
            if gained is None:
                continue
            names, module_gained = gained
            wake: Set[int] = set(self.importers.get(m, ())) if module_gained else set()
            for name in names:
                for u in readers.get(name, ()):
                    wake.update(self.users[u])
            for w in wake:
                if not queued[w]:
                    queued[w] = 1
                    todo.append(w)

    def _module_data(self, m: int):
        """Close module ``m``'s own names; (the names newly data or generators by name,
        whether its own names grew), or None when nothing changed."""
        shape = self.shape(self.modules[m][1])
        bound, data_g, gen_g = shape.bound, self.data_g, self.gen_g
        known = self.data_m.get(m)
        if known is None:
            known = self.data_m[m] = set()  # (read when m imports itself)
        generators = self.gen_m.get(m)
        if generators is None:
            generators = self.gen_m[m] = set()
        before = len(known) + len(generators)
        new_g: List[str] = []
        for name in shape.summary.seeds:
            if name in bound:
                known.add(name)
        for name, _ in shape.summary.generators:
            if name in bound:
                generators.add(name)
        resolved = self.resolved.get(m, {})
        level_of = self._level

        def raise_to(key: str, level: int) -> bool:
            """Raise ``key``'s level; whether it rose."""
            if key[0] == ".":
                name = key[1:]
                if level == 2 and name not in gen_g:
                    gen_g.add(name)
                    data_g.add(name)
                    new_g.append(name)
                    return True
                if name not in data_g:
                    data_g.add(name)
                    new_g.append(name)
                    return True
                return False
            if level == 2 and key not in generators:
                generators.add(key)
                known.add(key)
                return True
            if key not in known:
                known.add(key)
                return True
            return False

        changed = True
        while changed:
            changed = False
            for returns, pairs in ((False, shape.summary.edges), (True, shape.summary.returns)):
                for key, refs in pairs:
                    have = self._g_level(key[1:]) if key[0] == "." else (
                        2 if key in generators else 1 if key in known else 0
                    )
                    if have == 2 and not (returns and key[0] == "." and key[1:] in shape.methods and key[1:] not in self.methods_g):
                        continue
                    level = 0
                    for r in refs:
                        level = max(level, level_of(m, shape, known, generators, r))
                        if level == 2:
                            break
                    if returns:  # a factory gives only what it returns from a generator
                        level = 2 if level == 2 else 0
                        if level == 2 and key[0] == "." and key[1:] in shape.methods and key[1:] not in self.methods_g:
                            self.methods_g.add(key[1:])  # (``self.key()``: a factory method)
                            new_g.append(key[1:])
                            changed = True
                    if level > have and raise_to(key, level):
                        changed = True
            for local, _, name, _ in shape.summary.imports:
                if local in generators:
                    continue
                targets = resolved.get((local, name))
                if targets is None:
                    level = self._top_level(name)
                else:
                    level = max((self.own_level(t, name) for t in targets), default=0)
                if level and raise_to(local, level):
                    changed = True
        grew = len(known) + len(generators) > before
        if not known:
            del self.data_m[m]
        if not generators:
            del self.gen_m[m]
        if grew:
            data_top, gen_top = self.data_top, self.gen_top
            for name in known:
                if name not in data_top:  # a module's data name is data by name too
                    data_top.add(name)
                    data_g.add(name)
                    new_g.append(name)
            for name in generators:
                if name not in gen_top:
                    gen_top.add(name)
                    gen_g.add(name)
                    new_g.append(name)
        if not grew and not new_g:
            return None
        return new_g, grew

    def _own_link(self, todo: list, m: int, t: Optional[int], name: str) -> None:
        """Link module ``t``'s own ``name`` (``own_level``), or ``name`` by name (None)."""
        if t is None:
            todo.append((m, "." + name))
            return
        shape = self.shape(self.modules[t][1])
        if name in shape.bound:
            todo.append((t, name))
        elif shape.star:
            todo.append((t, "." + name))

    def _close_linked(self) -> None:
        """The training calls' names, closed over the edges the other way (a name -> the
        names its bindings mention)."""
        binders: Dict[str, List[int]] = {}  # name -> the shapes binding it (by name or at module level)
        for u, summary in enumerate(self.summaries):
            names = set(summary.bound)  # (and the ``.name`` keys of the shape's ``edges``)
            names.update(k[1:] for k, _ in (*summary.edges, *summary.returns) if k[0] == ".")
            for name in names:
                binders.setdefault(name, []).append(u)
        todo: List[Tuple[int, str]] = [
            (m, n) for m, (_, u) in enumerate(self.modules) for c in self.summaries[u].calls for n in c.names
        ]
        linked_g, linked_m = self.linked_g, self.linked_m
        linked_top: Set[str] = set()  # the bare names followed by name
        while todo:
            m, ref = todo.pop()
            if ref == GENEXP:
                continue
            shape = self.shape(self.modules[m][1])
            if ref[0] != "." and "." in ref:
                for t, attr in self._head_targets(m, shape, ref):
                    self._own_link(todo, m, t, attr)
                continue
            if ref[0] != "." and ref in shape.bound:
                own = linked_m.setdefault(m, set())
                if ref in own:
                    continue
                own.add(ref)
                todo.extend((m, r) for r in shape.edges.get(ref, ()))
                resolved = self.resolved.get(m, {})
                for name in shape.imports.get(ref, ()):
                    targets = resolved.get((ref, name))
                    if targets is None:
                        todo.append((m, "." + name))
                    else:
                        for t in targets:
                            self._own_link(todo, m, t, name)
                continue
            # by name: ``.name`` may be any binding of it; a bare name the module does
            # not bind (a builtin, a star import's) only some module's own
            bare = ref[0] not in ".:"
            name = ref if bare else ref[1:]
            seen = linked_top if bare else linked_g
            if name in seen:
                continue
            seen.add(name)
            for u in binders.get(name, ()):
                other = self.shape(u)
                for w in self.users[u]:
                    if name in other.bound:
                        todo.append((w, name))
                    if not bare:
                        todo.extend((w, r) for r in other.edges.get("." + name, ()))


#: an import naming more modules of the tree than this goes by name.  Any of them would
#: do (the resolver takes the one that parses, or none when two do), but in a tree of
#: copies every import names all the copies, and following them all cost the project
#: pass of the 4x tree 137 MB at its peak (by name: 83 MB; b441677: 53 MB)
MAX_TARGETS = 1

#: the shapes a closure keeps made (``Closure.shape``): about 4 KB each; a tree of up
#: to this many distinct modules makes each once
SHAPES_KEPT = 16384



def _resolve_imports(index: NameIndex):
    """(module -> {(local, name): the modules ``from module import name`` may take
    ``name`` from}, for the imports that name exactly one module of the tree
    (``AnalysisProject.find_module``'s reading; the others are left out: by name),
    module -> (by name?, the modules it names) for each ``import module``)."""
    if not any(s.imports or s.module_imports for s in index.summaries):
        return {}, {}, {}
    import os

    from migrate_fitgen.analyze.project import module_names_for

    of_path: Dict[str, List[int]] = {}
    for m, (path, _) in enumerate(index.modules):
        if path is not None:
            of_path.setdefault(path, []).append(m)
    names_of: Dict[str, List[str]] = {}  # (asked for the paths of a stem only)
    by_stem: Dict[str, List[str]] = {}
    by_abspath: Dict[str, str] = {}
    for path in index.paths:
        names = module_names_for(path)
        if names:
            by_stem.setdefault(names[-1], []).append(path)
        by_abspath[os.path.abspath(path)] = path
    named: Dict[str, List[str]] = {}

    def paths_named(module: str) -> List[str]:
        found = named.get(module)
        if found is None:
            stem = module.rpartition(".")[2]
            found = []
            for p in by_stem.get(stem, ()):
                if p not in names_of:
                    names_of[p] = module_names_for(p)
                if module in names_of[p]:
                    found.append(p)
            named[module] = found
        return found

    def candidates(module: str, level: int, path: Optional[str]) -> Optional[List[str]]:
        """The paths ``find_module`` may take ``module`` from (None: cannot tell)."""
        if level == 0:
            return paths_named(module)
        if path is None or path in ("-", "<stdin>"):
            return None
        base = os.path.dirname(os.path.abspath(path))
        for _ in range(level - 1):
            base = os.path.dirname(base)
        stem = os.path.join(base, *[p for p in module.split(".") if p])
        found = []
        for c in (stem + ".py", os.path.join(stem, "__init__.py")):
            c = os.path.normpath(c)
            if c in by_abspath:
                found.append(by_abspath[c])
        return found

    def targets_of(paths: Optional[List[str]]) -> Optional[Tuple[int, ...]]:
        """The modules of ``paths``; None (by name) for more than ``MAX_TARGETS``."""
        if paths is None or len(paths) > MAX_TARGETS:
            return None
        return tuple(sorted(m for p in paths for m in of_path.get(p, ())))

    #: ``import module``: (by name?, its modules); nothing when no module of the tree
    #: has the name (``_import_target``), by name for ``itertools`` (``callee``)
    module_targets: Dict[str, Tuple[bool, Tuple[int, ...]]] = {}
    for summary in index.summaries:
        for _, module in summary.module_imports:
            if module not in module_targets:
                targets = None if module == "itertools" else targets_of(paths_named(module))
                module_targets[module] = (True, ()) if targets is None else (False, targets)

    out: Dict[int, Dict[Tuple[str, str], Tuple[int, ...]]] = {}
    heads: Dict[int, Dict[str, Tuple[bool, Tuple[int, ...]]]] = {}
    for m, (path, u) in enumerate(index.modules):
        imports = index.summaries[u].imports
        if not imports:
            continue
        #: (local, name) -> the modules of each import binding it (None: by name)
        seen: Dict[Tuple[str, str], List[Optional[Tuple[int, ...]]]] = {}
        #: local -> the modules ``from module import local`` may bind as a module
        as_module: Dict[str, List[Optional[Tuple[int, ...]]]] = {}
        for local, module, name, level in imports:
            found = candidates(module, level, path)
            # no module of that name in the tree: by name, as a module outside the tree
            # may be named so in a summary the resolver reads otherwise; and by name the
            # names the resolver knows from their import alone (``callee``'s itertools,
            # ``qualified``'s bases)
            targets = targets_of(found) if found else None
            if module == "itertools" or name in DATASET_ROOTS:
                targets = None
            seen.setdefault((local, name), []).append(targets)
            # ``local.attr``: the resolver follows it only when ``module.name`` is a module
            sub = ".".join(x for x in (module, name) if x)
            as_module.setdefault(local, []).append(targets_of(candidates(sub, level, path)))
        found_symbols = {
            k: tuple(sorted({t for ts in v for t in ts}))  # type: ignore[union-attr]
            for k, v in seen.items() if all(ts is not None for ts in v)
        }
        if found_symbols:
            out[m] = found_symbols
        found_heads = {}
        for local, v in as_module.items():
            if any(ts is None for ts in v):
                found_heads[local] = (True, ())
            elif any(v):
                found_heads[local] = (False, tuple(sorted({t for ts in v for t in ts})))  # type: ignore[union-attr]
        if found_heads:
            heads[m] = found_heads
    return out, module_targets, heads


def close(summaries: Mapping[str, DataSummary]) -> Tuple[Closure, Dict[str, int]]:
    """The closure over ``summaries`` (path -> summary, every path readable), and each
    path's module number."""
    index = NameIndex()
    numbers = {}
    for path in summaries:
        index.know(path)
    for path, summary in summaries.items():
        numbers[path] = index.add(summary, path)
    return index.close(), numbers
