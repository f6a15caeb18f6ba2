"""analyze on large trees: bounded memory (facts dropped between files), the driver's
pool, the cache and shards change no finding.  The reference is
``analyze_paths(..., prefilter=False)``: every module parsed once and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate_fitgen.analyze import project as project_mod
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

from tests.test_analyze_prefilter import ALL, CORPUS, _project

FOLDERS = ["analyze", "rewrite", "programs", "projects"]


def _write(tmp_path: Path, seed: int) -> Path:
    for rel, text in _project(seed).items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def _findings(result):
    return (result.files, result.errors, [d.format_text() for d in result.diagnostics], result.diagnostics)


@pytest.mark.parametrize("folder", FOLDERS)
def test_dropping_every_module_between_files_changes_nothing(monkeypatch, folder: str) -> None:
    """With ``KEEP_CHARS`` 0 every analysed file starts a new session and nothing is reused:
    links across files are found again through the index (path, line, name)."""
    whole = analyze_paths([str(CORPUS / folder)], ALL, prefilter=False)
    monkeypatch.setattr(project_mod, "KEEP_CHARS", 0)
    assert _findings(analyze_paths([str(CORPUS / folder)], ALL)) == _findings(whole)


@pytest.mark.parametrize("seed", range(8))
def test_dropping_every_module_in_generated_projects(monkeypatch, tmp_path: Path, seed: int) -> None:
    root = str(_write(tmp_path, seed))
    options = AnalyzeOptions(select=("ALL",), target="tf-keras" if seed % 2 else "keras3")
    whole = analyze_paths([root], options, prefilter=False)
    monkeypatch.setattr(project_mod, "KEEP_CHARS", 0)
    assert _findings(analyze_paths([root], options)) == _findings(whole)


# --- through the driver: --jobs, the cache, --shard -----------------------------------


class _Run:
    """What ``analyze_tree`` reads of ``cli.RunSettings``."""

    def __init__(self, jobs: int, cache_folder=None, shard=(0, 1)) -> None:
        self.jobs, self.cache_folder, self.shard, self.progress = jobs, cache_folder, shard, False

    def mine(self, files):
        from migrate_fitgen import driver

        k, n = self.shard
        return [f for f in files if n == 1 or driver.shard_of(f, n) == k]


def _tree(paths, run, options=ALL):
    from migrate_fitgen.analyze.engine import analyze_tree

    return analyze_tree([str(p) for p in paths], options, (), run)


@pytest.mark.parametrize("folder", FOLDERS)
def test_jobs_and_cache_change_nothing(tmp_path: Path, folder: str) -> None:
    ref = _findings(analyze_paths([str(CORPUS / folder)], ALL))
    cache = str(tmp_path / "cache")
    assert _findings(_tree([CORPUS / folder], _Run(1))) == ref
    assert _findings(_tree([CORPUS / folder], _Run(2, cache))) == ref  # cold
    assert _findings(_tree([CORPUS / folder], _Run(2, cache))) == ref  # warm


def test_warm_run_parses_nothing(monkeypatch, tmp_path: Path) -> None:
    from migrate_fitgen.analyze import engine

    root = _write(tmp_path / "tree", 3)
    cache = str(tmp_path / "cache")
    cold = _findings(_tree([root], _Run(0, cache)))
    assert cold[2], "the generated project has findings"

    def boom(*args, **kwargs):
        raise AssertionError("parsed on a warm run")

    monkeypatch.setattr(engine, "scan_file", boom)
    monkeypatch.setattr(engine, "_load_facts", boom)
    promote = engine._promote
    monkeypatch.setattr(engine, "_promote", boom)  # the project pass's flags are cached too
    assert _findings(_tree([root], _Run(0, cache))) == cold
    monkeypatch.setattr(engine, "_promote", promote)  # (an edited tree needs it again)
    # an edit anywhere is seen: every finding may depend on any file
    (root / "train.py").write_text((root / "train.py").read_text() + "\n# edited\n")
    # (``jobs=0`` runs the tasks here; the driver turns what they raise into errors)
    edited = _tree([root], _Run(0, cache))
    assert any("parsed on a warm run" in reason for _, reason in edited.errors)


def test_warm_run_on_a_big_tree_reads_one_table(monkeypatch, tmp_path: Path) -> None:
    """Past ``driver.TABLE_MIN_ITEMS`` files, the scans of unchanged files come from one
    table by stat signature: no file's scan (nor its cache entry) is even looked at;
    an edited file is scanned again, and the findings are those of a run with no cache."""
    import shutil

    from migrate_fitgen import cache as cache_mod
    from migrate_fitgen.analyze import engine

    root = tmp_path / "tree"
    shutil.copytree(CORPUS, root)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)  # (the files were all written just now)
    cache = str(tmp_path / "cache")
    ref = _findings(_tree([root], _Run(0)))
    assert _findings(_tree([root], _Run(2, cache))) == ref
    scanned = []
    scan_task = engine.scan_task

    def counting(path, shared):
        scanned.append(path)
        return scan_task(path, shared)

    monkeypatch.setattr(engine, "scan_task", counting)
    assert _findings(_tree([root], _Run(0, cache))) == ref and scanned == []
    edited = root / "analyze" / "fg101_non_tuple_batch.py"
    assert edited.is_file()
    edited.write_text(edited.read_text() + "\n# edited\n")
    after = _tree([root], _Run(0, cache))
    assert scanned == [str(edited)]
    assert _findings(after) == _findings(_tree([root], _Run(0)))


def test_an_unchanged_tree_is_answered_by_one_entry(monkeypatch, tmp_path: Path) -> None:
    """``cache.tree_signature``: an unchanged tree (every file's and folder's stat)
    gets the whole run's result back without a file being read; a new folder beside a
    module (a local module now) or an edited file is a new tree; a shard is its own run."""
    import shutil

    from migrate_fitgen import cache as cache_mod
    from migrate_fitgen.analyze import engine

    root = tmp_path / "tree"
    shutil.copytree(CORPUS / "analyze", root)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    cache = str(tmp_path / "cache")
    ref = _findings(_tree([root], _Run(0, cache)))
    real = engine._analyze_files
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "_analyze_files", counting)
    assert _findings(_tree([root], _Run(0, cache))) == ref and calls == []
    part = _tree([root], _Run(0, cache, (0, 2)))
    assert calls == [1] and part.files < ref[0]
    (root / "keras").mkdir()  # no .py in it, but ``import keras`` is now local
    local = _tree([root], _Run(0, cache))
    assert calls == [1, 1] and _findings(local) == _findings(_tree([root], _Run(0)))
    edited = root / "fg101_non_tuple_batch.py"
    edited.write_text(edited.read_text().replace("yield", "return", 1))
    after = _tree([root], _Run(0, cache))
    assert len(calls) == 4  # (the third was the reference run with no cache)
    assert _findings(after) == _findings(_tree([root], _Run(0)))
    assert _findings(after) != _findings(local)


def test_a_run_with_a_timeout_is_not_kept(monkeypatch, tmp_path: Path) -> None:
    import shutil

    from migrate_fitgen import cache as cache_mod
    from migrate_fitgen.analyze import engine

    root = tmp_path / "tree"
    shutil.copytree(CORPUS / "analyze", root)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    cache = str(tmp_path / "cache")
    real = engine._analyze_files

    def slow_machine(*args, **kwargs):
        result = real(*args, **kwargs)
        result.errors.append((str(root / "x.py"), "took longer than 30 s; skipped (see --timeout)"))
        return result

    monkeypatch.setattr(engine, "_analyze_files", slow_machine)
    first = _tree([root], _Run(0, cache))
    monkeypatch.setattr(engine, "_analyze_files", real)
    assert _tree([root], _Run(0, cache)).errors != first.errors


@pytest.mark.parametrize("seed", range(4))
def test_shards_merged_equal_one_run(tmp_path: Path, seed: int) -> None:
    root = _write(tmp_path, seed)
    whole = _tree([root], _Run(2))
    parts = [_tree([root], _Run(2, None, (k, 3))) for k in range(3)]
    assert sum(p.files for p in parts) == whole.files
    merged = sorted((d for p in parts for d in p.diagnostics), key=lambda d: (d.path, d.line, d.column, d.code))
    assert merged == sorted(whole.diagnostics, key=lambda d: (d.path, d.line, d.column, d.code))
    assert sorted(e for p in parts for e in p.errors) == whole.errors
    assert whole.diagnostics == analyze_paths([str(root)], ALL).diagnostics


def test_a_worker_that_dies_takes_only_its_file(tmp_path: Path) -> None:
    """libcst's native parser overflows its stack on a 10,000-deep expression."""
    root = _write(tmp_path / "tree", 1)
    ref = _tree([root], _Run(2))
    (root / "deep.py").write_text("model.fit(" + "(" * 10000 + "1" + ")" * 10000 + ")\n")
    got = _tree([root], _Run(2))
    assert got.diagnostics == ref.diagnostics
    assert [p for p, _ in got.errors] == [str(root / "deep.py")]


