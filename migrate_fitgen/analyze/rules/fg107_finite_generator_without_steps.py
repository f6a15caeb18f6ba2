from typing import Optional

import libcst as cst

from migrate_fitgen.analyze.facts import Binding, dotted
from migrate_fitgen.analyze.generators import Body, is_finite
from migrate_fitgen.analyze.project import UNBOUND
from migrate_fitgen.analyze.rules.base import Rule, register


def _range_bound(body: Body) -> Optional[cst.BaseExpression]:
    """``E`` when the generator yields at most ``E`` batches: it is finite, its one
    ``yield`` sits directly in one ``for ... in range(E)`` (or ``range(0, E)``) loop."""
    fn = body.fn
    if len(fn.yields) != 1 or not is_finite(body):
        return None
    loops = fn.yields[0].loops
    if len(loops) != 1 or not isinstance(loops[0].node, cst.For):
        return None
    it = loops[0].node.iter
    if not (isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range"):
        return None
    if any(a.star or a.keyword is not None for a in it.args):
        return None
    if len(it.args) == 2 and isinstance(it.args[0].value, cst.Integer) and it.args[0].value.evaluated_value == 0:
        bound = it.args[1].value
    elif len(it.args) == 1:
        bound = it.args[0].value
    else:
        return None
    pos = body.facts.start(it)
    if body.project.lookup("range", fn.scope, pos, loops[0].blocks) is not UNBOUND:
        return None
    return bound


def _names(node: cst.CSTNode):
    """The variable names read by an expression (not attribute names or keywords)."""
    if isinstance(node, cst.Name):
        yield node
    elif isinstance(node, cst.Attribute):
        yield from _names(node.value)
    elif isinstance(node, cst.Arg):
        yield from _names(node.value)
    else:
        for child in node.children:
            yield from _names(child)


class _Substitute(cst.CSTTransformer):
    """Replace the given ``Name`` nodes (by identity) with expressions."""

    def __init__(self, mapping) -> None:
        super().__init__()
        self.mapping = mapping

    def leave_Name(self, original_node, updated_node):
        return self.mapping.get(original_node, updated_node)


def _code(facts, node: cst.BaseExpression) -> str:
    if isinstance(node, cst.BaseExpression):
        node = node.with_changes(lpar=[], rpar=[])
    return "".join(facts.module.code_for_node(node).split())


def _steps_match_bound(ctx, link, fn, body: Body, steps: cst.BaseExpression) -> Optional[str]:
    """The code of the bound when ``steps`` provably equals the generator's loop bound
    for the arguments it is called with; else None."""
    project = ctx.project
    bound = _range_bound(body)
    if bound is None:
        return None
    s = link.call.site
    call = link.arg.value
    call_pos, call_scope, call_blocks = s.pos, s.scope, s.blocks
    if isinstance(call, cst.Name):
        b = project.lookup(call.value, s.scope, s.pos, s.blocks)
        if not isinstance(b, Binding) or b.kind != "assign" or b.scope is not s.scope:
            return None
        call, call_scope, call_blocks = b.value, b.scope, b.blocks
        call_pos = ctx.facts.start(call)
    if not isinstance(call, cst.Call):
        return None
    params = [*fn.node.params.posonly_params, *fn.node.params.params]
    if isinstance(call.func, cst.Attribute):
        if fn.cls is None:
            return None
        params = params[1:]  # self.gen(...)
    elif fn.cls is not None:
        return None
    by_name = {p.name.value: p for p in params}
    passed = {}
    for i, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if i >= len(params):
                return None
            passed[params[i].name.value] = arg.value
        else:
            passed[arg.keyword.value] = arg.value
    mapping = {}
    loop_pos = body.facts.start(bound)
    for name in _names(bound):
        if name.value in by_name:
            value = passed.get(name.value)
            if value is None or not (isinstance(value, (cst.Integer, cst.Name)) or dotted(value)):
                return None
            mapping[name] = value
            for inner in _names(value):
                if not _same(project, inner.value, (call_scope, call_pos, call_blocks), (s.scope, s.pos, s.blocks)):
                    return None
        else:
            outer = project.lookup(name.value, fn.scope, loop_pos, ())
            here = project.lookup(name.value, s.scope, s.pos, s.blocks)
            if outer is None or outer is not here or (isinstance(outer, Binding) and outer.scope is fn.scope):
                return None
    want = _code(body.facts, bound.visit(_Substitute(mapping)))
    if _code(ctx.facts, steps) == want:
        return ctx.code(steps)
    if isinstance(steps, cst.Name):  # steps = len(pairs) // bs; fit(..., steps_per_epoch=steps)
        b = project.lookup(steps.value, s.scope, s.pos, s.blocks)
        if isinstance(b, Binding) and b.kind == "assign" and b.scope is s.scope and b.value is not None:
            at = (b.scope, ctx.facts.start(b.value), b.blocks)
            same = all(_same(project, n.value, at, (s.scope, s.pos, s.blocks)) for n in _names(b.value))
            if same and _code(ctx.facts, b.value) == want:
                return ctx.code(steps)
    return None


def _same(project, name: str, a, b) -> bool:
    """``name`` refers to the same binding (or the same builtin) at two points."""
    x = project.lookup(name, *a)
    y = project.lookup(name, *b)
    return x is not None and x is y



@register
class FiniteGeneratorWithoutSteps(Rule):
    """FG107's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG107.md``)."""

    code = "FG107"

    @classmethod
    def check(cls, ctx):
        for link in ctx.links():
            call = link.call
            if link.source.kind != "generator-call" or call.mode != "fit" or call.has_star:
                continue
            fn = link.source.function
            facts = ctx.project.modules.get(fn.path)
            if facts is None:
                continue
            body = Body(ctx.project, facts, fn)
            steps = call.args.get(link.steps_keyword)
            if steps is not None and link.role != "x":
                continue
            if not is_finite(body):
                continue
            epochs_arg = call.args.get("epochs")
            s = call.site
            epochs = 1 if epochs_arg is None else ctx.project.int_value(
                ctx.facts, epochs_arg.value, s.scope, s.pos, s.blocks
            )
            if epochs is None or epochs <= 1:
                continue
            if steps is not None:
                if "initial_epoch" in call.args:
                    continue
                bound = _steps_match_bound(ctx, link, fn, body, steps.value)
                if bound is None:
                    continue
                yield ctx.report(
                    cls,
                    call.node,
                    f"finite generator {ctx.describe(fn)} yields at most `steps_per_epoch={bound}` "
                    f"batches, all taken by epoch 1, and epochs={epochs}: Keras 3 keeps one iterator "
                    "across epochs when `steps_per_epoch` is set, so epoch 2 gets no data "
                    "(`Your input ran out of data`); loop forever (`while True:`) around the "
                    "`for` loop",
                )
                continue
            role = "its data" if link.role == "x" else "`validation_data`"
            passes = "epoch" if link.role == "x" else "validation pass"
            yield ctx.report(
                cls,
                call.node,
                f"finite generator {ctx.describe(fn)} is {role} without `{link.steps_keyword}` and "
                f"epochs={epochs}: on Keras 3 every {passes} after the first sees only the 2 batches "
                f"peeked at the start; loop forever (`while True:`) and pass `{link.steps_keyword}`",
            )
