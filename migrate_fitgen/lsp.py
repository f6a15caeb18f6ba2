"""The language server: ``migrate-fitgen lsp`` speaks LSP over stdio (built on pygls).

What an editor gets:

* diagnostics from ``analyze`` (the rewrite's FG0xx findings included) when a Python
  document is opened, saved, or changed (after a short pause in typing), each with its
  rule code and a link to the rule's page;
* a quick fix per fixable diagnostic, carrying exactly the edits ``analyze`` publishes
  (complete, the import included), and a "Fix all" source action
  (``source.fixAll.migrate-fitgen``) made of the safe ones: what ``rewrite`` writes;
* nothing else: no formatting, and the server never writes a file (an edit is handed to
  the editor, which applies it).

A document that stops parsing keeps its last good diagnostics plus one for the syntax
error.  Settings come from ``[tool.migrate-fitgen]`` in the nearest ``pyproject.toml``.

``Analyser`` is the pure part (text in, diagnostics out): it keeps the per-file summaries
of the workspace's modules (the first pass of ``analyze``), made once and redone for a
file when it is saved, so that a change re-analyses the one document against them, not
the workspace.  Everything pygls is in ``serve``, imported only by the ``lsp`` command.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

from migrate_fitgen.sources import parse_python
from migrate_fitgen.config import ConfigError, find_config
from migrate_fitgen.diagnostics import Applicability, Diagnostic, Edit
from migrate_fitgen.edits import EditConflict, apply_edits, split_lines

SOURCE = "migrate-fitgen"
FIX_ALL_KIND = "source.fixAll.migrate-fitgen"
FIX_ALL_TITLE = "Fix all migrate-fitgen issues"
#: seconds of quiet after a change before the document is analysed again
DEBOUNCE = 0.05
PYTHON_SUFFIXES = (".py", ".pyi")


# --- the pure part --------------------------------------------------------------------


@dataclass
class Analysis:
    """One document's findings: either ``diagnostics`` of ``text``, or (it does not
    parse) a ``syntax_error`` as (line, column, message), 1-based."""

    text: str
    diagnostics: List[Diagnostic] = field(default_factory=list)
    syntax_error: Optional[Tuple[int, int, str]] = None
    config_error: Optional[str] = None


def _syntax_position(text: str, message: str) -> Tuple[int, int, str]:
    try:
        parse_python(text)
    except SyntaxError as exc:
        return max(exc.lineno or 1, 1), max(exc.offset or 1, 1), message
    except (ValueError, RecursionError, MemoryError):
        pass
    return 1, 1, message


def _options(config):
    from migrate_fitgen.analyze.engine import AnalyzeOptions

    return AnalyzeOptions(
        target=config.target or "keras3",
        select=config.select,
        ignore=config.ignore or (),
        per_file_ignores=config.per_file_ignores,
        root=config.root,
        keras_models=config.keras_models,
        not_keras=config.not_keras,
    )


class Analyser:
    """Analyses one document at a time against the summaries of the workspace's other
    modules.  ``root`` None: each document is a project of its own (as ``analyze -``)."""

    def __init__(self, root: Optional[str] = None) -> None:
        self.root = os.path.abspath(root) if root else None
        self._scans: Dict[str, object] = {}  # path -> FileScan of the file on disk
        self._scan_key: Optional[tuple] = None  # the settings the scans were made with
        self._stale: set = set()  # saved since their scan
        #: path -> libcst facts of another module, parsed when a question reached it
        self._facts: Dict[str, object] = {}
        self._lock = threading.Lock()  # one analysis at a time
        self._saved: set = set()  # told by ``saved``, taken up by the next analysis
        self._saved_lock = threading.Lock()  # never held long: ``saved`` does not wait
        #: bumped when another file is saved: what a document's findings may depend on
        self._generation = 0
        #: path -> ((text, generation, options), Analysis) of its last analysis
        self._last: Dict[str, tuple] = {}
        #: the link-index entries of the workspace's other modules (``LinkEntry``), kept
        #: between analyses of one document while the workspace, the settings and the
        #: document's summary stay the same (``_links_key``); each is used again only
        #: if the document's text cannot have changed it
        self._links: Dict[str, object] = {}
        self._links_key: Optional[tuple] = None
        #: the other modules' ``KerasReceivers`` (made over their kept facts with the
        #: project's summaries), kept under the same ``_links_key``: the summaries
        #: they answer from are the same while it holds
        self._receivers: Dict[str, object] = {}
        #: path -> ``cst_chunks.ChunkParser`` of the document: a change parses again
        #: only the top-level statements it touched
        self._parsers: Dict[str, object] = {}

    def saved(self, path: str) -> None:
        """``path`` changed on disk: its summary is made again when next needed.
        Returns at once, even while an analysis runs."""
        with self._saved_lock:
            self._saved.add(os.path.abspath(path))

    def _take_saved(self, current: str) -> None:
        with self._saved_lock:
            saved, self._saved = self._saved, set()
        self._stale |= saved
        for path in saved:
            self._facts.pop(path, None)
        if saved - {current}:
            self._generation += 1

    def _in_workspace(self, path: str) -> bool:
        if self.root is None:
            return False
        try:
            return os.path.commonpath([self.root, path]) == self.root
        except ValueError:  # another drive
            return False

    def _workspace_scans(self, key: tuple, tokens, narrow, exclude) -> Dict[str, object]:
        from migrate_fitgen.analyze.engine import scan_file
        from migrate_fitgen.sources import iter_python_files

        if key != self._scan_key:
            self._scans = {
                os.path.abspath(p): scan_file(p, tokens, None, narrow)
                for p in iter_python_files([self.root], exclude)
            }
            self._scan_key = key
            self._stale.clear()
            self._facts.clear()
        for path in self._stale:
            if os.path.isfile(path):
                self._scans[path] = scan_file(path, tokens, None, narrow)
            else:
                self._scans.pop(path, None)
        self._stale.clear()
        return self._scans

    def analyse(self, path: str, text: str) -> Analysis:
        """``text`` is the document's content; ``path`` its file (need not exist)."""
        from migrate_fitgen.analyze.prefilter import split_tokens
        from migrate_fitgen.analyze.selection import enabled_codes

        path = os.path.abspath(path)
        try:
            config = find_config(os.path.dirname(path))
            config_error = None
        except ConfigError as exc:
            from migrate_fitgen.config import Config

            config, config_error = Config(), str(exc)
        options = _options(config)
        tokens, dataset_tokens = split_tokens(enabled_codes(options.select, options.ignore))
        narrow = dataset_tokens or None
        with self._lock:
            self._take_saved(path)
            key = (text, self._generation, options, config.exclude)
            last = self._last.get(path)
            if last is not None and last[0] == key:  # saved as analysed, nothing else saved
                return last[1]
            analysis = self._analyse(path, text, options, config, config_error, tokens, narrow)
            self._last[path] = (key, analysis)
            return analysis

    def _analyse(self, path, text, options, config, config_error, tokens, narrow) -> Analysis:
        from migrate_fitgen.analyze.engine import analyze_source, scan_file
        from migrate_fitgen.sources import SourceError

        try:
            tree = parse_python(text)  # once, for the scan and the chunks
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
        try:
            mine = scan_file(path, tokens, text, narrow, tree=tree)  # the first pass of `analyze`
            if mine.error is not None:  # no token of a rule, and Python rejects it
                raise SourceError(mine.error)
            if not (mine.candidate or mine.dataset_candidate):  # nothing a rule looks at
                return Analysis(text, [], config_error=config_error)
            module = self._parser(path).parse(text, tree)
            project = self._project(path, text, options, config.exclude or (), mine, tokens, narrow, module)
            found = analyze_source(text, path, options, project, module)
            self._links.update((p, e) for p, e in project.link_entries.items() if p != path)
            self._receivers.pop(path, None)  # made over this text's tree: never used again
        except SourceError as exc:
            return Analysis(text, syntax_error=_syntax_position(text, str(exc)), config_error=config_error)
        except RecursionError:
            return Analysis(text, syntax_error=(1, 1, "too deeply nested to analyse"), config_error=config_error)
        if self.root is not None:  # "passed to fit in train.py", as `analyze .` words it
            found = [replace(d, message=d.message.replace(self.root + os.sep, "")) for d in found]
        return Analysis(text, found, config_error=config_error)

    def _parser(self, path: str):
        from migrate_fitgen.cst_chunks import ChunkParser

        if path not in self._parsers:
            self._parsers[path] = ChunkParser()
        return self._parsers[path]

    def forget(self, path: str) -> None:
        """The document was closed: its parser's chunks are not needed any more."""
        parser = self._parsers.pop(os.path.abspath(path), None)
        if parser is not None:
            parser.close()

    def _project(self, path: str, text: str, options, exclude: Sequence[str], mine, tokens, narrow, module=None):
        """The ``AnalysisProject`` ``analyze`` would build with ``text`` as ``path``'s
        content: the workspace's summaries, this document's (``mine``) made from ``text``."""
        from migrate_fitgen.analyze.engine import document_project
        from migrate_fitgen.keras_receivers import project_info_from

        scans: List = []
        if self._in_workspace(path):
            key = (tokens, narrow, tuple(exclude))
            scans = [s for p, s in self._workspace_scans(key, tokens, narrow, exclude).items() if p != path]
        scans.append(mine)
        readable = [s for s in scans if s.info is not None]
        roots = [self.root] if self._in_workspace(path) else []
        info = project_info_from((s.info for s in readable), roots, options.keras_models, options.not_keras)

        project = document_project(readable, info, (path, text), self._facts, module)
        project.record_links = True  # the entries worked out now serve the next change
        # the other modules' link-index entries of the last analysis hold if nothing
        # they were worked out from changed: no file saved since, the same settings and
        # document, whose summary (what the project's receivers know of it) is the same
        links_key = (path, mine.info, self._generation, self._scan_key, options, tuple(exclude), tuple(roots))
        if links_key != self._links_key:
            self._links, self._links_key, self._receivers = {}, links_key, {}
        project.kept_receivers = self._receivers
        data = text.encode("utf-8", "surrogatepass")
        project.know_links({p: e.keys for p, e in self._links.items() if e.holds_without(path, data)})
        return project


