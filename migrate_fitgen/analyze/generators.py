"""What a generator (or a dataset's ``__getitem__``) produces, read from its code.

Shared by the FG1xx rules.  Names inside the function are followed through their
straight-line assignments (the binding that provably reaches the ``yield``); anything
else stays unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

import libcst as cst

from migrate_fitgen.analyze import linear
from migrate_fitgen.keras_api import KERAS_PACKAGES
from migrate_fitgen.analyze.facts import Binding, ClassFacts, FunctionFacts, ModuleFacts, Site, dotted
from migrate_fitgen.analyze.project import AnalysisProject
from migrate_fitgen.analyze.values import (
    NUMPY_NAMES,
    Frame,
    Interpreter,
    Value,
)

STRING_DTYPES = frozenset({"str", "object", "np.str_", "numpy.str_", "np.object_", "numpy.object_", "bytes"})


@dataclass(eq=False)
class Cast:
    """A cast that makes a batch element non-numeric."""

    node: cst.CSTNode  # the call (or the `dtype=` argument)
    what: str  # "`.astype(str)` makes a string array"
    kind: str  # string | object | str (a Python string) | lists (nested Python lists)
    whole: bool = False  # underline the whole node (a call such as `np.array(...)`)

    @property
    def start(self) -> Optional[cst.CSTNode]:
        return None if self.whole else trailer_start(self.node)


def trailer_start(node: cst.CSTNode) -> Optional[cst.CSTNode]:
    """Where the offending part of a chained expression starts, for the underline: the
    `.` of a method call (`block.obs[c].astype(str)` -> `.astype(str)`), the `[` of a
    subscript of a computed value (`f(x)[i:j]` -> `[i:j]`); None keeps the whole node
    (`y[i:j]`, `self.y[i:j]`, `str(v)`)."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.dot
    if isinstance(node, cst.Subscript) and dotted(node.value) is None:
        return node.lbracket
    return None


@dataclass(eq=False)
class Produced:
    """One ``yield value`` (or ``return value`` of ``__getitem__``)."""

    site: Site
    value: cst.BaseExpression


