from migrate_fitgen.analyze import linear
from migrate_fitgen.analyze.generators import feeds_batches, trailer_start
from migrate_fitgen.analyze.rules.base import BODY_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class SliceLengthMismatch(Rule):
    """
    ## What it does
    Flags the elements of a batch (`x`, `y`, `sample_weight`) that are sliced from the
    same index with lengths that differ by a constant: `X[i:i + bs]` and
    `y[i:i + bs - 5]`. Lengths are computed as `upper - lower` after following the
    simple assignments in the generator (`end = start + bs`), so an offset with equal
    lengths (`X[i:i + n]` with `y[i + d:i + d + n]`, the time-series shift) is correct
    and not reported. Lengths that may or may not be equal (`X[i:i + a]`, `y[i:i + b]`)
    are not reported either. It looks at Keras data generators (those passed to a
    training call anywhere in the analysed code, or that yield tuples in a module that
    imports `keras`, `tensorflow` or `tf_keras`), at `__getitem__` of a
    `PyDataset`/`Sequence` and, since the pattern is suspicious anywhere, at any
    generator that yields an `(x, y)`-shaped batch of arrays or first-axis slices,
    Keras import or not.

    ## Why is this bad?
    Keras does not check that x and y have the same number of rows. The mismatch
    surfaces late, as a backend broadcasting error (`sub got incompatible shapes for
    broadcasting: (27, 1), (32, 1)` on JAX, `Incompatible shapes: [27,1] vs. [32,1]` on
    TensorFlow), or not at all when the loss happens to broadcast.

    ## Example
    ```python
    import keras

    def batches(x, y, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size - 5]
    ```

    ## Use instead
    ```python
    import keras

    def batches(x, y, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size]
    ```

    ## Fix safety
    No automatic fix: which of the two slices is wrong needs a person.
    """

    code = "FG104"
    name = "slice-length-mismatch"
    severity = Severity.ERROR
    summary = "x and y sliced from the same index with different lengths"
    tokens = BODY_TOKENS

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
                slices = [body.slice_of(e, site) for e, site in elements]
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
                        "it and the loss fails with a broadcasting error: slice both to the same length",
                        start=trailer_start(node),
                    )
