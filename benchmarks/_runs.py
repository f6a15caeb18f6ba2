"""What speed.py and scaling.py share: run a command as a child process and measure it,
find out which options the command line has, and the floor.

Each run is one child: its wall time (perf_counter around it), its CPU time and its
peak RSS from ``os.wait4`` (Linux counts the children it waited for too: for a run
with worker processes the RSS is the largest single process, not their sum).
"""

from __future__ import annotations

import ast
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int


@dataclass
class Row:
    label: str
    argv: List[str]
    runs: List[Run] = field(default_factory=list)
    setup: Optional[Callable[["Row"], None]] = None  # before each run (empties a cold cache)
    note: str = ""

    def median(self, attr: str = "wall") -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    def peak(self) -> float:
        return max(r.rss_mb for r in self.runs)


def env(root: Path = ROOT) -> Dict[str, str]:
    """The environment of a child: ``root`` (this checkout by default) comes first on
    PYTHONPATH, so the command measured is this code."""
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join([str(root), out.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return out


def run(
    argv: Sequence[str], cwd: Path, memory_limit_mb: int = 0, timeout: float = 0,
    stdin: Optional[Path] = None, root: Path = ROOT,
) -> Run:
    """One child process; ``stdin`` is fed from a file, stdout and stderr are thrown away."""

    def limit() -> None:  # pragma: no cover - runs in the child
        if memory_limit_mb:
            size = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    feed = open(stdin, "rb") if stdin is not None else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), cwd=cwd, env=env(root), stdin=feed,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=limit,
    )
    deadline = t0 + timeout if timeout else None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if deadline else 0)
        if pid:
            break
        if time.perf_counter() > deadline:  # type: ignore[operator]
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            status = -9 << 8
            break
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    if stdin is not None:
        feed.close()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status) if status >= 0 else -9
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def cli(*args: str) -> List[str]:
    return [PYTHON, "-m", "migrate_fitgen", *args]


def options_of(command: str) -> str:
    """``migrate-fitgen COMMAND --help``, to see which options this version has."""
    return subprocess.run(
        cli(command, "--help"), capture_output=True, text=True, env=env(), cwd=ROOT,
    ).stdout


class Cache:
    """Cold and warm runs, as far as the command line supports a cache.

    ``--cache-dir``: a cold run gets its folder emptied first, a warm run uses a folder
    filled by an earlier run.  Else ``--no-cache``: a cold run passes it, a warm run
    uses the default cache.  Else there is no cache: every run is cold and no warm row
    is printed."""

    def __init__(self, help_text: str) -> None:
        self.dir_option = "--cache-dir" in help_text
        self.no_cache_option = "--no-cache" in help_text
        self.supported = self.dir_option or self.no_cache_option
        self.cold_dir = tempfile.mkdtemp(prefix="mf-cold-cache-") if self.dir_option else ""
        self.warm_dir = tempfile.mkdtemp(prefix="mf-warm-cache-") if self.dir_option else ""

    def cold_args(self) -> List[str]:
        if self.dir_option:
            return ["--cache-dir", self.cold_dir]
        return ["--no-cache"] if self.no_cache_option else []

    def warm_args(self) -> List[str]:
        return ["--cache-dir", self.warm_dir] if self.dir_option else []

    def before_cold(self, row: "Row") -> None:
        if self.dir_option:
            shutil.rmtree(self.cold_dir, ignore_errors=True)
            os.makedirs(self.cold_dir)


def jobs_supported(help_text: str) -> bool:
    return "--jobs" in help_text


# the floor --------------------------------------------------------------------------

FLOOR_SCRIPT = Path(__file__).resolve()


def floor(tree: str) -> int:
    """Read every .py file under ``tree`` (the tool's walk) and ``ast.parse`` those the
    analyser's prefilter keeps: the least any analysis of the tree has to do."""
    from migrate_fitgen.prefilter import ANALYSIS_WORDS
    from migrate_fitgen.keras_imports import might_matter
    from migrate_fitgen.sources import SourceError, iter_python_files, read_source
    import warnings

    warnings.simplefilter("ignore")
    parsed = 0
    for path in iter_python_files([tree]):
        try:
            text = read_source(path).text
        except SourceError:
            continue
        if any(w in text for w in ANALYSIS_WORDS) or might_matter(text):
            try:
                ast.parse(text)
            except (SyntaxError, ValueError, RecursionError):
                pass
            parsed += 1
    return parsed


def floor_argv(tree: str) -> List[str]:
    return [PYTHON, str(FLOOR_SCRIPT), tree]


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds < 100 else f"{seconds:.0f}"


if __name__ == "__main__":  # the floor, as a child process like the others
    sys.path.insert(0, str(ROOT))
    print(floor(sys.argv[1]))
