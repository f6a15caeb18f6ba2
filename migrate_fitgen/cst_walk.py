"""A read-only walk for libcst ``CSTVisitor``s, without rebuilding the tree.

libcst's ``node.visit(visitor)`` builds every node again on its way back up (its
``_visit_and_replace_children``), even for a ``CSTVisitor`` that changes nothing: for
the passes here that only read a module (the analyser's facts, the training path's
scans, step counts, the import collector...) that rebuilding is most of their cost.
``walk(visitor, node)`` calls the same ``visit_<Node>`` / ``leave_<Node>`` methods on
the same nodes in the same order as ``node.visit(visitor)``:

* children come in libcst's order (``_CHILD_ORDER``, the order of libcst's
  ``_visit_and_replace_children``, which is source order, not the dataclass fields'
  order: a function's decorators before its name and body, ``lpar`` first...);
  ``tests/test_cst_walk.py`` checks the table against libcst's source and compares
  every node met, both ways, over the corpus and tricky modules;
* ``visit_<Node>`` returning False skips the node's children, ``leave_<Node>`` is
  still called;
* nodes the visitor cannot see are not entered: whitespace, comments, brackets,
  separators, operators, names and literals hold only each other, so a visitor with
  no method for any of them (or for what they hold) skips them whole.

A visitor that overrides ``on_visit``/``on_leave``/``on_visit_attribute``/
``on_leave_attribute`` or defines ``visit_<Node>_<field>`` hooks is refused
(``TypeError``): use ``node.visit`` for it.  libcst only: imports nothing of ours.
"""

from __future__ import annotations

from typing import Callable, Dict, FrozenSet, Optional, Tuple

import libcst as cst

__all__ = ["walk"]

