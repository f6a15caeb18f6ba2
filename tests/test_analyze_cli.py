"""`migrate-fitgen analyze`: formats, options, configuration and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrate_fitgen.cli import app
from migrate_fitgen.diagnostics import Edit
from migrate_fitgen.edits import apply_edits
from migrate_fitgen.rewrite import rewrite_source

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

BAD = textwrap.dedent(
    """\
    import itertools
    import keras
    import numpy as np

    def batches(x, y, bs):
        idx = np.arange(len(x))
        np.random.shuffle(idx)
        while True:
            for i in range(0, len(x), bs):
                yield x[i:i + bs], y[i:i + bs - 1]

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit_generator(batches(np.zeros((8, 2)), np.zeros(8), 4), steps_per_epoch=2)
    """
)
# FG106 line 7 (info), FG104 line 10 col 32 (error), FG001 line 13 (warning)
INFO_ONLY = textwrap.dedent(
    """\
    import numpy as np
    import keras
    def batches(x, y, bs):
        np.random.shuffle(x)
        while True:
            yield x[:bs], y[:bs]
    """
)
ITER = "import keras\nmodel = keras.Sequential()\nmodel.fit(iter([1, 2]), steps_per_epoch=2)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text(BAD)
    (tmp_path / "src" / "info.py").write_text(INFO_ONLY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args, input=None):
    return runner.invoke(app, ["analyze", *args], input=input)


def codes(output: str):
    return sorted(line.split(": ")[1].split()[0] for line in output.splitlines() if ": FG" in line)


def test_text_default(project: Path) -> None:
    r = run("src")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[:4] == [
        "src/info.py:4:5: FG106 " + lines[0].split(" FG106 ")[1],
        "src/train.py:7:5: FG106 " + lines[1].split(" FG106 ")[1],
        "src/train.py:10:32: FG104 " + lines[2].split(" FG104 ")[1],
        "src/train.py:13:7: FG001 `fit_generator` was removed in Keras 3; use `fit`",
    ]
    assert lines[-1].startswith("Found 4 findings (1 error, 1 warning, 2 info) in 2 files.")
    assert r.stderr == ""


def test_json(project: Path) -> None:
    r = run("src/train.py", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert [(d["code"], d["line"], d["column"]) for d in data] == [("FG106", 7, 5), ("FG104", 10, 32), ("FG001", 13, 7)]
    fg001 = data[2]
    # the published edits are complete: the import included, they give what rewrite writes
    edits = [Edit(**e) for e in fg001["fix"]["edits"]]
    assert edits[0].content == "from migrate_fitgen.runtime import validate_batches\n"
    assert apply_edits(BAD, edits) == rewrite_source(BAD, "src/train.py").output
    assert data[1]["end_line"] == 10 and data[1]["end_column"] > data[1]["column"]


def test_sarif(project: Path) -> None:
    import jsonschema

    r = run("src", "--format", "sarif")
    assert r.exit_code == 1
    log = json.loads(r.stdout)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    assert [x["ruleId"] for x in log["runs"][0]["results"]] == ["FG106", "FG106", "FG104", "FG001"]
    # columns are code points, as declared; the fix's replacements give what rewrite writes
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"
    (change,) = log["runs"][0]["results"][3]["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "src/train.py"
    edits = [
        Edit(r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"],
             r["deletedRegion"]["endLine"], r["deletedRegion"]["endColumn"], r["insertedContent"]["text"])
        for r in change["replacements"]
    ]
    assert apply_edits(BAD, edits) == rewrite_source(BAD, "src/train.py").output


def test_github(project: Path) -> None:
    r = run("src/train.py", "--format", "github")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[0].startswith("::notice file=src/train.py,line=7,col=5,")
    assert lines[1].startswith("::error file=src/train.py,line=10,col=32,endLine=10,endColumn=")
    assert ",title=FG104 slice-length-mismatch::" in lines[1]
    assert lines[2].startswith("::warning file=src/train.py,line=13,col=7,")


def test_output_file(project: Path) -> None:
    r = run("src", "--format", "json", "--output", "report.json")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert len(json.loads((project / "report.json").read_text())) == 4


def test_output_file_cannot_be_written(project: Path) -> None:
    r = run("src", "--output", str(project / "missing" / "dir" / "r.txt"))
    assert r.exit_code == 2


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--select", "FG104"], ["FG104"]),
        (["--select", "FG1"], ["FG104", "FG106", "FG106"]),
        (["--select", "FG104,FG001"], ["FG001", "FG104"]),
        (["--select", "FG104", "--select", "FG001"], ["FG001", "FG104"]),
        (["--ignore", "FG1"], ["FG001"]),
        (["--ignore", "FG106,FG001"], ["FG104"]),
        (["--select", "FG1", "--ignore", "FG106"], ["FG104"]),
    ],
)
def test_select_ignore(project: Path, args, expected) -> None:
    r = run("src", *args)
    assert codes(r.stdout) == expected


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_code_is_a_usage_error(project: Path, option) -> None:
    r = run("src", option, "FG9")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "FG9" in r.stderr


@pytest.mark.parametrize(
    "fail_on, path, code",
    [
        ("error", "src/train.py", 1),
        ("error", "src/info.py", 0),
        ("warning", "src/info.py", 0),
        ("info", "src/info.py", 1),
        ("never", "src/train.py", 0),
    ],
)
def test_fail_on(project: Path, fail_on, path, code) -> None:
    assert run(path, "--fail-on", fail_on).exit_code == code


def test_default_fail_on_is_warning(project: Path) -> None:
    assert run("src/info.py").exit_code == 0
    assert run("src/train.py", "--select", "FG001").exit_code == 1


@pytest.mark.parametrize("option, value", [("--fail-on", "fatal"), ("--format", "xml"), ("--target", "keras2")])
def test_bad_option_value(project: Path, option, value) -> None:
    r = run("src", option, value)
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and value in r.stderr


def test_missing_path(project: Path) -> None:
    r = run("src", "nowhere.py")
    assert r.exit_code == 2
    assert r.stderr == "migrate-fitgen: error: path does not exist: nowhere.py\n"


def test_exclude(project: Path) -> None:
    r = run("src", "--exclude", "train.py")
    assert codes(r.stdout) == ["FG106"]
    r = run("src", "--exclude", "train.py", "--exclude", "info.py")
    assert r.exit_code == 0 and "No findings in 0 files." in r.stdout


def test_target(project: Path) -> None:
    (project / "src" / "it.py").write_text(ITER)
    assert codes(run("src/it.py").stdout) == ["FG006"]
    assert codes(run("src/it.py", "--target", "tf-keras").stdout) == []


def test_unprocessable_files_exit_3_and_the_others_are_analysed(project: Path) -> None:
    (project / "src" / "old.py").write_text('print "x"\n')
    (project / "src" / "latin.py").write_bytes(b"x = '\xff'\n")
    r = run("src")
    assert r.exit_code == 3
    err = r.stderr.splitlines()
    assert len(err) == 2
    assert err[0].startswith("src/latin.py: error: ")
    assert err[1].startswith("src/old.py: error: does not parse as Python 3 (line 1")
    assert "FG104" in r.stdout and "2 files could not be processed" in r.stdout


def test_stdin(project: Path) -> None:
    r = run("-", "--stdin-filename", "pkg/mod.py", input=BAD)
    assert r.exit_code == 1
    assert r.stdout.splitlines()[1].startswith("pkg/mod.py:10:32: FG104 ")
    r = run("-", input=INFO_ONLY)
    assert r.stdout.startswith("<stdin>:4:5: FG106 ")


def test_stdin_unparsable(project: Path) -> None:
    r = run("-", "--stdin-filename", "x.py", input='print "x"\n')
    assert r.exit_code == 3
    assert r.stderr.startswith("x.py: error: does not parse")


def test_stdin_with_other_paths(project: Path) -> None:
    assert run("-", "src").exit_code == 2


def test_noqa(project: Path) -> None:
    src = BAD.replace("y[i:i + bs - 1]", "y[i:i + bs - 1]  # noqa: FG104")
    src = src.replace("np.random.shuffle(idx)", "np.random.shuffle(idx)  # noqa")
    src = src.replace("steps_per_epoch=2)", "steps_per_epoch=2)  # noqa: FG106, FG001")
    (project / "src" / "train.py").write_text(src)
    assert codes(run("src/train.py").stdout) == []
    (project / "src" / "train.py").write_text(BAD.replace("y[i:i + bs - 1]", "y[i:i + bs - 1]  # noqa: FG101"))
    assert "FG104" in codes(run("src/train.py").stdout)


# configuration --------------------------------------------------------------------


def write_config(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.migrate-fitgen]\n" + textwrap.dedent(body))


@pytest.mark.parametrize(
    "body, expected",
    [
        ('select = ["FG104"]\n', ["FG104"]),
        ('select = ["FG1"]\nignore = ["FG106"]\n', ["FG104"]),
        ('ignore = ["FG0", "FG106"]\n', ["FG104"]),
        ('exclude = ["info.py"]\n', ["FG001", "FG104", "FG106"]),
        ('[tool.migrate-fitgen.per-file-ignores]\n"src/info.py" = ["FG106"]\n"*/train.py" = ["FG1"]\n', ["FG001"]),
    ],
)
def test_config_keys(project: Path, body, expected) -> None:
    write_config(project, body)
    assert codes(run("src").stdout) == expected


def test_config_fail_on_and_cli_wins(project: Path) -> None:
    write_config(project, 'fail-on = "info"\n')
    assert run("src/info.py").exit_code == 1
    assert run("src/info.py", "--fail-on", "warning").exit_code == 0


def test_config_target_and_cli_wins(project: Path) -> None:
    (project / "src" / "it.py").write_text(ITER)
    write_config(project, 'target = "tf-keras"\n')
    assert codes(run("src/it.py").stdout) == []
    assert codes(run("src/it.py", "--target", "keras3").stdout) == ["FG006"]


def test_config_select_and_cli_wins(project: Path) -> None:
    write_config(project, 'select = ["FG104"]\nexclude = ["info.py"]\n')
    assert codes(run("src", "--select", "FG106").stdout) == ["FG106"]
    assert codes(run("src", "--select", "FG106", "--exclude", "train.py").stdout) == ["FG106"]


def test_config_found_upward_from_the_first_path(project: Path, monkeypatch) -> None:
    write_config(project, 'select = ["FG104"]\n')
    monkeypatch.chdir(project / "src")
    assert codes(run("train.py").stdout) == ["FG104"]
    assert codes(run("-", input=BAD).stdout) == ["FG104"]


def test_pyproject_without_the_table_is_skipped(project: Path) -> None:
    write_config(project, 'select = ["FG104"]\n')
    (project / "src" / "pyproject.toml").write_text("[project]\nname = 'inner'\n")
    assert codes(run("src/train.py").stdout) == ["FG104"]


@pytest.mark.parametrize(
    "body, message",
    [
        ('selct = ["FG104"]\n', "unknown key `selct`"),
        ('fail-on = "always"\n', "fail-on"),
        ('target = "keras2"\n', "target"),
        ('select = ["FG9"]\n', "FG9"),
        ('select = 3\n', "select"),
        ("select = [\n", "pyproject.toml"),
        ('[tool.migrate-fitgen.per-file-ignores]\n"x.py" = ["FG777"]\n', "FG777"),
    ],
)
def test_bad_config_is_a_usage_error(project: Path, body, message) -> None:
    write_config(project, body)
    r = run("src")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and message in r.stderr


def test_subprocess_module_entry_point(project: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "analyze", "src", "--format", "json", "--select", "FG104"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert [(d["path"], d["code"], d["line"]) for d in data] == [("src/train.py", "FG104", 10)]
    proc = subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "analyze", "nowhere"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
