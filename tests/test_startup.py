"""Start-up: what each entry point imports (issue 9; editors run the tool once per save).

No timing here: each test runs a fresh interpreter and looks at ``sys.modules``, so a
heavy import that creeps back into a module the command line loads fails a test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import migrate_fitgen.cli as cli
import migrate_fitgen.prefilter as prefilter
from migrate_fitgen.cli import app
from migrate_fitgen.sources import decode_source

ROOT = Path(__file__).resolve().parent.parent

#: modules the command line must not load before a file needs them
HEAVY = (
    "libcst",
    "numpy",
    "jsonschema",
    "keras",
    "migrate_fitgen.runtime",
    "migrate_fitgen.keras_receivers",
    "migrate_fitgen.rewrite.engine",
    "migrate_fitgen.analyze.project",
    "migrate_fitgen.analyze.rules.fg101_non_tuple_batch",
    "migrate_fitgen.report.sarif",
    "pygls",
    "migrate_fitgen.lsp",
    # libcst's codemod framework and its matchers (0.2-0.4 s): the rewrite adds the
    # imports its fixes need with its own code, so no command loads them
    "libcst.codemod",
    "libcst.matchers",
    # typer 0.29 coerces option values through pydantic (0.08-0.1 s); the commands'
    # QuickCoercion (cli_params.py) answers every value a valid command line gives
    "pydantic",
    "typer._adapters",
)

PLAIN = "import os\n\n\ndef total(values):\n    return sum(v * 2 for v in values)\n"
LEGACY = "import keras\n\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n"

#: ``AT_EXIT`` calls ``report()`` once when the process ends: through ``atexit`` after
#: Python's normal exit, or just before ``os._exit`` when a one-file run skips teardown
AT_EXIT = """
import atexit, os, sys
_real_exit = os._exit
def _at_exit(how):
    def done(*code):
        sys.stderr.write(report() + " " + how + "\\n")
        sys.stderr.flush()
        if code:
            _real_exit(*code)
    return done