def test_cli_sharded_reports_merge_into_the_unsharded_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from migrate_fitgen.cli import app

    root = _write(tmp_path / "tree", 5)
    runner = CliRunner()
    one = runner.invoke(app, ["analyze", "--format", "json", "--select", "ALL", "--no-cache", "-j", "2", str(root)])
    assert one.exit_code in (1, 3) and "FG" in one.stdout, one.output
    outs = []
    for k in (1, 2):
        out = tmp_path / f"part{k}.json"
        res = runner.invoke(
            app, ["analyze", "--format", "json", "--select", "ALL", "--cache-dir", str(tmp_path / "c"),
                  "--shard", f"{k}/2", "-o", str(out), str(root)],
        )
        assert res.exit_code in (0, 1, 3), res.output
        outs.append(str(out))
    merged = runner.invoke(app, ["merge-reports", "--format", "json", *outs])
    assert merged.exit_code == 0, merged.output
    assert merged.stdout == one.stdout


def test_a_worker_asks_pythons_parser_again_only_for_changed_or_unparsed_modules(monkeypatch, tmp_path: Path) -> None:
    """``_ScannedLoader``: libcst parses a module whose bytes the scan parsed with
    ``ast`` without the depth check; a module changed since (or one ``ast`` could not
    parse) is checked, so a file made too deep after the scan is an error, not a crash."""
    from migrate_fitgen import cache as cache_mod
    from migrate_fitgen import sources
    from migrate_fitgen.analyze import engine

    same, changed, opaque = tmp_path / "same.py", tmp_path / "changed.py", tmp_path / "opaque.py"
    for p in (same, changed, opaque):
        p.write_text("def gen():\n    yield 1, 2\n")
    scans = {str(p): engine.scan_task(str(p), (frozenset({"yield"}), None)) for p in (same, changed, opaque)}
    assert all(s.parsed and s.digest == cache_mod.content_hash(Path(p).read_bytes()) for p, s in scans.items())
    setup = engine.TreeSetup(
        AnalyzeOptions(), None, tuple(scans), (), {p: s.digest for p, s in scans.items()}, "",
        unparsed=frozenset({str(opaque)}),
    )
    checked = []
    real = sources._check_depth
    monkeypatch.setattr(sources, "_check_depth", lambda text: (checked.append(text), real(text)))
    loader = engine._ScannedLoader(setup)
    assert loader(str(same)) is not None and checked == []
    assert loader(str(opaque)) is not None and len(checked) == 1
    changed.write_text("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    assert loader(str(changed)) is None  # refused by Python's parser, libcst never called
    assert len(checked) == 2
    assert loader(str(tmp_path / "gone.py")) is None
    # a scan of a file ``ast`` cannot parse says so, with or without a cache
    (tmp_path / "py2.py").write_text("print 'x'\n")
    assert not engine.scan_task(str(tmp_path / "py2.py"), (frozenset({"yield"}), None)).parsed


def test_a_link_module_whose_calls_are_given_no_data_is_not_analysed(monkeypatch, tmp_path: Path) -> None:
    """A candidate only for its training calls (``FileScan.call_only``) whose link task
    found none of them given data is not parsed again; one given a generator is, and
    its findings are the same as an unfiltered run's."""
    from migrate_fitgen.analyze import engine

    root = tmp_path / "tree"
    root.mkdir()
    (root / "data.py").write_text("def gen(n):\n    while True:\n        yield n, n\n")
    # `gen` of a star import goes by name (data.py's is data) and makes `x` a data name,
    # but the resolver does not follow a star import: a call candidate that links nothing
    (root / "arrays.py").write_text("from helpers import *\nx = gen(3)\nmodel.fit(x, epochs=2)\n")
    (root / "train.py").write_text(
        "from data import gen\nx = gen(1)\nmodel.fit(x, epochs=3, class_weight={0: 1.0}, workers=4, use_multiprocessing=True)\n"
    )
    from migrate_fitgen.analyze.prefilter import split_tokens
    from migrate_fitgen.analyze.selection import enabled_codes

    tokens, dataset_tokens = split_tokens(enabled_codes(ALL.select, ALL.ignore))
    shared = (tokens, dataset_tokens or None)
    scans = {s.path: s for s in engine._promote(
        [engine.scan_task(str(p), shared) for p in sorted(root.glob("*.py"))], shared[1]
    )}
    assert scans[str(root / "arrays.py")].call_only and scans[str(root / "train.py")].call_only
    analysed = []
    real = engine.candidate_task
    monkeypatch.setattr(engine, "candidate_task", lambda path, setup: (analysed.append(path), real(path, setup))[1])
    got = _tree([root], _Run(0))
    assert str(root / "train.py") in analysed and str(root / "arrays.py") not in analysed
    ref = analyze_paths([str(root)], ALL, prefilter=False)
    assert _findings(got) == _findings(ref) and got.diagnostics


@pytest.mark.parametrize("seed", [1, 4])
def test_fresh_workers_give_the_same_findings(monkeypatch, tmp_path: Path, seed: int) -> None:
    """From ``FRESH_WORKERS_FROM`` files the link and candidate workers are spawned
    (the setup is pickled to them, nothing of the parent is inherited):
    the same findings as one process, with and without a cache."""
    from migrate_fitgen.analyze import engine

    root = _write(tmp_path / "tree", seed)
    ref = _findings(analyze_paths([str(root)], ALL))
    monkeypatch.setattr(engine, "FRESH_WORKERS_FROM", 0)
    assert _findings(_tree([root], _Run(2))) == ref
    assert _findings(_tree([root], _Run(2, str(tmp_path / "cache")))) == ref


def test_a_fresh_worker_holds_nothing_of_the_parent() -> None:
    """... and its CPU time is the parent's children's: it is waited for."""
    import resource

    from migrate_fitgen import driver

    _PARENT_ONLY.append("set after import")
    forked = {o.value for _, o in driver.run(_parent_only_seen, [0, 1], None, jobs=2)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    fresh = {o.value for _, o in driver.run(_parent_only_seen, [0.3, 0.3], None, jobs=2, fresh=True)}
    spent = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
    _PARENT_ONLY.clear()
    assert forked == {1} and fresh == {0}
    assert spent >= 0.5  # the two busy items, at least


_PARENT_ONLY: list = []


def _parent_only_seen(item, shared) -> int:
    import time

    end = time.process_time() + item  # busy for ``item`` CPU seconds
    while time.process_time() < end:
        pass
    return len(_PARENT_ONLY)
