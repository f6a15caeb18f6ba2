"""Notebooks (issue 13): the golden pairs in corpus/notebooks, the JSON kept byte for
byte outside the edited sources, IPython syntax masked and restored, cells analysed
as one program, locations with cell numbers, and the rewritten notebooks run on
Keras 3 + JAX.

`<case>.ipynb` is rewritten (default options) and compared byte for byte with
`<case>.expected.ipynb`; every expected file is a fixed point.  `broken_json.ipynb`
has no expected file: it is reported and left as it is.  Set
MIGRATE_FITGEN_UPDATE_GOLDENS=1 to rewrite the expected files, then review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from migrate_fitgen import notebooks
from migrate_fitgen.cli import app
from migrate_fitgen.notebooks import _scan, decode_notebook, mask_cell
from migrate_fitgen.sources import SourceError, iter_python_files

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "notebooks"
CASES = sorted(p for p in CORPUS.glob("*.ipynb") if not p.name.endswith(".expected.ipynb") and p.stem != "broken_json")
UPDATE = os.environ.get("MIGRATE_FITGEN_UPDATE_GOLDENS") == "1"
#: the notebooks whose rewritten code cells are run on Keras 3
RUNNABLE = ("colab_magics", "kaggle_outputs", "string_sources", "nbformat3", "crlf_bom")

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def expected_of(case: Path) -> Path:
    return case.with_name(case.stem + ".expected.ipynb")


def rewritten(case: Path, tmp_path: Path) -> bytes:
    copy = tmp_path / case.name
    shutil.copyfile(case, copy)
    r = invoke("rewrite", "--no-cache", "--jobs", "0", str(copy))
    assert r.exit_code in (0, 3), r.stderr
    return copy.read_bytes()


def _cells_of(doc: dict) -> list:
    return doc["cells"] if "cells" in doc else doc["worksheets"][0]["cells"]


def test_corpus_has_the_kinds_the_issue_names():
    names = {p.stem for p in CASES}
    assert {"colab_magics", "kaggle_outputs", "broken_cell", "nbformat3", "crlf_bom"} <= names
    assert (CORPUS / "broken_json.ipynb").exists()


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_golden(case: Path, tmp_path: Path):
    out = rewritten(case, tmp_path)
    expected = expected_of(case)
    if UPDATE:
        expected.write_bytes(out)
    assert out == expected.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_expected_is_a_fixed_point(case: Path, tmp_path: Path):
    expected = expected_of(case)
    assert rewritten(expected, tmp_path) == expected.read_bytes()


def _without_sources(text: str) -> str:
    """The notebook text with every code cell's source value cut out."""
    nb = decode_notebook(text.encode("utf-8"))
    out = text
    for cell in sorted(nb.code_cells, key=lambda c: -c.node.start):
        out = out[: cell.node.start] + "<source>" + out[cell.node.end:]
    return out


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_only_the_sources_of_edited_cells_change(case: Path):
    before = case.read_text(encoding="utf-8-sig")
    after = expected_of(case).read_text(encoding="utf-8-sig")
    assert _without_sources(before) == _without_sources(after)
    old, new = json.loads(before), json.loads(after)
    key = "source" if "cells" in old else "input"
    for a, b in zip(_cells_of(old), _cells_of(new)):
        assert {k: v for k, v in a.items() if k != key} == {k: v for k, v in b.items() if k != key}
        if key in a:  # (an nbformat 3 heading cell has a source, not an input)
            assert type(a[key]) is type(b[key])  # a list of lines stays a list, a string a string
    if case.stem not in ("r_kernel",):
        assert before != after


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_rewritten_notebooks_are_valid_for_jupyter(case: Path):
    """nbformat (Jupyter's own reader and schema) reads the result; outputs are kept."""
    before = nbformat.reads(case.read_text(encoding="utf-8-sig"), as_version=nbformat.NO_CONVERT)
    after = nbformat.reads(expected_of(case).read_text(encoding="utf-8-sig"), as_version=nbformat.NO_CONVERT)
    nbformat.validate(after)
    cells = lambda nb: nb.cells if "cells" in nb else nb.worksheets[0].cells  # noqa: E731
    assert [c.get("outputs") for c in cells(before)] == [c.get("outputs") for c in cells(after)]


