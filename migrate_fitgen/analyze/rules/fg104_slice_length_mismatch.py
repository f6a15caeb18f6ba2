from migrate_fitgen.analyze import linear
from migrate_fitgen.analyze.generators import feeds_batches, trailer_start
from migrate_fitgen.analyze.rules.base import Rule, register


@register
class SliceLengthMismatch(Rule):
    """FG104's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG104.md``)."""

    code = "FG104"

    @classmethod
    def check(cls, ctx):
        seen = set()
        for body in ctx.bodies():
            if not feeds_batches(body):
                continue
            for p in body.produced():
                elements = body.elements(p.value, p.site)
                if not 2 <= len(elements) <= 3:
                    continue  # not an (x, y) or (x, y, sample_weight) batch
                # every array of the batch: all inputs and targets of a multi-input or
                # multi-output model share the batch's rows too
                slices = [body.slice_of(leaf, where) for e, site in elements for leaf, where in body.leaves(e, site)]
                known = [s for s in slices if s is not None]
                if len(known) < 2:
                    continue
                ref = known[0]
                ref_node, ref_lower, ref_len = ref
                for node, lower, length in known[1:]:
                    # one running index: the lower bounds share a name, or both start at a
                    # constant and the lengths share one (`x[:n]`, `y[:n - 1]`); fixed
                    # subsets such as `x[:100]` and `y[:10]` are no batch of one index
                    same_index = bool(linear.symbols(ref_lower) & linear.symbols(lower)) or (
                        linear.is_constant(ref_lower)
                        and linear.is_constant(lower)
                        and bool(linear.symbols(ref_len) & linear.symbols(length))
                    )
                    diff = linear.add(length, ref_len, -1)
                    if not same_index or not diff or not linear.is_constant(diff):
                        continue
                    if node in seen:
                        continue
                    seen.add(node)
                    n = linear.constant_of(diff)
                    more = f"{abs(n)} {'more' if n > 0 else 'fewer'} row{'s' if abs(n) != 1 else ''}"
                    yield ctx.report(
                        cls,
                        node,
                        f"`{ctx.code(node)}` has {more} than `{ctx.code(ref_node)}` in the batch that "
                        f"{body.label} {'returns' if body.dataset else 'yields'}; Keras does not check "
                        "it, and training fails with a broadcasting or shape error (or, where "
                        "shapes broadcast, computes the loss on the wrong rows): slice both to "
                        "the same length",
                        start=trailer_start(node),
                    )
