"""Hostile trees (issue 12): every odd file is reported in one line with its reason, the
rest of the tree is still processed, and the exit code says some files failed.  Run as
a subprocess with a timeout, so that a hang (a FIFO opened for reading) or a crash of
the whole run (a segmentation fault in a native parser) fails the test instead of the
suite."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from migrate_fitgen.sources import SourceError, read_source, write_source

LEGACY = "import keras\n\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n"
MIGRATED_MARK = "model.fit("

#: name -> (bytes, the reason its one line must contain)
BAD = {
    "nul.py": (b"x = 1\x00\n", "null byte (line 1, column 6)"),
    "latin.py": (b"x = '\xe9'\n", "cannot decode as utf-8"),
    "cookie.py": (b"# -*- coding: no-such-codec -*-\nx = 1\n", "encoding"),
    "deep.py": (("import keras\nm.fit_generator(g)\nx = " + "(" * 10000 + "1" + ")" * 10000 + "\n").encode(), "too many nested parentheses"),
    "unary.py": (("import keras\nm.fit_generator(g)\nx = " + "-" * 100000 + "1\n").encode(), "does not parse"),
    "py2.py": (b"import keras\nm.fit_generator(g, 1)\nprint 'x'\n", "does not parse"),
}

#: odd but valid: migrated like any other file, bytes around the edit kept
ODD_GOOD = {
    "crlf_mixed.py": LEGACY.replace("\n", "\r\n", 2),
    "no_newline.py": LEGACY.rstrip("\n"),
    "tabs.py": "import keras\nif True:\n\tmodel = keras.Sequential()\n\tmodel.fit_generator(gen, 10, 2)\n",
    "formfeed.py": "import keras\n\x0c\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n",
    "cr_only.py": LEGACY.replace("\n", "\r"),
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MIGRATE_FITGEN_CACHE_DIR": str(cwd / ".cache")},
    )


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    for name, (data, _) in BAD.items():
        (root / name).write_bytes(data)
    for name, text in ODD_GOOD.items():
        (root / name).write_bytes(text.encode())
    (root / "good.py").write_text(LEGACY)
    (root / "dir.py").mkdir()  # a folder named like a module
    (root / "dir.py" / "inner.py").write_text(LEGACY)
    os.mkfifo(root / "fifo.py")
    (root / "loop").symlink_to(root, target_is_directory=True)  # a symlink loop
    outside = tmp_path / "outside.py"
    outside.write_text(LEGACY)
    (root / "link_out.py").symlink_to(outside)  # a file outside the tree
    ro = root / "readonly.py"
    ro.write_text(LEGACY)
    ro.chmod(0o444)
    return root


def _lines_naming(text: str, name: str):
    return [ln for ln in text.splitlines() if f"{os.sep}{name}:" in ln and "error" in ln]


@pytest.mark.parametrize("command", [("rewrite",), ("analyze",)])
def test_hostile_tree_is_processed_and_each_bad_file_reported_once(tree: Path, command):
    r = run(*command, str(tree), cwd=tree.parent)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    for name, (_, reason) in BAD.items():
        said = _lines_naming(out, name)
        assert len(said) == 1 and reason in said[0], (name, out)
    said = _lines_naming(out, "fifo.py")
    assert len(said) == 1 and "not a regular file (a FIFO)" in said[0], out
    assert "outside.py" not in out and "link_out.py" not in out, out  # not followed
    if command == ("rewrite",):
        said = _lines_naming(out, "readonly.py")
        assert len(said) == 1 and "read-only" in said[0], out
        ro = tree / "readonly.py"
        assert stat.S_IMODE(ro.stat().st_mode) == 0o444 and ro.read_text() == LEGACY  # not chmod-ed
        assert (tree.parent / "outside.py").read_text() == LEGACY
        for name in ("good.py", "dir.py/inner.py", *ODD_GOOD):
            assert MIGRATED_MARK in (tree / name).read_bytes().decode(), name
        assert not list(tree.rglob(".migrate-fitgen-*")), "a temporary file was left behind"


def test_odd_but_valid_files_keep_their_bytes_around_the_edit(tree: Path):
    r = run("rewrite", str(tree), cwd=tree.parent)
    assert r.returncode == 3, r.stderr
    for name, before in ODD_GOOD.items():
        after = (tree / name).read_bytes().decode()
        # every line but the call's is still there, in order, with its own line ending
        kept = [ln for ln in before.splitlines(keepends=True) if "fit_generator" not in ln]
        rest = iter(after.splitlines(keepends=True))
        assert all(any(ln == other for other in rest) for ln in kept), (name, after)
        assert after.endswith("\n") == before.endswith("\n"), name
        assert ("\r\n" in after) == ("\r\n" in before) and ("\r" in after) == ("\r" in before), name


def test_a_file_changed_after_it_was_read_is_not_overwritten(tmp_path: Path):
    p = tmp_path / "m.py"
    p.write_text(LEGACY)
    src = read_source(str(p))
    p.write_text("# edited by someone else\n" + LEGACY)
    with pytest.raises(SourceError, match="changed by another program"):
        write_source(src, LEGACY.replace("fit_generator", "fit"))
    assert p.read_text().startswith("# edited by someone else")
    assert [f.name for f in tmp_path.iterdir()] == ["m.py"]


def test_write_keeps_mode_and_leaves_no_temporary_file(tmp_path: Path):
    p = tmp_path / "m.py"
    p.write_text(LEGACY)
    p.chmod(0o750)
    src = read_source(str(p))
    write_source(src, LEGACY.replace("fit_generator", "fit"))
    assert stat.S_IMODE(p.stat().st_mode) == 0o750
    assert "fit(" in p.read_text()
    assert [f.name for f in tmp_path.iterdir()] == ["m.py"]


def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(tmp_path: Path):
    fifo = tmp_path / "x.py"
    os.mkfifo(fifo)
    for command in ("rewrite", "analyze"):
        r = run(command, str(fifo), cwd=tmp_path)
        assert r.returncode == 3, r.stderr
        assert "not a regular file (a FIFO)" in r.stdout + r.stderr


# --- only the intended edits (the guard in rewrite/guard.py) ---

GUARDED = """import keras
import numpy as np

