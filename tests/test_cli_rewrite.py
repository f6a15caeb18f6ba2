"""`migrate-fitgen rewrite` through typer's runner and through a real subprocess:
every mode, every exit code, and bad input that must be reported and left untouched."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate_fitgen.cli import app

LEGACY = "import keras\n\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n"
MIGRATED = (
    "import keras\nfrom migrate_fitgen.runtime import validate_batches\n\n"
    "model = keras.Sequential()\nmodel.fit(validate_batches(gen), steps_per_epoch=10, epochs=2)\n"
)
CLEAN = "import keras\n\nmodel = keras.Sequential()\nmodel.fit(x, y)\n"

runner = CliRunner()


def invoke(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "train.py").write_text(LEGACY)
    (tmp_path / "pkg" / "clean.py").write_text(CLEAN)
    (tmp_path / "notes.txt").write_text("model.fit_generator(gen)\n")
    return tmp_path


def test_in_place_rewrites_and_exits_0(tree: Path):
    r = invoke("rewrite", str(tree))
    assert r.exit_code == 0, r.stderr
    assert (tree / "pkg" / "train.py").read_text() == MIGRATED
    assert (tree / "pkg" / "clean.py").read_text() == CLEAN
    assert (tree / "notes.txt").read_text() == "model.fit_generator(gen)\n"
    assert "2 files scanned, 1 changed, 1 call migrated, 0 items to review, 0 could not be processed" in r.stderr
    # a second run changes nothing
    r2 = invoke("rewrite", str(tree))
    assert r2.exit_code == 0
    assert "0 changed" in r2.stderr
    assert (tree / "pkg" / "train.py").read_text() == MIGRATED


def test_no_temporary_files_left_behind(tree: Path):
    invoke("rewrite", str(tree))
    assert sorted(p.name for p in (tree / "pkg").iterdir()) == ["clean.py", "train.py"]


def test_diff_prints_and_writes_nothing(tree: Path):
    r = invoke("rewrite", "--diff", str(tree))
    assert r.exit_code == 1
    assert "-model.fit_generator(gen, 10, 2)" in r.stdout
    assert "+model.fit(validate_batches(gen), steps_per_epoch=10, epochs=2)" in r.stdout
    assert (tree / "pkg" / "train.py").read_text() == LEGACY
    assert "1 would change" in r.stderr


def test_check_exits_1_and_writes_nothing(tree: Path):
    r = invoke("rewrite", "--check", str(tree))
    assert r.exit_code == 1
    assert r.stdout == ""
    assert (tree / "pkg" / "train.py").read_text() == LEGACY


def test_check_and_diff_exit_0_when_nothing_changes(tmp_path: Path):
    (tmp_path / "clean.py").write_text(CLEAN)
    assert invoke("rewrite", "--check", str(tmp_path)).exit_code == 0
    r = invoke("rewrite", "--diff", str(tmp_path))
    assert r.exit_code == 0 and r.stdout == ""


def test_no_wrap(tree: Path):
    r = invoke("rewrite", "--no-wrap", str(tree / "pkg" / "train.py"))
    assert r.exit_code == 0
    text = (tree / "pkg" / "train.py").read_text()
    assert "validate_batches" not in text
    assert "model.fit(gen, steps_per_epoch=10, epochs=2)" in text


def test_target_tf_keras_keeps_loader_arguments(tmp_path: Path):
    f = tmp_path / "t.py"
    f.write_text("import keras\nm.fit_generator(g, steps_per_epoch=2, workers=4)\n")
    assert invoke("rewrite", "--target", "tf-keras", str(f)).exit_code == 0
    assert "workers=4" in f.read_text()
    f.write_text("import keras\nm.fit_generator(g, steps_per_epoch=2, workers=4)\n")
    r = invoke("rewrite", str(f))
    assert "workers" not in f.read_text()
    assert "FG003" in r.stderr and "PyDataset" in r.stderr


def test_unsafe_fixes_flag(tmp_path: Path):
    f = tmp_path / "t.py"
    src = "import keras\nm.fit_generator(g, samples_per_epoch=640, nb_epoch=2)\n"
    f.write_text(src)
    r = invoke("rewrite", str(f))
    assert f.read_text() == src
    assert "FG002" in r.stderr and "// batch_size" in r.stderr
    r = invoke("rewrite", "--unsafe-fixes", str(f))
    assert "m.fit(validate_batches(g), steps_per_epoch=640, epochs=2)" in f.read_text()


def test_exclude(tree: Path):
    r = invoke("rewrite", "--exclude", "pkg/train.py", str(tree))
    assert r.exit_code == 0
    assert (tree / "pkg" / "train.py").read_text() == LEGACY
    r = invoke("rewrite", "--exclude", "pkg", str(tree))
    assert "0 files scanned" in r.stderr


def test_skips_virtualenvs_and_vcs_folders(tmp_path: Path):
    for folder in (".git", "venv", "__pycache__", "build", "dist", "node_modules", "myenv"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "t.py").write_text(LEGACY)
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    r = invoke("rewrite", str(tmp_path))
    assert "0 files scanned" in r.stderr
    assert (tmp_path / "venv" / "t.py").read_text() == LEGACY


def test_missing_path_is_a_usage_error(tmp_path: Path):
    r = invoke("rewrite", str(tmp_path / "nope"))
    assert r.exit_code == 2
    assert r.stderr.strip() == f"migrate-fitgen: error: path does not exist: {tmp_path / 'nope'}"


def test_bad_option_is_a_usage_error(tmp_path: Path):
    assert invoke("rewrite", "--target", "keras9", str(tmp_path)).exit_code == 2
    assert invoke("rewrite", "--frobnicate", str(tmp_path)).exit_code == 2


def test_unparsable_file_is_reported_and_others_processed(tree: Path):
    py2 = tree / "pkg" / "old.py"
    py2_src = 'import keras\nprint "hello"\nmodel.fit_generator(gen, 10)\n'
    py2.write_text(py2_src)
    r = invoke("rewrite", str(tree))
    assert r.exit_code == 3
    assert py2.read_text() == py2_src
    assert (tree / "pkg" / "train.py").read_text() == MIGRATED
    lines = [ln for ln in r.stderr.splitlines() if "old.py" in ln]
    assert len(lines) == 1 and "does not parse" in lines[0]
    assert "1 could not be processed" in r.stderr


def test_undecodable_file(tmp_path: Path):
    f = tmp_path / "bad.py"
    data = b"import keras\nx = '\xff\xfe'\nm.fit_generator(g, 1)\n"
    f.write_bytes(data)
    r = invoke("rewrite", str(f))
    assert r.exit_code == 3
    assert "cannot decode as utf-8" in r.stderr
    assert f.read_bytes() == data


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_file_is_reported_and_untouched(tmp_path: Path):
    f = tmp_path / "ro.py"
    f.write_text(LEGACY)
    f.chmod(0o444)
    r = invoke("rewrite", str(f))
    assert r.exit_code == 3
    assert "read-only" in r.stderr
    assert f.read_text() == LEGACY
    assert stat.S_IMODE(f.stat().st_mode) == 0o444


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_file_mode_crlf_and_bom_are_kept(tmp_path: Path):
    f = tmp_path / "t.py"
    f.write_bytes(b"\xef\xbb\xbf" + LEGACY.replace("\n", "\r\n").encode())
    f.chmod(0o755)
    assert invoke("rewrite", str(f)).exit_code == 0
    data = f.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:] == MIGRATED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(f.stat().st_mode) == 0o755


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX symlinks")
def test_a_symlink_stays_a_symlink(tmp_path: Path):
    target = tmp_path / "real.py"
    target.write_text(LEGACY)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert invoke("rewrite", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text() == MIGRATED


def test_stdin_to_stdout():
    r = invoke("rewrite", "-", "--stdin-filename", "train.py", input=LEGACY)
    assert r.exit_code == 0
    assert r.stdout == MIGRATED
    r = invoke("rewrite", "-", "--check", input=LEGACY)
    assert r.exit_code == 1 and r.stdout == ""
    r = invoke("rewrite", "-", "--diff", "--stdin-filename", "train.py", input=LEGACY)
    assert r.exit_code == 1 and "+++ b/train.py" in r.stdout


def test_stdin_unparsable_echoes_input_and_exits_3():
    src = 'print "x"\n'
    r = invoke("rewrite", "-", "--stdin-filename", "old.py", input=src)
    assert r.exit_code == 3
    assert r.stdout == src
    assert r.stderr.startswith("old.py: error: does not parse")


def test_stdin_cannot_be_mixed_with_paths(tmp_path: Path):
    assert invoke("rewrite", "-", str(tmp_path)).exit_code == 2


def test_review_items_are_path_line_col_code(tmp_path: Path):
    f = tmp_path / "t.py"
    f.write_text("import keras\nm.fit_generator(g, 10, 2, 1, None, v, 3, 2)\n")
    r = invoke("rewrite", str(f))
    assert r.exit_code == 0
    assert f"{f}:2:3: FG001 " in r.stderr
    assert f"{f}:2:42: FG004 positional argument 8" in r.stderr
    assert "2 items to review" in r.stderr
    assert "1 file scanned, 0 changed, 0 calls migrated" in r.stderr


def test_subprocess_entry_points(tmp_path: Path):
    f = tmp_path / "t.py"
    f.write_text(LEGACY)
    for cmd in ([sys.executable, "-m", "migrate_fitgen"],):
        p = subprocess.run(cmd + ["rewrite", "--check", str(f)], capture_output=True, text=True)
        assert p.returncode == 1, p.stderr
        p = subprocess.run(cmd + ["rewrite", "-"], input=LEGACY, capture_output=True, text=True)
        assert p.returncode == 0 and p.stdout == MIGRATED
        p = subprocess.run(cmd + ["rewrite", str(tmp_path / "missing")], capture_output=True, text=True)
        assert p.returncode == 2
        p = subprocess.run(cmd + ["--version"], capture_output=True, text=True)
        assert p.returncode == 0 and p.stdout.startswith("migrate-fitgen ")
    exe = Path(sys.executable).with_name("migrate-fitgen")
    if exe.exists():
        p = subprocess.run([str(exe), "rewrite", str(f)], capture_output=True, text=True)
        assert p.returncode == 0 and f.read_text() == MIGRATED