#: for each node type, the fields libcst visits, in the order it visits them
#: (``tests/test_cst_walk.py`` reads them again from libcst's source)
_CHILD_ORDER: Dict[str, Tuple[str, ...]] = {
    "Add": ('whitespace_before', 'whitespace_after'),
    "AddAssign": ('whitespace_before', 'whitespace_after'),
    "And": ('whitespace_before', 'whitespace_after'),
    "AnnAssign": ('target', 'annotation', 'equal', 'value', 'semicolon'),
    "Annotation": ('whitespace_before_indicator', 'whitespace_after_indicator', 'annotation'),
    "Arg": ('whitespace_after_star', 'keyword', 'equal', 'value', 'comma', 'whitespace_after_arg'),
    "AsName": ('whitespace_before_as', 'name', 'whitespace_after_as'),
    "Assert": ('whitespace_after_assert', 'test', 'comma', 'msg', 'semicolon'),
    "Assign": ('targets', 'value', 'semicolon'),
    "AssignEqual": ('whitespace_before', 'whitespace_after'),
    "AssignTarget": ('target', 'whitespace_before_equal', 'whitespace_after_equal'),
    "Asynchronous": ('whitespace_after',),
    "Attribute": ('lpar', 'value', 'dot', 'attr', 'rpar'),
    "AugAssign": ('target', 'operator', 'value', 'semicolon'),
    "Await": ('lpar', 'whitespace_after_await', 'expression', 'rpar'),
    "BinaryOperation": ('lpar', 'left', 'operator', 'right', 'rpar'),
    "BitAnd": ('whitespace_before', 'whitespace_after'),
    "BitAndAssign": ('whitespace_before', 'whitespace_after'),
    "BitInvert": ('whitespace_after',),
    "BitOr": ('whitespace_before', 'whitespace_after'),
    "BitOrAssign": ('whitespace_before', 'whitespace_after'),
    "BitXor": ('whitespace_before', 'whitespace_after'),
    "BitXorAssign": ('whitespace_before', 'whitespace_after'),
    "BooleanOperation": ('lpar', 'left', 'operator', 'right', 'rpar'),
    "Break": ('semicolon',),
    "Call": ('lpar', 'func', 'whitespace_after_func', 'whitespace_before_args', 'args', 'rpar'),
    "ClassDef": ('leading_lines', 'decorators', 'lines_after_decorators', 'whitespace_after_class', 'name', 'whitespace_after_name', 'type_parameters', 'whitespace_after_type_parameters', 'lpar', 'bases', 'keywords', 'rpar', 'whitespace_before_colon', 'body'),
    "Colon": ('whitespace_before', 'whitespace_after'),
    "Comma": ('whitespace_before', 'whitespace_after'),
    "Comment": (),
    "CompFor": ('whitespace_before', 'asynchronous', 'whitespace_after_for', 'target', 'whitespace_before_in', 'whitespace_after_in', 'iter', 'ifs', 'inner_for_in'),
    "CompIf": ('whitespace_before', 'whitespace_before_test', 'test'),
    "Comparison": ('lpar', 'left', 'comparisons', 'rpar'),
    "ComparisonTarget": ('operator', 'comparator'),
    "ConcatenatedString": ('lpar', 'left', 'whitespace_between', 'right', 'rpar'),
    "Continue": ('semicolon',),
    "Decorator": ('leading_lines', 'whitespace_after_at', 'decorator', 'trailing_whitespace'),
    "Del": ('target', 'whitespace_after_del', 'semicolon'),
    "Dict": ('lpar', 'lbrace', 'elements', 'rbrace', 'rpar'),
    "DictComp": ('lpar', 'lbrace', 'key', 'whitespace_before_colon', 'whitespace_after_colon', 'value', 'for_in', 'rbrace', 'rpar'),
    "DictElement": ('key', 'whitespace_before_colon', 'whitespace_after_colon', 'value', 'comma'),
    "Divide": ('whitespace_before', 'whitespace_after'),
    "DivideAssign": ('whitespace_before', 'whitespace_after'),
    "Dot": ('whitespace_before', 'whitespace_after'),
    "Element": ('value', 'comma'),
    "Ellipsis": ('lpar', 'rpar'),
    "Else": ('leading_lines', 'whitespace_before_colon', 'body'),
    "EmptyLine": ('whitespace', 'comment', 'newline'),
    "Equal": ('whitespace_before', 'whitespace_after'),
    "ExceptHandler": ('leading_lines', 'whitespace_after_except', 'type', 'name', 'whitespace_before_colon', 'body'),
    "ExceptStarHandler": ('leading_lines', 'whitespace_after_except', 'whitespace_after_star', 'type', 'name', 'whitespace_before_colon', 'body'),
    "Expr": ('value', 'semicolon'),
    "Finally": ('leading_lines', 'whitespace_before_colon', 'body'),
    "Float": ('lpar', 'rpar'),
    "FloorDivide": ('whitespace_before', 'whitespace_after'),
    "FloorDivideAssign": ('whitespace_before', 'whitespace_after'),
    "For": ('leading_lines', 'asynchronous', 'whitespace_after_for', 'target', 'whitespace_before_in', 'whitespace_after_in', 'iter', 'whitespace_before_colon', 'body', 'orelse'),
    "FormattedString": ('lpar', 'parts', 'rpar'),
    "FormattedStringExpression": ('whitespace_before_expression', 'expression', 'equal', 'whitespace_after_expression', 'format_spec'),
    "FormattedStringText": (),
    "From": ('whitespace_before_from', 'whitespace_after_from', 'item'),
    "FunctionDef": ('leading_lines', 'decorators', 'lines_after_decorators', 'asynchronous', 'whitespace_after_def', 'name', 'whitespace_after_name', 'type_parameters', 'whitespace_after_type_parameters', 'whitespace_before_params', 'params', 'returns', 'whitespace_before_colon', 'body'),
    "GeneratorExp": ('lpar', 'elt', 'for_in', 'rpar'),
    "Global": ('whitespace_after_global', 'names', 'semicolon'),
    "GreaterThan": ('whitespace_before', 'whitespace_after'),
    "GreaterThanEqual": ('whitespace_before', 'whitespace_after'),
    "If": ('leading_lines', 'whitespace_before_test', 'test', 'whitespace_after_test', 'body', 'orelse'),
    "IfExp": ('lpar', 'body', 'whitespace_before_if', 'whitespace_after_if', 'test', 'whitespace_before_else', 'whitespace_after_else', 'orelse', 'rpar'),
    "Imaginary": ('lpar', 'rpar'),
    "Import": ('whitespace_after_import', 'names', 'semicolon'),
    "ImportAlias": ('name', 'asname', 'comma'),
    "ImportFrom": ('whitespace_after_from', 'relative', 'module', 'whitespace_before_import', 'whitespace_after_import', 'lpar', 'names', 'rpar', 'semicolon'),
    "ImportStar": (),
    "In": ('whitespace_before', 'whitespace_after'),
    "IndentedBlock": ('header', 'body', 'footer'),
    "Index": ('whitespace_after_star', 'value'),
    "Integer": ('lpar', 'rpar'),
    "Is": ('whitespace_before', 'whitespace_after'),
    "IsNot": ('whitespace_before', 'whitespace_between', 'whitespace_after'),
    "Lambda": ('lpar', 'whitespace_after_lambda', 'params', 'colon', 'body', 'rpar'),
    "LazyImport": ('whitespace_after_lazy', 'whitespace_after_import', 'names', 'semicolon'),
    "LazyImportFrom": ('whitespace_after_lazy', 'whitespace_after_from', 'relative', 'module', 'whitespace_before_import', 'whitespace_after_import', 'lpar', 'names', 'rpar', 'semicolon'),
    "LeftCurlyBrace": ('whitespace_after',),
    "LeftParen": ('whitespace_after',),
    "LeftShift": ('whitespace_before', 'whitespace_after'),
    "LeftShiftAssign": ('whitespace_before', 'whitespace_after'),
    "LeftSquareBracket": ('whitespace_after',),
    "LessThan": ('whitespace_before', 'whitespace_after'),
    "LessThanEqual": ('whitespace_before', 'whitespace_after'),
    "List": ('lpar', 'lbracket', 'elements', 'rbracket', 'rpar'),
    "ListComp": ('lpar', 'lbracket', 'elt', 'for_in', 'rbracket', 'rpar'),
    "Match": ('leading_lines', 'whitespace_after_match', 'subject', 'whitespace_before_colon', 'whitespace_after_colon', 'cases', 'footer'),
    "MatchAs": ('lpar', 'pattern', 'whitespace_before_as', 'whitespace_after_as', 'name', 'rpar'),
    "MatchCase": ('leading_lines', 'whitespace_after_case', 'pattern', 'whitespace_before_if', 'whitespace_after_if', 'guard', 'whitespace_before_colon', 'body'),
    "MatchClass": ('lpar', 'cls', 'whitespace_after_cls', 'whitespace_before_patterns', 'patterns', 'kwds', 'whitespace_after_kwds', 'rpar'),
    "MatchKeywordElement": ('key', 'whitespace_before_equal', 'whitespace_after_equal', 'pattern', 'comma'),
    "MatchList": ('lpar', 'lbracket', 'patterns', 'rbracket', 'rpar'),
    "MatchMapping": ('lpar', 'lbrace', 'elements', 'whitespace_before_rest', 'rest', 'trailing_comma', 'rbrace', 'rpar'),
    "MatchMappingElement": ('key', 'whitespace_before_colon', 'whitespace_after_colon', 'pattern', 'comma'),
    "MatchOr": ('lpar', 'patterns', 'rpar'),
    "MatchOrElement": ('pattern', 'separator'),
    "MatchSequenceElement": ('value', 'comma'),
    "MatchSingleton": ('value',),
    "MatchStar": ('whitespace_before_name', 'name', 'comma'),
    "MatchTuple": ('lpar', 'patterns', 'rpar'),
    "MatchValue": ('value',),
    "MatrixMultiply": ('whitespace_before', 'whitespace_after'),
    "MatrixMultiplyAssign": ('whitespace_before', 'whitespace_after'),
    "Minus": ('whitespace_after',),
    "Module": ('header', 'body', 'footer'),
    "Modulo": ('whitespace_before', 'whitespace_after'),
    "ModuloAssign": ('whitespace_before', 'whitespace_after'),
    "Multiply": ('whitespace_before', 'whitespace_after'),
    "MultiplyAssign": ('whitespace_before', 'whitespace_after'),
    "Name": ('lpar', 'rpar'),
    "NameItem": ('name', 'comma'),
    "NamedExpr": ('lpar', 'target', 'whitespace_before_walrus', 'whitespace_after_walrus', 'value', 'rpar'),
    "Newline": (),
    "Nonlocal": ('whitespace_after_nonlocal', 'names', 'semicolon'),
    "Not": ('whitespace_after',),
    "NotEqual": ('whitespace_before', 'whitespace_after'),
    "NotIn": ('whitespace_before', 'whitespace_between', 'whitespace_after'),
    "Or": ('whitespace_before', 'whitespace_after'),
    "Param": ('whitespace_after_star', 'name', 'annotation', 'equal', 'default', 'comma', 'whitespace_after_param'),
    "ParamSlash": ('comma', 'whitespace_after'),
    "ParamSpec": ('name', 'whitespace_after_star'),
    "ParamStar": ('comma',),
    "Parameters": ('posonly_params', 'posonly_ind', 'params', 'star_arg', 'kwonly_params', 'star_kwarg'),
    "ParenthesizedWhitespace": ('first_line', 'empty_lines', 'last_line'),
    "Pass": ('semicolon',),
    "Plus": ('whitespace_after',),
    "Power": ('whitespace_before', 'whitespace_after'),
    "PowerAssign": ('whitespace_before', 'whitespace_after'),
    "Raise": ('whitespace_after_raise', 'exc', 'cause', 'semicolon'),
    "Return": ('whitespace_after_return', 'value', 'semicolon'),
    "RightCurlyBrace": ('whitespace_before',),
    "RightParen": ('whitespace_before',),
    "RightShift": ('whitespace_before', 'whitespace_after'),
    "RightShiftAssign": ('whitespace_before', 'whitespace_after'),
    "RightSquareBracket": ('whitespace_before',),
    "Semicolon": ('whitespace_before', 'whitespace_after'),
    "Set": ('lpar', 'lbrace', 'elements', 'rbrace', 'rpar'),
    "SetComp": ('lpar', 'lbrace', 'elt', 'for_in', 'rbrace', 'rpar'),
    "SimpleStatementLine": ('leading_lines', 'body', 'trailing_whitespace'),
    "SimpleStatementSuite": ('leading_whitespace', 'body', 'trailing_whitespace'),
    "SimpleString": ('lpar', 'rpar'),
    "SimpleWhitespace": (),
    "Slice": ('lower', 'first_colon', 'upper', 'second_colon', 'step'),
    "StarredDictComp": ('lpar', 'lbrace', 'whitespace_before_value', 'value', 'for_in', 'rbrace', 'rpar'),
    "StarredDictElement": ('whitespace_before_value', 'value', 'comma'),
    "StarredElement": ('lpar', 'whitespace_before_value', 'value', 'rpar', 'comma'),
    "Subscript": ('lpar', 'value', 'whitespace_after_value', 'lbracket', 'slice', 'rbracket', 'rpar'),
    "SubscriptElement": ('slice', 'comma'),
    "Subtract": ('whitespace_before', 'whitespace_after'),
    "SubtractAssign": ('whitespace_before', 'whitespace_after'),
    "TemplatedString": ('lpar', 'parts', 'rpar'),
    "TemplatedStringExpression": ('whitespace_before_expression', 'expression', 'equal', 'whitespace_after_expression', 'format_spec'),
    "TemplatedStringText": (),
    "TrailingWhitespace": ('whitespace', 'comment', 'newline'),
    "Try": ('leading_lines', 'whitespace_before_colon', 'body', 'handlers', 'orelse', 'finalbody'),
    "TryStar": ('leading_lines', 'whitespace_before_colon', 'body', 'handlers', 'orelse', 'finalbody'),
    "Tuple": ('lpar', 'elements', 'rpar'),
    "TypeAlias": ('whitespace_after_type', 'name', 'whitespace_after_name', 'type_parameters', 'whitespace_after_type_parameters', 'whitespace_after_equals', 'value', 'semicolon'),
    "TypeParam": ('param', 'equal', 'whitespace_after_star', 'default', 'comma'),
    "TypeParameters": ('lbracket', 'params', 'rbracket'),
    "TypeVar": ('name', 'colon', 'bound'),
    "TypeVarTuple": ('name', 'whitespace_after_star'),
    "UnaryOperation": ('lpar', 'operator', 'expression', 'rpar'),
    "While": ('leading_lines', 'whitespace_after_while', 'test', 'whitespace_before_colon', 'body', 'orelse'),
    "With": ('leading_lines', 'asynchronous', 'whitespace_after_with', 'lpar', 'items', 'rpar', 'whitespace_before_colon', 'body'),
    "WithItem": ('item', 'asname', 'comma'),
    "Yield": ('lpar', 'whitespace_after_yield', 'value', 'rpar'),
}

