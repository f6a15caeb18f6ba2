from migrate_fitgen.analyze.generators import links_of
from migrate_fitgen.analyze.rules.base import Rule, register


@register
class BatchTupleArity(Rule):
    """FG102's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG102.md``)."""

    code = "FG102"

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            links = links_of(body)
            if not links and not body.dataset:
                continue
            kinds = ("tuple", "list") if body.dataset else ("tuple",)
            for p in body.produced():
                shape = body.shape(p.value, p.site)
                if shape is None or shape[0] not in kinds or shape[1] < 0:
                    continue
                n = shape[1]
                noun = "tuple" if shape[0] == "tuple" else "list"
                if n == 0 or n > 3:
                    yield ctx.report(
                        cls,
                        p.value,
                        f"{body.label} {'returns' if body.dataset else 'yields'} a {n}-element {noun}; "
                        "Keras takes `(x,)`, `(x, y)` or `(x, y, sample_weight)` and raises "
                        "`ValueError: Data is expected to be in format ...`",
                    )
                elif n == 1:
                    losses = [
                        lk for lk in links
                        if lk.call.mode in ("fit", "evaluate")
                        and ctx.project.compiled_with_loss(lk.call.module, lk.call.receiver_code)
                    ]
                    if losses:
                        call = losses[0].call
                        yield ctx.report(
                            cls,
                            p.value,
                            f"{body.label} gives `(x,)` with no target to `{call.method}` of a model "
                            f"compiled with a loss; the backend fails on the missing y: give `(x, y)`",
                        )
