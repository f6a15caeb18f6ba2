"""Per-file results on disk, keyed by content: ``.migrate_fitgen_cache/``.

One file per entry, ``<folder>/<version>/<kind>/<key[:2]>/<key>``: workers read and
write entries themselves with no lock (an entry is written to a temporary file and
renamed into place, so a reader sees a whole entry or none).  The key is a hash of
everything the result depends on: the file's bytes (``content_hash``), the tool's
version and the settings that change the result (``key``).  The folder holds a
``.gitignore`` (``*``) and a ``CACHEDIR.TAG``, as ruff's ``.ruff_cache`` does.

Entries are pickles read back with an allow-list of classes (``_SAFE``): a cache
folder committed to a repository by someone else can hand back wrong results, never
run code.  An entry that cannot be read is a miss.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Optional, Sequence, Tuple

from migrate_fitgen import __version__

FOLDER = ".migrate_fitgen_cache"
ENV = "MIGRATE_FITGEN_CACHE_DIR"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by migrate-fitgen.\n"
)

#: the only globals an entry may name: result values, never functions
_SAFE = {
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("migrate_fitgen.project_models", "ModuleSummary"),
    ("migrate_fitgen.project_models", "Imported"),
    ("migrate_fitgen.project_models", "FunctionSummary"),
    ("migrate_fitgen.project_models", "ClassSummary"),
    ("migrate_fitgen.diagnostics", "Diagnostic"),
    ("migrate_fitgen.diagnostics", "Fix"),
    ("migrate_fitgen.diagnostics", "Edit"),
    ("migrate_fitgen.diagnostics", "Severity"),
    ("migrate_fitgen.diagnostics", "Applicability"),
}


def allow(module: str, name: str) -> None:
    """Let entries hold instances of ``module.name`` (a plain value class)."""
    _SAFE.add((module, name))


_FOUND: Dict[Tuple[str, str], Any] = {}  # (module, name) -> the allowed class, once looked up


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):  # noqa: D102
        found = _FOUND.get((module, name))
        if found is not None:
            return found
        if (module, name) not in _SAFE:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")
        found = _FOUND[(module, name)] = super().find_class(module, name)
        return found


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@functools.lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """The size and modification time of every module of the package: an edited
    checkout (an editable install) keeps its version number but must not read the
    results its old code cached.  About 60 ``stat`` calls, once per process."""
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=12)
    for p in sorted(here.rglob("*.py")):
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p.relative_to(here).as_posix()}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def key(*parts: Any) -> str:
    """A key from the tool's version, its code (``code_fingerprint``) and ``parts``
    (strings, numbers, tuples of them)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(repr((__version__, code_fingerprint(), parts)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


#: a file modified less than this long ago may change again within the same clock tick
#: of its modification time: its ``stat_signature`` is not trusted (git's "racily clean")
RACY_NS = 2_000_000_000


def stat_signature(path: str, now_ns: Optional[int] = None) -> Optional[Tuple[int, int, int, int]]:
    """(size, mtime, ctime, inode) of ``path``: a file whose signature is the one seen
    when a result was stored has the bytes it had then (as git's index and mypy's cache
    decide).  A replaced file has a new inode or ctime even when its size and mtime were
    kept (``cp -p``, ``rsync -t``).  None (never a match) for a file that cannot be
    read or was modified too recently to tell."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    now = time.time_ns() if now_ns is None else now_ns
    if now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def tree_signature(files: Sequence[str], now_ns: Optional[int] = None) -> Optional[str]:
    """One key for a whole walked tree: every file's path (as given) and
    ``stat_signature``, and the modification time of every folder that holds one (a
    module added or removed beside them changes what is local to the project).  None
    when any of them cannot be trusted (``stat_signature``): then nothing is known
    about the run as a whole.  What a run's result depends on besides the files is the
    caller's to add to the key (options, roots, shard)."""
    now = time.time_ns() if now_ns is None else now_ns
    oldest = now - RACY_NS
    stat = os.stat
    parts = []
    try:
        for path in files:
            st = stat(path)
            if st.st_mtime_ns > oldest or st.st_ctime_ns > oldest:
                return None
            parts.append((path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
        for folder in sorted({os.path.dirname(p) for p in files}):
            st = stat(folder or ".")
            if st.st_mtime_ns > oldest or st.st_ctime_ns > oldest:
                return None
            parts.append((os.path.abspath(folder), st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    except OSError:
        return None
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def run_key(kind: str, files: Sequence[str], mine: Sequence[str], *parts: Any) -> Optional[str]:
    """The key of a whole run's result: the tree as walked (``tree_signature``), this
    shard's files (``mine``), the working folder and ``parts`` (the roots, options and
    settings the result depends on); None when the tree has no signature."""
    signature = tree_signature(files)
    if signature is None:
        return None
    shard = "all" if len(mine) == len(files) else content_hash("\0".join(mine).encode("utf-8", "surrogatepass"))
    return key(kind, signature, shard, os.getcwd(), *parts)


def kept_with_run(reason: str) -> bool:
    """Whether a run whose result holds this error may be kept under its ``run_key``:
    not when another run may not have it (a timeout, from the machine's load; a file
    that changed while it was read)."""
    return "took longer than" not in reason and "changed while" not in reason


def project_root(start: Optional[str]) -> str:
    """The folder the cache goes in: the nearest folder at or above ``start`` with a
    ``pyproject.toml`` (where the configuration is looked for), else ``start`` itself
    (its folder for a file), else the current directory."""
    here = Path(start or os.getcwd()).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return str(folder)
    return str(here)


class Cache:
    """Entries under ``folder`` (``None``: a cache that never hits and stores nothing)."""

    def __init__(self, folder: Optional[str]) -> None:
        self.folder = folder
        self._ready = False

    @classmethod
    def at_root(cls, start: Optional[str], override: Optional[str] = None) -> "Cache":
        """``override``, else ``$MIGRATE_FITGEN_CACHE_DIR``, else ``.migrate_fitgen_cache``
        in the project root (the folder of the nearest ``pyproject.toml``), else, for a
        folder that belongs to no project, the user's cache folder (nothing is added to
        a tree that has no project file)."""
        folder = override or os.environ.get(ENV)
        if not folder:
            root = project_root(start)
            if os.path.isfile(os.path.join(root, "pyproject.toml")):
                folder = os.path.join(root, FOLDER)
            else:
                base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
                folder = os.path.join(base, "migrate-fitgen")
        return cls(folder)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, kind: str, k: str) -> str:
        assert self.folder is not None
        return os.path.join(self.folder, __version__, kind, k[:2], k)

    def get(self, kind: str, k: str) -> Optional[Any]:
        if self.folder is None:
            return None
        return self._load(self._path(kind, k))

    def _prepare(self) -> None:
        assert self.folder is not None
        os.makedirs(self.folder, exist_ok=True)
        for name, text in ((".gitignore", "# created by migrate-fitgen\n*\n"), ("CACHEDIR.TAG", _TAG)):
            p = os.path.join(self.folder, name)
            if not os.path.exists(p):
                try:
                    with open(p, "w", encoding="utf-8") as fh:
                        fh.write(text)
                except OSError:
                    pass
        self._ready = True

    def put(self, kind: str, k: str, value: Any) -> None:
        """Store ``value``; a cache that cannot be written is silently skipped."""
        if self.folder is not None:
            self._store(self._path(kind, k), value)

    def _store(self, target: str, value: Any) -> None:
        """Pickle ``value`` to a temporary file beside ``target`` and rename it into
        place (a reader sees a whole entry or none); an ``OSError`` is swallowed."""
        try:
            if not self._ready:
                self._prepare()
            folder = os.path.dirname(target)
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass

    @staticmethod
    def _load(path: str) -> Optional[Any]:
        """The entry at ``path`` through the allow-listed unpickler; None for a missing,
        truncated or foreign one."""
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            return _Unpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001 - missing, truncated, foreign: a miss
            return None

    # --- tables: many entries of one kind in one file ---------------------------------

    def _table_path(self, kind: str, name: str) -> str:
        assert self.folder is not None
        return os.path.join(self.folder, __version__, "tables", f"{kind}-{name}")

    def table(self, kind: str, name: str) -> "Table":
        """The table of entries of ``kind`` and ``name`` (a ``key``): one file for
        thousands of entries, read and written one entry at a time (``Table``)."""
        if self.folder is None:
            return Table(None)
        if not self._ready:
            try:
                self._prepare()
            except OSError:
                return Table(None)
        return Table(self._table_path(kind, name) + ".sqlite")

    def __getstate__(self):
        return {"folder": self.folder, "_ready": False}


class Table:
    """Entries by key (a file's absolute path) in one SQLite file: what makes a warm run
    on a big tree fast (one file per entry is one ``open`` each), without holding the
    table in memory: a run on a 66,640-file tree kept every file's scan in one dict
    until it was pickled at the end, about 800 MB in the parent.  Values are pickles
    read back through the same allow-list as entries; writes are batched, each batch
    one transaction, and ``close`` writes the rest.  A table that cannot be opened,
    read or written (no ``sqlite3`` module, a read-only folder, another process holding
    the lock past the timeout, a damaged file) is a table of misses, never an error."""

    BATCH = 512

    def __init__(self, path: Optional[str]) -> None:
        self._db: Any = None
        self._pending: list = []
        self._dropped: list = []
        if path is None:
            return
        for attempt in (1, 2):
            try:
                import sqlite3

                os.makedirs(os.path.dirname(path), exist_ok=True)
                db = sqlite3.connect(path, timeout=2.0)
                db.execute("CREATE TABLE IF NOT EXISTS entries (k TEXT PRIMARY KEY, v BLOB NOT NULL)")
                db.commit()
                self._db = db
                return
            except Exception as exc:  # noqa: BLE001 - no sqlite3, an unwritable folder...
                damaged = type(exc).__name__ == "DatabaseError"  # (not locked: OperationalError)
                if attempt == 2 or not damaged:
                    return
                try:  # a damaged file ("file is not a database") is made again
                    os.unlink(path)
                except OSError:
                    return

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, k: str) -> Optional[Any]:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT v FROM entries WHERE k = ?", (k,)).fetchone()
            return None if row is None else _Unpickler(io.BytesIO(row[0])).load()
        except Exception:  # noqa: BLE001 - locked, damaged, foreign: a miss
            return None

    def put(self, k: str, value: Any) -> None:
        if self._db is None:
            return
        try:
            self._pending.append((k, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
        except Exception:  # noqa: BLE001 - a value that does not pickle is not kept
            return
        if len(self._pending) >= self.BATCH:
            self._flush()

    def drop(self, k: str) -> None:
        if self._db is not None:
            self._dropped.append((k,))
            if len(self._dropped) >= self.BATCH:
                self._flush()

    def keys(self) -> list:
        if self._db is None:
            return []
        try:
            return [row[0] for row in self._db.execute("SELECT k FROM entries")]
        except Exception:  # noqa: BLE001
            return []

    def _flush(self) -> None:
        pending, dropped = self._pending, self._dropped
        self._pending, self._dropped = [], []
        if self._db is None or not (pending or dropped):
            return
        try:
            with self._db:  # one transaction: committed, or rolled back on an error
                self._db.executemany("INSERT OR REPLACE INTO entries (k, v) VALUES (?, ?)", pending)
                self._db.executemany("DELETE FROM entries WHERE k = ?", dropped)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is skipped
            pass

    def close(self) -> None:
        self._flush()
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # noqa: BLE001
                pass
            self._db = None