#: node types (concrete, by name: the walk tests a node's exact type, which is cheaper
#: than ``isinstance`` with libcst's abstract bases) that hold only whitespace-like
#: nodes (or nothing)
_TIER_WHITESPACE: Tuple[str, ...] = (
    "SimpleWhitespace", "ParenthesizedWhitespace", "TrailingWhitespace", "EmptyLine",
    "Newline", "Comment",
)
#: brackets, separators and operators: they hold only whitespace
_TIER_PUNCTUATION: Tuple[str, ...] = (
    "LeftParen", "RightParen", "LeftSquareBracket", "RightSquareBracket", "LeftCurlyBrace",
    "RightCurlyBrace", "Comma", "Dot", "Colon", "Semicolon", "AssignEqual",
    # BaseBinaryOp
    "Add", "Subtract", "Multiply", "Divide", "FloorDivide", "Modulo", "Power", "LeftShift",
    "RightShift", "BitOr", "BitAnd", "BitXor", "MatrixMultiply",
    # BaseBooleanOp, BaseUnaryOp
    "And", "Or", "Plus", "Minus", "BitInvert", "Not",
    # BaseCompOp
    "LessThan", "GreaterThan", "Equal", "LessThanEqual", "GreaterThanEqual", "NotEqual",
    "In", "NotIn", "Is", "IsNot",
    # BaseAugOp
    "AddAssign", "SubtractAssign", "MultiplyAssign", "DivideAssign", "FloorDivideAssign",
    "ModuloAssign", "PowerAssign", "LeftShiftAssign", "RightShiftAssign", "BitOrAssign",
    "BitAndAssign", "BitXorAssign", "MatrixMultiplyAssign",
)
#: names and literals: they hold only brackets (``lpar``/``rpar``) and whitespace
_TIER_LEAF: Tuple[str, ...] = ("Name", "SimpleString", "Integer", "Float", "Imaginary")
#: fields that hold only whitespace-like nodes
_WHITESPACE_FIELDS = frozenset({
    "leading_lines", "lines_after_decorators", "trailing_whitespace", "header", "footer",
    "leading_whitespace", "whitespace_between",
})
#: fields that hold only punctuation (or nothing)
_PUNCTUATION_FIELDS = frozenset({
    "lpar", "rpar", "lbracket", "rbracket", "lbrace", "rbrace", "comma", "semicolon",
    "equal", "dot", "colon", "first_colon", "second_colon", "operator", "relative",
    "trailing_comma",
})

