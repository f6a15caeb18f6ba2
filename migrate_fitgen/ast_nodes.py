"""One walk of an ``ast`` module for the pre-tests that keep files away from libcst.

The tests of ``keras1_names`` (training path), ``keras_imports`` (FG008) and the tree
rewrite's scan (a legacy method called) look only at a module's imports, calls and
attribute chains, wherever they sit.  ``ast.walk`` visits every node through
``iter_child_nodes`` and ``iter_fields`` (a generator per node, a ``getattr`` per field);
on the files a tree holds that is most of a scan's time.  ``collect`` walks the module
once with a plain stack and, for each node type, only the fields that can hold nodes (no
``ctx``, no names or constants), and keeps the three kinds of node; each test reads the
same ``Nodes`` instead of walking again.  The nodes kept are exactly those
``ast.walk`` yields of those types (``tests/test_ast_nodes.py`` compares them).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Tuple, Type

#: fields that never hold a node (identifiers, constants, flags, expression contexts);
#: ``names`` (the aliases of an import, the identifiers of ``global``) is read from the
#: import node itself
_LEAF_FIELDS = frozenset({
    "ctx", "id", "attr", "arg", "name", "module", "level", "asname", "names", "type_comment",
    "kind", "conversion", "is_async", "kwd_attrs", "rest", "tag", "n", "s",
})
#: node types none of whose fields holds a node (``value`` of a constant is a constant)
_LEAF_TYPES = ("Constant", "MatchSingleton", "Num", "Str", "Bytes", "NameConstant", "Ellipsis")

_CHILD_FIELDS: Dict[Type, Tuple[str, ...]] = {}


def _child_fields(kind: Type) -> Tuple[str, ...]:
    if kind.__name__ in _LEAF_TYPES:
        fields: Tuple[str, ...] = ()
    else:
        fields = tuple(f for f in getattr(kind, "_fields", ()) if f not in _LEAF_FIELDS)
    _CHILD_FIELDS[kind] = fields
    return fields


class Nodes:
    """The imports (``Import`` and ``ImportFrom``), calls, attributes and ``raise``
    statements of a module, and whether it has a ``yield`` (FG111's test)."""

    __slots__ = ("imports", "calls", "attributes", "raises", "yields")

    def __init__(self) -> None:
        self.imports: List[ast.stmt] = []
        self.calls: List[ast.Call] = []
        self.attributes: List[ast.Attribute] = []
        self.raises: List[ast.Raise] = []
        self.yields = False


def collect(tree: ast.AST) -> Nodes:
    """Every ``Import``, ``ImportFrom``, ``Call``, ``Attribute`` and ``Raise`` node of
    ``tree`` (in no particular order), and whether it holds a ``yield``."""
    out = Nodes()
    imports, calls, attributes, raises = out.imports, out.calls, out.attributes, out.raises
    call_t, attribute_t, import_t, from_t = ast.Call, ast.Attribute, ast.Import, ast.ImportFrom
    raise_t, yield_t, yield_from_t = ast.Raise, ast.Yield, ast.YieldFrom
    fields_of = _CHILD_FIELDS
    stack: list = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        if node is None:  # a dict's ``**`` key, an absent optional in a list
            continue
        kind = type(node)
        if kind is call_t:
            calls.append(node)
        elif kind is attribute_t:
            attributes.append(node)
        elif kind is import_t or kind is from_t:
            imports.append(node)
            continue  # its fields are names
        elif kind is raise_t:
            raises.append(node)
        elif kind is yield_t or kind is yield_from_t:
            out.yields = True
        fields = fields_of.get(kind)
        if fields is None:
            fields = _child_fields(kind)
        for name in fields:
            value = getattr(node, name, None)
            if value is None:
                continue
            if type(value) is list:
                extend(value)
            else:
                push(value)
    return out


def nodes_of(tree_or_nodes) -> Nodes:
    """``collect(tree)``, or the ``Nodes`` given."""
    return tree_or_nodes if isinstance(tree_or_nodes, Nodes) else collect(tree_or_nodes)
