from migrate_fitgen.analyze.rules.base import Rule, register


@register
class InfiniteGeneratorWithoutSteps(Rule):
    """FG108's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG108.md``)."""

    code = "FG108"

    @classmethod
    def check(cls, ctx):
        for link in ctx.links():
            call = link.call
            if link.source.kind != "generator-call" or call.has_star:
                continue
            if link.steps_keyword in call.args:
                continue
            fn = link.source.function
            loop = fn.infinite_loop()
            if loop is None:
                continue
            facts = ctx.project.modules.get(fn.path)
            loop_line = facts.start(loop.node)[0] if facts else fn.line
            role = "its data" if link.role == "x" else "`validation_data`"
            what = "an epoch" if link.role == "x" and call.mode == "fit" else (
                "a validation pass" if link.role == "validation_data" else f"`{call.method}`"
            )
            yield ctx.report(
                cls,
                call.node,
                f"infinite generator {ctx.describe(fn)} is {role} without `{link.steps_keyword}`: "
                f"its `while True:` (line {loop_line}) never ends, so {what} never ends; "
                f"pass `{link.steps_keyword}`",
            )
