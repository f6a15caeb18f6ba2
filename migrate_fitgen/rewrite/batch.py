"""``rewrite`` over a tree, through ``migrate_fitgen.driver``: two per-file passes.

1. ``scan_file`` (every file of the tree, in every shard): read the bytes, hash them,
   decide from the bytes whether the file can hold anything to rewrite (a legacy
   method name; with ``--target keras3``, the tokens of a Keras 2 import FG008
   fixes), decode it, and make its summary for the project pass (``ast``, no libcst).
   The result depends on the bytes only: it is cached by their hash.
2. ``rewrite_file`` (the files the prefilter kept, of this shard): ``rewrite_source``
   with the project facts every worker received once.  Its result depends on the
   file, the options and the whole tree: it is cached under the file's hash, the
   options and ``project_digest`` (the tree's paths and hashes and the settings).
"""

from __future__ import annotations

import dataclasses
import gc
import os
from dataclasses import dataclass, field
from typing import FrozenSet, Mapping, Optional, Sequence, Tuple

from migrate_fitgen import cache as cache_mod
from migrate_fitgen.diagnostics import Diagnostic
from migrate_fitgen.keras1_names import may_hold_training_issue
from migrate_fitgen.keras1_names import might_matter as training_might_matter
from migrate_fitgen.keras_api import METHODS
from migrate_fitgen.keras_imports import may_hold_import_issue
from migrate_fitgen.keras_imports import might_matter as import_might_matter
from migrate_fitgen.prefilter import names_legacy
from migrate_fitgen.keras_receivers import FileInfo, ProjectInfo, file_info, project_info_from
from migrate_fitgen.project_models import ModuleSummary
from migrate_fitgen.rewrite.plan import RewriteOptions
from migrate_fitgen.sources import SourceError, SourceFile, decode_source, encode_source, parse_python, read_bytes, read_source



def wanted(data: bytes, target: str) -> bool:
    """Can these bytes hold a call or an import the rewrite changes?  The same test as
    ``rewrite_source``'s own early return (``keras_imports.might_matter`` for FG008),
    made on the bytes: every name tested is ASCII, and Python source is in an
    ASCII-compatible encoding."""
    if names_legacy(data):
        return True
    if training_might_matter(data):  # optimizer and layer arguments (FG2xx), any target
        return True
    return _import_wanted(data, target)


def _import_wanted(data: bytes, target: str) -> bool:
    """The bytes can hold a Keras 2 import FG008 fixes (``--target keras3``)."""
    return target == "keras3" and import_might_matter(data)



@dataclass(frozen=True)
class ScanResult:
    digest: str = ""
    wanted: bool = False
    #: why the file cannot be read or decoded (it is reported; nothing else is known)
    error: Optional[str] = None
    #: the summary (``path`` left empty: the same bytes elsewhere have the same one);
    #: made here only for a file that holds a legacy name, otherwise on demand
    summary: Optional[ModuleSummary] = None
    summarized: bool = False
    #: classes that define their own legacy method and derive from no Keras model
    custom: FrozenSet[str] = frozenset()


@dataclass(frozen=True)
class ScanContext:
    target: str
    cache: cache_mod.Cache = field(default_factory=lambda: cache_mod.Cache(None))


def _text_of(data: bytes, notebook: bool) -> str:
    """The Python text of a file's bytes: a notebook's is the program of its code
    cells (``migrate_fitgen.notebooks``)."""
    if notebook:
        from migrate_fitgen import notebooks

        return notebooks.program_text(data)
    return decode_source(data).text


def _scan_bytes(data: bytes, digest: str, target: str, notebook: bool = False) -> ScanResult:
    try:
        text = _text_of(data, notebook)
    except SourceError as exc:
        return ScanResult(digest, False, str(exc))
    if notebook:  # the prefilter looks at the code cells, not at the outputs
        data = text.encode("utf-8", "surrogatepass")
    if not names_legacy(data):
        # no class here defines a legacy method; the summary is made if a lookup needs it
        return ScanResult(digest, _tree_wanted(data, target, _LazyTree(text)))
    # the summary is made now (``file_info``, its own parse, as before); the same tree
    # then tells whether a legacy method is called at all: a file that only defines or
    # names one (Keras' own ``training.py``) goes to libcst only for the other rules
    tree = _parsed(text)
    info = file_info("", text, tree) if tree is not None else file_info("", text)
    wanted = tree is None or _calls_legacy(tree) or _tree_wanted(data, target, _LazyTree(text, tree))
    return ScanResult(
        digest, wanted, summary=info.summary, custom=frozenset(info.custom_classes), summarized=True
    )


