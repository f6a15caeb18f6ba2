"""A small abstract interpretation of the value a ``yield`` (or ``__getitem__``'s
``return``) produces: is it a tuple, a list, a dict, an array, something else, or
unknown?

It follows displays (``(x, y)``, ``[x, y]``, ``{...}``), comprehensions, the builtins
(``list(...)``, ``tuple(...)``, ``map(...)``, ``zip(...)``...), NumPy constructors and
array methods, the library functions of ``migrate_fitgen.return_kinds`` (each with its
documented return), the names the function assigns (the straight-line binding that
reaches the use, or every binding of a local name when they all agree), local helper
functions whose ``return`` statements all agree, conditional expressions whose two
branches agree, and starred repacking of a value of known length.

Anything else is ``UNKNOWN``, and the rules never report on an unknown value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

import libcst as cst

from migrate_fitgen import return_kinds
from migrate_fitgen.analyze.facts import Binding, FunctionFacts, ModuleFacts, Site, dotted

NUMPY_NAMES = frozenset({"np", "numpy", "jnp"})
ARRAY_CONSTRUCTORS = frozenset(
    {
        "array", "asarray", "zeros", "ones", "empty", "full", "stack", "vstack", "hstack",
        "concatenate", "arange", "zeros_like", "ones_like", "empty_like", "full_like",
        "expand_dims", "squeeze", "reshape", "take",
    }
)
#: methods whose result is an array-like, never a tuple
ARRAY_METHODS = frozenset({"astype", "reshape", "copy", "squeeze", "flatten", "ravel", "to_numpy", "numpy"})

#: builtins (when not rebound) and the kind of their result
BUILTIN_KINDS = {
    "list": "list", "sorted": "list", "dict": "dict", "set": "other", "frozenset": "other",
    "map": "iterator", "zip": "iterator", "filter": "iterator", "iter": "iterator",
    "reversed": "iterator", "enumerate": "iterator", "range": "other",
    "str": "scalar", "repr": "scalar", "format": "scalar", "int": "scalar", "float": "scalar",
    "bool": "scalar", "len": "scalar", "abs": "scalar", "round": "scalar",
}

MAX_DEPTH = 10


@dataclass(frozen=True, eq=False)
class Value:
    """The abstract value of an expression.

    ``kind``: tuple | list | dict | array | iterator | scalar | other | unknown.
    ``length``: the number of elements of a tuple/list when known, else -1.
    ``elements``: the element expressions (with where they sit) when the tuple/list is
    a display reached through names, for the rules that look at each element.
    ``why``: how the kind is known, when it is not a display (for messages).
    """

    kind: str
    length: int = -1
    elements: Optional[Tuple[Tuple[cst.BaseExpression, Site], ...]] = None
    why: str = ""

    @property
    def known(self) -> bool:
        return self.kind != "unknown"

    @property
    def not_tuple(self) -> bool:
        return self.kind not in ("tuple", "unknown")


UNKNOWN = Value("unknown")


@dataclass(eq=False)
class Frame:
    """Where an expression is read: a module, and the function whose names it uses."""

    project: object  # AnalysisProject
    facts: ModuleFacts
    fn: FunctionFacts


def same(a: Value, b: Value) -> bool:
    return a.kind == b.kind and a.length == b.length


def join(values) -> Value:
    """The value every one of ``values`` agrees on, else UNKNOWN."""
    values = list(values)
    if not values or any(not v.known for v in values):
        return UNKNOWN
    first = values[0]
    if all(same(v, first) for v in values[1:]):
        return Value(first.kind, first.length, first.elements if len(values) == 1 else None, first.why)
    if all(v.kind == first.kind for v in values[1:]):
        return Value(first.kind, -1, None, first.why)  # one kind, lengths that differ
    return UNKNOWN


class Interpreter:
    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self._active: set = set()  # helper functions being interpreted (recursion)
        self._names: set = set()  # names whose every binding is being joined
        self._memo: dict = {}

    # entry ------------------------------------------------------------------
    def value(self, expr: cst.BaseExpression, site: Site, depth: int = 0) -> Value:
        if depth > MAX_DEPTH:
            return UNKNOWN
        key = (id(expr), site.pos, site.blocks)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._value(expr, site, depth)
        return hit

    def _value(self, expr: cst.BaseExpression, site: Site, depth: int) -> Value:
        if isinstance(expr, cst.Tuple):
            return self._sequence("tuple", expr.elements, site, depth)
        if isinstance(expr, cst.List):
            return self._sequence("list", expr.elements, site, depth)
        if isinstance(expr, (cst.Dict, cst.DictComp)):
            return Value("dict")
        if isinstance(expr, cst.ListComp):
            return Value("list", why="a list comprehension")
        if isinstance(expr, (cst.Set, cst.SetComp)):
            return Value("other", why="a set")
        if isinstance(expr, cst.GeneratorExp):
            return Value("iterator", why="a generator expression")
        if isinstance(expr, (cst.Integer, cst.Float, cst.Imaginary)):
            return Value("scalar", why="a number")
        if isinstance(expr, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
            return Value("scalar", why="a string")
        if isinstance(expr, cst.Name):
            return self._name(expr, site, depth)
        if isinstance(expr, cst.IfExp):
            return join([self.value(expr.body, site, depth + 1), self.value(expr.orelse, site, depth + 1)])
        if isinstance(expr, cst.Call):
            return self._call(expr, site, depth)
        if isinstance(expr, cst.Subscript):
            base = self.value(expr.value, site, depth + 1)
            if base.kind == "array":
                return Value("array", why=base.why)
            return UNKNOWN
        if isinstance(expr, cst.BinaryOperation):
            return self._binary(expr, site, depth)
        return UNKNOWN

    # displays -----------------------------------------------------------------
    def _sequence(self, kind: str, elements, site: Site, depth: int) -> Value:
        out = []
        for el in elements:
            if isinstance(el, cst.StarredElement):
                inner = self.value(el.value, site, depth + 1)
                if inner.kind in ("tuple", "list") and inner.elements is not None:
                    out.extend(inner.elements)
                    continue
                return Value(kind, -1)
            out.append((el.value, site))
        return Value(kind, len(out), tuple(out))

    # names --------------------------------------------------------------------
    def _name(self, expr: cst.Name, site: Site, depth: int) -> Value:
        f = self.frame
        project = f.project
        b = project.lookup(expr.value, f.fn.scope, site.pos, site.blocks)  # type: ignore[attr-defined]
        if isinstance(b, Binding):
            if b.scope is not f.fn.scope or b.kind != "assign" or b.value is None:
                return UNKNOWN
            return self.value(b.value, _site_of(f.facts, b, site), depth + 1)
        if b is None:
            # several bindings may reach the use: every binding of the local name agrees
            binds = f.fn.scope.bindings.get(expr.value, [])
            if not binds or expr.value in f.fn.scope.globals or expr.value in self._names:
                return UNKNOWN
            if len(binds) > 8 or any(x.kind != "assign" or x.value is None for x in binds):
                return UNKNOWN
            self._names.add(expr.value)
            try:
                return join([self.value(x.value, _site_of(f.facts, x, site), depth + 1) for x in binds])
            finally:
                self._names.discard(expr.value)
        if expr.value == "None":
            return Value("other", why="None")
        return UNKNOWN

    # calls --------------------------------------------------------------------
    def _call(self, call: cst.Call, site: Site, depth: int) -> Value:
        f = self.frame
        project = f.project
        func = call.func
        scope = f.fn.scope
        if isinstance(func, cst.Name):
            b = project.lookup(func.value, scope, site.pos, site.blocks)  # type: ignore[attr-defined]
            from migrate_fitgen.analyze.project import UNBOUND

            if b is UNBOUND:
                return self._builtin(func.value, call, site, depth)
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr in ARRAY_METHODS:
                return Value("array", why=f"`.{attr}(...)` gives an array")
            if attr == "tolist":
                return Value("list", why="`.tolist()` gives a list")
        name = dotted(func) or ""
        head, _, rest = name.partition(".")
        qualified = project.qualified(f.facts, func, scope, site.pos, site.blocks)  # type: ignore[attr-defined]
        if qualified is None and head in NUMPY_NAMES and rest:
            qualified = f"numpy.{rest}"  # `np` used without a visible import
        if qualified:
            q_head, _, q_rest = qualified.partition(".")
            if q_head in ("numpy", "jax") and (
                q_rest in ARRAY_CONSTRUCTORS or q_rest.startswith("random.") and q_rest != "random.shuffle"
                or q_rest.startswith("numpy.") and q_rest[6:] in ARRAY_CONSTRUCTORS
            ):
                return Value("array", why=f"`{name}(...)` gives an array")
            entry = return_kinds.lookup(qualified)
            if entry is not None:
                return _table_value(entry, call, name)
        target = project.callee(f.facts, func, scope, site.pos, site.blocks)  # type: ignore[attr-defined]
        if target and target[0] == "function":
            return self._helper(target[1], depth)
        return UNKNOWN

    def _builtin(self, name: str, call: cst.Call, site: Site, depth: int) -> Value:
        if name == "tuple":
            if len(call.args) == 1 and not call.args[0].star and call.args[0].keyword is None:
                inner = self.value(call.args[0].value, site, depth + 1)
                if inner.kind in ("tuple", "list") and inner.length >= 0:
                    return Value("tuple", inner.length, inner.elements)
            return Value("tuple")
        kind = BUILTIN_KINDS.get(name)
        if kind is None:
            return UNKNOWN
        return Value(kind, why=f"`{name}(...)` gives {_article(kind)}")

    def _helper(self, fn: FunctionFacts, depth: int) -> Value:
        """A project function's result: what all its ``return``s agree on, when it is a
        plain function (not a generator, not decorated) that cannot fall off its end."""
        if fn.is_generator:
            return Value("iterator", why=f"`{fn.name}(...)` gives a generator object")
        if fn.node.decorators or fn in self._active or not fn.returns or not _ends_in_return(fn.node.body):
            return UNKNOWN
        owner = self.frame.project.modules.get(fn.path)  # type: ignore[attr-defined]
        if owner is None:
            return UNKNOWN
        sub = Interpreter(Frame(self.frame.project, owner, fn))
        sub._active = self._active | {fn}
        values = []
        for r in fn.returns:
            value = r.node.value  # type: ignore[attr-defined]
            if value is None:
                return UNKNOWN
            values.append(sub.value(value, r, depth + 1))
        out = join(values)
        if not out.known:
            return UNKNOWN
        why = f"`{fn.name}(...)` returns {_article(out.kind)}"
        return Value(out.kind, out.length, None, why)

    # operators ------------------------------------------------------------------
    def _binary(self, expr: cst.BinaryOperation, site: Site, depth: int) -> Value:
        left = self.value(expr.left, site, depth + 1)
        right = self.value(expr.right, site, depth + 1)
        if isinstance(expr.operator, cst.Add) and left.kind == right.kind and left.kind in ("tuple", "list"):
            if left.elements is not None and right.elements is not None:
                return Value(left.kind, left.length + right.length, left.elements + right.elements)
            return Value(left.kind)
        if isinstance(expr.operator, cst.MatrixMultiply):
            return UNKNOWN
        if "array" in (left.kind, right.kind) and all(v.kind in ("array", "scalar") for v in (left, right)):
            return Value("array", why=left.why or right.why)
        return UNKNOWN


def _site_of(facts: ModuleFacts, b: Binding, use: Site) -> Site:
    assert b.value is not None
    return Site(b.value, facts.start(b.value), b.blocks, use.loops)


def _ends_in_return(body: cst.BaseSuite) -> bool:
    """Every path through the block ends in ``return``/``raise``: it cannot fall off
    its end and return None."""
    stmts = list(body.body) if isinstance(body, cst.IndentedBlock) else list(body.body)
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(s, (cst.Return, cst.Raise)) for s in last.body)
    if isinstance(last, cst.If):
        if last.orelse is None:
            return False
        other = last.orelse
        if isinstance(other, cst.If):
            return _ends_in_return(last.body) and _ends_in_return(cst.IndentedBlock(body=[other]))
        return _ends_in_return(last.body) and _ends_in_return(other.body)
    if isinstance(last, cst.While) and isinstance(last.test, cst.Name) and last.test.value == "True":
        return True
    return False


def _table_value(entry: "return_kinds.ReturnKind", call: cst.Call, name: str) -> Value:
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in positional):
        n = -1
    else:
        n = len(positional)
    kind = entry.kind
    if entry.one_arg is not None:
        if n == 1:
            kind = entry.one_arg
        elif n < 2:
            return UNKNOWN
    length = -1
    if kind in ("list", "tuple") and n >= 0:
        if entry.length == "args":
            length = n
        elif entry.length == "2*args":
            length = 2 * n
    why = f"`{name}(...)` returns {_article(kind)}, as documented at {entry.url}"
    return Value(kind, length, None, why)


def _article(kind: str) -> str:
    return {
        "list": "a list", "tuple": "a tuple", "dict": "a dict", "array": "an array",
        "iterator": "an iterator", "scalar": "a scalar", "other": "a value that is not a tuple",
    }.get(kind, kind)


__all__ = ["Value", "UNKNOWN", "Frame", "Interpreter", "join", "same"]
