"""Which training calls may be given a generator, a dataset or an iterator: decided by
name, from each file's ``ast`` tree, before any libcst parse.

Most ``fit``/``evaluate``/``predict`` calls of a large code base are given arrays;
their file can hold a call-site finding (FG005-FG007, FG107-FG109) only when a data
argument may resolve to a generator, a ``Sequence``/``PyDataset``, an iterator or an
iterator class, and a training call can link data to another file's generator only
then.  The project's resolver (``analyze.project``) follows bindings, imports, calls of
functions and classes, factories (``return gen(...)``), ``functools.partial`` and
``self.method``; every step it takes goes from a name to the names in the bound
value.  So the per-file pass records, from ``ast``:

- ``seeds``: names that are data sources by themselves (generator functions and
  methods, classes that define ``__iter__``/``__next__``);
- ``edges``: name -> the names its bindings mention (module and class level
  assignments, imports, ``self.attr = ...``, a function's ``return`` values, a class's
  bases), after folding the enclosing functions' own bindings;
- ``calls``: for each training call, the free names its arguments mention after the
  same folding, and whether it passes a step count (FG007).

The project pass closes the seeds over the edges, by name, across files: a name is
*data* if it is a seed or one of its bindings mentions data.  A call none of whose
names is data cannot be linked to data.  Names only ever make the set larger than
the truth (two things of the same name are one name here), so this keeps too many
calls, never too few; ``tests/test_analyze_prefilter.py`` checks it against the
unfiltered analysis.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from migrate_fitgen.ast_nodes import _CHILD_FIELDS
from migrate_fitgen.ast_nodes import _child_fields as child_fields
from migrate_fitgen.keras_api import STEP_COUNT_PARAMETERS

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


def _bare(name: str) -> str:
    return name[1:] if name.startswith(".") else name


class _Scope:
    def __init__(self, node: Optional[ast.AST]) -> None:
        self.node = node
        self.bindings: Dict[str, Set[str]] = {}
        self.globals: Set[str] = set()


class _Summariser:
    """One walk of a module, in ``ast.NodeVisitor``'s order (each node before its
    children, children in field order), with a plain stack instead of its recursive
    ``visit``/``generic_visit``: a function's or a class's steps after its children
    (leaving its scope) are markers on the stack.  The children of a node are read from
    the fields that can hold nodes (``ast_nodes.child_fields``)."""

    def __init__(self) -> None:
        self.seeds: Set[str] = set()
        self.edges: Dict[str, Set[str]] = {}
        self.scopes: List[_Scope] = [_Scope(None)]  # [module, enclosing functions...]
        self.class_depth: List[int] = []  # len(self.scopes) when a class body was entered
        #: (call, the function scopes around it) and (def name, its returns, scopes)
        self.calls: List[Tuple[ast.Call, List[_Scope]]] = []
        self.returns: List[Tuple[str, Set[str], List[_Scope]]] = []
        self.attributes: List[Tuple[str, Set[str], List[_Scope]]] = []
        self.generators: Set[Tuple[str, bool]] = set()
        self.getitem_bases: Set[Tuple[str, ...]] = set()

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

    # bindings ---------------------------------------------------------------------------
    def _in_function(self) -> bool:
        return len(self.scopes) > 1 and not (self.class_depth and self.class_depth[-1] == len(self.scopes))

    def bind(self, name: str, refs: Set[str]) -> None:
        scope = self.scopes[-1]
        if self._in_function() and name not in scope.globals:
            scope.bindings.setdefault(name, set()).update(refs)
        else:
            self.edges.setdefault(name, set()).update(refs)

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
    def _assign(self, node: ast.Assign, stack: list) -> bool:
        refs = self.mentions(node.value)
        for target in node.targets:
            self.bind_target(target, refs)
        return False

    def _bind_value(self, node, stack: list) -> bool:  # AnnAssign, AugAssign, NamedExpr
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
            self.bind(alias.asname or alias.name.split(".")[0], set())
        return True

    def _import_from(self, node: ast.ImportFrom, stack: list) -> bool:
        for alias in node.names:
            if alias.name != "*":
                # the imported name is free: it is matched by name, never folded locally
                self.bind(alias.asname or alias.name, {"." + alias.name})
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
        return True

    def _enter_function(self, node) -> None:
        scope = _Scope(node)
        args = node.args
        for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if a is not None:
                scope.bindings[a.arg] = set()  # a parameter: the resolver does not follow it
        self.scopes.append(scope)

    def _leave_function(self, node) -> None:
        scope = self.scopes.pop()
        if isinstance(node, ast.Lambda):
            return
        generator = False
        shaped = False
        returns: Set[str] = set()
        for statement in node.body:
            for n in _own_nodes(statement):
                if isinstance(n, (ast.Yield, ast.YieldFrom)):
                    generator = True
                    shaped = shaped or isinstance(n, ast.YieldFrom) or _may_be_a_batch(n.value)
                elif isinstance(n, ast.Return) and n.value is not None:
                    returns |= self.mentions(n.value)
        self.bind(node.name, {"." + node.name})  # a nested def is found by its name
        if generator:
            self.seeds.add(node.name)
            self.generators.add((node.name, shaped))
        else:
            self.returns.append((node.name, returns, self._functions() + [scope]))

    def _class(self, node: ast.ClassDef, stack: list) -> bool:
        stack.append((_Summariser._leave_class, node))
        stack.extend(reversed(node.body))
        stack.append((_Summariser._enter_class, node))
        stack.extend(reversed([*node.bases, *(k.value for k in node.keywords)]))
        stack.extend(reversed(node.decorator_list))
        return True

    def _enter_class(self, node: ast.ClassDef) -> None:
        bases: Set[str] = set()
        for base in (*node.bases, *(k.value for k in node.keywords)):
            bases |= self.mentions(base)
        self.bind(node.name, {"." + node.name})
        self.edges.setdefault(node.name, set()).update(bases)
        methods = {
            n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        if methods & {"__iter__", "__next__"}:
            self.seeds.add(node.name)
        if "__getitem__" in methods:
            self.getitem_bases.add(tuple(sorted(_bare(b) for b in bases)))
        self.class_depth.append(len(self.scopes))

    def _leave_class(self, node: ast.ClassDef) -> None:
        self.class_depth.pop()

    # training calls ---------------------------------------------------------------------
    def _call(self, node: ast.Call, stack: list) -> bool:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in TRAINING_METHODS:
            self.calls.append((node, self._functions()))
        return False


_STEPS = {
    ast.Assign: _Summariser._assign,
    ast.AnnAssign: _Summariser._bind_value,
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


def _own_nodes(node: ast.AST) -> Iterable[ast.AST]:
    """The nodes of a statement that belong to its function (not to nested functions,
    lambdas or classes)."""
    fields_of = _CHILD_FIELDS
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        kind = type(n)
        fields = fields_of.get(kind)
        if fields is None:
            fields = child_fields(kind)
        for name in fields:
            value = getattr(n, name, None)
            for child in value if type(value) is list else (value,):
                if child is not None and not isinstance(child, nested):
                    todo.append(child)


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
        if not name.startswith(".") and name != GENEXP:
            for scope in reversed(scopes):
                if name in scope.bindings and name not in scope.globals:
                    todo.extend(scope.bindings[name])
                    break
            else:
                out.add(name)
        else:
            out.add(name)
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


def summarise(tree: ast.AST, shapes: bool = False) -> DataSummary:
    """The module's summary; ``shapes``: work out ``may_link`` and ``may_give`` too (one
    more walk, ``call_shapes``)."""
    s = _Summariser()
    s.run(tree)
    edges = {name: set(refs) for name, refs in s.edges.items()}
    for name, refs, scopes in s.returns:
        edges.setdefault(name, set()).update(_fold(refs, scopes))
    for name, refs, scopes in s.attributes:
        edges.setdefault(name, set()).update(_fold(refs, scopes))
    calls = tuple(
        CallSummary(node.func.attr, node.lineno, tuple(sorted(_fold(_call_mentions(node), scopes))), _steps(node))  # type: ignore[attr-defined]
        for node, scopes in s.calls
    )
    return DataSummary(
        tuple(sorted(s.seeds)),
        tuple(sorted(
            (n, tuple(sorted({_bare(r) for r in refs} - {n}))) for n, refs in edges.items() if {_bare(r) for r in refs} - {n}
        )),
        calls,
        tuple(sorted(s.generators)),
        tuple(sorted(s.getitem_bases)),
        *(call_shapes(tree) if shapes else (True, True)),
    )


def call_shapes(tree: ast.AST) -> Tuple[bool, bool]:
    """(``may_link``, ``may_give``) of a module, from its training calls (``x.fit(...)``...
    anywhere in it): whether one has an argument that ``_links_nothing``, resp.
    ``_resolves_to_nothing``, cannot rule out.  If none has, the module adds no key to
    the link index (``AnalysisProject.index_links``), resp. none of its training calls
    is given data the call-site rules (FG005, FG006, FG107-FG109) report on."""
    from migrate_fitgen.ast_nodes import collect

    link = give = False
    for node in collect(tree).calls:  # (every call, as ``ast.walk`` finds them)
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
        return not (isinstance(func, ast.Name) or (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)))
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
    if isinstance(func, ast.Name) or (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return False  # the resolver follows the callee
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


def _call_mentions(call: ast.Call) -> Set[str]:
    out: Set[str] = set()
    for a in call.args:
        out |= _Summariser.mentions(a)
    for k in call.keywords:
        out |= _Summariser.mentions(k.value)
    return out


class NameIndex:
    """``data_names`` and ``linked_names`` over summaries added one at a time: what
    they need of each summary (seeds, edges, the calls' names) gathered into sets by
    name, so that a tree's summaries need not be kept to close the names (copies of a
    file add nothing)."""

    def __init__(self) -> None:
        self.seeds: Set[str] = set()
        #: ref -> the names whose bindings mention it; name -> the refs it mentions
        self.named_by: Dict[str, Set[str]] = {}
        self.edges: Dict[str, Set[str]] = {}
        self.call_names: Set[str] = set()

    def add(self, summary: DataSummary) -> None:
        self.seeds.update(summary.seeds)
        for name, refs in summary.edges:
            self.edges.setdefault(name, set()).update(refs)
            for ref in refs:
                self.named_by.setdefault(ref, set()).add(name)
        for call in summary.calls:
            self.call_names.update(_bare(n) for n in call.names)

    def data_names(self) -> FrozenSet[str]:
        """Every name that may stand for data: the seeds, closed over the edges."""
        found: Set[str] = {GENEXP, *ITERATOR_FUNCTIONS, *DATASET_ROOTS, *self.seeds}
        todo = list(found)
        while todo:
            for name in self.named_by.get(todo.pop(), ()):
                if name not in found:
                    found.add(name)
                    todo.append(name)
        return frozenset(found)

    def linked_names(self) -> FrozenSet[str]:
        """Every name a training call's data may reach: the calls' free names, closed
        over the edges the other way (a name -> the names its bindings mention)."""
        found = set(self.call_names)
        todo = list(found)
        while todo:
            for ref in self.edges.get(todo.pop(), ()):
                if ref not in found:
                    found.add(ref)
                    todo.append(ref)
        return frozenset(found)


def data_names(summaries: Iterable[DataSummary]) -> FrozenSet[str]:
    """Every name that may stand for data: the seeds, closed over the edges."""
    index = NameIndex()
    for summary in summaries:
        index.add(summary)
    return index.data_names()


def may_be_given_data(call: CallSummary, names: FrozenSet[str]) -> bool:
    return any(_bare(n) in names for n in call.names)


def linked_names(summaries: Iterable[DataSummary]) -> FrozenSet[str]:
    """Every name a training call's data may reach: the calls' free names, closed over
    the edges the other way (a name -> the names its bindings mention)."""
    index = NameIndex()
    for summary in summaries:
        index.add(summary)
    return index.linked_names()


def may_hold_data_body(summary: DataSummary, data: FrozenSet[str], linked: FrozenSet[str]) -> bool:
    """Can a generator-body rule (FG101-FG106) report in this file?  One of its generator
    functions may yield a batch or may be linked to a training call, or one of its
    classes with ``__getitem__`` may derive from ``Sequence``/``PyDataset``."""
    if any(shaped or name in linked for name, shaped in summary.generators):
        return True
    return any(b in data for bases in summary.getitem_bases for b in bases)
