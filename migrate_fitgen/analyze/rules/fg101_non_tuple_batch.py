import libcst as cst

from migrate_fitgen.analyze.generators import deciding_tests, links_of, separating_if, varies_per_batch
from migrate_fitgen.analyze.rules.base import Rule, register


def _where(ctx, link) -> str:
    call = link.call
    what = f"`validation_data` of `{call.method}`" if link.role == "validation_data" else f"`{call.method}`"
    if call.module is ctx.facts:
        return f"{what} at line {ctx.line(call.node)}"
    return f"{what} in {call.module.path}"


def _predict_fix(ctx, body, produced) -> str:
    """`predict` takes the first element of a tuple as the inputs: a list of inputs
    becomes a 1-tuple holding the tuple of inputs."""
    value, _ = body.follow(produced.value, produced.site)
    codes = []
    if isinstance(value, cst.List) and not any(isinstance(e, cst.StarredElement) for e in value.elements):
        codes = [ctx.code(e.value) for e in value.elements]
    if len(codes) == 1:
        return f"`predict` reads the list as the inputs: yield `({codes[0]},)`"
    inputs = ", ".join(codes) if codes and sum(len(c) for c in codes) <= 60 else "x1, x2"
    return (
        f"`predict` reads the list as the model's inputs: yield `(({inputs}),)`, a 1-tuple "
        "holding the tuple of inputs"
    )


def _tuple_by_setting(body, produced, links) -> bool:
    """Another yield gives a tuple, and an ``if`` on a parameter (``if labels:``,
    ``if ignore_segs:``) chooses between the two: report only when a Keras call
    provably takes this branch (``ignore_segs=True``); skip when every call provably
    takes the other one or when a call's value cannot be told."""
    for other in body.produced():
        if other is produced:
            continue
        shape = body.shape(other.value, other.site)
        if shape is None or shape[0] != "tuple":
            continue
        tests = deciding_tests(body, produced.site.node, other.site.node)
        if not tests or any(varies_per_batch(body, t) for t in tests):
            continue
        branch = separating_if(body, produced.site.node, other.site.node)
        if branch is None:
            return True
        taken = [_takes_branch(body, branch, produced, lk) for lk in links]
        return not any(t is True for t in taken)
    return False


def _takes_branch(body, branch, produced, link):
    """Whether the generator call of ``link`` runs the branch of ``branch`` that holds
    ``produced``: True, False, or None when it cannot be told."""
    test = branch.test
    want = True
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test, want = test.expression, False
    if not isinstance(test, cst.Name) or body.fn.cls is not None:
        return None
    in_then = _inside(branch.body, produced.site.node)
    value = _argument(body, link, test.value)
    if value is None:
        return None
    return (bool(value[0]) == want) == in_then


def _inside(root, node) -> bool:
    stack = [root]
    while stack:
        n = stack.pop()
        if n is node:
            return True
        stack.extend(n.children)
    return False


_LITERALS = {"True": True, "False": False, "None": None}


def _literal(node):
    """(value,) of a literal True/False/None/int, else None."""
    if isinstance(node, cst.Name) and node.value in _LITERALS:
        return (_LITERALS[node.value],)
    if isinstance(node, cst.Integer):
        return (int(node.evaluated_value),)
    return None


def _argument(body, link, name):
    """(value,) the generator call of ``link`` gives parameter ``name``, or None."""
    call = link.arg.value
    if isinstance(call, cst.Name):
        s = link.call.site
        b = body.project.lookup(call.value, s.scope, s.pos, s.blocks)
        call = getattr(b, "value", None) if getattr(b, "kind", "") == "assign" else None
    if not isinstance(call, cst.Call) or any(a.star for a in call.args):
        return None
    params = body.fn.node.params
    if params.star_arg is not cst.MaybeSentinel.DEFAULT and params.star_arg is not None:
        return None
    order = [p.name.value for p in params.params]
    for i, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == name:
            return _literal(arg.value)
        if arg.keyword is None and i < len(order) and order[i] == name:
            return _literal(arg.value)
    for p in [*params.params, *params.kwonly_params]:
        if p.name.value == name:
            return _literal(p.default) if p.default is not None else None
    return None


@register
class NonTupleBatch(Rule):
    """FG101's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG101.md``)."""

    code = "FG101"

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            links = links_of(body)
            if not links:
                continue
            where = _where(ctx, links[0])
            predict_only = all(lk.call.mode == "predict" for lk in links)
            for p in body.produced():
                shape = body.shape(p.value, p.site)
                if shape is None:
                    continue
                if body.dataset:
                    if shape[0] != "other":
                        continue
                    losses = [
                        lk for lk in links
                        if lk.call.mode in ("fit", "evaluate")
                        and ctx.project.compiled_with_loss(lk.call.module, lk.call.receiver_code)
                    ]
                    if not losses:
                        continue
                    yield ctx.report(
                        cls,
                        p.value,
                        f"{body.label} returns a bare value, not `(x, y)`, to `{losses[0].call.method}` "
                        "of a model compiled with a loss: there is no target; return `(x, y)`",
                    )
                    continue
                if shape[0] == "tuple":
                    continue
                if _tuple_by_setting(body, p, links):
                    continue
                kind = "a list" if shape[0] == "list" else "a value that is not a tuple"
                why = body.value(p.value, p.site).why
                if why:
                    kind = f"{kind} ({why})"
                if shape[0] != "list":
                    fix = "yield `(x,)`" if predict_only else "yield `(x,)` or `(x, y)`"
                elif predict_only:
                    fix = _predict_fix(ctx, body, p)
                else:
                    fix = "yield `(x, y)` instead"
                yield ctx.report(
                    cls,
                    p.value,
                    f"{body.label} yields {kind} (passed to {where}); Keras 3 raises `ValueError: "
                    f"... the generator must return a tuple`: {fix}",
                )
