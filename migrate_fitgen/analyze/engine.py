"""The pure core of ``migrate-fitgen analyze``: source text in, diagnostics out.

``analyze_source`` checks one module; ``analyze_paths`` walks files (the same walk and
exclusions as ``rewrite``), links generators to training calls across them, and
collects the files that could not be processed.  Nothing here prints.
"""

from __future__ import annotations

import ast
import fnmatch
import gc
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

from migrate_fitgen.analyze import noqa as noqa_mod
from migrate_fitgen.sources import parse_module, parse_python
from migrate_fitgen.analyze.data_names import DataSummary, NameIndex
from migrate_fitgen.analyze.data_names import summarise as summarise_data
from migrate_fitgen.analyze.prefilter import (
    BODY_WORDS,
    CALL_WORDS,
    LINK_TOKENS,
    DatasetHints,
    dataset_hints,
    dataset_names,
    may_hold,
    may_hold_finding,
    may_hold_dataset_class,
    split_tokens,
)
from migrate_fitgen.analyze.rules import all_rules
from migrate_fitgen.analyze.selection import enabled_codes, matches
from migrate_fitgen import catalogue
from migrate_fitgen.diagnostics import Diagnostic, sort_key
from migrate_fitgen.sources import SourceError, decode_source, iter_python_files, read_bytes, read_source

if TYPE_CHECKING:  # libcst and the rewrite load when a file is analysed (cli start-up)
    import libcst as cst

    from migrate_fitgen.analyze.project import AnalysisProject
    from migrate_fitgen.keras_receivers import FileInfo

TARGETS = ("keras3", "tf-keras")
#: from this many files, the link and candidate phases' workers do not inherit the
#: parent's memory (``driver.run``'s ``fresh``)
FRESH_WORKERS_FROM = 2000
#: the call-site findings that come from the rewrite's own engine: its rules, and
#: FG005/FG007, which the rewrite reports on legacy calls and a rule on Keras 3 ones
_REWRITE_CODES = frozenset(
    [e.code for e in catalogue.all() if e.rewrite_only] + ["FG005", "FG007"]
)


