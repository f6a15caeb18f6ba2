"""How much does validate_batches cost per batch?  Prints figures; not a test.

    KERAS_BACKEND=jax python benchmarks/validator.py [--batches 200000] [--rounds 7] [--no-keras]

For each batch layout, a round times draining ``--batches`` batches from a raw
generator and from the same generator wrapped in ``validate_batches``; the
overhead of a round is (wrapped - raw) / batches.  The generator yields the same
pre-allocated arrays every time, so the figures measure the wrapper, not
allocation.  The median over the rounds is reported.

Then a Keras 3 train step of a small dense model is timed (``fit`` on a raw
generator, ``steps_per_epoch`` steps after a warm-up epoch) to express the
overhead as a percentage of a step.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from migrate_fitgen.runtime import BatchConversionWarning, validate_batches  # noqa: E402


def repeat(batch, n):
    for _ in range(n):
        yield batch


def drain_ns(gen) -> int:
    start = time.perf_counter_ns()
    for _ in gen:
        pass
    return time.perf_counter_ns() - start


def overhead_ns(batch, batches: int, rounds: int) -> tuple[float, float]:
    """Median (raw ns/batch, wrapper overhead ns/batch) over ``rounds`` interleaved rounds."""
    raw, extra = [], []
    drain_ns(validate_batches(repeat(batch, 1000)))  # warm caches
    for _ in range(rounds):
        r = drain_ns(repeat(batch, batches))
        w = drain_ns(validate_batches(repeat(batch, batches)))
        raw.append(r / batches)
        extra.append((w - r) / batches)
    return statistics.median(raw), statistics.median(extra)


def layouts():
    y = np.zeros((32, 10), np.float32)
    image = np.zeros((32, 224, 224, 3), np.float32)
    three = {
        "image": np.zeros((32, 64, 64, 3), np.float32),
        "meta": np.zeros((32, 8), np.float32),
        "ids": np.zeros((32, 1), np.int32),
    }
    return [
        ("(x, y): x 32x224x224x3 float32, y 32x10", (image, y), "fast path"),
        ("({3 inputs}, y): dict of 3 arrays, y 32x10", (three, y), "fast path"),
        ("(x, y, sample_weight)", (image, y, np.ones(32, np.float32)), "fast path"),
        ("[x, y] list (converted every batch)", [image, y], "full check"),
    ]


def keras_step_us(steps: int, rounds: int):
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import keras

    x = np.random.rand(32, 16).astype("float32")
    y = np.random.rand(32, 1).astype("float32")
    model = keras.Sequential(
        [keras.Input((16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer="sgd", loss="mse")
    model.fit(repeat((x, y), 50), steps_per_epoch=50, verbose=0, shuffle=False)  # compile
    raw, wrapped = [], []
    for _ in range(rounds):
        for sink, wrap in ((raw, False), (wrapped, True)):
            gen = repeat((x, y), steps)
            data = validate_batches(gen) if wrap else gen
            start = time.perf_counter_ns()
            model.fit(data, steps_per_epoch=steps, verbose=0, shuffle=False)
            sink.append((time.perf_counter_ns() - start) / steps / 1000)
    return keras, statistics.median(raw), statistics.median(wrapped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=2_000, help="Keras train steps per round")
    parser.add_argument("--no-keras", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore", BatchConversionWarning)

    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()} x{os.cpu_count()}; "
        f"{args.batches} batches x {args.rounds} rounds, median"
    )
    print()
    print(f"{'batch layout':48} {'path':>10} {'raw gen':>10} {'overhead':>10}")
    results = {}
    for label, batch, path in layouts():
        raw, extra = overhead_ns(batch, args.batches, args.rounds)
        results[label] = extra
        print(f"{label:48} {path:>10} {raw:>7.0f} ns {extra / 1000:>7.2f} us")

    if args.no_keras:
        return
    keras, step_raw, step_wrapped = keras_step_us(args.steps, args.rounds)
    print()
    print(
        f"Keras {keras.__version__} ({keras.backend.backend()}), "
        "Dense(32)-Dense(1) on (32, 16) float32, fit() on a generator, "
        f"{args.steps} steps x {args.rounds} rounds, median:"
    )
    print(f"  train step, raw generator:       {step_raw:8.1f} us")
    print(f"  train step, validate_batches:    {step_wrapped:8.1f} us  (end to end, noisy)")
    for label, extra in results.items():
        if "list" in label:
            continue
        share = 100 * extra / 1000 / step_raw
        print(f"  {label.split(':')[0]:33} {extra / 1000:6.2f} us = {share:5.2f}% of a step")


if __name__ == "__main__":
    main()