atexit.register(_at_exit("normal"))
os._exit = _at_exit("at-once")
"""

PROBE = AT_EXIT + """
import json
heavy = json.loads(sys.argv.pop(1))
report = lambda: "LOADED " + json.dumps([m for m in heavy if m in sys.modules])
from migrate_fitgen.cli import main
main()
"""


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def loaded_after(code: str) -> list:
    """The HEAVY modules in ``sys.modules`` after running ``code`` in a new interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"],
        capture_output=True, text=True, env=_env(), cwd=ROOT, check=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def loaded_by_command(args: list, stdin: str, tmp_path: Path) -> tuple:
    """(HEAVY modules loaded, exit code, stdout) of ``migrate-fitgen ARGS`` on ``stdin``."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY), *args],
        input=stdin, capture_output=True, text=True, env=_env(), cwd=tmp_path,
    )
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED ")][-1]
    return json.loads(line[len("LOADED "):].rsplit(" ", 1)[0]), proc.returncode, proc.stdout


def test_importing_the_cli_loads_nothing_heavy():
    assert loaded_after("import migrate_fitgen.cli") == []


def test_importing_the_package_loads_nothing_heavy_nor_typer():
    assert loaded_after("import migrate_fitgen, sys; assert 'typer' not in sys.modules") == []


def test_the_runtime_imports_numpy_only():
    code = "import migrate_fitgen.runtime, sys; assert not {'typer', 'libcst'} & set(sys.modules)"
    assert loaded_after(code) == ["numpy", "migrate_fitgen.runtime"]


@pytest.mark.parametrize(
    "args",
    [
        ["rewrite", "-"],
        ["rewrite", "-", "--check"],
        ["analyze", "-"],
        ["analyze", "-", "--format", "json"],
        ["analyze", "-", "--format", "github"],
    ],
)
def test_stdin_with_nothing_to_do_loads_no_libcst(args: list, tmp_path: Path):
    loaded, code, stdout = loaded_by_command(args, PLAIN, tmp_path)
    assert loaded == [] and code == 0
    if args == ["rewrite", "-"]:
        assert stdout == PLAIN


@pytest.mark.parametrize("command", ["rewrite", "analyze"])
def test_stdin_with_a_legacy_call_goes_through_libcst(command: str, tmp_path: Path):
    loaded, code, stdout = loaded_by_command([command, "-"], LEGACY, tmp_path)
    assert "libcst" in loaded and "migrate_fitgen.rewrite.engine" in loaded
    assert "numpy" not in loaded and "pydantic" not in loaded
    assert ("model.fit(validate_batches(gen)" in stdout) if command == "rewrite" else ("FG001" in stdout)


#: a legacy call whose fix adds two imports (the runtime's, and `math` for a float step
#: count), in a file that already has an import block to merge into and one to extend
LEGACY_IMPORTS = (
    '"""Train."""\nimport keras\nfrom migrate_fitgen.runtime import something\n\n'
    "model = keras.Sequential()\nmodel.fit_generator(gen, len(ids) / 32, 2)\n"
)


@pytest.mark.parametrize(
    "args", [["rewrite", "-"], ["analyze", "-"], ["analyze", "-", "--format", "json"]], ids=" ".join
)
def test_adding_imports_loads_no_codemod_nor_matchers(args: list, tmp_path: Path):
    """The fixes here add imports (written to stdout by ``rewrite``, carried as fix edits
    by ``analyze``): libcst is loaded, its codemod framework and matchers are not."""
    loaded, code, stdout = loaded_by_command(args, LEGACY_IMPORTS, tmp_path)
    assert "libcst" in loaded and "migrate_fitgen.rewrite.engine" in loaded
    assert "libcst.codemod" not in loaded and "libcst.matchers" not in loaded
    if args == ["rewrite", "-"]:
        assert "from migrate_fitgen.runtime import validate_batches, something\n" in stdout
        assert "import math\n" in stdout and "math.ceil(len(ids) / 32)" in stdout
    elif "json" in args:
        contents = {e["content"] for f in json.loads(stdout) if f.get("fix") for e in f["fix"]["edits"]}
        assert {"validate_batches, ", "import math\n"} <= contents
    else:
        assert "FG001" in stdout and "FG007" in stdout


# the prefiltered answer is the full path's, byte for byte ---------------------------------

TEXTS = {
    "plain": PLAIN.encode(),
    "bom_crlf": b"\xef\xbb\xbf" + PLAIN.replace("\n", "\r\n").encode(),
    "latin1_cookie": "# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n".encode("latin-1"),
    "no_final_newline": b"x = 1",
    "empty": b"",
    "escape_warning": b'import re\nP = re.compile("\\d+")\n',
}
MODES = [
    ["rewrite", "-"],
    ["rewrite", "-", "--diff"],
    ["rewrite", "-", "--check", "--stdin-filename", "a.py"],
    ["rewrite", "-", "-q", "--target", "tf-keras"],
    ["analyze", "-"],
    ["analyze", "-", "--format", "json"],
    ["analyze", "-", "--format", "sarif", "--stdin-filename", "a.py"],
    ["analyze", "-", "--format", "github"],
]


@pytest.mark.parametrize("mode", MODES, ids=" ".join)
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_prefiltered_stdin_answers_as_the_full_path(name: str, mode: list, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    data = TEXTS[name]
    text = decode_source(data).text
    assert not prefilter.may_rewrite(text) and not prefilter.may_analyse(text)
    quick = runner.invoke(app, mode, input=data)
    monkeypatch.setattr(cli, "may_rewrite", lambda *a: True)
    monkeypatch.setattr(prefilter, "may_analyse", lambda *a: True)
    full = runner.invoke(app, mode, input=data)
    assert (quick.exit_code, quick.stdout_bytes, quick.stderr) == (full.exit_code, full.stdout_bytes, full.stderr)


# the cyclic garbage collector: off for a one-file run of the real command line only ------

GC_PROBE = AT_EXIT + """
import gc
report = lambda: f"GC {gc.isenabled()}"
from migrate_fitgen.cli import main
main()
"""


@pytest.mark.parametrize(
    "args, enabled",
    [
        (["rewrite", "-"], False),
        (["analyze", "-", "--format", "json"], False),
        (["rewrite", "--check", "."], True),
        (["analyze", "."], True),
        (["rules"], True),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_gc_is_off_for_a_stdin_run_only(args: list, enabled: bool, tmp_path: Path):
    (tmp_path / "train.py").write_text(LEGACY)
    proc = subprocess.run(
        [sys.executable, "-c", GC_PROBE, *args], input=LEGACY, capture_output=True, text=True,
        env=_env(), cwd=tmp_path,
    )
    assert proc.returncode in (0, 1), proc.stderr
    # a one-file run also ends without Python's teardown (``cli._exit_at_once``)
    assert proc.stderr.splitlines()[-1] == f"GC {enabled} {'normal' if enabled else 'at-once'}"


@pytest.mark.parametrize(
    "args, code, wanted",
    [
        (["rewrite", "-"], 0, "model.fit(validate_batches(gen)"),
        (["rewrite", "-", "--check"], 1, ""),
        (["rewrite", "-", "--diff"], 1, "+model.fit(validate_batches(gen)"),
        (["analyze", "-", "--format", "json"], 1, '"FG001"'),
        (["analyze", "-"], 1, "FG001"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_a_one_file_run_exits_at_once_with_all_its_output(args: list, code: int, wanted: str, tmp_path: Path):
    """Without Python's teardown, the exit status and every byte of output are kept: a
    long output (a file of 1,500 legacy calls, more than a pipe holds) comes out whole,
    the same as through typer's runner in-process."""
    source = "import keras\n\nmodel = keras.Sequential()\n" + "model.fit_generator(gen, 10, 2)\n" * 1500
    proc = subprocess.run(
        [sys.executable, "-c", GC_PROBE, *args], input=source, capture_output=True, text=True,
        env=_env(), cwd=tmp_path,
    )
    assert proc.returncode == code, proc.stderr
    assert proc.stderr.splitlines()[-1] == "GC False at-once"
    assert wanted in proc.stdout
    inproc = CliRunner().invoke(app, args, input=source)
    assert (inproc.exit_code, inproc.stdout) == (proc.returncode, proc.stdout)


def test_gc_stays_on_in_typers_runner():
    """In-process use (tests, typer's runner) does not end with the command: GC stays on."""
    import gc

    assert gc.isenabled()
    r = CliRunner().invoke(app, ["rewrite", "-"], input=LEGACY)
    assert r.exit_code == 0 and "validate_batches" in r.stdout
    assert gc.isenabled()
