"""Run a pure per-file function over many files: process pool, crash isolation,
shards and a progress bar.  The cache lives in ``migrate_fitgen.cache``.

The API (generic: ``rewrite`` and ``analyze`` both use it)::

    from migrate_fitgen import driver

    for index, outcome in driver.run(task, items, shared, jobs=4, progress=bar):
        if outcome.error is not None:   # the worker died on this item, or task raised
            report(items[index], outcome.error)
        else:
            use(outcome.value)

* ``task(item, shared)`` must be a module-level function (pickled by reference);
  ``item`` and what it returns must pickle.  It should be pure: what it returns
  depends only on its arguments and the files it reads.
* ``shared`` is handed to every worker once, when it starts (inherited through
  ``fork``; pickled where processes are spawned): the project-wide facts.
* Items go to the workers in chunks (a few dozen at a time, never more than two
  chunks per worker in flight), and results stream back as chunks finish.
  ``run`` yields ``(index, Outcome)`` pairs in *completion* order; ``ordered`` (the
  same pairs in input order, yielded as soon as every earlier one is in) is what a
  caller printing as it goes wants.  Output is therefore the same for any ``jobs``.
* Crash isolation: when a worker dies (a segmentation fault in a native parser, the
  OOM killer), the pool is broken and every chunk in flight is lost.  Those items are
  run again one after the other in a fresh process; the one it dies on is the culprit:
  its outcome is an error ("the parser crashed (the worker process was killed by
  SIGSEGV)"), and the run goes on with the rest.  An exception ``task`` raises
  becomes an error outcome for its item too (``internal error (...)``).
* ``timeout`` (seconds per item, default 30): an item still running after it gets
  ``took longer than N s; skipped``.  A worker arms a real-time timer that raises in
  Python code, and a CPU-time timer at twice as long whose signal kills the worker if
  it is stuck inside native code (a parser that does not return to Python): crash
  isolation then names the item, with the same words.
* ``jobs=0`` runs everything in the calling process: no isolation, no timeout, for
  debugging.
* ``shard_of(relpath, n)`` gives a file's shard (0-based) from a stable hash of its
  relative path; ``parse_shard("K/N")`` reads the option (K from 1 to N).
* ``run_tabled`` is ``run`` over file paths with a table of earlier results by path
  and stat signature (``cache.stat_signature``): unchanged files are answered in the
  calling process from one table file, the rest go to ``run``.
* ``Progress`` is a rich progress bar on stderr that shows only when stderr is a
  terminal, the caller did not ask for quiet, and the run has lasted more than a second.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

#: how many chunks each worker may have in flight (the rest wait in the parent)
IN_FLIGHT_PER_WORKER = 2
MAX_CHUNK = 32


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    #: one line: why the item has no value (its worker died, or the task raised)
    error: Optional[str] = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context(fresh: bool = False):
    """``fork`` on Linux (a worker starts in milliseconds and inherits ``shared``);
    the platform's default elsewhere (``fork`` is unsafe on macOS), which pickles
    ``task`` and ``shared``.  ``fresh``: ``spawn``, so that a worker is a new interpreter
    holding only what it is sent, not the parent's memory: the parent of a 66,640-file
    analysis holds its scans (180 MB), and every page a forked worker inherits counts
    in its RSS.  (Not ``forkserver``: its workers are the server's children, which the
    parent never waits for, so their CPU time and peak RSS are missing from what
    ``os.wait4`` and ``/usr/bin/time`` report for the run.)"""
    if fresh:
        return multiprocessing.get_context("spawn")
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


# ------------------------------------------------------------------------------------
# the worker side

_TASK: Optional[Callable[[Any, Any], Any]] = None
_SHARED: Any = None
_TIMEOUT: Optional[float] = None
DEFAULT_TIMEOUT = 30.0


class _ItemTimeout(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001
    raise _ItemTimeout()


def _init(task: Callable[[Any, Any], Any], shared: Any, timeout: Optional[float] = None) -> None:
    global _TASK, _SHARED, _TIMEOUT
    _TASK, _SHARED, _TIMEOUT = task, shared, timeout
    if timeout and hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, _on_alarm)
        # SIGVTALRM keeps its default action: it ends the process
        signal.signal(signal.SIGVTALRM, signal.SIG_DFL)
    try:  # a crash is reported by the parent, in one line; no traceback dump from here
        import faulthandler

        faulthandler.disable()
    except Exception:  # noqa: BLE001  # pragma: no cover
        pass
    # a worker ignores Ctrl-C: the parent decides what to do with it
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover - not the main thread
        pass


def _timed_out() -> str:
    return f"took longer than {_TIMEOUT:g} s; skipped (see --timeout)"


def _call(task: Callable[[Any, Any], Any], item: Any, shared: Any) -> Outcome:
    armed = bool(_TIMEOUT) and hasattr(signal, "setitimer")
    try:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, _TIMEOUT)
            signal.setitimer(signal.ITIMER_VIRTUAL, 2 * _TIMEOUT)
        return Outcome(task(item, shared))
    except _ItemTimeout:
        return Outcome(error=_timed_out())
    except Exception as exc:  # noqa: BLE001 - one item's failure is that item's outcome
        first = str(exc).splitlines()[0] if str(exc) else ""
        return Outcome(error=f"internal error ({type(exc).__name__}{': ' + first if first else ''})")
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)


def _run_chunk(chunk: List[Tuple[int, Any]]) -> List[Tuple[int, Outcome]]:
    assert _TASK is not None
    return [(i, _call(_TASK, item, _SHARED)) for i, item in chunk]


def _serial_main(conn, task, shared, chunk: List[Tuple[int, Any]], timeout: Optional[float] = None) -> None:
    _init(task, shared, timeout)
    for i, item in chunk:
        conn.send((i, _call(task, item, shared)))
    conn.close()


def _death(exitcode: Optional[int]) -> str:
    if exitcode is not None and -exitcode == getattr(signal, "SIGVTALRM", None) and _TIMEOUT_PARENT:
        return f"took longer than {_TIMEOUT_PARENT:g} s of CPU time; skipped (see --timeout)"
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the parser crashed (the worker process was killed by {name})"
    return f"the parser crashed (the worker process exited with status {exitcode})"


_TIMEOUT_PARENT: Optional[float] = None  # the parent's copy, to word a worker's death


def _isolate(
    task, shared, chunk: List[Tuple[int, Any]], timeout: Optional[float] = None, fresh: bool = False
) -> Iterator[Tuple[int, Outcome]]:
    """Run ``chunk`` one item after the other in a child process; when the child dies,
    the item it was on gets the error and a new child takes the rest."""
    ctx = _context(fresh)
    rest = list(chunk)
    while rest:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_serial_main, args=(child, task, shared, rest, timeout), daemon=True)
        proc.start()
        child.close()
        done = 0
        try:
            while done < len(rest):
                i, outcome = parent.recv()
                yield i, outcome
                done += 1
        except (EOFError, OSError):
            pass
        finally:
            parent.close()
            proc.join()
        if done < len(rest):
            yield rest[done][0], Outcome(error=_death(proc.exitcode))
            rest = rest[done + 1:]
        else:
            rest = []


# ------------------------------------------------------------------------------------
# the parent side


def _chunks(items: Sequence[Any], jobs: int, chunk_size: Optional[int]) -> Deque[List[Tuple[int, Any]]]:
    size = chunk_size or max(1, min(MAX_CHUNK, len(items) // (jobs * 8) or 1))
    indexed = list(enumerate(items))
    return deque(indexed[k:k + size] for k in range(0, len(indexed), size))


def run(
    task: Callable[[Any, Any], Any],
    items: Sequence[Any],
    shared: Any = None,
    *,
    jobs: int = 1,
    chunk_size: Optional[int] = None,
    progress: Optional["Progress"] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    fresh: bool = False,
) -> Iterator[Tuple[int, Outcome]]:
    """``(index, Outcome)`` for every item, in completion order (see the module doc).
    ``fresh``: the workers do not inherit this process's memory (``_context``); ``task``
    and ``shared`` are pickled to them."""
    global _TIMEOUT_PARENT
    _TIMEOUT_PARENT = timeout
    items = list(items)
    if not items:
        return
    if jobs <= 0:
        for i, item in enumerate(items):
            yield i, _call(task, item, shared)
            if progress is not None:
                progress.advance()
        return
    jobs = min(jobs, len(items))
    pending = _chunks(items, jobs, chunk_size)
    while pending:
        lost: List[Tuple[int, Any]] = []
        with ProcessPoolExecutor(
            jobs, mp_context=_context(fresh), initializer=_init, initargs=(task, shared, timeout)
        ) as pool:
            inflight: Dict[Any, List[Tuple[int, Any]]] = {}
            while pending or inflight:
                while pending and len(inflight) < jobs * IN_FLIGHT_PER_WORKER:
                    chunk = pending.popleft()
                    inflight[pool.submit(_run_chunk, chunk)] = chunk
                finished, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                broken = False
                for fut in finished:
                    chunk = inflight.pop(fut)
                    try:
                        results = fut.result()
                    except BrokenProcessPool:
                        lost.extend(chunk)
                        broken = True
                        continue
                    for i, outcome in results:
                        yield i, outcome
                    if progress is not None:
                        progress.advance(len(results))
                if broken:
                    for fut, chunk in inflight.items():
                        try:
                            results = fut.result()
                        except BrokenProcessPool:
                            lost.extend(chunk)
                            continue
                        for i, outcome in results:
                            yield i, outcome
                        if progress is not None:
                            progress.advance(len(results))
                    inflight.clear()
                    break
        if lost:
            lost.sort(key=lambda pair: pair[0])
            for i, outcome in _isolate(task, shared, lost, timeout, fresh):
                yield i, outcome
                if progress is not None:
                    progress.advance()


#: below this many files a run reads no table: one table holds the whole tree's entries,
#: and a pre-commit run on three files is faster with the three files' own entries
TABLE_MIN_ITEMS = 64


def run_tabled(
    task: Callable[[Any, Any], Any],
    paths: Sequence[str],
    shared: Any,
    *,
    store: Any,
    kind: str,
    name: str,
    fits: Optional[Callable[[Any, str], bool]] = None,
    **options: Any,
) -> Iterator[Tuple[int, Outcome]]:
    """``run`` over file paths, with a table of earlier results (``cache.Cache``'s
    ``table``, under ``kind`` and ``name``, a key of the settings)
    by absolute path and ``cache.stat_signature``: a file whose signature is unchanged
    since its result was stored gets that result without being read, in this process;
    the rest go to ``run``.  A warm run on a big tree then reads one file and stats the
    others instead of opening, hashing and unpickling an entry per file.  This run's
    results are added as they arrive (files that no longer exist dropped), so the
    table is never held in memory.  ``fits(value, path)``: whether a stored value may be used
    for ``path`` as it is asked for (a value naming the path string it was made for
    does not fit the same file reached from another folder)."""
    from migrate_fitgen.cache import stat_signature

    use = store is not None and store.enabled and len(paths) >= TABLE_MIN_ITEMS
    table = store.table(kind, name) if use else None
    if table is None or not table.enabled:
        yield from run(task, paths, shared, **options)
        return
    try:
        now = time.time_ns()
        progress = options.get("progress")
        keys = [os.path.abspath(p) for p in paths]
        sigs = [stat_signature(p, now) for p in paths]
        misses: List[int] = []
        for i, (k, sig) in enumerate(zip(keys, sigs)):
            entry = table.get(k) if sig is not None else None
            if (
                isinstance(entry, tuple) and len(entry) == 2 and entry[0] == sig
                and (fits is None or fits(entry[1], paths[i]))
            ):
                yield i, Outcome(entry[1])
                if progress is not None:
                    progress.advance()
            else:
                misses.append(i)
        if not misses:
            return
        for j, out in run(task, [paths[i] for i in misses], shared, **options):
            i = misses[j]
            if out.error is None and sigs[i] is not None:
                table.put(keys[i], (sigs[i], out.value))
            else:
                table.drop(keys[i])
            yield i, out
        seen = set(keys)
        for k in table.keys():
            if k not in seen and not os.path.exists(k):
                table.drop(k)
    finally:
        table.close()


def ordered(pairs: Iterable[Tuple[int, Outcome]]) -> Iterator[Tuple[int, Outcome]]:
    """The pairs of ``run`` in index order, each yielded as soon as all before it are in."""
    waiting: Dict[int, Outcome] = {}
    nxt = 0
    for i, outcome in pairs:
        waiting[i] = outcome
        while nxt in waiting:
            yield nxt, waiting.pop(nxt)
            nxt += 1
    for i in sorted(waiting):  # indexes never yielded by ``run`` (none, normally)
        yield i, waiting.pop(i)


# ------------------------------------------------------------------------------------
# shards


class ShardError(ValueError):
    pass


def parse_shard(text: str) -> Tuple[int, int]:
    """``"K/N"`` (1 <= K <= N) -> (K - 1, N)."""
    try:
        k_text, n_text = text.split("/")
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise ShardError(f"--shard must be K/N (e.g. 1/4), not {text!r}") from None
    if n < 1 or not 1 <= k <= n:
        raise ShardError(f"--shard {text}: K must be between 1 and N")
    return k - 1, n


def shard_of(relpath: str, n: int) -> int:
    """The 0-based shard of a file: a stable hash (BLAKE2b, not Python's ``hash``) of
    its path relative to the project root, with ``/`` separators, modulo ``n``."""
    key = relpath.replace(os.sep, "/")
    while key.startswith("./"):
        key = key[2:]
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n


# ------------------------------------------------------------------------------------
# progress


class Progress:
    """A rich progress bar on stderr, shown only when ``enabled`` (stderr is a terminal
    and the output is for a person) and once the work has lasted ``delay`` seconds."""

    def __init__(self, description: str, total: int, enabled: bool, delay: float = 1.0) -> None:
        self.description = description
        self.total = total
        self.enabled = enabled and total > 0
        self.delay = delay
        self.done = 0
        self._start = time.monotonic()
        self._bar = None
        self._task = None

    @staticmethod
    def wanted(quiet: bool = False, machine_output: bool = False) -> bool:
        """Whether a bar may be shown at all: never with --quiet, machine formats, or
        when stderr is a pipe or a CI log."""
        if quiet or machine_output:
            return False
        try:
            return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            return False

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._start < self.delay:
                return
            self._open()
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)

    def _open(self) -> None:
        try:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn
            from rich.progress import TimeElapsedColumn
        except ImportError:  # pragma: no cover - typer without rich
            self.enabled = False
            return
        self._bar = Bar(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.description, total=self.total, completed=self.done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
