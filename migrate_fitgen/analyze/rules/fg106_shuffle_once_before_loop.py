import libcst as cst

from migrate_fitgen.analyze.generators import is_keras_data_generator
from migrate_fitgen.analyze.rules.base import Rule, register

SHUFFLES = frozenset({"shuffle", "permutation"})


def _is_shuffle(call: cst.Call) -> bool:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value in SHUFFLES
    return isinstance(func, cst.Attribute) and func.attr.value in SHUFFLES


@register
class ShuffleOnceBeforeLoop(Rule):
    """FG106's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG106.md``)."""

    code = "FG106"

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            if body.dataset or not is_keras_data_generator(body):
                continue
            loop = body.fn.infinite_loop()
            if loop is None:
                continue
            start = ctx.facts.start(loop.node)
            shuffles = [s for s in body.fn.calls if _is_shuffle(s.node)]
            if any(loop in s.loops for s in shuffles):
                continue
            before = [s for s in shuffles if s.pos < start]
            if not before:
                continue
            node = before[0].node
            yield ctx.report(
                cls,
                node,
                f"`{ctx.code(node.func)}(...)` runs once, before the infinite loop of {body.label} "
                f"(line {start[0]}): every epoch sees the same order; shuffle inside the loop",
            )
