"""Typer commands of the analyser: ``analyze``, ``rules``, ``explain``.

Thin: parse options (command line over ``[tool.migrate-fitgen]``), call the core, pick
a reporter, and exit with 0 (nothing at or above ``--fail-on``), 1 (findings),
2 (usage error) or 3 (files that could not be processed).
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
FAIL_ON_RANK = {"info": 0, "warning": 1, "error": 2}


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"migrate-fitgen: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _choice(value: Optional[str], allowed, option: str) -> Optional[str]:
    if value is not None and value not in allowed:
        raise _usage_error(f"invalid value for {option}: {value!r} (choose from {', '.join(allowed)})") from None
    return value


def analyze(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Files or folders to analyse (default: .); '-' reads stdin."
    ),
    output_format: str = typer.Option(
        "text", "--format", help="Output format: text, json, sarif or github."
    ),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to FILE."),
    select: Optional[List[str]] = typer.Option(
        None, "--select", help="Rule codes or prefixes to report, comma-separated (e.g. FG1,FG006)."
    ),
    ignore: Optional[List[str]] = typer.Option(
        None, "--ignore", help="Rule codes or prefixes not to report, comma-separated."
    ),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", help="Exit 1 on findings of this severity or above: error, warning (default), info, never."
    ),
    target: Optional[str] = typer.Option(
        None, "--target", help="keras3 (default) or tf-keras: the Keras the code should run on."
    ),
    exclude: Optional[List[str]] = typer.Option(
        None, "--exclude", metavar="GLOB", help="Skip files and folders matching GLOB (repeatable)."
    ),
    stdin_filename: Optional[str] = typer.Option(
        None, "--stdin-filename", help="The name to use in messages when reading stdin."
    ),
    include_notebooks: bool = typer.Option(
        True, "--include-notebooks/--no-include-notebooks", help="Also analyse the *.ipynb files in folders."
    ),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", min=0, help="Worker processes (default: the number of CPUs; 0: none)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    cache_dir: Optional[str] = typer.Option(
        None, "--cache-dir", help="The cache folder (default: .migrate_fitgen_cache in the project root)."
    ),
    shard: Optional[str] = typer.Option(
        None, "--shard", metavar="K/N", help="Analyse the K-th of N deterministic parts of the files."
    ),
    timeout: float = typer.Option(
        30.0, "--timeout", min=0, metavar="SECONDS",
        help="Skip (and report) a file that takes longer than this (0: no limit).",
    ),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="Follow symlinks that lead out of the folders given."
    ),
) -> None:
    """Find broken data generators and legacy generator calls."""
    from migrate_fitgen.analyze.engine import AnalysisResult, AnalyzeOptions, analyze_paths, analyze_tree
    from migrate_fitgen.prefilter import may_analyse
    from migrate_fitgen.analyze.selection import SelectionError, split_codes, validate
    from migrate_fitgen.config import FAIL_ON, TARGETS, ConfigError, find_config
    from migrate_fitgen.report import FORMATS, render
    from migrate_fitgen.sources import SourceError, decode_source, emit_report, missing_paths

    paths = list(paths or ["."])
    _choice(output_format, FORMATS, "--format")
    _choice(fail_on, FAIL_ON, "--fail-on")
    _choice(target, TARGETS, "--target")
    if "-" in paths and len(paths) > 1:
        raise _usage_error("'-' (stdin) cannot be combined with other paths") from None
    missing = missing_paths(paths)
    if missing:
        raise _usage_error(f"path does not exist: {missing[0]}") from None

    try:
        config = find_config(None if paths == ["-"] else paths[0])
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    for warning in config.warnings:
        typer.echo(f"migrate-fitgen: warning: {warning}", err=True)

    sel = split_codes(select) if select else config.select
    ign = split_codes(ignore) if ignore else (config.ignore or ())
    try:
        validate(list(sel or ()) + list(ign))
        validate([c for _, codes in config.per_file_ignores for c in codes])
    except SelectionError as exc:
        raise _usage_error(str(exc)) from None
    options = AnalyzeOptions(
        target=target or config.target or "keras3",
        select=tuple(sel) if sel is not None else None,
        ignore=tuple(ign),
        per_file_ignores=config.per_file_ignores,
        root=config.root,
        keras_models=config.keras_models,
        not_keras=config.not_keras,
    )
    threshold = fail_on or config.fail_on or "warning"
    excludes = list(exclude) if exclude else list(config.exclude or ())

    stdin_text = None
    name = stdin_filename or "<stdin>"
    pre_errors = []
    program = None  # a notebook read from stdin (--stdin-filename x.ipynb)
    if paths == ["-"]:
        try:
            raw = sys.stdin.buffer.read()
            if name.endswith(".ipynb"):
                from migrate_fitgen import notebooks

                program = notebooks.load(raw, name)[1]
                stdin_text = program.text
                pre_errors.extend((name, m) for m in notebooks.cell_problem_reasons(program))
            else:
                stdin_text = decode_source(raw, name).text
        except SourceError as exc:
            pre_errors.append((name, str(exc)))
            paths = []
    if stdin_text is not None and not may_analyse(stdin_text, options.target):
        result = AnalysisResult(files=1)  # nothing a rule looks at: no libcst needed
    elif paths and "-" not in paths:
        from migrate_fitgen.cli import RunSettings

        run = RunSettings.make(paths, jobs, no_cache, cache_dir, shard, False, output_format != "text")
        result = analyze_tree(
            paths, options, excludes, run.with_timeout(timeout), notebooks=include_notebooks,
            follow_links=follow_links,
        )
    else:  # stdin (or nothing left of it: paths == [])
        from migrate_fitgen.cli import gc_off_for_one_file

        gc_off_for_one_file()
        result = analyze_paths(
            paths, options, excludes, stdin_text=stdin_text, stdin_filename=name, notebooks=include_notebooks
        )
    result.errors[:0] = pre_errors
    if pre_errors and paths == []:
        result.files += 1
    if program is not None:
        from migrate_fitgen.diagnostics import sort_key

        result.diagnostics = sorted(
            (program.to_cells(d) if d.path == name else d for d in result.diagnostics), key=sort_key
        )

    report = render(output_format, result.diagnostics, result.errors, result.files)
    for path, reason in result.errors:
        typer.echo(f"{path}: error: {reason}", err=True)
    try:
        emit_report(report, output)
    except OSError as exc:
        raise _usage_error(f"cannot write {output}: {exc.strerror or exc}") from None

    if result.errors:
        raise typer.Exit(EXIT_FAILED)
    if threshold != "never" and any(d.severity.rank >= FAIL_ON_RANK[threshold] for d in result.diagnostics):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def rules(
    output_format: str = typer.Option("text", "--format", help="Output format: text or json."),
) -> None:
    """List every rule: code, name, severity and summary."""
    from migrate_fitgen import catalogue

    _choice(output_format, ("text", "json"), "--format")
    items = catalogue.all()
    if output_format == "json":
        import json  # only `rules --format json`

        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "default_enabled": r.default_enabled,
                "help_uri": r.help_uri(),
            }
            for r in items
        ]
        typer.echo(json.dumps(data, indent=2))
        return
    width = max(len(r.name) for r in items)
    for r in items:
        typer.echo(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}")


def explain(code: str = typer.Argument(..., help="A rule code, e.g. FG104.")) -> None:
    """Print a rule's documentation page."""
    from migrate_fitgen import catalogue

    try:
        rule = catalogue.get(code)
    except KeyError:
        raise _usage_error(f"unknown rule code: {code} (see `migrate-fitgen rules`)") from None
    sys.stdout.write(rule.page())


def register(app) -> None:
    """Add ``analyze``, ``rules`` and ``explain`` to the main typer app."""
    from migrate_fitgen.cli_params import QuickCommand

    app.command("analyze", cls=QuickCommand)(analyze)
    app.command("rules", cls=QuickCommand)(rules)
    app.command("explain", cls=QuickCommand)(explain)
