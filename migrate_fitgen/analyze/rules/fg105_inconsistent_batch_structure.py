from migrate_fitgen.analyze.generators import deciding_tests, links_of, varies_per_batch
from migrate_fitgen.analyze.rules.base import Rule, register


def _describe(shape) -> str:
    kind, n = shape
    if kind == "tuple":
        return "a tuple" if n < 0 else f"a {n}-tuple"
    if kind == "list":
        return "a list" if n < 0 else f"a {n}-element list"
    return "a value that is not a tuple"


@register
class InconsistentBatchStructure(Rule):
    """FG105's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG105.md``)."""

    code = "FG105"

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            if not body.dataset and not links_of(body):
                continue
            shapes = []
            for p in body.produced():
                shape = body.shape(p.value, p.site)
                if shape is not None:
                    shapes.append((p, shape))
            if len(shapes) < 2:
                continue

            def key(shape, dataset=body.dataset):
                if dataset and shape[0] in ("tuple", "list"):
                    return ("seq", shape[1])
                return shape

            def agree(a, b) -> bool:
                ka, kb = key(a), key(b)
                if ka[0] == kb[0] and -1 in (ka[1], kb[1]):
                    return True  # a tuple (or list) of unknown length may be the same
                return ka == kb

            first_p, first = shapes[0]
            for p, shape in shapes[1:]:
                if agree(shape, first):
                    continue
                tests = deciding_tests(body, first_p.site.node, p.site.node)
                if tests is not None and not any(varies_per_batch(body, t) for t in tests):
                    continue  # a setting picks one structure for the whole run
                yield ctx.report(
                    cls,
                    p.value,
                    f"{body.label} {'returns' if body.dataset else 'yields'} {_describe(shape)} here but "
                    f"{_describe(first)} at line {ctx.line(first_p.value)}; "
                    "Keras builds its input specs from the first batches: give every batch one structure",
                )