def test_the_json_layouts_are_kept():
    kaggle = (CORPUS / "kaggle_outputs.expected.ipynb").read_text(encoding="utf-8")
    assert "entraînement" in kaggle and kaggle.endswith("}\n") and '\n   "cell_type"' in kaggle
    assert '    "hist = model.fit(\\n",\n    "    validate_batches(batches()),\\n",\n' in kaggle
    strings = (CORPUS / "string_sources.expected.ipynb").read_text(encoding="utf-8")
    assert "caf\\u00e9\\nmodel.fit(validate_batches" in strings and not strings.endswith("\n")
    windows = (CORPUS / "crlf_bom.expected.ipynb").read_bytes()
    assert windows.startswith(b"\xef\xbb\xbf") and windows.count(b"\n") == windows.count(b"\r\n")
    colab = (CORPUS / "colab_magics.expected.ipynb").read_text(encoding="utf-8")
    assert '        "%%time\\n",\n        "history = model.fit(validate_batches(batches())' in colab


def test_broken_json_is_reported_and_untouched(tmp_path: Path):
    copy = tmp_path / "broken_json.ipynb"
    shutil.copyfile(CORPUS / "broken_json.ipynb", copy)
    before = copy.read_bytes()
    r = invoke("rewrite", "--no-cache", str(tmp_path))
    assert r.exit_code == 3
    errors = [ln for ln in r.stderr.splitlines() if "error" in ln and "scanned" not in ln]
    assert errors == [f"{copy}: error: notebook is not valid JSON: " + errors[0].split("JSON: ", 1)[1]]
    assert copy.read_bytes() == before
    a = invoke("analyze", str(copy))
    assert a.exit_code == 3 and "notebook is not valid JSON" in a.stderr


def test_a_cell_that_does_not_parse_is_reported_and_the_others_rewritten(tmp_path: Path):
    copy = tmp_path / "broken_cell.ipynb"
    shutil.copyfile(CORPUS / "broken_cell.ipynb", copy)
    r = invoke("rewrite", "--no-cache", str(copy))
    assert r.exit_code == 3
    assert f"{copy}:cell 3: error: does not parse as Python 3 (line 1, column 1): Missing parentheses" in r.stderr
    cells = json.loads(copy.read_text())["cells"]
    assert "".join(cells[2]["source"]) == 'print "building the model"'
    assert "".join(cells[4]["source"]).startswith("model.fit(validate_batches(batches()), steps_per_epoch=2")


def test_diff_is_cell_by_cell_and_names_the_cell(tmp_path: Path):
    copy = tmp_path / "colab_magics.ipynb"
    shutil.copyfile(CORPUS / "colab_magics.ipynb", copy)
    r = invoke("rewrite", "--diff", "--no-cache", str(copy))
    assert r.exit_code == 1
    heads = [ln for ln in r.stdout.splitlines() if ln.startswith("--- ")]
    assert heads == [f"--- {copy}:cell 3", f"--- {copy}:cell 8", f"--- {copy}:cell 10"]
    assert "+history = model.fit(validate_batches(batches())" in r.stdout
    assert copy.read_bytes() == (CORPUS / "colab_magics.ipynb").read_bytes()


# --- masking IPython syntax --------------------------------------------------------

MASKED = [
    ("%matplotlib inline\nimport os\n", [0]),
    ("%tensorflow_version 1.x\n!pip install keras==2.2.4\n", [0, 1]),
    ("files = !ls -la\nprint(files)\n", [0]),
    ("x = %who_ls\n", [0]),
    ("model.fit?\n", [0]),
    ("??model\n", [0]),
    ("/print 1, 2\n,print a b\n;len x\n", [0, 1, 2]),
    ("%%time\nx = 1\n%time y = 2\n", [0, 2]),
    ("for i in range(2):\n    !echo $i\n", [1]),
    ("pip install kornia\nconda env create -f environment.yml\nls -la\n", [0, 1, 2]),
    ("if True:\n    !python train.py --a 1 \\\n        --b 2\nx = 1\n", [1, 2]),
    ("%%time\n!wget a \\\n  b\n", [0, 1, 2]),
    # Python, not IPython: left as it is
    ("s = '''\n!important\n%d\n'''\n", []),
    ("y = (a\n     % b)\n", []),
    ("a = b % c  # why?\n", []),
    ("x == !y\n", []),
    ("print('what?')\n", []),
    ("time = 3\nls = []\nls.append(time)\ncd(1)\nrun + 1\nenv[0]\npip\n", []),
    ("x = 1 + \\\n    2\n", []),
]