def gen():
    while True:
        yield np.zeros((2, 1)), np.zeros((2, 1))

model = keras.Sequential()
model.fit_generator(gen(), 10, 2, verbose=0)
print("done")
"""


def test_the_guard_accepts_every_corpus_rewrite():
    from migrate_fitgen.rewrite.guard import unintended_change

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    pairs = sorted(corpus.rglob("*.expected.py"))
    assert len(pairs) > 50
    for expected in pairs:
        before = read_source(str(expected).replace(".expected.py", ".py")).text
        assert unintended_change(before, read_source(str(expected)).text) is None, expected


@pytest.mark.parametrize(
    "broken",
    [
        GUARDED.replace('print("done")\n', ""),  # a statement lost
        GUARDED.replace("model.fit_generator(gen(), 10, 2, verbose=0)", "model.fit(gen(), steps_per_epoch=10, epochs=2, verbose=0)\nmodel.fit(gen())"),
        GUARDED.replace("np.zeros((2, 1)), np.zeros", "np.zeros((2, 1)), np.ones"),  # code outside the call
        GUARDED.replace("import numpy as np", "import numpy"),
    ],
)
def test_the_guard_fires_on_changes_beyond_the_migrated_call(broken):
    from migrate_fitgen.rewrite.guard import unintended_change

    assert unintended_change(GUARDED, broken) is not None


def test_a_broken_transform_is_caught_and_the_file_not_written(tmp_path: Path, monkeypatch):
    """Break the rewrite on purpose (the import step also drops the module's last
    statement): the guard must refuse the result, and the file must stay as it was."""
    import libcst as cst

    from migrate_fitgen.rewrite import engine

    real = engine._add_imports

    def lossy(module: cst.Module, imports):
        out = real(module, imports)
        return out.with_changes(body=list(out.body)[:-1])

    monkeypatch.setattr(engine, "_add_imports", lossy)
    from typer.testing import CliRunner

    from migrate_fitgen.cli import app

    p = tmp_path / "train.py"
    p.write_text(GUARDED)
    r = CliRunner().invoke(app, ["rewrite", "--no-cache", "--jobs", "1", str(p)])
    assert r.exit_code == 3, r.stderr
    assert "internal check failed" in r.stderr
    assert p.read_text() == GUARDED


# --- preservation over the whole corpus ---


def _newlines(data: bytes):
    crlf = data.count(b"\r\n")
    return (crlf, data.count(b"\n") - crlf, data.count(b"\r") - crlf)


def test_rewrite_keeps_encoding_newlines_mode_and_untouched_files_mtimes(tmp_path: Path):
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    tree = tmp_path / "corpus"
    sources = [p for p in corpus.rglob("*.py") if not p.name.endswith(".expected.py")]
    before = {}
    for i, p in enumerate(sources):
        dest = tree / p.relative_to(corpus)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(p.read_bytes())
        dest.chmod(0o640 if i % 2 else 0o755)
        os.utime(dest, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        st = dest.stat()
        before[dest] = (dest.read_bytes(), stat.S_IMODE(st.st_mode), st.st_mtime_ns)
    r = run("rewrite", "--no-cache", str(tree), cwd=tmp_path)
    assert r.returncode in (0, 3), r.stderr
    changed = 0
    for path, (data, mode, mtime) in before.items():
        now = path.read_bytes()
        st = path.stat()
        assert stat.S_IMODE(st.st_mode) == mode, path
        if now == data:
            assert st.st_mtime_ns == mtime, f"{path}: unchanged but touched"
            continue
        changed += 1
        assert now.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf"), path
        assert now.endswith((b"\n", b"\r")) == data.endswith((b"\n", b"\r")), path
        first_two = b"\n".join(data.splitlines()[:2])
        if b"coding" in first_two:  # the cookie stays within the first two lines
            assert b"coding" in b"\n".join(now.splitlines()[:2]), path
        old_nl, new_nl = _newlines(data), _newlines(now)
        for kind in range(3):  # no newline style appears that the file did not have
            assert bool(new_nl[kind]) <= bool(old_nl[kind]), (path, old_nl, new_nl)
    assert changed > 40


def test_follow_links_is_asked_for_and_ends_on_loops(tmp_path: Path):
    root = tmp_path / "tree"
    root.mkdir()
    (root / "loop").symlink_to(root, target_is_directory=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "m.py").write_text(LEGACY)
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "one.py").symlink_to(outside / "m.py")
    r = run("rewrite", "--check", "--no-cache", str(root), cwd=tmp_path)
    assert r.returncode == 0 and "0 files scanned" in r.stderr, r.stderr  # not followed
    r = run("rewrite", "--check", "--no-cache", "--follow-links", str(root), cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "2 files scanned, 2 would change" in r.stderr, r.stderr  # the loop walked once


def test_analyze_follows_links_only_when_asked(tmp_path: Path):
    root = tmp_path / "tree"
    root.mkdir()
    (root / "loop").symlink_to(root, target_is_directory=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "m.py").write_text(LEGACY)
    (root / "linked").symlink_to(outside, target_is_directory=True)
    r = run("analyze", "--no-cache", "--format", "json", str(root), cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stdout + r.stderr
    r = run("analyze", "--no-cache", "--format", "json", "--follow-links", "--timeout", "60", str(root), cwd=tmp_path)
    assert r.returncode == 1 and "FG001" in r.stdout, r.stdout + r.stderr


def test_the_guard_counts_lines_as_python_does():
    """The guard skips statements whose lines read the same; a form feed or a U+2028 in
    a comment is no line break for Python, so a change after one is still seen."""
    from migrate_fitgen.rewrite.guard import unintended_change

    for odd in ("\x0c", "\u2028", "\x1c"):
        before = f"x = 1  # {odd}\ny = 2\n"
        assert unintended_change(before, before.replace("y = 2", "y = 3")) is not None, repr(odd)