class Body:
    """A generator function (or ``__getitem__``) with the module and project it is in."""

    def __init__(self, project: AnalysisProject, facts: ModuleFacts, fn: FunctionFacts, dataset: bool = False):
        self.project = project
        self.facts = facts
        self.fn = fn
        self.dataset = dataset
        self._interpreter: Optional[Interpreter] = None

    @property
    def label(self) -> str:
        return f"`{self.fn.cls.name}.__getitem__`" if (self.dataset and self.fn.cls) else f"`{self.fn.name}`"

    def produced(self) -> List[Produced]:
        sites = self.fn.returns if self.dataset else self.fn.yields
        out = []
        for s in sites:
            value = s.node.value  # type: ignore[attr-defined]
            if value is None or isinstance(value, cst.From):
                continue
            out.append(Produced(s, value))
        return out

    # names ---------------------------------------------------------------------
    def follow(self, expr: cst.BaseExpression, site: Site, depth: int = 0) -> Tuple[cst.BaseExpression, Site]:
        """Follow a name to the value assigned to it in this function (if provable)."""
        while isinstance(expr, cst.Name) and depth < 8:
            b = self.project.lookup(expr.value, self.fn.scope, site.pos, site.blocks)
            if not isinstance(b, Binding) or b.kind != "assign" or b.value is None or b.scope is not self.fn.scope:
                break
            expr = b.value
            site = Site(b.value, self.facts.start(b.value), b.blocks, site.loops)
            depth += 1
        return expr, site

    def single_assignment(self, name: str) -> Optional[cst.BaseExpression]:
        binds = self.fn.scope.bindings.get(name, [])
        if len(binds) == 1 and binds[0].kind == "assign" and binds[0].value is not None:
            return binds[0].value
        return None

    # values ----------------------------------------------------------------------
    def value(self, expr: cst.BaseExpression, site: Site) -> Value:
        """What ``expr`` provably is (see ``migrate_fitgen.analyze.values``)."""
        if self._interpreter is None:
            self._interpreter = Interpreter(Frame(self.project, self.facts, self.fn))
        return self._interpreter.value(expr, site)

    def shape(self, expr: cst.BaseExpression, site: Site) -> Optional[Tuple[str, int]]:
        """("tuple", n) | ("list", n) | ("other", 0) for a provable non-tuple | None;
        n is -1 when the length is not known."""
        v = self.value(expr, site)
        if v.kind in ("tuple", "list"):
            return (v.kind, v.length)
        if v.not_tuple:
            return ("other", 0)
        return None

    def elements(self, expr: cst.BaseExpression, site: Site) -> List[Tuple[cst.BaseExpression, Site]]:
        """The elements of a batch that is a tuple/list display (through names,
        ``tuple([...])`` and repacking), else the batch itself as one element."""
        v = self.value(expr, site)
        if v.kind in ("tuple", "list") and v.elements is not None:
            return list(v.elements)
        return [self.follow(expr, site)]

    def leaves(self, expr: cst.BaseExpression, site: Site, depth: int = 0) -> List[Tuple[cst.BaseExpression, Site]]:
        """The arrays one element of a batch is made of: for the inputs or targets of a
        multi-input or multi-output model (a tuple, list or dict display, through
        names), the leaves of each of its items; else the element itself."""
        v = self.value(expr, site)
        if depth < 4 and v.kind in ("tuple", "list") and v.elements is not None:
            return [leaf for e, s in v.elements for leaf in self.leaves(e, s, depth + 1)]
        followed, where = self.follow(expr, site)
        if depth < 4 and isinstance(followed, cst.Dict):
            return [
                leaf for el in followed.elements if isinstance(el, cst.DictElement)
                for leaf in self.leaves(el.value, where, depth + 1)
            ]
        return [(followed, where)]

    def array_like(self, expr: cst.BaseExpression, site: Site) -> bool:
        """An array provably, or a slice along the first axis (``a[i:j]``)."""
        return self.value(expr, site).kind == "array" or self.slice_of(expr, site) is not None

    # casts -------------------------------------------------------------------------
    def suspicious_cast(self, expr: cst.BaseExpression, site: Site, depth: int = 0) -> Optional["Cast"]:
        """The cast that decides the element's dtype, when it is to strings, objects or
        Python lists."""
        if depth > 8:
            return None
        expr, site = self.follow(expr, site)
        if isinstance(expr, cst.Call):
            func = expr.func
            if isinstance(func, cst.Name) and func.value == "str":
                return Cast(expr, "`str(...)` makes a Python string", "str")
            name = dotted(func) or ""
            if isinstance(func, cst.Attribute):
                attr = func.attr.value
                if attr == "astype" and expr.args:
                    dtype = expr.args[0].value
                    if _stringy_dtype(dtype):
                        kind = _dtype_kind(dtype)
                        return Cast(expr, f"`.astype({self.facts.code(dtype)})` makes {_a(kind)} array", kind)
                    return None
                if attr == "tolist":
                    return Cast(expr, "`.tolist()` turns the array into nested Python lists", "lists")
                if attr in ("reshape", "copy", "squeeze", "flatten", "ravel") :
                    return self.suspicious_cast(func.value, site, depth + 1)
            head, _, rest = name.partition(".")
            if head in NUMPY_NAMES and rest in ("array", "asarray"):
                for arg in expr.args:
                    if arg.keyword is not None and arg.keyword.value == "dtype":
                        if _stringy_dtype(arg.value):
                            kind = _dtype_kind(arg.value)
                            return Cast(arg, f"`dtype={self.facts.code(arg.value)}` makes {_a(kind)} array", kind)
                        return None
                if expr.args and expr.args[0].keyword is None:
                    arg = expr.args[0].value
                    if self.list_of_strings(arg, site):
                        return Cast(expr, f"`{name}(...)` of a list of Python strings makes a string array", "string", whole=True)
                    return self.suspicious_cast(arg, site, depth + 1)
            return self._helper_cast(expr, site, depth)
        if isinstance(expr, cst.Subscript):
            return self.suspicious_cast(expr.value, site, depth + 1)
        return None

    def _helper_cast(self, call: cst.Call, site: Site, depth: int) -> Optional["Cast"]:
        """A project helper function every ``return`` of which casts (the same way)."""
        target = self.project.callee(self.facts, call.func, self.fn.scope, site.pos, site.blocks)
        if not target or target[0] != "function":
            return None
        helper: FunctionFacts = target[1]
        owner = self.project.modules.get(helper.path)
        if helper is self.fn or helper.is_generator or helper.node.decorators or not helper.returns or owner is None:
            return None
        inner = Body(self.project, owner, helper)
        casts = []
        for r in helper.returns:
            value = r.node.value  # type: ignore[attr-defined]
            hit = inner.suspicious_cast(value, r, depth + 1) if value is not None else None
            if hit is None:
                return None
            casts.append(hit)
        if len({c.kind for c in casts}) != 1:
            return None
        first = casts[0]
        where = f"line {owner.start(first.node)[0]}" if owner is self.facts else f"{owner.path}:{owner.start(first.node)[0]}"
        return Cast(call, f"`{helper.name}(...)` returns a cast value ({first.what}, {where})", first.kind, whole=True)

    def list_of_strings(self, expr: cst.BaseExpression, site: Site) -> bool:
        """A Python list of strings provably: a comprehension or display of ``str(...)``,
        f-strings and string literals, or a name bound to ``[]`` whose every
        ``.append(...)`` in the function adds one (at least one does)."""
        if isinstance(expr, cst.Name):
            binds = self.fn.scope.bindings.get(expr.value, [])
            if binds and all(
                b.kind == "assign" and isinstance(b.value, cst.List) and not b.value.elements for b in binds
            ):
                return self.appended_strings(expr.value)
        expr, site = self.follow(expr, site)
        if isinstance(expr, cst.ListComp):
            return _stringy(expr.elt)
        if isinstance(expr, cst.List) and expr.elements:
            return all(not isinstance(e, cst.StarredElement) and _stringy(e.value) for e in expr.elements)
        return False

    def appended_strings(self, name: str) -> bool:
        appends = [
            c.node for c in self.fn.calls
            if isinstance(c.node.func, cst.Attribute)
            and c.node.func.attr.value in ("append", "extend", "insert")
            and isinstance(c.node.func.value, cst.Name)
            and c.node.func.value.value == name
        ]
        if not appends:
            return False
        for call in appends:
            func = call.func
            if func.attr.value != "append" or len(call.args) != 1 or not _stringy(call.args[0].value):  # type: ignore[attr-defined]
                return False
        return True

    # slices ------------------------------------------------------------------------
    def slice_of(self, expr: cst.BaseExpression, site: Site, depth: int = 0):
        """(subscript node, lower poly, length poly) when the element is a slice along
        the first axis with a known length; else None."""
        if depth > 8:
            return None
        expr, site = self.follow(expr, site)
        if isinstance(expr, cst.Call):
            func = expr.func
            if isinstance(func, cst.Attribute) and func.attr.value in ("astype", "copy"):
                return self.slice_of(func.value, site, depth + 1)
            name = dotted(func) or ""
            head, _, rest = name.partition(".")
            if head in NUMPY_NAMES and rest in ("array", "asarray") and expr.args and expr.args[0].keyword is None:
                return self.slice_of(expr.args[0].value, site, depth + 1)
            return None
        if isinstance(expr, cst.BinaryOperation) and isinstance(
            expr.operator, (cst.Divide, cst.Multiply, cst.Add, cst.Subtract)
        ):
            if isinstance(expr.right, (cst.Integer, cst.Float)):
                return self.slice_of(expr.left, site, depth + 1)
            if isinstance(expr.left, (cst.Integer, cst.Float)):
                return self.slice_of(expr.right, site, depth + 1)
            return None
        if not isinstance(expr, cst.Subscript) or not expr.slice:
            return None
        first = expr.slice[0].slice
        if not isinstance(first, cst.Slice):
            return None
        if first.step is not None and not (isinstance(first.step, cst.Integer) and first.step.evaluated_value == 1):
            return None
        if first.upper is None:
            return None
        sub = self.single_assignment
        lower = linear.normalise(first.lower, sub) if first.lower is not None else {}
        upper = linear.normalise(first.upper, sub)
        for bound in (lower, upper):
            if linear.is_constant(bound) and linear.constant_of(bound) < 0:
                return None  # counts from the end
        return expr, lower, linear.add(upper, lower, -1)