@pytest.mark.parametrize("source, lines", MASKED, ids=[m[0].splitlines()[0] for m in MASKED])
def test_masking(source: str, lines):
    masked, why = mask_cell(1, source)
    assert why is None
    changed = [i for i, (a, b) in enumerate(zip(source.splitlines(), masked.text.splitlines())) if a != b]
    assert changed == lines
    assert masked.unmask(masked.text) == source
    if lines:
        compile(masked.text, "<cell>", "exec")


def test_non_python_cell_magics_are_left_out():
    for source in ("%%bash\nls\n", "%%writefile a.py\nx = 1\n", "%%html\n<b>x</b>"):
        assert mask_cell(1, source)[0] is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([m[0] for m in MASKED] + ["x = 1\n", "\n", "  \n", "if x:\n    pass\n"]), max_size=6))
def test_masking_round_trips(parts):
    source = "".join(parts)
    masked, _ = mask_cell(7, source)
    if masked is not None:
        assert masked.unmask(masked.text) == source
        assert masked.text.count("\n") == (source + ("" if source.endswith("\n") else "\n")).count("\n")


# --- the JSON scanner --------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


def _check_spans(text: str, node) -> None:
    value = json.loads(text[node.start:node.end])
    if node.kind == "object":
        assert [k for k, _ in node.items] == list(value)
        for _, child in node.items:
            _check_spans(text, child)
    elif node.kind == "array":
        assert len(node.items) == len(value)
        for child in node.items:
            _check_spans(text, child)
    elif node.kind == "string":
        assert node.value == value


@settings(max_examples=200, deadline=None)
@given(JSON, st.sampled_from([None, 0, 1, 2, 4]), st.booleans())
def test_scanner_spans_hold_their_values(value, indent, ascii_only):
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    node = _scan(text, 0)
    assert (node.start, node.end) == (0, len(text))
    _check_spans(text, node)


# --- kernels, walking, the program -------------------------------------------------


