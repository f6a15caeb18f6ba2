"""How fast `rewrite_source` is: prints the median time per file and per 1,000 lines
for a synthetic training script with legacy calls and one without any.

    python benchmarks/rewrite.py [--files N] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import time

from migrate_fitgen.rewrite import RewriteOptions, collect_project_info, rewrite_source

HEADER = "import numpy as np\nimport keras\nfrom keras.models import Sequential\n\n"
BLOCK = '''
def batches_{i}(x, y, bs):
    """Yield batches forever."""
    while True:
        for j in range(0, len(x), bs):
            yield x[j:j + bs], y[j:j + bs]  # a comment


model_{i} = Sequential()
history_{i} = model_{i}.fit_generator(batches_{i}(X, Y, 32), 100, 10,
                                     validation_data=batches_{i}(Xv, Yv, 32),
                                     validation_steps=5, workers=4)
score_{i} = model_{i}.evaluate_generator(batches_{i}(Xt, Yt, 32), 20)
'''
PLAIN = '''
def helper_{i}(values):
    total = 0
    for v in values:
        total += v * {i}
    return total
'''


def make(blocks: int, template: str) -> str:
    return HEADER + "".join(template.format(i=i) for i in range(blocks))


def measure(text: str, rounds: int) -> float:
    project = collect_project_info({"bench.py": text})
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        rewrite_source(text, "bench.py", RewriteOptions(), project)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--blocks", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    cases = (
        ("every block", make(args.blocks, BLOCK)),
        ("one block", make(1, BLOCK) + make(args.blocks * 2, PLAIN)),
        ("no legacy call", make(args.blocks * 2, PLAIN)),
    )
    for label, text in cases:
        lines = text.count("\n")
        t = measure(text, args.rounds)
        print(f"{label:15s} {lines:6d} lines  median {t * 1000:8.1f} ms/file  "
              f"{t * 1000 / lines * 1000:7.1f} ms per 1,000 lines")


if __name__ == "__main__":
    main()
