import libcst as cst

from migrate_fitgen.analyze.rules.base import Rule, register


@register
class GeneratorWithWorkers(Rule):
    """FG109's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG109.md``)."""

    code = "FG109"

    @classmethod
    def check(cls, ctx):
        by_call = {}
        for link in ctx.links():
            if link.source.kind in ("generator-call", "genexp"):
                by_call.setdefault(link.call, []).append(link)
        for call, links in by_call.items():
            s = call.site
            trigger = None
            workers = call.args.get("workers")
            if workers is not None:
                n = ctx.project.int_value(ctx.facts, workers.value, s.scope, s.pos, s.blocks)
                if n is not None and n > 1:
                    trigger = workers
            ump = call.args.get("use_multiprocessing")
            if trigger is None and ump is not None:
                if isinstance(ump.value, cst.Name) and ump.value.value == "True":
                    trigger = ump
            if trigger is None:
                continue
            source = links[0].source
            what = (
                f"plain generator {ctx.describe(source.function)}"
                if source.function is not None
                else "a generator expression"
            )
            yield ctx.report(
                cls,
                trigger,
                f"{what} with `{ctx.code(trigger).strip().rstrip(',').strip()}`: a generator cannot be "
                "shared by worker threads (`generator already executing`) and each process gets its own "
                "copy; use a `keras.utils.PyDataset` with `workers` in its constructor",
            )