def _parsed(text: str):
    """``ast.parse(text)`` as ``file_info`` makes it, or None when it fails (then
    ``file_info`` parses again, to say why)."""

    try:
        return parse_python(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _calls_legacy(tree) -> bool:
    """A legacy method is called (``x.fit_generator(...)``): the only node
    ``rewrite_source``'s transformer edits or reports (``LegacyCallTransformer.leave_Call``)."""
    import ast

    from migrate_fitgen.ast_nodes import collect

    return any(
        isinstance(call.func, ast.Attribute) and call.func.attr in METHODS for call in collect(tree).calls
    )


def _tree_wanted(data: bytes, target: str, tree: "_LazyTree") -> bool:
    """Beyond the legacy calls: can the file hold a training-path finding (FG2xx) or a
    Keras 2 import FG008 reports?  The bytes tests first, then the ``ast`` tests."""
    if training_might_matter(data) and tree.says(may_hold_training_issue):  # FG2xx
        return True
    return _import_wanted(data, target) and tree.says(may_hold_import_issue)


class _LazyTree:
    """A text's ``ast`` module, parsed the first time an ``ast`` pre-test asks, and its
    imports, calls and attributes (``ast_nodes.collect``), gathered once for every test.
    A test says "maybe" for a text ``ast`` cannot parse: libcst, which may accept it,
    decides."""

    def __init__(self, text: str, tree=None) -> None:
        self.text = text
        self._tree: object = tree
        self._nodes = None

    def says(self, test) -> bool:
        if self._tree is None:
            from migrate_fitgen.prefilter import python_tree

            self._tree = python_tree(self.text) or False
        if self._tree is False:
            return True
        if self._nodes is None:
            from migrate_fitgen.ast_nodes import collect

            self._nodes = collect(self._tree)
        return test(self._nodes)


def _summary_of(path: str, cache: cache_mod.Cache, digest: str) -> Optional[ModuleSummary]:
    """The summary of a file (``path`` left empty), from the cache or made now."""
    notebook = path.endswith(".ipynb")
    k = cache_mod.key("summary", digest, *(("ipynb",) if notebook else ()))
    hit = cache.get("summary", k)
    if isinstance(hit, tuple) and len(hit) == 1:
        return hit[0]
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        text = _text_of(data, notebook)
    except (OSError, SourceError):
        return None
    summary = file_info("", text).summary
    if cache_mod.content_hash(data) == digest:
        cache.put("summary", k, (summary,))
    return summary


class LazySummaries(Mapping):
    """path -> ModuleSummary of every file that parses, each made (or read from the
    cache) the first time it is asked for.  ``ModelResolver`` indexes ``candidates()``
    and asks only for the modules a lookup reaches; iterating forces every summary.

    ``known``: the summaries the scan made (None: the file does not parse), each kept
    as ``unpack`` takes it when given (``analyze`` keeps them pickled and compressed);
    every other path of ``digests`` is read and summarised when first asked for, in the
    process that asks (a worker: the mapping is pickled with the project)."""

    def __init__(self, digests: Mapping[str, str], known: Mapping[str, object],
                 cache: cache_mod.Cache, unpack=None) -> None:
        self._digests = digests  # (the caller's, not copied: it is the tree's)
        self._known = dict(known)
        self._unpack = unpack
        self._memo: dict = {}
        self._cache = cache

    def candidates(self) -> list:
        return list(self._digests)

    def get(self, path, default=None):  # type: ignore[override]
        if path not in self._memo:
            if path in self._known:
                found = self._known.pop(path)  # (kept once: unpacked in the memo)
                if found is not None and self._unpack is not None:
                    found = self._unpack(found)
            else:
                digest = self._digests.get(path)
                if digest is None:
                    return default
                found = _summary_of(path, self._cache, digest)
                if found is not None:
                    found = dataclasses.replace(found, path=path)
            self._memo[path] = found
        found = self._memo[path]
        return default if found is None else found

    def __getitem__(self, path):
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found

    def __iter__(self):
        return (p for p in self._digests if self.get(p) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def scan_table(target: str) -> str:
    """The name of the table of scans (``driver.run_tabled``) for ``target``: a scan
    depends on the file's bytes, the target and the code, nothing else."""
    return cache_mod.key("scan-table", target)


def scan_file(path: str, ctx: ScanContext) -> ScanResult:
    try:
        data = read_bytes(path)
    except SourceError as exc:
        return ScanResult(error=str(exc))
    digest = cache_mod.content_hash(data)
    notebook = path.endswith(".ipynb")
    k = cache_mod.key("scan", digest, ctx.target, *(("ipynb",) if notebook else ()))
    found = ctx.cache.get("scan", k)
    if isinstance(found, ScanResult):
        return found
    # the ``ast`` trees made here hold no cycle: reference counting frees them, and the
    # collector, run while one is built, would only walk its nodes again (8-18% of a scan)
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = _scan_bytes(data, digest, ctx.target, notebook)
    finally:
        if collecting:
            gc.enable()
    ctx.cache.put("scan", k, result)
    return result


def project_info(
    paths: Sequence[str],
    scans: Mapping[str, ScanResult],
    roots: Sequence[str],
    keras_models: Sequence[str],
    not_keras: Sequence[str],
    cache: Optional[cache_mod.Cache] = None,
) -> ProjectInfo:
    """``collect_project_info`` made from the scans (the same facts, no parse)."""
    infos, digests, known = [], {}, {}
    for path in paths:
        scan = scans.get(path)
        if scan is None or scan.error is not None:
            continue  # not read: not among the sources, as before
        digests[path] = scan.digest
        if scan.summarized:
            known[path] = dataclasses.replace(scan.summary, path=path) if scan.summary is not None else None
        infos.append(FileInfo(path, None, tuple(sorted(scan.custom))))
    info = project_info_from(infos, roots, keras_models, not_keras)
    return dataclasses.replace(info, modules=LazySummaries(digests, known, cache or cache_mod.Cache(None)))


def project_digest(paths: Sequence[str], scans: Mapping[str, ScanResult], project: ProjectInfo) -> str:
    """What every file's rewrite may depend on besides its own bytes."""
    return cache_mod.key(
        "project",
        tuple((os.path.abspath(p), scans[p].digest if p in scans else "") for p in paths),
        # names that are no identifiers cannot be imported (the cache's own folder)
        tuple(sorted(n for n in project.local_modules if n.isidentifier())),
        project.keras_models,
        project.not_keras,
    )


@dataclass(frozen=True)
class FileResult:
    error: Optional[str] = None
    changed: bool = False
    #: the rewritten text, when it changed
    output: Optional[str] = None
    source: Optional[str] = None
    diagnostics: Tuple[Diagnostic, ...] = ()
    calls_migrated: int = 0
    #: a notebook's changed cells: (cell number, source before, source after)
    cells: Tuple[Tuple[int, str, str], ...] = ()
    #: a notebook's cells left alone, each a one-line reason ("cell 3: does not parse ...")
    cell_errors: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RewriteContext:
    options: RewriteOptions
    project: ProjectInfo
    digest: str  # project_digest
    cache: cache_mod.Cache = field(default_factory=lambda: cache_mod.Cache(None))
    #: whether the caller needs the text (--diff, in place); --check does not
    keep_text: bool = True


def rewrite_file(item: Tuple[str, str], ctx: RewriteContext) -> FileResult:
    """``item`` is (path, content digest from the scan)."""
    from migrate_fitgen.rewrite.engine import rewrite_source

    path, digest = item
    opts = ctx.options
    k = cache_mod.key(
        "rewrite", digest, path, ctx.digest, opts.target, opts.wrap, opts.unsafe_fixes, ctx.keep_text
    )
    found = ctx.cache.get("rewrite", k)
    if isinstance(found, FileResult):
        return found
    try:
        if path.endswith(".ipynb"):
            out = _rewrite_notebook(path, digest, ctx)
        else:
            src = _read(path, digest)
            result = rewrite_source(src.text, path, opts, ctx.project)
            keep = ctx.keep_text and result.changed
            out = FileResult(
                changed=result.changed,
                output=result.output if keep else None,
                source=result.source if keep else None,
                diagnostics=tuple(result.diagnostics),
                calls_migrated=result.calls_migrated,
            )
    except SourceError as exc:
        out = FileResult(error=str(exc))
    if out.error is None or "changed while" not in out.error:
        ctx.cache.put("rewrite", k, out)
    return out


def _rewrite_notebook(path: str, digest: str, ctx: RewriteContext) -> FileResult:
    """``rewrite_source`` over the program of a notebook's code cells; the result is
    the notebook's JSON with only the changed cells' sources replaced."""
    from migrate_fitgen import notebooks
    from migrate_fitgen.rewrite.engine import rewrite_source

    src = _read(path, digest)  # the JSON text, checked against the scan's bytes
    done = notebooks.rewrite_notebook(
        encode_source(src, src.text), path, lambda text: rewrite_source(text, path, ctx.options, ctx.project)
    )
    keep = ctx.keep_text and bool(done.changes)
    return FileResult(
        changed=bool(done.changes),
        output=done.text if keep else None,
        source=src.text if keep else None,
        diagnostics=done.diagnostics,
        calls_migrated=done.calls_migrated,
        cells=tuple((c.number, c.before, c.after) for c in done.changes) if keep else (),
        cell_errors=done.problems,
    )


def _read(path: str, digest: str) -> SourceFile:
    """``read_source``, checking the bytes are those the scan saw (``content_hash`` is
    the same blake2b as ``sources.bytes_digest``)."""
    return read_source(path, digest)


@dataclass
class TreeOutcome:
    files: int
    #: (path, reason) of this shard's files that cannot be read or decoded, in walk order
    read_errors: list
    #: (path, FileResult) for the files of this shard the prefilter kept, in walk order
    results: list


def rewrite_tree(
    files: Sequence[str], roots: Sequence[str], options: RewriteOptions,
    receivers: Tuple[Tuple[str, ...], Tuple[str, ...]], run, keep_text: bool,
) -> TreeOutcome:
    """Scan the whole tree (summaries for the project pass, cached), then rewrite this
    shard's files that can hold something to rewrite, in worker processes (``run`` is
    ``cli.RunSettings``).  An unchanged tree (``cache.tree_signature``) with the same
    roots, shard, options and settings gets the last run's outcome from one entry."""
    store = cache_mod.Cache(run.cache_folder)
    mine = run.mine(list(files))
    run_key = None
    if store.enabled:
        run_key = cache_mod.run_key("rewrite-run", files, mine, tuple(roots), repr(options), receivers, keep_text)
        if run_key is not None:
            found = store.get("rewrite-run", run_key)
            if isinstance(found, TreeOutcome):
                return found
    out = _rewrite_tree(files, mine, roots, options, receivers, run, keep_text, store)
    if run_key is not None and all(r.error is None or cache_mod.kept_with_run(r.error) for _, r in out.results):
        store.put("rewrite-run", run_key, out)
    return out


def _rewrite_tree(files, mine, roots, options, receivers, run, keep_text, store) -> TreeOutcome:
    from migrate_fitgen import driver

    scans = {}
    with driver.Progress("scanning", len(files), run.progress) as bar:
        for i, out in driver.run_tabled(
            scan_file, files, ScanContext(options.target, store), store=store, kind="scan",
            name=scan_table(options.target), jobs=run.jobs, progress=bar, timeout=run.timeout,
        ):
            scans[files[i]] = out.value if out.error is None else ScanResult(error=out.error)
    read_errors = [(path, scans[path].error) for path in mine if scans[path].error is not None]
    project = project_info(files, scans, roots, *receivers, cache=store)
    ctx = RewriteContext(options, project, project_digest(files, scans, project), store, keep_text)
    todo = [p for p in mine if scans[p].error is None and scans[p].wanted]
    results = []
    with driver.Progress("rewriting", len(todo), run.progress) as bar:
        pairs = driver.run(
            rewrite_file, [(p, scans[p].digest) for p in todo], ctx, jobs=run.jobs,
            chunk_size=1, progress=bar, timeout=run.timeout,
        )
        for i, out in driver.ordered(pairs):
            results.append((todo[i], out.value if out.error is None else FileResult(error=out.error)))
    return TreeOutcome(len(mine), read_errors, results)


cache_mod.allow(__name__, "ScanResult")
cache_mod.allow(__name__, "FileResult")
cache_mod.allow(__name__, "TreeOutcome")
