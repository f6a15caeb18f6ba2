from migrate_fitgen.analyze.generators import feeds_batches
from migrate_fitgen.analyze.rules.base import Rule, register

_NUMERIC = "keep a numeric dtype such as `float32`"
_CONSEQUENCE = {
    "string": f"Keras rejects string arrays (`ValueError: Invalid dtype: str...` or `bytes...`): {_NUMERIC}",
    "object": f"Keras rejects object arrays (`ValueError: Invalid dtype: object`): {_NUMERIC}",
    "str": f"Keras rejects it (`ValueError: Invalid dtype: str...`): {_NUMERIC}",
    "lists": (
        "Keras reads nested Python lists as structures of scalars and fails with a shape "
        "error (`Invalid input shape ...`): keep the NumPy array (`np.asarray(..., dtype=\"float32\")`)"
    ),
}


@register
class StringOrObjectCast(Rule):
    """FG103's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG103.md``)."""

    code = "FG103"

    @classmethod
    def check(cls, ctx):
        seen = set()
        for body in ctx.bodies():
            if not feeds_batches(body):
                continue
            for p in body.produced():
                # each element, and each array inside a multi-input or multi-output one
                # (``[a.astype(str), b]``)
                pieces = []
                for el, site in body.elements(p.value, p.site):
                    pieces.append((el, site))
                    pieces.extend(leaf for leaf in body.leaves(el, site) if leaf[0] is not el)
                for el, site in pieces:
                    hit = body.suspicious_cast(el, site)
                    if hit is None or hit.node in seen:
                        continue
                    seen.add(hit.node)
                    verb = "returns" if body.dataset else "yields"
                    yield ctx.report(
                        cls,
                        hit.node,
                        f"{hit.what} in the batch that {body.label} {verb}; {_CONSEQUENCE[hit.kind]}",
                        start=hit.start,
                    )
