"""``migrate_fitgen.cli_params``: the commands' option values coerced without pydantic are
typer's own, value for value, and every message about a bad value is typer's.

Each command line below runs twice through typer's runner, with the command's body
replaced by a recorder: once as shipped (``QuickCoercion`` answers plain values), once
with ``QuickCoercion.quick`` never sure (every value goes to typer's pydantic coercion,
as typer does without ``QuickCommand``).  The values the body receives (with their
types), the exit code, stdout and stderr must be the same.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import migrate_fitgen.cli_params as cli_params
from migrate_fitgen.cli import app

ROOT = Path(__file__).resolve().parent.parent

COMMON = [
    [], ["-"], ["a.py", "b"], ["-", "--stdin-filename", "x.py"], ["--stdin-filename="],
    ["--exclude", "a", "--exclude", "b/*"], ["--exclude"],
    ["--jobs", "0"], ["-j", "3"], ["-j3"], ["--jobs=12"], ["--jobs", "-1"], ["--jobs", "007"],
    ["--jobs", "1.5"], ["--jobs", " 2"], ["--jobs", "+2"], ["--jobs", "1_0"], ["--jobs", "x"],
    ["--jobs", "99999999999999999999999"], ["--jobs", "1", "--jobs", "2"], ["--jobs", ""],
    ["--timeout", "0"], ["--timeout", "2.5"], ["--timeout", "30"], ["--timeout", "-1"],
    ["--timeout", "1e3"], ["--timeout", "inf"], ["--timeout", "nan"], ["--timeout", "x"],
    ["--timeout", "0.1"], ["--timeout", "007.50"], ["--timeout", ".5"], ["--timeout", "5."],
    ["--shard", "1/2"], ["--cache-dir", ""], ["--cache-dir", "c"], ["--no-cache"],
    ["--follow-links", "--no-include-notebooks"], ["--include-notebooks"],
    ["--help"], ["-", "--help"], ["--bogus"], ["-q"],
]
CASES = (
    [["rewrite", *a] for a in COMMON]
    + [["analyze", *a] for a in COMMON]
    + [
        ["rewrite", "-", "--diff", "--check", "--exit-non-zero-on-fix", "--unsafe-fixes"],
        ["rewrite", "--no-wrap", "--wrap"], ["rewrite", "--target", "tf-keras"],
        ["rewrite", "--target=keras3"], ["rewrite", "--target", "TF-KERAS"],
        ["rewrite", "--target", "x"], ["rewrite", "--target"], ["rewrite", "--target", ""],
        ["analyze", "--format", "json"], ["analyze", "--format=sarif", "-o", "out.sarif"],
        ["analyze", "--format", "nope"], ["analyze", "--select", "FG0,FG1", "--select", "FG101"],
        ["analyze", "--ignore", "FG003"], ["analyze", "--fail-on", "never"],
        ["analyze", "--target", "tf-keras"], ["analyze", "--output"],
        ["merge-reports"], ["merge-reports", "a.json", "b.json", "--format", "sarif", "-o", "m"],
        ["merge-reports", "--help"],
        ["rules"], ["rules", "--format", "json"], ["rules", "--format"], ["rules", "--help"],
        ["explain", "FG001"], ["explain"], ["explain", "--help"],
        ["lsp", "--help"],
        [], ["--help"], ["--version"], ["--version", "rewrite"], ["nope"], ["rewrite", "--version"],
    ]
)


def _recorder(fn, calls: list):
    @functools.wraps(fn)  # typer reads the parameters from the signature it unwraps to
    def record(**kwargs):
        calls.append({k: (type(v).__name__, repr(v)) for k, v in sorted(kwargs.items())})
        raise typer.Exit(0)

    return record


def run(args: list, monkeypatch, quick: bool) -> tuple:
    calls: list = []
    with monkeypatch.context() as m:
        for info in app.registered_commands:
            m.setattr(info, "callback", _recorder(info.callback, calls))
        if not quick:
            m.setattr(cli_params.QuickCoercion, "quick", lambda self, value, ctx: cli_params._UNSURE)
        r = CliRunner().invoke(app, args, input=b"")
    return r.exit_code, r.stdout, r.stderr, calls


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_same_values_and_messages_as_typers_coercion(args: list, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    quick = run(args, monkeypatch, quick=True)
    assert quick == run(args, monkeypatch, quick=False)
    if args in (["rewrite", "-j3"], ["analyze", "--timeout", "2.5"], ["rewrite", "--target", "tf-keras"]):
        assert quick[3], "the recorder saw no call: the test would compare nothing"


def test_the_recorder_sees_the_coerced_values(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, _, _, calls = run(["rewrite", "-", "-j3", "--timeout", "2.5", "--target", "tf-keras"], monkeypatch, True)
    assert code == 0 and len(calls) == 1
    got = calls[0]
    assert got["jobs"] == ("int", "3") and got["timeout"] == ("float", "2.5")
    assert got["target"] == ("Target", "<Target.tf_keras: 'tf-keras'>")
    assert got["paths"] == ("list", "['-']")


def test_bad_values_are_typers_messages(monkeypatch, tmp_path):
    """A value the quick coercion is not sure of goes to typer's: the message names
    the option and says what is wrong with it."""
    monkeypatch.chdir(tmp_path)
    code, _, err, calls = run(["rewrite", "--jobs", "-1"], monkeypatch, True)
    assert code == 2 and not calls
    assert "Invalid value for '--jobs' / '-j': Input should be greater than or equal" in err


PROBE = (
    "import sys; sys.argv = ['migrate-fitgen'] + sys.argv[1:]\n"
    "import migrate_fitgen.cli as cli\n"
    "cli._exit_at_once = lambda code: None  # a stdin run's own exit would skip the print\n"
    "try:\n    cli.main()\nexcept SystemExit as e:\n    code = e.code\n"
    "print(sorted(m for m in ('pydantic', 'typer._adapters') if m in sys.modules), code)\n"
)


@pytest.mark.parametrize(
    "args, loaded",
    [
        (["rules", "--format", "json"], []),
        (["rewrite", "--help"], []),
        (["rewrite", "--jobs", "2", "--timeout", "1.5", "--stdin-filename", "a.py", "-"], []),
        (["rewrite", "--jobs", "-1", "-"], ["pydantic", "typer._adapters"]),  # typer's message
    ],
)
def test_pydantic_only_for_a_value_typer_must_judge(args: list, loaded: list, tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], input="x = 1\n", capture_output=True, text=True,
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout.splitlines()[-1].startswith(repr(loaded))