def _stringy(node: cst.BaseExpression) -> bool:
    """A Python string provably: ``str(...)``, an f-string or a string literal."""
    if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        return True
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "str"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _stringy_dtype(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.SimpleString):
        v = node.evaluated_value
        if isinstance(v, bytes):
            v = v.decode("latin-1")
        v = v.lstrip("<>|=")
        return v in ("str", "object", "O", "unicode", "bytes") or v[:1] in ("U", "S") and (v[1:].isdigit() or v[1:] == "")
    name = dotted(node)
    return name in STRING_DTYPES


def _dtype_kind(node: cst.BaseExpression) -> str:
    text = dotted(node) or (node.evaluated_value if isinstance(node, cst.SimpleString) else "")  # type: ignore[union-attr]
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    return "object" if "object" in text or text.lstrip("<>|=") == "O" else "string"


def bodies(project: AnalysisProject, facts: ModuleFacts) -> Iterator[Body]:
    """Every generator function of the module, and every ``__getitem__`` of a Keras
    ``Sequence``/``PyDataset`` subclass."""
    for fn in facts.functions:
        if fn.is_generator:
            yield Body(project, facts, fn)
    for cls in facts.classes:
        getitem = cls.methods.get("__getitem__")
        if getitem is not None and not getitem.is_generator and project.is_dataset_class(cls):
            yield Body(project, facts, getitem, dataset=True)


