"""A small normaliser for slice bounds: sums of integer multiples of products of
names (``i*bs + bs - 5``), so that two slice lengths can be compared.

An expression it does not understand (a call, a division...) becomes one opaque
atom keyed by its code, so ``min(i + bs, n)`` equals itself and nothing else.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple

import libcst as cst

Monomial = Tuple[str, ...]  # sorted symbol names; () is the constant term
Poly = Dict[Monomial, int]


def const(value: int) -> Poly:
    return {(): value} if value else {}


def symbol(name: str) -> Poly:
    return {(name,): 1}


def add(a: Poly, b: Poly, sign: int = 1) -> Poly:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + sign * v
        if out[k] == 0:
            del out[k]
    return out


def mul(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for ka, va in a.items():
        for kb, vb in b.items():
            k = tuple(sorted(ka + kb))
            out[k] = out.get(k, 0) + va * vb
            if out[k] == 0:
                del out[k]
    return out


def is_constant(p: Poly) -> bool:
    return all(k == () for k in p)


def constant_of(p: Poly) -> int:
    return p.get((), 0)


def symbols(p: Poly) -> set:
    return {s for k in p for s in k}


def _code(node: cst.CSTNode) -> str:
    return "".join(cst.Module(body=[]).code_for_node(node).split())


def normalise(
    node: cst.BaseExpression,
    substitute: Optional[Callable[[str], Optional[cst.BaseExpression]]] = None,
    depth: int = 0,
) -> Poly:
    """The polynomial of ``node``; ``substitute(name)`` returns the expression a name
    stands for (a single assignment in the function), or None to keep the name."""
    if depth > 12:
        return symbol(_code(node))
    if isinstance(node, cst.Integer):
        return const(int(node.evaluated_value))
    if isinstance(node, cst.Name):
        if substitute is not None:
            value = substitute(node.value)
            if value is not None:
                return normalise(value, substitute, depth + 1)
        return symbol(node.value)
    if isinstance(node, cst.UnaryOperation):
        if isinstance(node.operator, cst.Minus):
            return mul(const(-1), normalise(node.expression, substitute, depth + 1))
        if isinstance(node.operator, cst.Plus):
            return normalise(node.expression, substitute, depth + 1)
    if isinstance(node, cst.BinaryOperation):
        left = normalise(node.left, substitute, depth + 1)
        right = normalise(node.right, substitute, depth + 1)
        if isinstance(node.operator, cst.Add):
            return add(left, right)
        if isinstance(node.operator, cst.Subtract):
            return add(left, right, -1)
        if isinstance(node.operator, cst.Multiply):
            return mul(left, right)
    return symbol(_code(node))