@dataclass(frozen=True)
class AnalyzeOptions:
    target: str = "keras3"
    select: Optional[Tuple[str, ...]] = None  # None: the rules enabled by default
    ignore: Tuple[str, ...] = ()
    #: (glob, codes) pairs; globs match the path relative to ``root`` (or as given)
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    root: Optional[str] = None
    #: ``[tool.migrate-fitgen]`` ``keras-models`` / ``not-keras``
    keras_models: Tuple[str, ...] = ()
    not_keras: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"unknown target {self.target!r} (expected keras3 or tf-keras)")

    def ignored_for(self, path: str) -> Tuple[str, ...]:
        if not self.per_file_ignores:
            return ()
        candidates = {path.replace(os.sep, "/"), os.path.basename(path)}
        if self.root and path not in ("-", "<stdin>"):
            try:
                candidates.add(os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/"))
            except ValueError:  # pragma: no cover - another drive on Windows
                pass
        candidates = {c[2:] if c.startswith("./") else c for c in candidates}
        out: List[str] = []
        for glob, codes in self.per_file_ignores:
            if any(fnmatch.fnmatchcase(c, glob) for c in candidates):
                out.extend(codes)
        return tuple(out)


@dataclass
class AnalysisResult:
    diagnostics: List[Diagnostic] = field(default_factory=list)
    errors: List[Tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    files: int = 0


def new_project(
    sources: Mapping[str, str], roots: Sequence[str] = (), options: Optional[AnalyzeOptions] = None
) -> AnalysisProject:
    from migrate_fitgen.analyze.project import AnalysisProject
    from migrate_fitgen.rewrite import collect_project_info

    settings = (options.keras_models, options.not_keras) if options is not None else ((), ())
    return AnalysisProject(collect_project_info(dict(sources), list(roots), *settings))


def analyze_source(
    text: str,
    path: str = "<stdin>",
    options: Optional[AnalyzeOptions] = None,
    project: Optional[AnalysisProject] = None,
    module: Optional[cst.Module] = None,
) -> List[Diagnostic]:
    """Every finding in one module; raises ``SourceError`` if it does not parse.
    ``module``: ``text`` already parsed by the caller (the language server's
    ``cst_chunks.ChunkParser``)."""
    from migrate_fitgen.analyze.context import RuleContext
    from migrate_fitgen.rewrite import RewriteOptions, rewrite_source

    options = options or AnalyzeOptions()
    facts = project.modules.get(path) if project is not None else None
    if facts is None or facts.text != text:
        module = module if module is not None else parse_module(text)
        if project is None:
            project = new_project({path: text}, (), options)
        facts = project.add_source(path, text, module)

    codes = enabled_codes(options.select, options.ignore)
    found: List[Diagnostic] = []
    if codes & _REWRITE_CODES:
        # call-site findings come from the rewrite's own engine (a project's own
        # fit_generator is not among them: the rewrite leaves it alone)
        result = rewrite_source(
            text, path, RewriteOptions(target=options.target), project.rewrite_project,
            findings_only=True, module=facts.module, receivers=lambda: project.receivers(facts),
        )
        found.extend(d if d.path == path else d.with_path(path) for d in result.findings)

    ctx = RuleContext(facts, project, options.target)
    for rule in all_rules():
        check = getattr(rule, "check", None)
        if check is not None and rule.code in codes:
            found.extend(check(ctx))

    ignored = options.ignored_for(path)
    noqa = noqa_mod.noqa_lines(text)
    out: Dict[tuple, Diagnostic] = {}
    for d in found:
        if d.code not in codes or (ignored and matches(d.code, ignored)):
            continue
        if noqa_mod.is_suppressed(noqa, d.line, d.code):
            continue
        out.setdefault((d.code, d.line, d.column, d.message), d)
    return sorted(out.values(), key=sort_key)


@dataclass(frozen=True)
class FileScan:
    """Phase 0 and 1 of ``analyze_paths`` for one file: what its bytes say (can it hold
    a finding? a training call?) and its small, picklable summary.  Neither its text
    nor any tree is kept."""

    path: str
    candidate: bool = False  # holds a token of an enabled rule: parsed and checked
    links: bool = False  # may hold a training call that another file's finding needs
    info: Optional[FileInfo] = None  # None: the file could not be read or decoded
    error: Optional[str] = None  # why it cannot be processed (read, decode, syntax)
    #: holds a token of an ``in_dataset_class`` rule: a candidate if the project pass
    #: finds a dataset class in it
    dataset_candidate: bool = False
    #: what that pass needs of the file (None: not asked for, or ``ast`` failed)
    hints: Optional[DatasetHints] = None
    #: libcst parses it but ``ast`` does not: its names are not summarised
    opaque: bool = False
    #: the content hash of its bytes (``cache.content_hash``; set by ``scan_task``)
    digest: str = ""
    #: holds only the tokens of the training-call rules (``fit``...): a candidate if the
    #: project pass finds a call in it that may be given data (``analyze.data_names``)
    call_candidate: bool = False
    #: holds only (of the enabled rules' tokens) the generator-body rules' and perhaps
    #: the training-call rules': a candidate if the project pass finds a generator or
    #: dataset in it that a rule can report on (``data_names.may_hold_data_body``)
    body_candidate: bool = False
    #: what that pass needs of the file (None: not asked for, or ``ast`` failed)
    data: Optional[DataSummary] = None
    #: a notebook's cells that do not parse (``cell N: why``), reported whether or not
    #: the notebook is a candidate (a candidate's are reported with its findings)
    cell_errors: Tuple[str, ...] = ()
    #: ``ast`` parsed the file's text (the scan's tree): libcst may parse the same bytes
    #: without asking Python's parser again whether they nest too deeply
    parsed: bool = False
    #: (set by the project pass) a candidate only because one of its training calls
    #: may be given data (no other rule's token, no step count, no generator body or
    #: dataset class a rule may report on): if it is a link module and its link task
    #: finds none of its calls given data, no rule can report in it
    call_only: bool = False
    #: its module summary was not made (``scan_file``'s ``lazy_summary``): ``info`` has
    #: no summary, whether or not the file parses; it is made when a lookup needs it
    lazy: bool = False


def scan_file(
    path: str,
    tokens: FrozenSet[str],
    text: Optional[str] = None,
    dataset_tokens: Optional[FrozenSet[str]] = None,
    narrow_calls: bool = False,
    tree: Optional[ast.Module] = None,
    lazy_summary: bool = False,
) -> FileScan:
    """Read (unless ``text`` is given, for stdin), prefilter, summarise one file.  Pure
    and module-level, so that a pool can run it.  A file with no token of an enabled
    rule is not parsed with libcst unless Python's own parser rejects it: its syntax
    error is still reported, its findings cannot exist.

    ``narrow_calls`` (a tree: the project pass runs ``_promote``): a file whose only
    tokens are the training-call rules' is a ``call_candidate``, and the file's
    ``data`` summary is made for that pass.  ``tree``: ``text``'s ``ast`` module, when
    the caller has parsed it (the language server).

    ``lazy_summary`` (``analyze_tree``: the project's summaries made on demand,
    ``rewrite.batch.LazySummaries``): the module summary is made only for a file whose
    bytes hold a legacy method name, the only files that can define a custom class
    (``keras_receivers._class_info_ast``); another file's ``info`` has neither summary
    nor custom classes and the scan is ``lazy``.
    """
    cells: Tuple[str, ...] = ()
    if text is None:
        try:
            data = read_bytes(path)
            text = _python_text(path, data)
            if path.endswith(".ipynb"):  # the prefilter reads the code cells, not the outputs
                cells = _cell_errors(path, data)
                data = text.encode("utf-8", "surrogatepass")
        except SourceError as exc:
            return FileScan(path, error=str(exc))
    else:
        data = text.encode("utf-8", "surrogatepass")
    links = may_hold(data, LINK_TOKENS)
    error = None
    opaque = False
    if tree is None:
        try:
            tree = parse_python(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
    call_candidate = body_candidate = False
    summary = None
    walked: list = []  # the tree's ``ast_nodes.collect``, made once if asked for

    def nodes():
        if not walked:
            from migrate_fitgen.ast_nodes import collect

            walked.append(collect(tree))
        return walked[0]

    if narrow_calls and tree is not None:
        candidate = may_hold_finding(data, tokens - CALL_WORDS - BODY_WORDS, tree, nodes)
        call_candidate = not candidate and may_hold(data, tokens & CALL_WORDS)
        body_candidate = not candidate and may_hold(data, tokens & BODY_WORDS)
        summary = summarise_data(tree, shapes=links or call_candidate, nodes=nodes)
    else:
        candidate = may_hold_finding(data, tokens, tree, nodes)
    if tree is None:
        try:
            parse_module(text)  # libcst decides, with the same words as for a candidate
            opaque = True  # libcst takes it (it will be analysed), ast did not summarise it
        except SourceError as exc:
            if not candidate:  # (a candidate is parsed in phase 3, which reports it)
                error = str(exc)
    from migrate_fitgen.keras_receivers import FileInfo, file_info

    if lazy_summary:
        from migrate_fitgen.prefilter import names_legacy

        lazy = tree is not None and not names_legacy(data)
    else:
        lazy = False
    info = file_info(path, text, tree) if tree is not None and not lazy else FileInfo(path)
    dataset_candidate = False
    hints = None
    if dataset_tokens is not None:  # some enabled rule is in_dataset_class
        dataset_candidate = not candidate and may_hold(data, dataset_tokens)
        hints = dataset_hints(tree) if tree is not None else None
    return FileScan(
        path, candidate, links, info, error, dataset_candidate, hints, opaque,
        call_candidate=call_candidate, body_candidate=body_candidate, data=summary, cell_errors=cells,
        parsed=tree is not None,
        lazy=lazy,
    )


def scan_task(path: str, shared: tuple) -> FileScan:
    """``scan_file`` as a ``(item, shared)`` task: ``shared`` is (tokens, dataset
    tokens[, cache]).  With a cache, the scan is keyed by the file's content hash, its
    path, the tool's version and the tokens: a warm run reads and hashes, parses nothing.
    Module summaries are made only where a custom class can be (``lazy_summary``).

    No cyclic garbage collection runs meanwhile: the ``ast`` trees made here hold no
    cycle (reference counting frees them) and the collector, triggered by their many
    allocations, would only walk their nodes again (as ``rewrite.batch.scan_file``)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _scan_task(path, shared)
    finally:
        if collecting:
            gc.enable()


def _scan_task(path: str, shared: tuple) -> FileScan:
    from migrate_fitgen import cache as cache_mod

    store = shared[2] if len(shared) > 2 else None
    if store is not None and not store.enabled:
        store = None
    data = _read_bytes(path)
    if data is None:  # (scan_file says why it cannot be read)
        return scan_file(path, shared[0], None, shared[1], narrow_calls=True, lazy_summary=True)
    # hashed with or without a cache: a worker parses a module the scan parsed with
    # ``ast`` without asking Python's parser again only if its bytes are the same
    digest = cache_mod.content_hash(data)
    if store is not None:
        k = cache_mod.key("analyze-scan", digest, path, sorted(shared[0]), sorted(shared[1] or ()), shared[1] is None)
        found = store.get("analyze-scan", k)
        if isinstance(found, FileScan):
            return found
    try:
        text: Optional[str] = _python_text(path, data)  # a notebook's: its code cells
    except SourceError as exc:
        return FileScan(path, error=str(exc), digest=digest)
    out = replace(
        scan_file(path, shared[0], text, shared[1], narrow_calls=True, lazy_summary=True),
        digest=digest, cell_errors=_cell_errors(path, data),
    )
    if store is not None:
        store.put("analyze-scan", k, out)
    return out


def scan_files(paths: Sequence[str], shared: Tuple[FrozenSet[str], Optional[FrozenSet[str]]]) -> List[FileScan]:
    """Phase 0-1 over every file, in order.  Serial here; the one place to hand
    ``scan_task`` to a process pool (results are small and picklable)."""
    return [scan_task(path, shared) for path in paths]


def _python_text(path: str, data: Optional[bytes] = None) -> str:
    """The Python text of a file: a notebook's is the program of its code cells
    (``migrate_fitgen.notebooks``), whose diagnostics ``_in_cells`` moves to cells."""
    if path.endswith(".ipynb"):
        from migrate_fitgen import notebooks

        return notebooks.read(path)[2].text if data is None else notebooks.load(data, path)[1].text
    return read_source(path).text if data is None else decode_source(data, path).text


def _cell_errors(path: str, data: bytes) -> Tuple[str, ...]:
    """A notebook's cells that do not parse, as ``notebooks.cell_problem_reasons`` says."""
    if not path.endswith(".ipynb"):
        return ()
    from migrate_fitgen import notebooks

    try:
        return tuple(notebooks.cell_problem_reasons(notebooks.load(data, path)[1]))
    except SourceError:
        return ()


def _in_cells(path: str, diagnostics: List[Diagnostic], errors: List[Tuple[str, str]]) -> List[Diagnostic]:
    """A notebook's diagnostics with cell numbers and lines in their cells, and its
    cells that do not parse added to ``errors``; other files' as they are."""
    if not path.endswith(".ipynb"):
        return diagnostics
    from migrate_fitgen import notebooks

    try:
        program = notebooks.read(path)[2]
    except SourceError as exc:
        errors.append((path, str(exc)))
        return []
    errors.extend((path, m) for m in notebooks.cell_problem_reasons(program))
    return [program.to_cells(d) for d in diagnostics]


def _read_bytes(path: str) -> Optional[bytes]:
    try:
        return read_bytes(path)
    except SourceError:
        return None


def _load_facts(
    path: str,
    stdin: Optional[Tuple[str, str]] = None,
    module: Optional[cst.Module] = None,
    checked: Optional[Callable[[str, bytes], bool]] = None,
):
    """The libcst facts of one module, read again from disk; None if it cannot be parsed.
    ``module``: the parsed ``stdin`` text, when the caller has it.  ``checked(path,
    bytes)``: whether ``ast`` is known to parse those bytes (``parse_module``'s)."""
    from migrate_fitgen.analyze.facts import collect

    try:
        if stdin is not None and path == stdin[0]:
            return collect(path, stdin[1], module if module is not None else parse_module(stdin[1]))
        data = read_bytes(path)
        text = _python_text(path, data)
        from migrate_fitgen.cst_chunks import parse_large

        return collect(path, text, parse_large(text, checked=checked is not None and checked(path, data)))
    except SourceError:
        return None


class _ScannedLoader:
    """A worker's loader (``_load_facts``) for the tree its setup describes: a module
    whose bytes are still those the scan parsed with ``ast`` (same content hash) is
    parsed with libcst without asking Python's parser again (``parse_module``'s
    ``checked``)."""

    def __init__(self, setup: TreeSetup) -> None:
        self._digests = setup.digests
        self._unparsed = setup.unparsed

    def __call__(self, path: str):
        return _load_facts(path, checked=self._checked)

    def _checked(self, path: str, data: bytes) -> bool:
        from migrate_fitgen import cache as cache_mod

        digest = self._digests.get(path)
        return path not in self._unparsed and digest is not None and cache_mod.content_hash(data) == digest


def document_project(
    scans: Sequence[FileScan],
    info,
    document: Tuple[str, str],
    facts: Optional[Dict[str, object]] = None,
    module: Optional[cst.Module] = None,
) -> AnalysisProject:
    """The lazy project ``analyze_paths`` builds from ``scans`` (the readable ones, the
    document's among them) and their ``info``, with ``document`` = (path, text) standing
    for that file's content (an editor's buffer).  ``facts``, when given, keeps the other
    modules' libcst facts between calls (path -> facts or None), for the caller to drop
    a module's when its file changes.  ``module``: the document's text already parsed."""
    from migrate_fitgen.analyze.project import AnalysisProject

    path, text = document

    def load(p: str):
        if p == path:
            return _load_facts(p, document, module)
        if facts is None:
            return _load_facts(p)
        if p not in facts:
            facts[p] = _load_facts(p)
        return facts[p]

    project = AnalysisProject(info, loader=load)
    project.know(
        [s.path for s in scans],
        [s.path for s in scans if s.links],
        lambda p: text.encode("utf-8", "surrogatepass") if p == path else _read_bytes(p),
    )
    return project


def analyze_paths(
    paths: Sequence[str],
    options: Optional[AnalyzeOptions] = None,
    exclude: Sequence[str] = (),
    stdin_text: Optional[str] = None,
    stdin_filename: str = "<stdin>",
    prefilter: bool = True,
    notebooks: bool = False,
) -> AnalysisResult:
    """Analyse files and folders (``-`` stands for ``stdin_text``).

    Phase 0-1, per file (``scan_file``): read the bytes, test them for the enabled
    rules' tokens, summarise with ``ast``.  Phase 2: the project from the summaries;
    libcst facts of other modules are parsed only when a question reaches them.
    Phase 3, per candidate file: read it again, parse it with libcst, run the rules.
    No text is kept between phases.

    ``prefilter=False`` is the reference the prefilter is tested against: every file
    read, parsed with libcst and kept for the whole run, every file checked.

    ``notebooks``: folders are walked for ``.ipynb`` files too (a notebook named
    directly is always read)."""
    options = options or AnalyzeOptions()
    if not prefilter:
        return _analyze_paths_whole(paths, options, exclude, stdin_text, stdin_filename, notebooks)
    result = AnalysisResult()
    tokens, dataset_tokens = split_tokens(enabled_codes(options.select, options.ignore))
    narrow = dataset_tokens or None
    stdin = (stdin_filename, stdin_text or "") if "-" in paths else None
    files = list(iter_python_files([p for p in paths if p != "-"], exclude, notebooks=notebooks))
    scans = scan_files(files, (tokens, narrow))
    if stdin is not None:
        scans.append(scan_file(stdin_filename, tokens, stdin[1], narrow, narrow_calls=True))
    result.files = len(scans)
    scans = _promote(scans, narrow)
    readable = [s for s in scans if s.info is not None]
    from migrate_fitgen.analyze.project import AnalysisProject

    info = replace(_project_info(readable, paths, options), modules=_summaries(readable, _known(readable)))
    project = AnalysisProject(info, loader=lambda p: _load_facts(p, stdin))
    project.know(
        [s.path for s in readable],
        [s.path for s in readable if s.links],
        lambda p: stdin[1].encode("utf-8", "surrogatepass") if stdin is not None and p == stdin[0] else _read_bytes(p),
    )
    for scan in scans:
        if scan.error is not None:
            result.errors.append((scan.path, scan.error))
        elif not scan.candidate:
            result.errors.extend((scan.path, reason) for reason in scan.cell_errors)
        elif scan.candidate:
            project.begin()
            found = _analyze_candidate(scan.path, options, project, result.errors, stdin)
            if stdin is None or scan.path != stdin[0]:  # (stdin's cells are the caller's)
                found = _in_cells(scan.path, found, result.errors)
            result.diagnostics.extend(found)
    result.diagnostics.sort(key=sort_key)
    result.errors.sort()
    return result


class ProjectPass:
    """What the project pass (``_promote``) needs of a tree's scans, gathered one scan
    at a time: every module's data summary, to close the names module by module
    (``data_names.NameIndex``: a summary is kept once per content hash, so copies of a
    file add only their paths), the dataset hints' edges (by name: copies add nothing),
    and, for the few files the pass decides about, their own summary.  With ``pack``,
    those are kept pickled and compressed: the caller can then drop each scan's
    summaries as it arrives."""

    def __init__(self, pack: bool = False) -> None:
        self.pack = pack
        self.opaque = False
        self.names = NameIndex()
        self.dataset_edges: set = set()
        #: index -> (its module number in ``names``, the file's data summary) (files
        #: that may be promoted or link)
        self.data: Dict[int, Tuple[int, object]] = {}
        #: index -> the file's dataset hints (files holding a dataset rule's token)
        self.hints: Dict[int, object] = {}

    def add(self, i: int, s: FileScan) -> None:
        self.opaque = self.opaque or s.opaque
        if s.info is not None:  # (the project's modules: what an import may name)
            self.names.know(s.path)
        if s.data is not None:
            number = self.names.add(s.data, s.path, s.digest or None)
            if s.call_candidate or s.body_candidate or s.links:
                self.data[i] = (number, _pack(s.data) if self.pack else s.data)
        if s.hints is not None:
            self.dataset_edges.update(s.hints.edges)
        if s.dataset_candidate:
            self.hints[i] = _pack(s.hints) if self.pack else s.hints

    def promote(self, scans: List[FileScan], narrow: Optional[FrozenSet[str]]) -> List[FileScan]:
        """``scans`` (those ``add``ed, in order; their summaries may have been dropped)
        with the pass's candidate and link flags."""
        out = list(scans)
        # a file that decoded but that ast could not summarise may bind any name
        names = None if self.opaque else self.names.close()
        for i, (number, packed) in self.data.items():
            s, data = out[i], _unpack(packed) if self.pack else packed
            given = names is None or any(names.given(number, c) for c in data.calls)
            steps = any(c.steps for c in data.calls)
            calls = s.call_candidate and given and data.may_give
            body = s.body_candidate and (names is None or names.body(number))
            candidate = s.candidate or (s.call_candidate and steps) or calls or body
            call_only = calls and not (s.candidate or steps or body)
            out[i] = replace(s, candidate=candidate, links=s.links and given and data.may_link, call_only=call_only)
        if narrow is None:
            return out
        found = None if self.opaque else dataset_names([DatasetHints(tuple(sorted(self.dataset_edges)))])
        for i, packed in self.hints.items():
            hints = _unpack(packed) if self.pack else packed
            if found is None or may_hold_dataset_class(hints, found):
                out[i] = replace(out[i], candidate=True, call_only=False)
        return out


def _pack(value: object) -> bytes:
    import pickle
    import zlib

    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(blob: bytes):
    import pickle
    import zlib

    return pickle.loads(zlib.decompress(blob))


def _promote(scans: List[FileScan], narrow: Optional[FrozenSet[str]], gathered: Optional[ProjectPass] = None) -> List[FileScan]:
    """The project pass over the summaries: make candidates of the files holding an
    ``in_dataset_class`` rule's token when a dataset class may be defined in them, and
    of the ``call_candidate`` files when one of their training calls may be given data
    (``analyze.data_names``); a file whose training calls cannot be given data links
    nothing, nor one whose training calls' arguments the resolver cannot follow to a
    generator or a dataset (``data_names.may_link``: then it is not parsed for the link
    index, which a 448 KB module of tests with one ``predict`` made the peak of a run).
    ``gathered``: the pass's ``add``s already made (``scans`` may have lost their
    summaries)."""
    if gathered is None:
        gathered = ProjectPass()
        for i, s in enumerate(scans):
            gathered.add(i, s)
    return gathered.promote(scans, narrow)


def _promote_cached(scans: List[FileScan], narrow, tokens, store, gathered: Optional[ProjectPass] = None) -> List[FileScan]:
    """``_promote``, its result (each file's candidate and link flags) cached under every
    scan's path and content hash and the tokens: it depends on nothing else, and on a
    warm run closing the names over the whole tree again is most of the work left."""
    if store is None:
        return _promote(scans, narrow, gathered)
    from migrate_fitgen import cache as cache_mod

    k = cache_mod.key(
        "analyze-promote",
        tuple((s.path, s.digest, s.error is None) for s in scans),
        sorted(tokens), sorted(narrow or ()), narrow is None,
    )
    found = store.get("analyze-promote", k)
    if isinstance(found, tuple) and len(found) == len(scans) and all(isinstance(f, tuple) and len(f) == 3 for f in found):
        return [replace(s, candidate=f[0], links=f[1], call_only=f[2]) for s, f in zip(scans, found)]
    out = _promote(scans, narrow, gathered)
    if all(s.digest for s in scans if s.error is None):
        store.put("analyze-promote", k, tuple((s.candidate, s.links, s.call_only) for s in out))
    return out


def _project_info(readable: Sequence[FileScan], paths: Sequence[str], options: AnalyzeOptions):
    from migrate_fitgen.keras_receivers import project_info_from

    settings = (options.keras_models, options.not_keras)
    return project_info_from((s.info for s in readable), [p for p in paths if p != "-"], *settings)


def _known(readable: Sequence[FileScan]) -> Dict[str, object]:
    """path -> the summary each scan made (None: the file does not parse), stdin's
    among them; as in ``project_info_from``, a later scan of the same path (stdin named
    as a file of the tree) stands only where it parses."""
    known: Dict[str, object] = {}
    seen = set()
    for s in readable:
        if not s.lazy and (s.info.summary is not None or s.path not in seen):
            known[s.path] = s.info.summary
        seen.add(s.path)
    return known


def _summaries(readable: Sequence[FileScan], known: Mapping[str, object], cache=None, unpack=None, digests=None):
    """path -> ``ModuleSummary`` of the ``readable`` files that parse, in their order, as
    the resolver asks (``rewrite.batch.LazySummaries``): ``known`` are those the scans
    made (None: the file does not parse), the ``lazy`` scans' are made on demand.
    ``digests``: ``readable``'s path -> content hash, when the caller has that dict
    (kept, not copied: the tree's setup sends one dict to every worker)."""
    from migrate_fitgen import cache as cache_mod
    from migrate_fitgen.rewrite.batch import LazySummaries

    return LazySummaries(
        {s.path: s.digest for s in readable} if digests is None else digests,
        known, cache if cache is not None else cache_mod.Cache(None), unpack,
    )


# --- through the driver: --jobs, the cache, --shard ----------------------------------


@dataclass(frozen=True)
class TreeSetup:
    """What every worker of phases 2b and 3 receives once: the project's summaries."""

    options: AnalyzeOptions
    info: object  # keras_receivers.ProjectInfo
    paths: Tuple[str, ...]  # every readable module
    link_paths: Tuple[str, ...]  # those that may hold a training call
    digests: Mapping[str, str]  # path -> content hash
    digest: str  # of the whole tree: what any file's findings may depend on
    cache: object = None  # cache.Cache
    #: (link module, target keys) for the link index (phase 3 only)
    index: Optional[Tuple[Tuple[str, Tuple[tuple, ...]], ...]] = None
    #: the readable modules whose text the scan could not parse with ``ast`` (the
    #: others are ``FileScan.parsed``: a handful, where the parsed would be every path)
    unparsed: FrozenSet[str] = frozenset()


_WORKER: List[object] = []  # [setup, project]: the project a worker built from its setup


def _worker_project(setup: TreeSetup) -> AnalysisProject:
    if _WORKER and _WORKER[0] is setup:
        return _WORKER[1]  # type: ignore[return-value]
    from migrate_fitgen.analyze.project import AnalysisProject

    project = AnalysisProject(setup.info, loader=_ScannedLoader(setup))
    project.know(list(setup.paths), list(setup.link_paths), _read_bytes)
    if setup.index is not None:
        project.set_link_index(setup.index)
    _WORKER[:] = [setup, project]
    return project


def index_task(path: str, setup: TreeSetup) -> Tuple[Tuple[tuple, ...], bool]:
    """Phase 2b, per module that may hold a training call: (the keys of what its links
    give data to, whether one of its own training calls is given data the resolver
    knows) (``AnalysisProject.index_links``, ``gives_data``)."""
    from migrate_fitgen import cache as cache_mod

    k = cache_mod.key("analyze-links", setup.digests.get(path, ""), path, setup.digest)
    store = setup.cache
    found = store.get("analyze-links", k) if store is not None else None
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], bool):
        return found
    keys: Tuple[tuple, ...] = ()
    project = _worker_project(setup)
    gives = True  # (a module that does not parse: its candidate task says why)
    for _, found_keys in project.index_links([path]):
        keys = tuple(tuple(key) for key in found_keys)
        gives = project.gives_data.pop(path, True)
    out = (keys, gives)
    if store is not None:
        store.put("analyze-links", k, out)
    return out


def candidate_task(path: str, setup: TreeSetup) -> Tuple[Tuple[Diagnostic, ...], Tuple[Tuple[str, str], ...]]:
    """Phase 3, per candidate: (findings, errors).  Cached under the file's hash, the
    options and the tree's digest (a finding may depend on any file)."""
    from migrate_fitgen import cache as cache_mod

    k = cache_mod.key("analyze-file", setup.digests.get(path, ""), path, setup.digest, repr(setup.options))
    store = setup.cache
    found = store.get("analyze-file", k) if store is not None else None
    if isinstance(found, tuple) and len(found) == 2:
        return found
    project = _worker_project(setup)
    project.begin()
    errors: List[Tuple[str, str]] = []
    found_diags = _in_cells(path, _analyze_candidate(path, setup.options, project, errors, None), errors)
    out = (tuple(found_diags), tuple(errors))
    if store is not None and not any("changed while" in e for _, e in errors):
        store.put("analyze-file", k, out)
    return out


def analyze_tree(
    paths: Sequence[str],
    options: AnalyzeOptions,
    exclude: Sequence[str],
    run,
    notebooks: bool = False,
    follow_links: bool = False,
) -> AnalysisResult:
    """``analyze_paths`` through ``migrate_fitgen.driver``: phase 1 scans, the link
    index and phase 3 in ``run.jobs`` worker processes, cached in ``run.cache_folder``
    (None: no cache), phase 3 for this shard's files only (``run.mine``); every shard
    scans and links the whole tree, so each file's findings are those of an unsharded
    run.  The same result as ``analyze_paths`` for any jobs, cache and shards."""
    from migrate_fitgen import cache as cache_mod

    store = cache_mod.Cache(run.cache_folder)
    tokens, dataset_tokens = split_tokens(enabled_codes(options.select, options.ignore))
    narrow = dataset_tokens or None
    files = list(iter_python_files(list(paths), exclude, notebooks=notebooks, follow_links=follow_links))
    mine = run.mine(files)
    run_key = _run_key(store, files, mine, paths, options)
    if run_key is not None:
        found = store.get("analyze-run", run_key)
        if isinstance(found, AnalysisResult):
            return found
    result = _analyze_files(files, mine, paths, options, run, store, tokens, narrow)
    if run_key is not None and all(cache_mod.kept_with_run(reason) for _, reason in result.errors):
        store.put("analyze-run", run_key, result)
    return result


def _run_key(store, files: Sequence[str], mine: Sequence[str], paths: Sequence[str], options: AnalyzeOptions):
    """The key of a whole run's result (``cache.run_key``): an unchanged tree is then
    answered by one cache entry, whatever its size: no file is read.  None (no run
    cache) without a cache or for a tree with a file too recently modified to trust."""
    if not store.enabled:
        return None
    from migrate_fitgen import cache as cache_mod

    return cache_mod.run_key("analyze-run", files, mine, tuple(paths), repr(options))


def _analyze_files(files, mine, paths, options, run, store, tokens, narrow) -> AnalysisResult:
    from migrate_fitgen import cache as cache_mod
    from migrate_fitgen import driver

    timeout = getattr(run, "timeout", driver.DEFAULT_TIMEOUT)
    scans: List[FileScan] = [FileScan(p) for p in files]
    # each scan is kept without its summaries (``_slim``): the project pass gathers what
    # it needs of them as they arrive, the module summaries the scans made are kept
    # packed (None: the file does not parse), the others are made on demand
    gathered = ProjectPass(pack=True)
    summaries: Dict[str, Optional[bytes]] = {}
    with driver.Progress("scanning", len(files), run.progress) as bar:
        table = cache_mod.key("analyze-scan", sorted(tokens), sorted(narrow or ()), narrow is None)
        for i, out in driver.run_tabled(
            scan_task, files, (tokens, narrow, store), store=store, kind="analyze-scan", name=table,
            fits=_same_path, jobs=run.jobs, progress=bar, timeout=timeout,
        ):
            scan = out.value if out.error is None else FileScan(files[i], error=out.error)
            gathered.add(i, scan)
            if scan.info is not None and not scan.lazy:
                summaries[files[i]] = _pack(scan.info.summary) if scan.info.summary is not None else None
            scans[i] = _slim(scan, files[i])
            del scan, out
    scans = _promote_cached(scans, narrow, tokens, store if store.enabled else None, gathered)
    del gathered
    mine = set(mine)
    result = AnalysisResult(files=len(mine))
    result.errors.extend((s.path, s.error) for s in scans if s.path in mine and s.error is not None)
    result.errors.extend(  # (a candidate's are reported with its findings)
        (s.path, r) for s in scans if s.path in mine and s.error is None and not s.candidate for r in s.cell_errors
    )
    todo = [s.path for s in scans if s.path in mine and s.error is None and s.candidate]
    if todo:
        readable = [s for s in scans if s.info is not None]
        # (the candidates and link modules are all readable: only their hashes are asked)
        digests = {s.path: s.digest for s in readable}
        info = replace(
            _project_info(readable, paths, options),
            modules=_summaries(readable, summaries, store if store.enabled else None, _unpack, digests),
        )
        setup = TreeSetup(
            options, info, tuple(s.path for s in readable), tuple(s.path for s in readable if s.links),
            digests, _tree_digest(scans, info, options), store if store.enabled else None,
            unparsed=frozenset(s.path for s in readable if not s.parsed),
        )
        # the workers of the link and candidate phases start fresh: what they need is in
        # ``setup``, and a forked worker's RSS would count the parent's scans of the
        # whole tree (1.1 KB a file); a small tree keeps ``fork``'s cheaper start
        fresh = len(files) >= FRESH_WORKERS_FROM
        links = list(setup.link_paths)
        per_module = []
        quiet = set()  # link modules none of whose training calls is given data
        with driver.Progress("linking", len(links), run.progress) as bar:
            for i, out in driver.run(
                index_task, links, setup, jobs=run.jobs, progress=bar, timeout=timeout, fresh=fresh
            ):
                if out.error is None:
                    per_module.append((links[i], out.value[0]))
                    if not out.value[1]:
                        quiet.add(links[i])
                elif links[i] in mine:  # it links nothing: say so, findings elsewhere may be missing
                    result.errors.append((links[i], f"training calls not linked: {out.error}"))
        setup = replace(setup, index=tuple(per_module))
        # a candidate only for its training calls, none of which the link task found
        # given data, cannot hold a finding: it is not parsed again (its notebook cells
        # that do not parse are reported as a non-candidate's are)
        dropped = [s for s in scans if s.call_only and s.path in quiet and s.path in mine]
        result.errors.extend((s.path, r) for s in dropped for r in s.cell_errors)
        skip = {s.path for s in dropped}
        todo = [p for p in todo if p not in skip]
        with driver.Progress("analysing", len(todo), run.progress) as bar:
            for i, out in driver.run(
                candidate_task, todo, setup, jobs=run.jobs, chunk_size=1, progress=bar, timeout=timeout, fresh=fresh
            ):
                if out.error is not None:
                    result.errors.append((todo[i], out.error))
                else:
                    result.diagnostics.extend(out.value[0])
                    result.errors.extend(out.value[1])
    result.diagnostics.sort(key=sort_key)
    result.errors.sort()
    return result


def _slim(scan: FileScan, path: str) -> FileScan:
    """The scan as the parent keeps it: without its summaries (a module summary, the
    data summary and the dataset hints take about 12 KB a file, 90% of a scan), its
    ``info`` only saying that the file was read (with its custom classes), its path
    the walk's own string."""
    info = scan.info
    if info is not None and (info.summary is not None or info.syntax_error is not None):
        info = replace(info, summary=None, syntax_error=None)
    return replace(scan, path=path, info=info, data=None, hints=None)


def _same_path(scan: object, path: str) -> bool:
    return isinstance(scan, FileScan) and scan.path == path


def _tree_digest(scans: Sequence[FileScan], info, options: AnalyzeOptions) -> str:
    from migrate_fitgen import cache as cache_mod

    return cache_mod.key(
        "analyze-project",
        tuple((os.path.abspath(s.path), s.digest, s.error is None) for s in scans),
        tuple(sorted(n for n in info.local_modules if n.isidentifier())),
        options.keras_models,
        options.not_keras,
    )


def _allow_in_cache() -> None:
    from migrate_fitgen import cache as cache_mod

    cache_mod.allow(__name__, "FileScan")
    cache_mod.allow(__name__, "AnalysisResult")
    cache_mod.allow("migrate_fitgen.keras_receivers", "FileInfo")
    cache_mod.allow("migrate_fitgen.analyze.prefilter", "DatasetHints")
    cache_mod.allow("migrate_fitgen.analyze.data_names", "DataSummary")
    cache_mod.allow("migrate_fitgen.analyze.data_names", "CallSummary")
    for name in ("SyntaxError", "IndentationError", "TabError", "ValueError"):
        cache_mod.allow("builtins", name)


_allow_in_cache()


def _analyze_candidate(path, options, project, errors, stdin) -> List[Diagnostic]:
    try:
        text = stdin[1] if stdin is not None and path == stdin[0] else _python_text(path)
        facts = project.load(path)
        if facts is None:
            parse_module(text)  # raises the reason
        return analyze_source(text, path, options, project)
    except SourceError as exc:
        errors.append((path, str(exc)))
    except RecursionError:
        errors.append((path, "too deeply nested to analyse"))
    return []


def _analyze_paths_whole(paths, options, exclude, stdin_text, stdin_filename, notebooks=False) -> AnalysisResult:
    result = AnalysisResult()
    sources: Dict[str, str] = {}
    for path in iter_python_files([p for p in paths if p != "-"], exclude, notebooks=notebooks):
        result.files += 1
        try:
            sources[path] = _python_text(path)
        except SourceError as exc:
            result.errors.append((path, str(exc)))
    if "-" in paths:
        result.files += 1
        sources[stdin_filename] = stdin_text or ""

    project = new_project(sources, [p for p in paths if p != "-"], options)
    parsed: List[str] = []
    for path, text in sources.items():
        try:
            project.add_source(path, text, parse_module(text))
            parsed.append(path)
        except SourceError as exc:
            result.errors.append((path, str(exc)))
    for path in parsed:
        try:
            found = analyze_source(sources[path], path, options, project)
            result.diagnostics.extend(_in_cells(path, found, result.errors))
        except SourceError as exc:
            result.errors.append((path, str(exc)))
        except RecursionError:
            result.errors.append((path, "too deeply nested to analyse"))
    result.diagnostics.sort(key=sort_key)
    result.errors.sort()
    return result