def yields_tuples(body: Body) -> bool:
    """A data generator: it yields at least one tuple (or list, for a dataset) of 2+ elements."""
    for p in body.produced():
        shape = body.shape(p.value, p.site)
        if shape and shape[0] in ("tuple", "list") and shape[1] >= 2:
            return True
    return False


def links_of(body: Body):
    if body.dataset:
        return body.project.links_to_class(body.fn.cls)  # type: ignore[arg-type]
    return body.project.links_to_function(body.fn)


def is_data_generator(body: Body) -> bool:
    return body.dataset or yields_tuples(body) or bool(links_of(body))


def imports_keras(facts: ModuleFacts) -> bool:
    """The module imports keras, tensorflow or tf_keras (anywhere in it)."""
    return bool(facts.imported & KERAS_PACKAGES)


def yields_batch_pair(body: Body) -> bool:
    """It yields (or returns) an ``(x, y)``-shaped batch: a 2- or 3-tuple whose every
    element is an array or a slice along the first axis (``X[i:i + n]``)."""
    for p in body.produced():
        v = body.value(p.value, p.site)
        if v.kind != "tuple" or v.elements is None or not 2 <= len(v.elements) <= 3:
            continue
        if all(body.array_like(e, s) for e, s in v.elements):
            return True
    return False


def feeds_batches(body: Body) -> bool:
    """For the rules whose pattern is suspicious anywhere (a batch cast to strings, x
    and y sliced to different lengths from one index): a Keras data generator, or any
    generator that yields an ``(x, y)``-shaped batch of arrays, Keras import or not."""
    return is_keras_data_generator(body) or yields_batch_pair(body)


def is_keras_data_generator(body: Body) -> bool:
    """A data generator that provably feeds Keras: a dataset's ``__getitem__``, a
    generator linked to a training call, or one that yields tuples in a module that
    imports keras/tensorflow/tf_keras.  A tuple-yielding generator of a module with no
    Keras in sight (a pandas/AnnData loader) may feed anything."""
    if body.dataset or links_of(body):
        return True
    return imports_keras(body.facts) and yields_tuples(body)


__all__ = [
    "Body", "Cast", "Produced", "trailer_start", "bodies", "yields_tuples", "links_of", "is_data_generator",
    "is_keras_data_generator", "imports_keras", "ClassFacts", "yields_batch_pair", "feeds_batches",
]


FINITE_CALLS = frozenset({"range", "list", "tuple", "set", "dict", "sorted", "len"})
FINITE_WRAPPERS = frozenset({"enumerate", "reversed"})
FINITE_DOTTED = frozenset({"os.listdir", "glob.glob", "np.arange", "numpy.arange", "np.array_split", "numpy.array_split"})
FINITE_METHODS = frozenset({"items", "keys", "values", "split", "splitlines", "readlines"})


def _finite_iterable(body: Body, expr: cst.BaseExpression, site: Site, depth: int = 0) -> bool:
    if depth > 6:
        return False
    expr, site = body.follow(expr, site)
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set, cst.Dict, cst.ListComp, cst.SetComp, cst.DictComp)):
        return True
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        return True
    if isinstance(expr, cst.Subscript) and any(isinstance(e.slice, cst.Slice) for e in expr.slice):
        return True
    if isinstance(expr, cst.Call):
        func = expr.func
        name = dotted(func) or ""
        if isinstance(func, cst.Name):
            b = body.project.lookup(func.value, body.fn.scope, site.pos, site.blocks)
            from migrate_fitgen.analyze.project import UNBOUND

            if b is not UNBOUND:
                return False
            if name in FINITE_CALLS:
                return True
            if name in FINITE_WRAPPERS and expr.args:
                return _finite_iterable(body, expr.args[0].value, site, depth + 1)
            if name == "zip":
                return any(_finite_iterable(body, a.value, site, depth + 1) for a in expr.args if not a.star)
            return False
        if name in FINITE_DOTTED:
            return True
        if isinstance(func, cst.Attribute) and func.attr.value in FINITE_METHODS:
            return True
    return False


