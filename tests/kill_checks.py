"""Kill `rewrite` with SIGKILL at random moments and check the tree (issue 12): every
file is byte-identical to its original or to its fully rewritten form, and no
temporary file is left.  Used by tests/test_kill.py (a few kills) and
benchmarks/kill.py (as many as asked)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

TEMPLATES = [
    "import keras\n\nmodel = keras.Sequential()\nmodel.fit_generator(gen, {n}, 2)\n",
    "# -*- coding: latin-1 -*-\nimport keras\n# caf\xe9\nm = keras.Model()\nm.evaluate_generator(batches({n}), steps={n})\n",
    "import keras\r\nm = keras.Model()\r\nm.predict_generator(g, {n}, verbose=1)\r\n",
    "import numpy as np\n\ndef f(x):\n    return x + {n}\n",  # nothing to rewrite
]


def build_tree(root: Path, files: int = 300) -> None:
    for i in range(files):
        folder = root / f"pkg{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = TEMPLATES[i % len(TEMPLATES)].format(n=i)
        encoding = "latin-1" if "latin-1" in text else "utf-8"
        (folder / f"m{i}.py").write_bytes(text.encode(encoding))


def snapshot(root: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def command(tree: Path, cache: Path) -> List[str]:
    return [sys.executable, "-m", "migrate_fitgen", "rewrite", "--quiet", "--cache-dir", str(cache), str(tree)]


def expected_forms(work: Path, files: int = 300) -> Tuple[Dict[str, bytes], Dict[str, bytes], float]:
    """(original bytes, rewritten bytes, seconds a whole run takes) of a fresh tree."""
    original_tree = work / "original"
    build_tree(original_tree, files)
    done = work / "done"
    shutil.copytree(original_tree, done)
    started = time.monotonic()
    subprocess.run(command(done, work / "cache-done"), check=False, capture_output=True, timeout=600)
    seconds = time.monotonic() - started
    return snapshot(original_tree), snapshot(done), seconds


def kill_once(work: Path, original: Dict[str, bytes], rewritten: Dict[str, bytes], delay: float, k: int) -> List[str]:
    """Start a rewrite of a fresh copy, SIGKILL its process group after ``delay``
    seconds, and return the problems found (empty: the promise holds)."""
    tree = work / f"kill{k}"
    shutil.copytree(work / "original", tree)
    proc = subprocess.Popen(
        command(tree, work / f"cache{k}"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    time.sleep(0.05)
    problems = []
    now = snapshot(tree)
    for name, data in now.items():
        if name not in original:
            problems.append(f"{name}: a file that was not there before (a temporary file?)")
        elif data != original[name] and data != rewritten[name]:
            problems.append(f"{name}: neither the original nor the rewritten bytes")
    for name in original:
        if name not in now:
            problems.append(f"{name}: lost")
    shutil.rmtree(tree)
    return problems


def kill_many(work: Path, runs: int, seed: int = 0, files: int = 300) -> Tuple[int, int, List[str]]:
    """(kills performed, files checked, problems)."""
    original, rewritten, seconds = expected_forms(work, files)
    assert original != rewritten
    rng = random.Random(seed)
    problems: List[str] = []
    checked = 0
    for k in range(runs):
        delay = rng.uniform(0.05, max(0.2, seconds))
        problems += kill_once(work, original, rewritten, delay, k)
        checked += len(original)
    return runs, checked, problems