def fixable(d: Diagnostic) -> bool:
    return d.fix is not None and bool(d.fix.edits) and d.fix.applicability is not Applicability.DISPLAY_ONLY


def fix_title(d: Diagnostic, text: str) -> str:
    """"Rewrite to fit()" for a legacy call; the fix's own description otherwise."""
    from migrate_fitgen.keras_api import METHODS

    lines = split_lines(text)
    if d.code == "FG001" and d.line == d.end_line and 0 < d.line <= len(lines):
        name = lines[d.line - 1][d.column - 1 : d.end_column - 1]
        if name in METHODS:
            title = f"Rewrite to {METHODS[name]}()"
            return title if d.fix.applicability is Applicability.SAFE else f"{title} (unsafe)"
    desc = d.fix.description
    title = f"{d.code}: {desc[:1].upper()}{desc[1:]}"
    return title if d.fix.applicability is Applicability.SAFE else f"{title} (unsafe)"


def fix_all_edits(text: str, diagnostics: Sequence[Diagnostic]) -> List[Edit]:
    """The safe fixes' edits together, each once, in order, none overlapping: applied,
    they give what ``rewrite`` writes.  A fix whose edits would overlap those already
    taken is left for the next run (as ``rewrite`` leaves a nested call)."""
    taken: List[Edit] = []
    for d in diagnostics:
        if not fixable(d) or d.fix.applicability is not Applicability.SAFE:
            continue
        try:
            apply_edits(text, taken + list(d.fix.edits))
        except EditConflict:
            continue
        taken.extend(d.fix.edits)
    def order(e: Edit):
        # an insertion goes before a replacement that starts at the same place (as in LSP)
        replaces = (e.end_line, e.end_column) != (e.line, e.column)
        return (e.line, e.column, replaces, e.end_line, e.end_column, e.content)

    return sorted(set(taken), key=order)