def is_finite(body: Body) -> bool:
    """Provably finite: no ``while`` loop, no ``yield from``, and every ``for`` loop runs
    over something finite (``range``, a display, a list...)."""
    fn = body.fn
    if not fn.is_generator or fn.has_yield_from:
        return False
    for loop in fn.loops:
        if isinstance(loop.node, cst.While):
            return False
        site = Site(loop.node, body.facts.start(loop.node), loop.blocks, ())
        if not _finite_iterable(body, loop.node.iter, site):  # type: ignore[union-attr]
            return False
    return True


def _path_to(root: cst.CSTNode, target: cst.CSTNode) -> Optional[List[cst.CSTNode]]:
    """Ancestors of ``target`` inside ``root`` (root first), or None."""
    stack: List[Tuple[cst.CSTNode, List[cst.CSTNode]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        for child in node.children:
            stack.append((child, [*path, node]))
    return None


def separating_if(body: Body, a: cst.CSTNode, b: cst.CSTNode) -> Optional[cst.If]:
    """The ``if`` whose branches hold ``a`` and ``b`` apart (they never both run in one
    pass), or None when they may both run."""
    pa = _path_to(body.fn.node, a)
    pb = _path_to(body.fn.node, b)
    if pa is None or pb is None:
        return None
    common = 0
    while common < min(len(pa), len(pb)) and pa[common] is pb[common]:
        common += 1
    if common == 0:
        return None
    node = pa[common - 1]
    if isinstance(node, cst.If) and common < len(pa) and common < len(pb):
        return node
    if isinstance(node, cst.Else):  # elif chains: the `if` that owns the else
        for anc in reversed(pa[: common - 1]):
            if isinstance(anc, cst.If):
                return anc
    return None


def deciding_tests(body: Body, a: cst.CSTNode, b: cst.CSTNode) -> Optional[List[cst.BaseExpression]]:
    """The ``if`` tests that choose between ``a`` and ``b`` when they never both run in
    one pass, or None when they may both run.  Two ``return``s of ``__getitem__`` never
    both run: the tests of the ``if``s around only one of them decide."""
    if body.dataset:
        pa = _path_to(body.fn.node, a) or []
        pb = _path_to(body.fn.node, b) or []
        ids_a = {id(n) for n in pa}
        ids_b = {id(n) for n in pb}
        tests = [n.test for n in pa if isinstance(n, cst.If) and id(n) not in ids_b]
        tests += [n.test for n in pb if isinstance(n, cst.If) and id(n) not in ids_a]
        return tests
    branch = separating_if(body, a, b)
    return None if branch is None else [branch.test]


def varies_per_batch(body: Body, test: cst.BaseExpression) -> bool:
    """Whether an ``if`` test can change from one batch to the next: it reads a loop
    variable or a name assigned inside a loop (or, in ``__getitem__``, the index)."""
    names = {n.value for n in _walk_names(test)}
    if body.dataset:
        params = body.fn.node.params.params
        if len(params) >= 2 and params[1].name.value in names:
            return True
    loops = [body.facts.positions[loop.node] for loop in body.fn.loops]
    for name in names:
        for b in body.fn.scope.bindings.get(name, []):
            if b.kind == "param":
                continue
            for r in loops:
                if (r.start.line, r.start.column) <= b.pos <= (r.end.line, r.end.column):
                    return True
    return False


def _walk_names(node: cst.CSTNode):
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            yield n
        if isinstance(n, cst.Attribute):
            stack.append(n.value)  # self.flag: only `self`
            continue
        stack.extend(n.children)


def is_contextmanager(fn: FunctionFacts) -> bool:
    for d in fn.node.decorators:
        name = dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or ""
        if name.split(".")[-1] in ("contextmanager", "asynccontextmanager", "fixture"):
            return True
    return False