def _notebook(cells, metadata=None) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
                if not c.startswith("#md ")
                else {"cell_type": "markdown", "metadata": {}, "source": c[4:]}
                for c in cells
            ],
            "metadata": metadata if metadata is not None else {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


def test_only_python_kernels_are_read():
    assert decode_notebook(_notebook(["x = 1"]).encode()).python  # no metadata: Python
    assert not decode_notebook(_notebook(["x"], {"kernelspec": {"language": "R", "name": "ir"}}).encode()).python
    assert not decode_notebook(_notebook(["x"], {"language_info": {"name": "julia"}}).encode()).python
    r = CORPUS / "r_kernel.ipynb"
    assert r.read_bytes() == expected_of(r).read_bytes()


def test_folders_are_walked_for_notebooks_unless_told_not_to(tmp_path: Path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.ipynb").write_text(_notebook(["x = 1"]))
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "b-checkpoint.ipynb").write_text(_notebook(["x = 1"]))
    assert [Path(p).name for p in iter_python_files([str(tmp_path)], notebooks=True)] == ["a.py", "b.ipynb"]
    assert [Path(p).name for p in iter_python_files([str(tmp_path)])] == ["a.py"]

    legacy = _notebook(["import keras\nmodel = keras.Sequential()\nmodel.fit_generator(g(), 2)"])
    (tmp_path / "b.ipynb").write_text(legacy)
    assert invoke("rewrite", "--check", "--no-cache", str(tmp_path)).exit_code == 1
    r = invoke("rewrite", "--check", "--no-cache", "--no-include-notebooks", str(tmp_path))
    assert r.exit_code == 0 and r.stderr.startswith("1 file scanned")
    named = invoke("rewrite", "--check", "--no-cache", "--no-include-notebooks", str(tmp_path / "b.ipynb"))
    assert named.exit_code == 1
    assert invoke("analyze", str(tmp_path)).exit_code == 1
    assert invoke("analyze", "--no-include-notebooks", str(tmp_path)).exit_code == 0


CROSS_CELL = [
    "#md # Data",
    "import numpy as np\nimport keras",
    "%matplotlib inline\n!nvidia-smi",
    "def batches():\n    while True:\n        x = np.zeros((4, 3))\n        yield [x, x]",
    "#md # Model",
    "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])\nmodel.compile('sgd', 'mse')",
    "%%time\nmodel.fit_generator(batches(), steps_per_epoch=2)",
]


def test_cells_are_one_program_and_locations_name_the_cell(tmp_path: Path):
    path = tmp_path / "cross.ipynb"
    path.write_text(_notebook(CROSS_CELL))
    r = invoke("analyze", str(path))
    assert r.exit_code == 1
    assert f"{path}:cell 4:4:15: FG101 " in r.stdout  # the generator, linked to the call of cell 7
    assert f"{path}:cell 7:2:7: FG001 " in r.stdout
    data = json.loads(invoke("analyze", "--format", "json", str(path)).stdout)
    by_code = {d["code"]: d for d in data}
    assert (by_code["FG101"]["cell"], by_code["FG101"]["line"]) == (4, 4)
    assert (by_code["FG001"]["cell"], by_code["FG001"]["line"]) == (7, 2)
    sarif = json.loads(invoke("analyze", "--format", "sarif", str(path)).stdout)
    results = {res["ruleId"]: res for res in sarif["runs"][0]["results"]}
    loc = results["FG101"]["locations"][0]
    assert loc["physicalLocation"]["region"]["startLine"] == 4
    assert results["FG101"]["properties"] == {"cell": 4}
    assert loc["logicalLocations"] == [{"name": "cell 4", "kind": "notebookCell"}]
    assert "fixes" not in results["FG001"]


def test_a_cell_that_does_not_parse_is_an_error_for_analyze(tmp_path: Path):
    path = tmp_path / "py2.ipynb"
    path.write_text(_notebook(CROSS_CELL + ["print 'done'"]))
    r = invoke("analyze", str(path))
    assert r.exit_code == 3
    assert f"{path}: error: cell 8: does not parse as Python 3" in r.stderr
    assert f"{path}:cell 4:4:15: FG101 " in r.stdout  # the other cells are still analysed


def test_program_lines_map_back_to_cells():
    nb = decode_notebook(_notebook(CROSS_CELL).encode())
    program = notebooks.build_program(nb)
    assert [c.number for c in program.cells] == [2, 3, 4, 6, 7]
    lines = program.text.splitlines()
    for cell in program.cells:
        for i, line in enumerate(cell.text.splitlines(), 1):
            at = program.starts[program.cells.index(cell)] + i - 1
            assert lines[at - 1] == line and program.locate(at) == (cell.number, i)


def test_an_edit_outside_the_source_values_is_refused():
    nb = decode_notebook(_notebook(["x = 1\n"]).encode())
    nb.code_cells[0] = notebooks.Cell(1, nb.code_cells[0].text, notebooks.Node("string", 0, 1))
    with pytest.raises(SourceError, match="outside the edited cells"):
        notebooks.apply(nb, [notebooks.CellChange(1, "x = 1\n", "x = 2\n")])


# --- the rewritten notebooks run on Keras 3 + JAX ------------------------------------


def runnable(path: Path) -> str:
    """The code cells in order, IPython lines dropped (each becomes ``None``),
    non-Python cell magics left out."""
    nb = decode_notebook(path.read_bytes())
    parts = []
    for cell in nb.code_cells:
        masked, _ = mask_cell(cell.number, cell.text)
        if masked is None:
            continue
        text = masked.text
        for placeholder, _ in masked.masks:
            text = text.replace(placeholder, "None")
        parts.append(text)
    return "".join(parts)


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KERAS_BACKEND="jax")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    script = tmp_path / "notebook_cells.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_rewritten_notebooks_train_on_keras3(tmp_path: Path):
    code = "".join(
        f"print('=== {name}')\n" + runnable(CORPUS / f"{name}.expected.ipynb") for name in RUNNABLE
    )
    done = _run(code + "print('ALL CELLS RAN')\n", tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ALL CELLS RAN" in done.stdout and "loss" in done.stdout


def test_the_original_notebook_does_not_run_on_keras3(tmp_path: Path):
    done = _run(runnable(CORPUS / "kaggle_outputs.ipynb"), tmp_path)
    assert done.returncode != 0 and "fit_generator" in done.stderr


# --- splicing, on generated notebooks of every layout --------------------------------

LINES = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=12),
    min_size=1, max_size=4,
).map(lambda parts: "\n".join(parts))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(LINES, st.booleans(), st.sampled_from(["code", "markdown"])), min_size=1, max_size=5),
    st.sampled_from([None, 1, 2, 4]),
    st.booleans(),
    st.data(),
)
def test_splicing_changes_only_the_edited_sources(cells, indent, ascii_only, data):
    doc = {
        "cells": [
            {"cell_type": kind, "metadata": {"x": [1, 2]}, "outputs": [{"text": ["é\n"]}], "source": notebooks._lines(text) if as_list else text}
            for text, as_list, kind in cells
        ],
        "metadata": {"kernelspec": {"language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(doc, indent=indent, ensure_ascii=ascii_only)
    nb = decode_notebook(text.encode("utf-8"))
    assert [c.number for c in nb.code_cells] == [i for i, c in enumerate(cells, 1) if c[2] == "code"]
    edited = [c for c in nb.code_cells if data.draw(st.booleans())]
    changes = [notebooks.CellChange(c.number, c.text, data.draw(LINES)) for c in edited]
    out = notebooks.apply(nb, changes)
    assert _without_sources(out) == _without_sources(text)
    new = json.loads(out)
    for change in changes:
        assert "".join(new["cells"][change.number - 1]["source"]) == change.after
    untouched = {c.number for c in nb.code_cells} - {c.number for c in changes}
    for number in untouched:
        assert new["cells"][number - 1] == doc["cells"][number - 1]
    if not changes:
        assert out == text


# --- stdin --------------------------------------------------------------------------


def test_rewrite_reads_a_notebook_from_stdin_when_its_name_says_so():
    case = CORPUS / "kaggle_outputs.ipynb"
    r = runner.invoke(app, ["rewrite", "-", "--stdin-filename", "k.ipynb"], input=case.read_bytes())
    assert r.exit_code == 0, r.stderr
    assert r.stdout_bytes == expected_of(case).read_bytes()
    broken = (CORPUS / "broken_json.ipynb").read_bytes()
    r = runner.invoke(app, ["rewrite", "-", "--stdin-filename", "b.ipynb"], input=broken)
    assert r.exit_code == 3 and r.stdout_bytes == broken  # an editor piping through us loses nothing
    r = runner.invoke(app, ["rewrite", "-", "--diff", "--stdin-filename", "c.ipynb"], input=(CORPUS / "broken_cell.ipynb").read_bytes())
    assert r.exit_code == 3 and "--- a/c.ipynb:cell 5" in r.stdout and "c.ipynb:cell 3: error: does not parse" in r.stderr


def test_analyze_reads_a_notebook_from_stdin_when_its_name_says_so():
    r = runner.invoke(app, ["analyze", "-", "--stdin-filename", "x.ipynb"], input=_notebook(CROSS_CELL + ["print 1"]))
    assert r.exit_code == 3
    assert "x.ipynb:cell 4:4:15: FG101 " in r.stdout and "x.ipynb:cell 7:2:7: FG001 " in r.stdout
    assert "x.ipynb: error: cell 8: does not parse as Python 3" in r.stderr


def test_analyze_prefilter_is_the_same_on_notebooks(tmp_path: Path):
    from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

    shutil.copytree(CORPUS, tmp_path / "nbs")
    (tmp_path / "nbs" / "cross.ipynb").write_text(_notebook(CROSS_CELL + ["print 1"]))
    options = AnalyzeOptions(select=("ALL",))
    fast = analyze_paths([str(tmp_path / "nbs")], options, notebooks=True)
    whole = analyze_paths([str(tmp_path / "nbs")], options, notebooks=True, prefilter=False)
    assert fast.files == whole.files == len(list((tmp_path / "nbs").glob("*.ipynb")))
    assert fast.errors == whole.errors and len(fast.errors) == 4  # broken JSON, 3 cells that do not parse
    assert fast.diagnostics == whole.diagnostics
    assert {d.cell for d in fast.diagnostics} >= {4, 7} and all(d.cell for d in fast.diagnostics)


IPYTHON_LINES = ["%matplotlib inline", "!pip install -q keras==2.2.4", "files = !ls", "model?", "pip install h5py", "%time x = 1"]
PYTHON_LINES = [
    "import keras",
    "model = keras.Sequential()",
    "model.fit_generator(gen(), 10, 2)",
    "model.predict_generator(gen(), steps=1, workers=4)",
    "x = 1",
]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.sampled_from(IPYTHON_LINES + PYTHON_LINES), min_size=1, max_size=4), min_size=1, max_size=4),
       st.booleans())
