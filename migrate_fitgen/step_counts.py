"""Step counts that are provably floats, which Keras 3 rejects.

Keras 2 counted generator steps with ``while steps_done < steps_per_epoch``, so a float
ran ``ceil(value)`` steps; Keras 3 raises ``TypeError: 'float' object cannot be
interpreted as an integer`` (numpy floats included).  ``math.ceil(value)`` is the exact
Keras 2 count.  Only values the code proves to be floats are reported and fixed:

* a true division ``a / b`` (Python 3 semantics), a float literal, ``float(x)``
  (the builtin, not of a string: ``float("inf")`` has no ceiling);
* a numpy float type (``np.float32(x)``) or a numpy rounding function (``np.ceil``,
  ``np.floor``, ``np.round``, ``np.around``, ``np.rint``, ``np.trunc``, ``np.fix``) of a
  provable float (newer numpy keeps an integer argument an integer);
* ``round(x, n)`` with a literal ``n`` and a provable float ``x`` (``round(x)`` is an int);
* ``+``, ``-``, ``*``, ``//`` with a provable float operand; ``-x``, ``+x``;
  ``a if c else b`` with both branches provable floats;
* a name whose every binding in the scope it resolves to is a plain ``name = value``
  with such a value (no augmented assignment, loop target, parameter, import...).

``int(...)``, ``math.ceil(...)``, ``len(...)`` and everything else are left alone.
"""

from __future__ import annotations

import math
from typing import Dict, List, Optional, Set

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider
from libcst.metadata.scope_provider import Assignment, BuiltinAssignment, ImportAssignment

from migrate_fitgen.cst_walk import walk
from migrate_fitgen.diagnostics import Edit
from migrate_fitgen.keras_receivers import dotted

#: numpy functions that keep a float a float and round it (an int argument stays an int
#: on newer numpy, a float64 on older)
NUMPY_ROUNDING = frozenset({"ceil", "floor", "round", "around", "rint", "trunc", "fix"})
#: numpy scalar float types: calling one makes a numpy float
NUMPY_FLOAT_TYPES = frozenset(
    {"float16", "float32", "float64", "float96", "float128", "float_", "half", "single",
     "double", "longdouble"}
)
_MAX_DEPTH = 8


def _callee_names(func: cst.BaseExpression) -> Optional[str]:
    """The last part of a callee's dotted name (cheap test before scope resolution)."""
    name = dotted(func)
    return name.split(".")[-1] if name else None