# --- the server (pygls) ----------------------------------------------------------------


def serve() -> None:  # pragma: no cover - exercised through a real client in tests/test_lsp.py
    """Run the server on stdin/stdout until the client says ``exit``."""
    server = build_server()
    server.start_io()


def build_server():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from lsprotocol import types as lsp
    from pygls.lsp.server import LanguageServer
    from pygls.uris import to_fs_path
    from pygls.workspace.position_codec import PositionCodec

    from migrate_fitgen import __version__
    from migrate_fitgen import catalogue

    # full sync: the server holds the text exactly as the editor has it, line breaks and all
    server = LanguageServer("migrate-fitgen", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="migrate-fitgen-analyse")
    #: uri -> "analysis" (the last good one), "good" (its LSP diagnostics), "version"
    #: (of the last published), "timer" (the debounce), "running"/"again" (keep_up)
    state: Dict[str, dict] = {}
    analysers: Dict[Optional[str], Analyser] = {}
    shown_config_errors: set = set()

    severities = {
        "error": lsp.DiagnosticSeverity.Error,
        "warning": lsp.DiagnosticSeverity.Warning,
        "info": lsp.DiagnosticSeverity.Information,
    }

    def analyser_for(path: str) -> Analyser:
        root = server.workspace.root_path
        folders = [to_fs_path(f.uri) for f in server.workspace.folders.values()]
        for folder in sorted((f for f in folders if f), key=len, reverse=True):
            if os.path.commonpath([os.path.abspath(folder), path]) == os.path.abspath(folder):
                root = folder
                break
        if root is not None and os.path.commonpath([os.path.abspath(root), path]) != os.path.abspath(root):
            root = None
        if root not in analysers:
            analysers[root] = Analyser(root)
        return analysers[root]

    def is_python(doc) -> bool:
        if doc.language_id:
            return doc.language_id == "python"
        return bool(doc.path) and doc.path.endswith(PYTHON_SUFFIXES)

    def doc_path(doc) -> str:
        return doc.path or os.path.join(os.getcwd(), os.path.basename(doc.uri) or "untitled.py")

    def codec() -> PositionCodec:
        return PositionCodec(encoding=server.workspace.position_encoding)

    def position(lines: List[str], line: int, column: int, units) -> "lsp.Position":
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return lsp.Position(line=line - 1, character=units.client_num_units(text[: max(column - 1, 0)]))

    def span(lines, units, line, column, end_line, end_column) -> "lsp.Range":
        start = position(lines, line, column, units)
        if not end_line:
            return lsp.Range(start=start, end=start)
        return lsp.Range(start=start, end=position(lines, end_line, end_column, units))

    def to_lsp(d: Diagnostic, lines, units) -> "lsp.Diagnostic":
        try:
            href = catalogue.get(d.code).help_uri()
        except KeyError:
            href = None
        return lsp.Diagnostic(
            range=span(lines, units, d.line, d.column, d.end_line, d.end_column),
            message=d.message,
            severity=severities[d.severity.value],
            code=d.code,
            code_description=lsp.CodeDescription(href=href) if href else None,
            source=SOURCE,
        )

    def text_edits(edits: Sequence[Edit], lines, units) -> List["lsp.TextEdit"]:
        return [
            lsp.TextEdit(range=span(lines, units, e.line, e.column, e.end_line, e.end_column), new_text=e.content)
            for e in edits
        ]

    def publish(uri: str, version: Optional[int], analysis: Analysis) -> None:
        entry = state.setdefault(uri, {})
        units = codec()
        if analysis.config_error and analysis.config_error not in shown_config_errors:
            shown_config_errors.add(analysis.config_error)
            server.window_show_message(
                lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=f"migrate-fitgen: {analysis.config_error}")
            )
        if analysis.syntax_error is None:
            lines = split_lines(analysis.text)
            published = [to_lsp(d, lines, units) for d in analysis.diagnostics]
            entry["good"] = published
            entry["analysis"] = analysis
        else:
            line, column, message = analysis.syntax_error
            lines = split_lines(analysis.text)
            parse = lsp.Diagnostic(
                range=span(lines, units, line, column, line, column),
                message=message,
                severity=lsp.DiagnosticSeverity.Error,
                code="syntax-error",
                source=SOURCE,
            )
            published = list(entry.get("good", [])) + [parse]
            entry["analysis"] = None  # no fix is offered on text that does not parse
        entry["version"] = version
        server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=published, version=version)
        )
        if entry.get("published") is not None:
            entry["published"].set()

    async def analyse_now(uri: str) -> Optional[Analysis]:
        """Analyse the document as it is now; publish unless a change overtook it."""
        doc = server.workspace.get_text_document(uri)
        if not is_python(doc):
            return None
        version, text, path = doc.version, doc.source, doc_path(doc)
        loop = asyncio.get_running_loop()
        analysis = await loop.run_in_executor(worker, analyser_for(path).analyse, path, text)
        current = server.workspace.get_text_document(uri)
        if current.version == version and current.source == text:
            publish(uri, version, analysis)
        return analysis

    async def keep_up(uri: str) -> None:
        """Analyse until the published diagnostics are those of the latest text: one
        analysis at a time per document, however fast the changes come."""
        entry = state.setdefault(uri, {})
        try:
            while True:
                entry["again"] = False
                await analyse_now(uri)
                if not entry["again"]:
                    break
        finally:
            entry["running"] = None

    def start(uri: str) -> None:
        entry = state.setdefault(uri, {})
        entry["timer"] = None
        if entry.get("running") is not None:
            entry["again"] = True  # the running loop goes round once more
            return
        entry["running"] = asyncio.ensure_future(keep_up(uri))

    async def caught_up(uri: str) -> None:
        """Return once the document's current version is analysed (and published)."""
        entry = state.setdefault(uri, {})
        if entry.get("timer") is not None or entry.get("running") is None:
            schedule(uri, delay=False)  # no need to wait out the pause in typing
        while entry.get("version") != server.workspace.get_text_document(uri).version:
            event = entry.setdefault("published", asyncio.Event())
            event.clear()
            await event.wait()

    def schedule(uri: str, delay: bool) -> None:
        entry = state.setdefault(uri, {})
        if entry.get("timer") is not None:
            entry["timer"].cancel()
            entry["timer"] = None
        if delay:  # wait for a pause in typing
            entry["timer"] = asyncio.get_running_loop().call_later(DEBOUNCE, start, uri)
        else:
            start(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: lsp.DidOpenTextDocumentParams) -> None:
        schedule(params.text_document.uri, delay=False)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: lsp.DidChangeTextDocumentParams) -> None:
        schedule(params.text_document.uri, delay=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    def did_save(ls, params: lsp.DidSaveTextDocumentParams) -> None:
        doc = server.workspace.get_text_document(params.text_document.uri)
        if is_python(doc) and doc.path:
            analyser_for(doc.path).saved(doc.path)
        schedule(params.text_document.uri, delay=False)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: lsp.DidCloseTextDocumentParams) -> None:
        entry = state.pop(params.text_document.uri, {})
        if entry.get("timer") is not None:
            entry["timer"].cancel()
        closed = to_fs_path(params.text_document.uri)
        if closed:
            for analyser in analysers.values():
                analyser.forget(closed)
        if entry:
            server.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
            )

    def wanted(kind: str, only: Optional[Sequence[str]]) -> bool:
        return not only or any(kind == k or kind.startswith(k + ".") for k in only)

    def overlaps(a: "lsp.Range", b: "lsp.Range") -> bool:
        def key(p):
            return (p.line, p.character)

        return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )
    async def code_action(ls, params: lsp.CodeActionParams):
        uri = params.text_document.uri
        doc = server.workspace.get_text_document(uri)
        if not is_python(doc):
            return None
        entry = state.setdefault(uri, {})
        only = params.context.only
        if entry.get("version") != doc.version:
            # the text changed since the last analysis: "fix all" (an editor asks for it on
            # save) waits for the analysis of this text; quick fixes, asked for on every
            # cursor move, are offered once it is there
            if not only or not any(k.startswith(lsp.CodeActionKind.SourceFixAll) for k in only):
                return []
            await caught_up(uri)
            doc = server.workspace.get_text_document(uri)
        analysis = entry.get("analysis")
        if analysis is None or entry.get("version") != doc.version or analysis.text != doc.source:
            return []  # it does not parse (or changed again meanwhile)
        lines, units = split_lines(analysis.text), codec()
        actions = []
        if wanted(lsp.CodeActionKind.QuickFix, only):
            for d in analysis.diagnostics:
                if not fixable(d):
                    continue
                shown = to_lsp(d, lines, units)
                if not overlaps(shown.range, params.range):
                    continue
                actions.append(
                    lsp.CodeAction(
                        title=fix_title(d, analysis.text),
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[shown],
                        is_preferred=d.fix.applicability is Applicability.SAFE,
                        edit=lsp.WorkspaceEdit(changes={uri: text_edits(d.fix.edits, lines, units)}),
                    )
                )
        if wanted(FIX_ALL_KIND, only):
            edits = fix_all_edits(analysis.text, analysis.diagnostics)
            if edits:
                actions.append(
                    lsp.CodeAction(
                        title=FIX_ALL_TITLE,
                        kind=FIX_ALL_KIND,
                        edit=lsp.WorkspaceEdit(changes={uri: text_edits(edits, lines, units)}),
                    )
                )
        return actions

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls, params) -> None:
        worker.shutdown(wait=False, cancel_futures=True)

    return server


__all__ = ["Analyser", "Analysis", "FIX_ALL_KIND", "build_server", "fix_all_edits", "fix_title", "serve"]