_Hook = Optional[Callable[[cst.CSTVisitor, cst.CSTNode], object]]
#: visitor class -> node type -> (visit_, leave_, fields to read)
_PLANS: Dict[type, Dict[type, Tuple[_Hook, _Hook, Tuple[str, ...]]]] = {}
#: visitor class -> node types the walk does not enter
_SKIPS: Dict[type, FrozenSet[type]] = {}
#: visitor class -> the node types of ``_KNOWN`` the walk enters
_WALKED: Dict[type, FrozenSet[type]] = {}
#: the node types of ``_CHILD_ORDER`` this libcst has (a type it does not list, from a
#: newer libcst, is walked through its ``children``, in libcst's order)
_KNOWN: FrozenSet[type] = frozenset(
    getattr(cst, name) for name in _CHILD_ORDER if hasattr(cst, name)
)
def _own_hooks(kind: type) -> Dict[str, Callable]:
    """The ``visit_``/``leave_`` methods of visitor class ``kind`` that are not
    libcst's do-nothing ones."""
    base = cst.CSTVisitor
    for name in ("on_visit", "on_leave", "on_visit_attribute", "on_leave_attribute"):
        if getattr(kind, name) is not getattr(base, name):
            raise TypeError(f"{kind.__name__} overrides {name}: walk it with node.visit")
    hooks = {}
    for name in dir(kind):
        if not name.startswith(("visit_", "leave_")):
            continue
        method = getattr(kind, name)
        if method is getattr(base, name, None) or not callable(method):
            continue
        node = name.split("_", 1)[1]
        if node in _CHILD_ORDER:
            hooks[name] = method
        elif node.split("_", 1)[0] in _CHILD_ORDER:  # visit_<Node>_<field>
            raise TypeError(f"{kind.__name__}.{name}: attribute hooks are not walked, use node.visit")
    return hooks