def test_ipython_lines_survive_a_rewrite_verbatim(cells, time_first):
    sources = ["\n".join(lines) for lines in cells]
    if time_first:
        sources[0] = "%%time\n" + sources[0]
    text = _notebook(sources)
    from migrate_fitgen.rewrite import collect_project_info, rewrite_source

    def rewrite(program: str):
        return rewrite_source(program, "t.ipynb", None, collect_project_info({"t.ipynb": program}))

    done = notebooks.rewrite_notebook(text.encode(), "t.ipynb", rewrite)
    after = json.loads(done.text)["cells"]
    for source, cell in zip(sources, after):
        new = cell["source"]
        assert "_mfg_ipy_" not in new
        ipython = [ln for ln in source.splitlines() if ln in IPYTHON_LINES or ln == "%%time"]
        assert [ln for ln in new.splitlines() if ln in IPYTHON_LINES or ln == "%%time"] == ipython
        if source.startswith("%%time"):
            assert new.startswith("%%time\n")
    assert notebooks.rewrite_notebook(done.text.encode(), "t.ipynb", rewrite).text == done.text


def test_a_cell_indented_as_a_whole_is_read_as_ipython_reads_it(tmp_path: Path):
    """IPython removes the first line's indentation from every line of a cell."""
    masked, _ = mask_cell(2, " import keras\n\n if True:\n     !ls\n model.fit_generator(g(), 2)")
    assert masked.dedent == " " and masked.text.startswith("import keras\n\nif True:\n")
    assert masked.unmask(masked.text) == " import keras\n\n if True:\n     !ls\n model.fit_generator(g(), 2)"
    assert mask_cell(1, " x = 1\ny = 2\n")[0].dedent == ""  # not every line has it: read as it is
    assert mask_cell(1, " x = 1\n \n")[0].dedent == ""  # a line of only the indentation could not come back
    path = tmp_path / "indented.ipynb"
    path.write_text(_notebook(["  import keras\n  model = keras.Sequential()\n  model.fit_generator(g(), steps_per_epoch=2)"]))
    assert f"{path}:cell 1:3:9: FG001 " in invoke("analyze", str(path)).stdout  # the column in the cell as written
    assert invoke("rewrite", "--no-cache", "--jobs", "0", str(path)).exit_code == 0
    assert json.loads(path.read_text())["cells"][0]["source"] == (
        "  import keras\n  from migrate_fitgen.runtime import validate_batches\n  model = keras.Sequential()\n"
        "  model.fit(validate_batches(g()), steps_per_epoch=2)"
    )


