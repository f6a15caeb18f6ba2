from migrate_fitgen.analyze.generators import is_contextmanager
from migrate_fitgen.analyze.rules.base import Rule, register


@register
class RaiseStopIteration(Rule):
    """FG111's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG111.md``)."""

    code = "FG111"

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            if body.dataset or is_contextmanager(body.fn):
                continue
            for site in body.fn.stop_iterations:
                yield ctx.report(
                    cls,
                    site.node,
                    f"`raise StopIteration` inside generator {ctx.describe(body.fn)} becomes "
                    "`RuntimeError: generator raised StopIteration` (PEP 479), not the end of the "
                    "data: use `return`",
                )