def _prepare(kind: type) -> Dict[type, Tuple[_Hook, _Hook, Tuple[str, ...]]]:
    """Note, for visitor class ``kind``, the node types the walk skips (those that
    hold nothing the visitor has a method for: whitespace, then punctuation, then
    names and literals, each tier holding only the tiers before it) and start its
    (empty) table of plans per node type."""
    seen = {name.split("_", 1)[1] for name in _own_hooks(kind)}
    if seen & set(_TIER_WHITESPACE):
        skipped: Tuple[str, ...] = ()
    elif seen & set(_TIER_PUNCTUATION):
        skipped = _TIER_WHITESPACE
    else:
        leaves = tuple(name for name in _TIER_LEAF if name not in seen)
        skipped = (*_TIER_WHITESPACE, *_TIER_PUNCTUATION, *leaves)
    _SKIPS[kind] = frozenset(getattr(cst, name) for name in skipped if hasattr(cst, name))
    _WALKED[kind] = _KNOWN - _SKIPS[kind]
    plans: Dict[type, Tuple[_Hook, _Hook, Tuple[str, ...]]] = {}
    _PLANS[kind] = plans
    return plans


def walk(visitor: cst.CSTVisitor, root: cst.CSTNode) -> None:
    """Call ``visitor``'s ``visit_``/``leave_`` methods over ``root`` as
    ``root.visit(visitor)`` does, without rebuilding any node."""
    kind = type(visitor)
    plans = _PLANS.get(kind)
    if plans is None:
        plans = _prepare(kind)
    skips = _SKIPS[kind]
    walked = _WALKED[kind]  # a set lookup: cheaper than isinstance with libcst's ABCs
    hooks_of = kind
    whitespace_skipped = cst.SimpleWhitespace in skips
    punctuation_skipped = cst.Comma in skips

    def plan_for(node_kind: type) -> Tuple[_Hook, _Hook, Tuple[str, ...]]:
        name = node_kind.__name__
        order = _CHILD_ORDER.get(name)
        if order is None:
            order = ("\0children",)  # a node type this table does not know: libcst's own order
        names = tuple(
            f for f in order
            if not (whitespace_skipped and (f in _WHITESPACE_FIELDS or f.startswith("whitespace")))
            and not (punctuation_skipped and f in _PUNCTUATION_FIELDS)
        )
        visit = getattr(hooks_of, f"visit_{name}", None)
        leave = getattr(hooks_of, f"leave_{name}", None)
        if visit is getattr(cst.CSTVisitor, f"visit_{name}", None):
            visit = None
        if leave is getattr(cst.CSTVisitor, f"leave_{name}", None):
            leave = None
        plan = plans[node_kind] = (visit, leave, names)
        return plan

    def go(node: cst.CSTNode) -> None:
        node_kind = type(node)
        plan = plans.get(node_kind)
        if plan is None:
            plan = plan_for(node_kind)
        visit, leave, names = plan
        if visit is None or visit(visitor, node) is not False:
            for name in names:
                value = node.children if name == "\0children" else getattr(node, name)
                if isinstance(value, (tuple, list)):
                    for item in value:
                        kind_of = type(item)
                        if kind_of in walked or (kind_of not in _KNOWN and isinstance(item, cst.CSTNode)):
                            go(item)
                else:
                    kind_of = type(value)
                    if kind_of in walked or (kind_of not in _KNOWN and isinstance(value, cst.CSTNode)):
                        go(value)
        if leave is not None:
            leave(visitor, node)

    go(root)
