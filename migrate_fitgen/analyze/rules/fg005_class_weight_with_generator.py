import libcst as cst

from migrate_fitgen.analyze.rules.base import Rule, register


@register
class ClassWeightWithGenerator(Rule):
    """FG005's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG005.md``)."""

    code = "FG005"

    @classmethod
    def check(cls, ctx):
        """`class_weight` on a Keras 3 `fit` whose data is provably a plain generator.
        Legacy `fit_generator` calls get this finding from the rewrite's engine."""
        if ctx.target != "keras3":
            return
        for link in ctx.links():
            call = link.call
            if call.legacy or call.mode != "fit" or link.role != "x":
                continue
            if link.source.kind not in ("generator-call", "genexp"):
                continue
            weight = call.args.get("class_weight")
            if weight is None or (isinstance(weight.value, cst.Name) and weight.value.value == "None"):
                continue
            source = link.source
            what = (
                f"plain generator {ctx.describe(source.function)}"
                if source.function is not None
                else "a generator expression"
            )
            yield ctx.report(
                cls,
                weight,
                f"`class_weight` with {what}: Keras 3 raises `ValueError: Argument "
                "class_weight is not supported for Python generator inputs`; yield "
                "(x, y, sample_weight) instead or pass a keras.utils.PyDataset",
            )