def test_a_broken_cell_is_reported_in_a_notebook_no_rule_looks_at(tmp_path) -> None:
    """A notebook the prefilter skips (no training call, generator or Keras name) still
    has its cells that do not parse reported, by both analyze paths, cold and warm."""
    import json as json_mod

    from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths, analyze_tree

    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": ["x = 1\n"]},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": ["def f(:\n"]},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    path = tmp_path / "plain.ipynb"
    path.write_text(json_mod.dumps(nb))

    class Run:
        jobs = 0
        progress = False
        timeout = 30.0

        def __init__(self, cache):
            self.cache_folder = cache

        def mine(self, files):
            return list(files)

    direct = analyze_paths([str(path)], AnalyzeOptions(), notebooks=True)
    assert [r for _, r in direct.errors if r.startswith("cell 2:")], direct.errors
    cache = str(tmp_path / "cache")
    for _ in range(2):  # cold, then warm
        tree = analyze_tree([str(path)], AnalyzeOptions(), (), Run(cache), notebooks=True)
        assert tree.errors == direct.errors


def test_the_import_goes_with_the_first_imports_not_into_a_pip_cell(tmp_path: Path):
    """A notebook that starts with a `!pip install ...` cell (often skipped when it is
    run again, found on real code): the wrapper's import goes after the first cell's
    imports that Python runs, not after the shell line."""
    from migrate_fitgen.rewrite.imports import IPYTHON_PLACEHOLDER

    assert notebooks.mask_cell(1, "!pip install x")[0].text.startswith(IPYTHON_PLACEHOLDER)
    path = tmp_path / "pip.ipynb"
    path.write_text(_notebook([
        "!pip install gensim==3.7.1\n%matplotlib inline",
        "import numpy as np\nfrom keras.models import Sequential\nmodel = Sequential()",
        "model.fit_generator(gen, steps_per_epoch=2, epochs=1)",
    ]))
    assert invoke("rewrite", str(path)).exit_code == 0
    cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
             for c in json.loads(path.read_text())["cells"]]
    assert cells[0] == "!pip install gensim==3.7.1\n%matplotlib inline"
    assert cells[1] == (
        "import numpy as np\nfrom keras.models import Sequential\n"
        "from migrate_fitgen.runtime import validate_batches\nmodel = Sequential()"
    )
