"""`rewrite --jobs/--no-cache/--cache-dir/--shard` on corpus/ and small trees: the same
output for any number of jobs, with and without the cache, sharded or not; a file
that crashes the parser is reported and the run goes on."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate_fitgen.cli import app

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LEGACY = "import keras\n\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n"
SUMMARY = re.compile(r"^\d+ files? scanned, ")

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def lines(text: str):
    return [ln for ln in text.splitlines() if not SUMMARY.match(ln)]


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="module")
def reference(corpus_copy: Path):
    r = invoke("rewrite", "--diff", "--no-cache", "--jobs", "1", str(corpus_copy))
    assert r.exit_code in (1, 3), r.stderr
    assert "+++ " in r.stdout
    return r


@pytest.mark.parametrize("args", [["--jobs", "2"], ["--jobs", "0"]])
def test_same_output_for_any_jobs(corpus_copy, reference, args, tmp_path):
    r = invoke("rewrite", "--diff", "--cache-dir", str(tmp_path / "c"), *args, str(corpus_copy))
    assert (r.exit_code, r.stdout, r.stderr) == (reference.exit_code, reference.stdout, reference.stderr)


def test_warm_cache_gives_the_same_output_and_parses_nothing(corpus_copy, reference, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cold = invoke("rewrite", "--diff", "--cache-dir", str(cache), "--jobs", "2", str(corpus_copy))
    assert (cold.exit_code, cold.stdout, cold.stderr) == (reference.exit_code, reference.stdout, reference.stderr)
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed on a warm run")

    # the workers are forked from this process: they see the patches too
    monkeypatch.setattr("migrate_fitgen.rewrite.batch._scan_bytes", no_parse)
    monkeypatch.setattr("migrate_fitgen.rewrite.engine.rewrite_source", no_parse)
    warm = invoke("rewrite", "--diff", "--cache-dir", str(cache), "--jobs", "2", str(corpus_copy))
    assert (warm.exit_code, warm.stdout, warm.stderr) == (reference.exit_code, reference.stdout, reference.stderr)
    # and --no-cache does not read it
    nocache = invoke("rewrite", "--diff", "--no-cache", "--cache-dir", str(cache), str(corpus_copy))
    assert nocache.exit_code == 3 and "internal error (AssertionError: parsed on a warm run)" in nocache.stderr


def test_an_edited_file_misses_the_cache(tmp_path):
    tree = tmp_path / "t"
    tree.mkdir()
    (tree / "a.py").write_text(LEGACY)
    cache = str(tmp_path / "c")
    assert invoke("rewrite", "--check", "--cache-dir", cache, str(tree)).exit_code == 1
    (tree / "a.py").write_text("import keras\n")
    r = invoke("rewrite", "--check", "--cache-dir", cache, str(tree))
    assert r.exit_code == 0 and "0 would change" in r.stderr


def test_shards_together_equal_the_whole(corpus_copy, reference, tmp_path):
    out, err, scanned = [], [], 0
    for k in (1, 2, 3):
        r = invoke("rewrite", "--diff", "--shard", f"{k}/3", "--cache-dir", str(tmp_path / "c"), str(corpus_copy))
        assert r.exit_code in (0, 1, 3)
        out.append(r.stdout)
        err.extend(lines(r.stderr))
        scanned += int(r.stderr.strip().splitlines()[-1].split()[0])
    whole_files = int(reference.stderr.strip().splitlines()[-1].split()[0])
    assert scanned == whole_files
    assert sorted(err) == sorted(lines(reference.stderr))
    # each file's diff is in exactly one shard
    chunks = lambda text: sorted(re.split(r"(?m)^(?=--- )", text))  # noqa: E731
    assert chunks("".join(out)) == chunks(reference.stdout)
    assert sum(bool(o) for o in out) >= 2  # the files really were split


def test_bad_shard_is_a_usage_error(tmp_path):
    for bad in ("0/2", "3/2", "two"):
        r = invoke("rewrite", "--shard", bad, str(tmp_path))
        assert r.exit_code == 2 and "--shard" in r.stderr


def test_a_file_that_crashes_the_parser_is_reported_and_the_run_goes_on(tmp_path):
    tree = tmp_path / "t"
    tree.mkdir()
    (tree / "a.py").write_text(LEGACY)
    # libcst's native parser runs out of stack on these (a segmentation fault) or runs
    # for minutes; Python's parser, asked first, refuses them cleanly
    bodies = {
        "b.py": "(" * 10000 + "1" + ")" * 10000,
        "b2.py": "-" * 100000 + "1",
        "b3.py": "1+" * 100000 + "1",
    }
    for name, body in bodies.items():
        (tree / name).write_text("import keras\nm.fit_generator(g, 1)\nx = " + body + "\n")
    (tree / "c.py").write_text(LEGACY)
    for jobs in ("1", "2"):
        r = invoke("rewrite", "--check", "--no-cache", "--jobs", jobs, str(tree))
        assert r.exit_code == 3, r.stderr
        for name in bodies:
            said = [ln for ln in r.stderr.splitlines() if f"{name}:" in ln]
            assert len(said) == 1 and "error: does not parse" in said[0], r.stderr
        assert "5 files scanned, 2 would change, 2 calls migrated, 0 items to review, 3 could not be processed" in r.stderr
    r = invoke("analyze", str(tree))
    assert r.exit_code == 3, r.stdout + r.stderr
    for name in bodies:
        said = [ln for ln in (r.stdout + r.stderr).splitlines() if f"{name}:" in ln and "error" in ln]
        assert len(said) == 1 and "error: does not parse" in said[0], r.stdout + r.stderr


def test_files_without_legacy_names_are_not_parsed(tmp_path, monkeypatch):
    tree = tmp_path / "t"
    tree.mkdir()
    (tree / "py2.py").write_text('print "no legacy call here"\n')
    (tree / "a.py").write_text(LEGACY)
    r = invoke("rewrite", "--check", "--no-cache", str(tree))
    assert r.exit_code == 1
    assert "2 files scanned, 1 would change, 1 call migrated, 0 items to review, 0 could not be processed" in r.stderr


def test_same_diff_as_the_one_process_library_path(corpus_copy, reference):
    """The driver (prefilter, summaries on demand) against collect_project_info over
    every file and rewrite_source on each, as `rewrite` did before it."""
    from migrate_fitgen.cli import unified_diff
    from migrate_fitgen.rewrite import collect_project_info, rewrite_source
    from migrate_fitgen.sources import SourceError, iter_python_files, read_source

    texts = {}
    for p in iter_python_files([str(corpus_copy)]):
        try:
            texts[p] = read_source(p).text
        except SourceError:
            pass
    project = collect_project_info(texts, [str(corpus_copy)])
    expected = []
    for p, text in texts.items():
        try:
            r = rewrite_source(text, p, None, project)
        except SourceError:
            continue
        if r.changed:
            expected.append(unified_diff(p, r.source, r.output))
    # (click's test runner reads stdout with universal newlines); notebooks are
    # compared with their own reference in tests/test_notebooks.py
    plain = invoke("rewrite", "--diff", "--no-cache", "--jobs", "1", "--no-include-notebooks", str(corpus_copy))
    assert plain.stdout == "".join(expected).replace("\r\n", "\n")
    assert ".ipynb:cell " in reference.stdout


def test_the_cache_goes_to_the_project_root_or_the_user_cache(tmp_path, monkeypatch):
    from migrate_fitgen.cache import Cache

    monkeypatch.delenv("MIGRATE_FITGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    bare = tmp_path / "bare"
    (bare / "pkg").mkdir(parents=True)
    assert Cache.at_root(str(bare / "pkg")).folder == str(tmp_path / "xdg" / "migrate-fitgen")
    proj = tmp_path / "proj"
    (proj / "src").mkdir(parents=True)
    (proj / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (proj / "src" / "a.py").write_text(LEGACY)
    assert Cache.at_root(str(proj / "src")).folder == str(proj / ".migrate_fitgen_cache")
    assert invoke("rewrite", "--check", str(proj / "src")).exit_code == 1
    assert (proj / ".migrate_fitgen_cache" / ".gitignore").is_file()
    assert Cache.at_root(str(bare), str(tmp_path / "mine")).folder == str(tmp_path / "mine")


def test_an_unchanged_tree_is_answered_by_one_entry(tmp_path, monkeypatch):
    """``rewrite_tree``'s run entry (``cache.tree_signature``): the same output with no
    scan; an in-place rewrite changes the tree, so the next run is a new one."""
    from migrate_fitgen import cache as cache_mod
    from migrate_fitgen.rewrite import batch

    tree = tmp_path / "t"
    shutil.copytree(CORPUS / "rewrite", tree)
    (tree / "latin.py").write_bytes(b"x = '\xe9'\n")  # cannot be decoded: reported every run
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    cache = str(tmp_path / "c")
    cold = invoke("rewrite", "--check", "--cache-dir", cache, "--jobs", "1", str(tree))
    assert cold.exit_code == 3 and "latin.py: error: cannot decode" in cold.stderr
    real, calls = batch._rewrite_tree, []

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "_rewrite_tree", counting)
    warm = invoke("rewrite", "--check", "--cache-dir", cache, "--jobs", "1", str(tree))
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr) and calls == []
    diff = invoke("rewrite", "--diff", "--cache-dir", cache, "--jobs", "1", str(tree))  # other settings
    assert calls == [1] and "+++ " in diff.stdout
    # in place: the same settings as --diff (the texts are kept), the same entry
    invoke("rewrite", "--cache-dir", cache, "--jobs", "1", str(tree))
    assert calls == [1]
    after = invoke("rewrite", "--check", "--cache-dir", cache, "--jobs", "1", str(tree))
    assert calls == [1, 1] and "0 would change" in after.stderr
