"""The pure core of ``migrate-fitgen analyze``: source text in, diagnostics out.

``analyze_source`` checks one module; ``analyze_paths`` walks files (the same walk and
exclusions as ``rewrite``), links generators to training calls across them, and
collects the files that could not be processed.  Nothing here prints.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Dict, List, Mapping, Optional, Sequence, Tuple

from migrate_fitgen.analyze import noqa as noqa_mod
from migrate_fitgen.sources import parse_module
from migrate_fitgen.analyze.rules import all_rules
from migrate_fitgen.analyze.selection import enabled_codes, matches
from migrate_fitgen.diagnostics import Diagnostic, sort_key
from migrate_fitgen.sources import SourceError, iter_python_files, read_source

if TYPE_CHECKING:  # libcst and the rewrite load when a file is analysed (cli start-up)
    from migrate_fitgen.analyze.project import AnalysisProject

TARGETS = ("keras3", "tf-keras")


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
) -> List[Diagnostic]:
    """Every finding in one module; raises ``SourceError`` if it does not parse."""
    from migrate_fitgen.analyze.context import RuleContext
    from migrate_fitgen.rewrite import RewriteOptions, rewrite_source

    options = options or AnalyzeOptions()
    facts = project.modules.get(path) if project is not None else None
    if facts is None or facts.text != text:
        module = parse_module(text)
        if project is None:
            project = new_project({path: text}, (), options)
        facts = project.add_source(path, text, module)

    codes = enabled_codes(options.select, options.ignore)
    found: List[Diagnostic] = []
    if codes & {"FG001", "FG002", "FG003", "FG004", "FG005", "FG007"}:
        # call-site findings come from the rewrite's own engine (a project's own
        # fit_generator is not among them: the rewrite leaves it alone)
        result = rewrite_source(
            text, path, RewriteOptions(target=options.target), project.rewrite_project,
            findings_only=True, module=facts.module,
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


def analyze_paths(
    paths: Sequence[str],
    options: Optional[AnalyzeOptions] = None,
    exclude: Sequence[str] = (),
    stdin_text: Optional[str] = None,
    stdin_filename: str = "<stdin>",
) -> AnalysisResult:
    """Analyse files and folders (``-`` stands for ``stdin_text``)."""
    options = options or AnalyzeOptions()
    result = AnalysisResult()
    sources: Dict[str, str] = {}
    for path in iter_python_files([p for p in paths if p != "-"], exclude):
        result.files += 1
        try:
            sources[path] = read_source(path).text
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
            result.diagnostics.extend(analyze_source(sources[path], path, options, project))
        except SourceError as exc:
            result.errors.append((path, str(exc)))
        except RecursionError:
            result.errors.append((path, "too deeply nested to analyse"))
    result.diagnostics.sort(key=sort_key)
    result.errors.sort()
    return result
