"""The command line: options -> core -> report -> exit code.  Nothing else prints."""

from __future__ import annotations

import enum
import gc
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Tuple

import typer

from migrate_fitgen import __version__
from migrate_fitgen.analyze.commands import register as _register_analyze
from migrate_fitgen.cli_params import QuickCommand, QuickGroup
from migrate_fitgen.config import ConfigError, find_config
from migrate_fitgen.prefilter import may_rewrite
from migrate_fitgen.rewrite.options import RewriteOptions
from migrate_fitgen.sources import (
    SourceError,
    SourceFile,
    decode_source,
    emit_report,
    encode_source,
    iter_python_files,
    missing_paths,
    read_source,
    write_source,
)

if TYPE_CHECKING:  # only an annotation here; `rewrite` with nothing to do never loads it
    from migrate_fitgen.diagnostics import Diagnostic

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3

app = typer.Typer(
    name="migrate-fitgen",
    help="Move Keras code off fit_generator and catch broken data generators.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=QuickGroup,
)


class Target(str, enum.Enum):
    keras3 = "keras3"
    tf_keras = "tf-keras"


def usage_error(message: str) -> "typer.Exit":
    typer.echo(f"migrate-fitgen: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"migrate-fitgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Move Keras code off fit_generator and catch broken data generators."""


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib  # only --diff needs it

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=path if path.startswith("/") else f"a/{path}",
        tofile=path if path.startswith("/") else f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(files: int, changed: int, migrated: int, review: int, errors: int, dry: bool) -> str:
    return (
        f"{_plural(files, 'file')} scanned, {changed} {'would change' if dry else 'changed'}, "
        f"{_plural(migrated, 'call')} migrated, {_plural(review, 'item')} to review, "
        f"{errors} could not be processed"
    )


def _report(diags: List[Diagnostic]) -> None:
    for d in diags:
        typer.echo(d.format_text(), err=True)


@app.command(cls=QuickCommand)
def rewrite(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Files or folders to rewrite (default: .); '-' reads stdin and writes stdout."
    ),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff; write nothing."),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; exit 1 if any file would change."
    ),
    exit_non_zero_on_fix: bool = typer.Option(
        False, "--exit-non-zero-on-fix", help="Exit 1 if any file was rewritten (for commit hooks)."
    ),
    unsafe_fixes: bool = typer.Option(
        False, "--unsafe-fixes", help="Also apply fixes that may change behaviour."
    ),
    wrap: bool = typer.Option(
        True, "--wrap/--no-wrap", help="Wrap data arguments in validate_batches(...)."
    ),
    target: Target = typer.Option(
        Target.keras3, "--target", help="keras3 removes workers/use_multiprocessing/max_queue_size."
    ),
    exclude: Optional[List[str]] = typer.Option(
        None, "--exclude", metavar="GLOB", help="Skip files and folders matching GLOB (repeatable)."
    ),
    stdin_filename: Optional[str] = typer.Option(
        None, "--stdin-filename", help="The name to use in messages when reading stdin."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print no summary line."),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", min=0, help="Worker processes (default: the number of CPUs; 0: none)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    cache_dir: Optional[str] = typer.Option(
        None, "--cache-dir", help="The cache folder (default: .migrate_fitgen_cache in the project root)."
    ),
    shard: Optional[str] = typer.Option(
        None, "--shard", metavar="K/N", help="Process the K-th of N deterministic parts of the files."
    ),
    timeout: float = typer.Option(
        30.0, "--timeout", min=0, metavar="SECONDS",
        help="Skip (and report) a file that takes longer than this (0: no limit).",
    ),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="Follow symlinks that lead out of the folders given."
    ),
    include_notebooks: bool = typer.Option(
        True, "--include-notebooks/--no-include-notebooks", help="Also rewrite the *.ipynb files in folders."
    ),
) -> None:
    """Rewrite fit_generator/evaluate_generator/predict_generator calls for Keras 3."""
    paths = list(paths or ["."])
    options = RewriteOptions(target=target.value, wrap=wrap, unsafe_fixes=unsafe_fixes)
    if "-" in paths and len(paths) > 1:
        raise usage_error("'-' (stdin) cannot be combined with other paths")
    missing = missing_paths(paths)
    if missing:
        raise usage_error(f"path does not exist: {missing[0]}")
    receivers = _receiver_settings(None if paths == ["-"] else paths[0])
    if "-" in paths:
        gc_off_for_one_file()
        raise typer.Exit(
            _rewrite_stdin(
                options, stdin_filename or "<stdin>", diff, check, quiet, receivers, exit_non_zero_on_fix
            )
        )

    run = RunSettings.make(paths, jobs, no_cache, cache_dir, shard, quiet).with_timeout(timeout)
    files = list(iter_python_files(paths, exclude or (), notebooks=include_notebooks, follow_links=follow_links))
    from migrate_fitgen.rewrite.batch import rewrite_tree

    outcome = rewrite_tree(files, paths, options, receivers, run, keep_text=not check)
    for path, reason in outcome.read_errors:  # what cannot be read or decoded comes first
        typer.echo(f"{path}: error: {reason}", err=True)
    errors = len(outcome.read_errors)
    changed = migrated = review = 0
    files = outcome.files
    for path, result in outcome.results:
        if result.error is not None:
            typer.echo(f"{path}: error: {result.error}", err=True)
            errors += 1
            continue
        for reason in result.cell_errors:  # a notebook's cells left alone; the others go on
            typer.echo(f"{path}:{reason}", err=True)
        errors += bool(result.cell_errors)
        _report(list(result.diagnostics))
        review += len(result.diagnostics)
        if not result.changed:
            continue
        if diff and result.cells:
            for number, before, after in result.cells:
                sys.stdout.write(unified_diff(f"{path}:cell {number}", before, after))
        elif diff:
            sys.stdout.write(unified_diff(path, result.source, result.output))
        elif not check:
            try:
                write_source(read_source(path), result.output)
            except SourceError as exc:
                typer.echo(f"{path}: error: {exc}", err=True)
                errors += 1
                continue
        changed += 1
        migrated += result.calls_migrated
    if not quiet:
        typer.echo(_summary(files, changed, migrated, review, errors, diff or check), err=True)
    if errors:
        raise typer.Exit(EXIT_FAILED)
    if (diff or check or exit_non_zero_on_fix) and changed:
        raise typer.Exit(EXIT_CHANGES)
    raise typer.Exit(EXIT_OK)


# --- running over a tree: jobs, cache, shards, progress (migrate_fitgen.driver) ---------


@dataclass(frozen=True)
class RunSettings:
    jobs: int
    cache_folder: Optional[str]  # None: --no-cache
    shard: Tuple[int, int]  # (0-based index, count)
    root: str  # shards hash paths relative to it
    progress: bool
    timeout: Optional[float] = 30.0  # seconds per file; None: no limit

    @classmethod
    def make(
        cls, paths: List[str], jobs: Optional[int], no_cache: bool, cache_dir: Optional[str],
        shard: Optional[str], quiet: bool, machine_output: bool = False,
    ) -> "RunSettings":
        from migrate_fitgen import cache, driver

        try:
            part = driver.parse_shard(shard) if shard else (0, 1)
        except driver.ShardError as exc:
            raise usage_error(str(exc)) from None
        start = paths[0] if paths else None
        folder = None if no_cache else cache.Cache.at_root(start, cache_dir).folder
        return cls(
            jobs=driver.default_jobs() if jobs is None else jobs,
            cache_folder=folder,
            shard=part,
            root=cache.project_root(start),
            progress=driver.Progress.wanted(quiet, machine_output),
        )

    def with_timeout(self, seconds: float) -> "RunSettings":
        from dataclasses import replace

        return replace(self, timeout=seconds if seconds > 0 else None)

    def mine(self, files: List[str]) -> List[str]:
        """The files of this shard (all of them without --shard)."""
        from migrate_fitgen import driver

        k, n = self.shard
        if n == 1:
            return list(files)
        return [f for f in files if driver.shard_of(_relative(f, self.root), n) == k]


#: set by ``main()``: this process ends with the command it runs
_PROCESS_ENDS_WITH_COMMAND = False
#: set for a one-file run in such a process: it exits without tearing Python down
_EXIT_AT_ONCE = False


def gc_off_for_one_file() -> None:
    """Turn Python's cyclic garbage collector off for the rest of a one-file run (stdin),
    when the process ends with it (``main()``; not in typer's test runner).  Its
    collections were about a tenth of such a run's CPU (mostly walking libcst's freshly
    imported classes and the parsed tree) and freed next to nothing there: peak RSS is
    the same within 2 MB, even for a 450 KB file.  Not turned on again: the first
    collection after would walk everything allocated meanwhile.  Trees and the language
    server keep it.  Such a run also ends without Python's teardown (``main()``)."""
    global _EXIT_AT_ONCE
    if _PROCESS_ENDS_WITH_COMMAND:
        gc.disable()
        _EXIT_AT_ONCE = True


def _exit_at_once(code: object) -> None:
    """End the process with ``code`` (a ``SystemExit``'s) once stdout and stderr are
    flushed, without Python's teardown, as mypy does: freeing every module, class and
    node one by one took a fifth of a one-file run's CPU (libcst's classes, the parsed
    tree).  Nothing is left to do: a one-file run writes no cache and starts no
    process.  Returns (and the normal exit follows) when a stream cannot be flushed,
    so that a closed pipe is reported the usual way."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        return  # a message to print: the normal way
    os._exit(status)


def _relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), root)
    except ValueError:  # pragma: no cover - another drive on Windows
        return path


def _receiver_settings(start: Optional[str]) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """``keras-models`` and ``not-keras`` from ``[tool.migrate-fitgen]``."""
    try:
        config = find_config(start)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    for warning in config.warnings:
        typer.echo(f"migrate-fitgen: warning: {warning}", err=True)
    return config.keras_models, config.not_keras


def _rewrite_stdin(
    options: RewriteOptions, name: str, diff: bool, check: bool, quiet: bool,
    receivers: Tuple[Tuple[str, ...], Tuple[str, ...]] = ((), ()),
    exit_non_zero_on_fix: bool = False,
) -> int:
    data = sys.stdin.buffer.read()
    if name.endswith(".ipynb"):
        return _rewrite_stdin_notebook(data, options, name, diff, check, quiet, receivers)
    src: Optional[SourceFile] = None
    try:
        src = decode_source(data, name)
        if not may_rewrite(src.text, options.target):  # nothing to edit: answered without libcst
            return _unchanged_stdin(data, name, diff, check, quiet)
        from migrate_fitgen.rewrite import collect_project_info, rewrite_source

        project = collect_project_info({name: src.text}, (), *receivers)
        result = rewrite_source(src.text, name, options, project)
        out = encode_source(src, result.output)
    except SourceError as exc:
        typer.echo(f"{name}: error: {exc}", err=True)
        if not (diff or check):
            sys.stdout.buffer.write(data)  # an editor piping through us loses nothing
        return EXIT_FAILED
    _report(result.diagnostics)
    if diff:
        sys.stdout.write(unified_diff(name, result.source, result.output))
    elif not check:
        sys.stdout.buffer.write(out)
    sys.stdout.flush()
    if not quiet:
        summary = _summary(
            1, int(result.changed), result.calls_migrated, len(result.diagnostics), 0, diff or check
        )
        typer.echo(summary, err=True)
    return EXIT_CHANGES if (diff or check or exit_non_zero_on_fix) and result.changed else EXIT_OK


def _rewrite_stdin_notebook(
    data: bytes, options: RewriteOptions, name: str, diff: bool, check: bool, quiet: bool,
    receivers: Tuple[Tuple[str, ...], Tuple[str, ...]],
) -> int:
    """``_rewrite_stdin`` for a notebook (``--stdin-filename x.ipynb``)."""
    from migrate_fitgen import notebooks
    from migrate_fitgen.rewrite import collect_project_info, rewrite_source

    def rewrite_program(text: str):
        project = collect_project_info({name: text}, (), *receivers)
        return rewrite_source(text, name, options, project)

    try:
        src = decode_source(data, name)
        done = notebooks.rewrite_notebook(data, name, rewrite_program)
        out = encode_source(src, done.text)
    except SourceError as exc:
        typer.echo(f"{name}: error: {exc}", err=True)
        if not (diff or check):
            sys.stdout.buffer.write(data)
        return EXIT_FAILED
    for reason in done.problems:
        typer.echo(f"{name}:{reason}", err=True)
    _report(list(done.diagnostics))
    if diff:
        for change in done.changes:
            sys.stdout.write(unified_diff(f"{name}:cell {change.number}", change.before, change.after))
    elif not check:
        sys.stdout.buffer.write(out)
    sys.stdout.flush()
    changed = bool(done.changes)
    if not quiet:
        summary = _summary(
            1, int(changed), done.calls_migrated, len(done.diagnostics), int(bool(done.problems)), diff or check
        )
        typer.echo(summary, err=True)
    if done.problems:
        return EXIT_FAILED
    return EXIT_CHANGES if (diff or check) and changed else EXIT_OK


def _unchanged_stdin(data: bytes, name: str, diff: bool, check: bool, quiet: bool) -> int:
    """What ``_rewrite_stdin`` answers for a text with nothing to rewrite."""
    if not (diff or check):
        sys.stdout.buffer.write(data)
    sys.stdout.flush()
    if not quiet:
        typer.echo(_summary(1, 0, 0, 0, 0, diff or check), err=True)
    return EXIT_OK


@app.command("merge-reports", cls=QuickCommand)
def merge_reports(
    reports: List[str] = typer.Argument(..., help="The JSON or SARIF reports of the shards."),
    output_format: str = typer.Option("json", "--format", help="json or sarif: the reports' format."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the merged report to FILE."),
) -> None:
    """Merge the reports of `analyze --shard K/N` runs into one, as one run would write it."""
    from migrate_fitgen.report.merge import MergeError, merge_texts

    if output_format not in ("json", "sarif"):
        raise usage_error(f"invalid value for --format: {output_format!r} (choose from json, sarif)")
    texts = []
    for path in reports:
        try:
            with open(path, encoding="utf-8") as fh:
                texts.append(fh.read())
        except OSError as exc:
            raise usage_error(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        merged = merge_texts(texts, output_format)
    except MergeError as exc:
        raise usage_error(str(exc)) from None
    try:
        emit_report(merged, output)
    except OSError as exc:
        raise usage_error(f"cannot write {output}: {exc.strerror or exc}") from None
    raise typer.Exit(EXIT_OK)


@app.command(cls=QuickCommand)
def lsp(
    stdio: bool = typer.Option(True, "--stdio", hidden=True, help="Talk over stdin/stdout (the only way)."),
) -> None:
    """Start the language server for editors (LSP over stdin/stdout)."""
    import importlib.util

    if importlib.util.find_spec("pygls") is None:
        raise usage_error("the language server needs pygls: pip install 'migrate-fitgen[lsp]'")
    from migrate_fitgen.lsp import serve

    serve()


_register_analyze(app)


def main() -> None:
    global _PROCESS_ENDS_WITH_COMMAND
    _PROCESS_ENDS_WITH_COMMAND = True
    try:
        app(prog_name="migrate-fitgen")
    except SystemExit as done:
        if _EXIT_AT_ONCE:
            _exit_at_once(done.code)
        raise


if __name__ == "__main__":
    main()