class _NameValues(cst.CSTVisitor):
    """Each name target of a plain ``name = value`` / ``name: T = value`` -> the value."""

    def __init__(self) -> None:
        super().__init__()
        self.values: Dict[cst.Name, cst.BaseExpression] = {}
        self.by_name: Dict[str, List[cst.BaseExpression]] = {}  # in any scope

    def _add(self, target: cst.Name, value: cst.BaseExpression) -> None:
        self.values[target] = value
        self.by_name.setdefault(target.value, []).append(value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._add(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self._add(node.target, node.value)


class StepCounts:
    """Answers, for expressions of one module, whether they are provably floats.
    Scope analysis runs only when a name or a candidate call needs it."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self.wrapper = wrapper
        self._scopes = None
        self._names: Optional[_NameValues] = None
        self._math_free: Optional[bool] = None

    # scopes ---------------------------------------------------------------
    @property
    def scopes(self):
        if self._scopes is None:
            self._scopes = self.wrapper.resolve(ScopeProvider)
        return self._scopes

    @property
    def names(self) -> _NameValues:
        if self._names is None:
            self._names = _NameValues()
            walk(self._names, self.wrapper.module)  # libcst's visit, without rebuilding
        return self._names

    def _qualified(self, node: cst.BaseExpression) -> Set[str]:
        scope = self.scopes.get(node)
        if scope is None:
            return set()
        return {q.name for q in scope.get_qualified_names_for(node)}

    def _is_builtin(self, name: cst.Name) -> bool:
        referents = self._referents(name)
        return bool(referents) and all(isinstance(a, BuiltinAssignment) for a in referents)

    def _is_numpy(self, func: cst.BaseExpression, names: frozenset) -> bool:
        return any(
            q.startswith("numpy.") and q.split(".")[-1] in names and q.count(".") == 1
            for q in self._qualified(func)
        )

    def _referents(self, name: cst.Name):
        scope = self.scopes.get(name)
        if scope is None:
            return set()
        out = set()
        for access in scope.accesses[name]:
            if access.node is name:
                out |= set(access.referents)
        return out

    # the question ---------------------------------------------------------
    def float_reason(self, expr: cst.BaseExpression) -> Optional[str]:
        """Why ``expr`` is provably a float (a short phrase), or None.  A syntactic test
        runs first, so that scope analysis (most of the cost) runs only for values that
        may be floats."""
        if not self._maybe(expr, 0, frozenset()):
            return None
        return self._reason(expr, 0, set())

    def _maybe(self, expr: cst.BaseExpression, depth: int, seen: frozenset) -> bool:
        """Could ``expr`` be proven a float?  The proof's shape without scopes: a name
        may be a float if any ``name = value`` of the module may be one."""
        if depth > _MAX_DEPTH:
            return False
        if isinstance(expr, cst.Float):
            return True
        if isinstance(expr, cst.BinaryOperation):
            if isinstance(expr.operator, cst.Divide):
                return True
            if isinstance(expr.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide)):
                return self._maybe(expr.left, depth + 1, seen) or self._maybe(expr.right, depth + 1, seen)
            return False
        if isinstance(expr, cst.UnaryOperation):
            return self._maybe(expr.expression, depth + 1, seen)
        if isinstance(expr, cst.IfExp):
            return self._maybe(expr.body, depth + 1, seen) and self._maybe(expr.orelse, depth + 1, seen)
        if isinstance(expr, cst.Call):
            last = _callee_names(expr.func)
            return last in ("float", "round") or last in NUMPY_FLOAT_TYPES or last in NUMPY_ROUNDING
        if isinstance(expr, cst.Name) and expr.value not in seen:
            return any(
                self._maybe(v, depth + 1, seen | {expr.value})
                for v in self.names.by_name.get(expr.value, ())
            )
        return False

    def _reason(self, expr: cst.BaseExpression, depth: int, seen: Set[cst.Name]) -> Optional[str]:
        if depth > _MAX_DEPTH:
            return None
        if isinstance(expr, cst.Float):
            return "a float literal"
        if isinstance(expr, cst.BinaryOperation):
            if isinstance(expr.operator, cst.Divide):
                return "a true division"
            if isinstance(expr.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide)):
                for side in (expr.left, expr.right):
                    inner = self._reason(side, depth + 1, seen)
                    if inner is not None:
                        return inner
            return None
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
            return self._reason(expr.expression, depth + 1, seen)
        if isinstance(expr, cst.IfExp):
            body = self._reason(expr.body, depth + 1, seen)
            orelse = self._reason(expr.orelse, depth + 1, seen)
            return body if body is not None and orelse is not None else None
        if isinstance(expr, cst.Call):
            return self._call_reason(expr, depth, seen)
        if isinstance(expr, cst.Name):
            return self._name_reason(expr, depth, seen)
        return None

    def _call_reason(self, call: cst.Call, depth: int, seen: Set[cst.Name]) -> Optional[str]:
        last = _callee_names(call.func)
        if last is None or any(a.star for a in call.args):
            return None
        positional = [a.value for a in call.args if a.keyword is None]
        if last == "float" and isinstance(call.func, cst.Name) and len(call.args) <= 1:
            if positional and isinstance(positional[0], (cst.SimpleString, cst.ConcatenatedString,
                                                         cst.FormattedString)):
                return None  # float("inf") has no ceiling
            if len(positional) != len(call.args) or not self._is_builtin(call.func):
                return None
            return "`float(...)`"
        if last == "round" and isinstance(call.func, cst.Name) and len(positional) == 2 == len(call.args):
            digits = positional[1]
            if isinstance(digits, cst.UnaryOperation):
                digits = digits.expression
            if not isinstance(digits, cst.Integer) or not self._is_builtin(call.func):
                return None
            inner = self._reason(positional[0], depth + 1, seen)
            return f"`round(..., {cst.Module(body=[]).code_for_node(positional[1])})` of {inner}" if inner else None
        if last in NUMPY_FLOAT_TYPES and self._is_numpy(call.func, NUMPY_FLOAT_TYPES):
            return f"`{dotted(call.func)}(...)`"
        if last in NUMPY_ROUNDING and positional and self._is_numpy(call.func, NUMPY_ROUNDING):
            inner = self._reason(positional[0], depth + 1, seen)
            return f"`{dotted(call.func)}(...)` of {inner}" if inner else None
        return None

    def _name_reason(self, name: cst.Name, depth: int, seen: Set[cst.Name]) -> Optional[str]:
        if name in seen:
            return None
        referents = self._referents(name)
        homes = {a.scope for a in referents}
        if len(homes) != 1:
            return None
        (home,) = homes
        bindings = home.assignments[name.value]
        if not bindings:
            return None
        reason = None
        for b in bindings:
            if not isinstance(b, Assignment) or isinstance(b, ImportAssignment):
                return None
            target = b.node
            value = self.names.values.get(target) if isinstance(target, cst.Name) else None
            if value is None:
                return None
            reason = self._reason(value, depth + 1, seen | {name})
            if reason is None:
                return None
        if len(bindings) == 1:
            return f"`{name.value}`, assigned {reason}"
        return f"`{name.value}`, assigned only floats"

    # the fix --------------------------------------------------------------
    def replacement(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        """The exact Keras 2 step count of a provable float ``expr``: ``math.ceil(expr)``;
        a float literal becomes its ceiling (``2.5`` -> ``3``), and numpy's ceiling of x
        becomes ``math.ceil(x)`` (the same integer)."""
        if isinstance(expr, cst.Float):
            number = float(expr.evaluated_value)
            if math.isfinite(number) and abs(number) < 1e12:
                return cst.Integer(str(math.ceil(number)), lpar=expr.lpar, rpar=expr.rpar)
        if (
            isinstance(expr, cst.Call)
            and len(expr.args) == 1
            and expr.args[0].keyword is None
            and not expr.args[0].star
            and _callee_names(expr.func) == "ceil"
            and self._is_numpy(expr.func, NUMPY_ROUNDING)
        ):
            return ceil_call(expr.args[0].value)
        return ceil_call(expr)

    def math_is_free(self) -> bool:
        """``math`` means the math module wherever it is bound in this file (or nowhere)."""
        if self._math_free is None:
            free = True
            for scope in set(self.scopes.values()):
                if scope is None:
                    continue
                for b in scope.assignments["math"]:
                    node = getattr(b, "node", None)
                    if not (isinstance(b, ImportAssignment) and isinstance(node, cst.Import)
                            and any(dotted(a.name) == "math" and (
                                a.asname is None or (isinstance(a.asname.name, cst.Name)
                                                     and a.asname.name.value == "math"))
                                    for a in node.names)):
                        free = False
            self._math_free = free
        return self._math_free

    def has_math_import(self) -> bool:
        """A top-level ``import math`` (no alias)."""
        return _top_level_math_import(self.wrapper.module) is not None

    @staticmethod
    def value_edit(r, code: str) -> Edit:
        """An edit replacing the code range ``r`` (0-based columns) with ``code``."""
        return Edit(r.start.line, r.start.column + 1, r.end.line, r.end.column + 1, code)

    def import_edit(self) -> Optional[Edit]:
        """An edit adding ``import math`` (None when the module has it at the top level):
        on the line after the last top-level import, else before the first statement
        after the docstring."""
        module = self.wrapper.module
        if _top_level_math_import(module) is not None:
            return None
        positions = self.wrapper.resolve(PositionProvider)
        body = list(module.body)
        last_import = None
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine) and any(
                isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
            ):
                last_import = stmt
        if last_import is not None:
            line = positions[last_import].end.line + 1
            return Edit(line, 1, line, 1, "import math\n")
        first = 0
        if body and _is_docstring(body[0]):
            first = 1
        if first < len(body):
            line = positions[body[first]].start.line
            return Edit(line, 1, line, 1, "import math\n")
        line = (positions[body[-1]].end.line + 1) if body else 1
        return Edit(line, 1, line, 1, "import math\n")


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _top_level_math_import(module: cst.Module) -> Optional[cst.Import]:
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for s in stmt.body:
                if isinstance(s, cst.Import) and any(
                    dotted(a.name) == "math" and a.asname is None for a in s.names
                ):
                    return s
    return None


def ceil_call(value: cst.BaseExpression) -> cst.Call:
    """``math.ceil(value)``; one pair of plain parentheses around ``value`` is dropped
    (the call's own parentheses group it), parentheses holding comments or line
    breaks are kept."""
    if value.lpar and len(value.lpar) == len(value.rpar):
        lp, rp = value.lpar[0], value.rpar[-1]
        plain = (
            isinstance(lp.whitespace_after, cst.SimpleWhitespace)
            and isinstance(rp.whitespace_before, cst.SimpleWhitespace)
        )
        if plain:
            value = value.with_changes(lpar=value.lpar[1:], rpar=value.rpar[:-1])
    return cst.Call(
        func=cst.Attribute(value=cst.Name("math"), attr=cst.Name("ceil")),
        args=[cst.Arg(value=value)],
    )


def code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def uses_math(node: cst.BaseExpression) -> bool:
    """Whether a replacement calls ``math.ceil`` (and so needs ``import math``)."""
    return isinstance(node, cst.Call) and dotted(node.func) == "math.ceil"


def float_step_message(name: str, why: str, fixed: str, math_free: bool, rewrite: bool) -> str:
    """FG007's message, the same for a legacy call (``rewrite``) and a Keras 3 call."""
    head = (
        f"`{name}` is a float here ({why}): Keras 3 raises `TypeError: 'float' object "
        f"cannot be interpreted as an integer`; Keras 2 ran ceil(value) steps"
    )
    if not math_free:
        return (f"{head}: pass `{fixed}` (this file binds `math` to something else, so "
                f"there is no automatic fix)")
    if rewrite:
        return f"{head}, so the rewrite passes `{fixed}`"
    return f"{head}: pass `{fixed}`"
