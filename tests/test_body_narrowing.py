"""A generator no training call is linked to keeps its file a body candidate only when
FG103, FG104 or FG106 may report on it (``data_names.DataSummary.unlinked``,
``generator_calls`` and ``Closure.casts``).  The narrowing changes no finding: over
corpus/ and over generated generator bodies and helpers, the body rules find what they
find without it and without the prefilter.
"""

from __future__ import annotations

import ast
import random
import tempfile
from pathlib import Path
from typing import Callable, Dict, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate_fitgen.analyze import data_names as dn
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BODY = AnalyzeOptions(select=("FG101", "FG102", "FG103", "FG104", "FG105", "FG106"))
ALL = AnalyzeOptions(select=("ALL",))


def _unnarrowed_body(self, m: int) -> bool:
    """``Closure.body`` before the narrowing: any generator that may yield a batch."""
    summary = self.summaries[self.modules[m][1]]
    linked = self.linked_m.get(m, ())
    if any(shaped or name in self.linked_g or name in linked for name, shaped in summary.generators):
        return True
    return any(self.is_data(m, b) for bases in summary.getitem_bases for b in bases)


def _write(root: Path, files: Dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _summaries(root: Path) -> Dict[str, dn.DataSummary]:
    out = {}
    for p in sorted(root.rglob("*.py")):
        try:
            out[Path(p).relative_to(root).as_posix()] = dn.summarise(ast.parse(p.read_bytes()))
        except (SyntaxError, ValueError):
            continue
    return out


def _candidates(root: Path) -> Dict[str, bool]:
    """Each file's ``Closure.body`` as the project pass asks it."""
    names, numbers = dn.close(_summaries(root))
    return {p: names.body(n) for p, n in numbers.items()}


# corpus/ ----------------------------------------------------------------------------------

@pytest.mark.parametrize("folder", ["analyze", "rewrite", "programs", "projects"])
def test_corpus_same_with_and_without_the_narrowing(folder: str, monkeypatch) -> None:
    paths = [str(CORPUS / folder)]
    narrowed = analyze_paths(paths, ALL)
    whole = analyze_paths(paths, ALL, prefilter=False)
    with monkeypatch.context() as m:
        m.setattr(dn.Closure, "body", _unnarrowed_body)
        before = analyze_paths(paths, ALL)
    assert narrowed.diagnostics == before.diagnostics == whole.diagnostics
    assert narrowed.errors == before.errors


def test_the_corpus_has_generators_kept_unlinked() -> None:
    """Not vacuous: corpus/analyze holds generators kept for FG103, FG104 or FG106 alone
    (no generator the narrowing skips: the generated bodies below have those)."""
    summaries = _summaries(CORPUS / "analyze")
    assert sum(1 for s in summaries.values() if s.unlinked) >= 10


# what it skips and keeps ----------------------------------------------------------------------

def test_a_generator_that_no_rule_can_report_on_unlinked_is_skipped(tmp_path: Path) -> None:
    """It yields an (x, y) tuple (so it was kept before), but without a link FG101, FG102
    and FG105 cannot report, it has no cast, one slice only, no shuffle."""
    files = {
        "pairs.py": "import keras\n\ndef pairs(x, y):\n    for i in range(len(x)):\n"
                    "        yield x[i], y[i:i + 1]\n",
        "sliced.py": "def pairs(x, y):\n    for i in range(len(x)):\n        yield x[i:i + 2], y[i:i + 3]\n",
        "cast.py": "import keras\n\ndef pairs(x, y):\n    for i in range(len(x)):\n        yield x[i].astype(str), y[i]\n",
        "floats.py": "def pairs(x, y):\n    for i in range(len(x)):\n        yield x[i].astype('float32'), y[i]\n",
        "shuffled.py": "import numpy as np\nimport tensorflow as tf\n\ndef pairs(x, y):\n"
                       "    np.random.shuffle(x)\n    while True:\n        yield x, y\n",
        "shuffled_no_keras.py": "import numpy as np\n\ndef pairs(x, y):\n"
                                "    np.random.shuffle(x)\n    while True:\n        yield x, y\n",
        "shuffled_default.py": "import keras\nimport numpy as np\n\n"
                               "def pairs(x, y, order=np.random.permutation(3)):\n"
                               "    while True:\n        yield x, y\n",
        "linked.py": "import keras\n\ndef pairs(x, y):\n    while True:\n        yield [x, y]\n\n"
                     "keras.Model().fit(pairs(1, 2))\n",
    }
    kept = _candidates(_write(tmp_path, files))
    assert kept == {
        "pairs.py": False,
        "sliced.py": True,
        "cast.py": True,
        "floats.py": False,
        "shuffled.py": True,
        "shuffled_no_keras.py": False,
        "shuffled_default.py": True,
        "linked.py": True,
    }
    # and what the skipped files would give: nothing
    whole = analyze_paths([str(tmp_path)], BODY, prefilter=False)
    reported = {Path(d.path).name for d in whole.diagnostics}
    assert reported & {"pairs.py", "floats.py", "shuffled_no_keras.py"} == set()
    assert {"sliced.py", "cast.py", "shuffled.py", "shuffled_default.py", "linked.py"} <= reported
    assert analyze_paths([str(tmp_path)], BODY).diagnostics == whole.diagnostics


def test_a_helper_that_casts_keeps_its_callers_through_aliases_and_other_helpers(tmp_path: Path) -> None:
    files = {
        "prep.py": "def inner(v):\n    w = v.reshape(-1)\n    return w.astype(str)\n\n"
                   "def outer(v):\n    if v is None:\n        return inner(v)\n    return inner(v)[0]\n\n"
                   "def mixed(v):\n    if v is None:\n        return v.astype(str)\n    return v\n",
        "by_alias.py": "import keras\nimport functools\nfrom prep import outer as o\n"
                       "h = functools.partial(o)\n\ndef g(x, y):\n    while True:\n        yield h(x), y\n",
        "by_method.py": "import keras\n\nclass Loader:\n    def prep(self, v):\n        return v.tolist()\n\n"
                        "    def batches(self, x, y):\n        while True:\n            yield self.prep(x), y\n",
        "not_all_returns.py": "import keras\nfrom prep import mixed\n\n"
                              "def g(x, y):\n    while True:\n        yield mixed(x), y\n",
    }
    kept = _candidates(_write(tmp_path, files))
    assert kept["by_alias.py"] and kept["by_method.py"]
    assert not kept["not_all_returns.py"]  # one of `mixed`'s returns is no cast
    whole = analyze_paths([str(tmp_path)], BODY, prefilter=False)
    assert {(Path(d.path).name, d.code) for d in whole.diagnostics} == {
        ("by_alias.py", "FG103"), ("by_method.py", "FG103"),
    }
    assert analyze_paths([str(tmp_path)], BODY).diagnostics == whole.diagnostics


@pytest.mark.parametrize(
    "element, helper",
    [
        ("x.astype(str)", ""),
        ("x.astype('U8')", ""),
        ("x[i:i + 2].astype(np.str_)", ""),
        ("x.tolist()", ""),
        ("str(i)", ""),
        ("np.array(['a', 'b'])", ""),
        ("np.array([str(t) for t in x])", ""),
        ("np.asarray(x, dtype=object)", ""),
        ("prep(x)", "def prep(v):\n    return v.astype(str).reshape(-1)\n"),
        ("prep(x)", "def prep(v):\n    return np.asarray(v.tolist()).copy()\n"),
        ("prep(x)", "def prep(v):\n    w = v[0]\n    return w.astype(object)\n"),
        ("prep(x)", "def prep(v):\n    a, b = v.tolist(), 1\n    return a\n"),
        ("prep(x)", "def prep(v):\n    names = []\n    names.append(f'{v}')\n    return np.array(names)\n"),
        ("prep(x)", "def prep(v):\n    return str(v)[0]\n"),
        ("prep(x)", "def prep(v):\n    return other(v)\ndef other(v):\n    return v.tolist()\n"),
        ("prep(x)", "from functools import partial as P\ndef other(v):\n    return v.tolist()\nprep = P(other)\n"),
    ],
)
def test_each_cast_keeps_its_generator_and_is_reported(tmp_path: Path, element: str, helper: str) -> None:
    files = {
        "helpers.py": "import numpy as np\n" + (helper or "prep = None\n"),
        "gen.py": "import keras\nimport numpy as np\nfrom helpers import prep\n\ndef g(x, y):\n"
                  f"    for i in range(3):\n        yield {element}, y\n",
    }
    assert _candidates(_write(tmp_path, files))["gen.py"]
    whole = analyze_paths([str(tmp_path)], BODY, prefilter=False)
    assert [(Path(d.path).name, d.code) for d in whole.diagnostics] == [("gen.py", "FG103")]
    assert analyze_paths([str(tmp_path)], BODY).diagnostics == whole.diagnostics


def test_a_summary_without_the_preconditions_keeps_every_batch_generator() -> None:
    """A summary whose ``unlinked`` was not worked out (pickled by an older version, whose
    cache keys differ anyway) reads as before the narrowing."""
    import dataclasses

    summary = dn.summarise(ast.parse("def g(x):\n    for i in range(3):\n        yield x[i], x[i]\n"))
    assert summary.unlinked == ()
    for s, kept in ((summary, False), (dataclasses.replace(summary, unlinked=None), True)):
        names, numbers = dn.close({"g.py": s})
        assert names.body(numbers["g.py"]) is kept


def test_the_string_dtypes_are_the_rules() -> None:
    from migrate_fitgen.analyze import generators, values
    from migrate_fitgen.analyze.rules import fg106_shuffle_once_before_loop as fg106

    assert dn.STRING_DTYPES == generators.STRING_DTYPES
    assert dn.NUMPY_NAMES == values.NUMPY_NAMES
    assert dn.SHUFFLES == fg106.SHUFFLES


# generated generator bodies -------------------------------------------------------------------

#: an element of a batch (``{h}``: a helper's local name)
ELEMENTS = [
    "x[i:i + bs]", "y[i:i + bs + 1]", "y[i:i + bs]", "x[i]", "y[i] * 2", "x", "np.zeros(3)",
    "x.astype(str)", "x.astype('float32')", "x.astype('U8')", "y.tolist()", "str(i)",
    "np.array(['a', 'b'])", "np.asarray(y, dtype=object)", "np.asarray(y, dtype='float32')",
    "np.array([str(t) for t in y])", "x[i:i + bs].astype(np.str_)", "(x / 255.0)[i:i + bs]",
    "{h}(x)", "{h}(y)[i:i + bs]", "np.array({h}(x))", "self_like.prep(x)",
]
#: elements no rule reports on
PLAIN = ["x[i]", "y[i]", "x", "y[i] * 2", "np.zeros(3)", "{h}(x)"]
#: a helper's body (``{other}``: another helper's name)
HELPERS = [
    "    return v.astype(str)\n",
    "    return v.astype('float32')\n",
    "    return v.tolist()\n",
    "    return str(v)\n",
    "    w = v.reshape(-1)\n    return w.astype(object)\n",
    "    return np.asarray(v)\n",
    "    return {other}(v)\n",
    "    return {other}(v)[0]\n",
    "    if v is None:\n        return v.tolist()\n    return {other}(v)\n",
    "    if v is None:\n        return v.tolist()\n    return v\n",
    "    names = []\n    names.append('a')\n    return np.array(names)\n",
    "    out = v\n    return out\n",
    "    return v.astype(str).reshape(-1)\n",
    "    return np.asarray(v.tolist()).copy()\n",
]
HEADERS = ["import numpy as np\n", "import numpy as np\nimport keras\n", "import numpy as np\nimport tensorflow as tf\n"]
LOOPS = [
    "    for i in range(0, len(x), bs):\n",
    "    while True:\n        i = 0\n",
    "    np.random.shuffle(x)\n    while True:\n        i = 0\n",
    "    idx = np.random.permutation(len(x))\n    for i in range(len(x)):\n",
]
YIELDS = ["        yield {a}, {b}\n", "        yield ({a}, {b}, {c})\n", "        yield [{a}, {b}]\n",
          "        batch = ({a}, {b})\n        yield batch\n", "        yield {a}\n",
          "        yield {a}, y[i:i + bs + 1]\n", "        yield x[i:i + bs], {b}\n"]
IMPORTS = [
    "from helpers import {n}\nh = {n}\n",
    "from helpers import {n} as h\n",
    "import functools\nfrom helpers import {n}\nh = functools.partial({n})\n",
    "import helpers\nh = helpers.{n}\n",
    "def h(v):\n    return v\n",
]


def _project(pick: Callable[[Sequence], object]) -> Dict[str, str]:
    helpers = ["import numpy as np\n"]
    for k in range(3):
        body = str(pick(HELPERS)).format(other=f"helper{(k + 1) % 3}")
        helpers.append(f"def helper{k}(v):\n{body}")
    gen = [str(pick(HEADERS)), str(pick(IMPORTS)).format(n=f"helper{pick([0, 1, 2])}")]
    method = "".join("    " + line for line in str(pick(HELPERS)).format(other="str").splitlines(True))
    gen.append("class Like:\n    def prep(self, v):\n" + method + "self_like = Like()\n")
    for g in range(int(pick([1, 2]))):  # type: ignore[call-overload]
        a, b, c = (str(pick(pick([PLAIN, ELEMENTS]))).format(h="h") for _ in range(3))
        gen.append(f"def gen{g}(x, y, bs):\n" + str(pick(LOOPS)) + str(pick(YIELDS)).format(a=a, b=b, c=c))
    files = {"helpers.py": "\n".join(helpers), "gens.py": "\n".join(gen)}
    if pick([False, False, True]):  # now and then one is linked
        files["train.py"] = "import keras\nfrom gens import gen0\nkeras.Model().fit(gen0(1, 2, 3), epochs=2)\n"
    for text in files.values():
        ast.parse(text)  # (a syntax error would make the comparison vacuous)
    return files


def _same(files: Dict[str, str]) -> set:
    """The body rules find the same with the narrowing as with every file checked and as
    before it; the findings' codes."""
    import migrate_fitgen.analyze.data_names as names

    with tempfile.TemporaryDirectory() as tmp:
        root = _write(Path(tmp), files)
        narrowed = analyze_paths([str(root)], BODY)
        whole = analyze_paths([str(root)], BODY, prefilter=False)
        assert narrowed.errors == whole.errors
        assert narrowed.diagnostics == whole.diagnostics, files
        saved = names.Closure.body
        names.Closure.body = _unnarrowed_body  # type: ignore[method-assign]
        try:
            before = analyze_paths([str(root)], BODY)
        finally:
            names.Closure.body = saved  # type: ignore[method-assign]
        assert before.diagnostics == whole.diagnostics
        return {d.code for d in whole.diagnostics}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_bodies_same_with_and_without_the_narrowing(data) -> None:
    _same(_project(lambda xs: data.draw(st.sampled_from(list(xs)))))


def test_generated_bodies_find_and_skip() -> None:
    """Not vacuous: the generated projects give FG103, FG104 and FG106 findings, and the
    narrowing skips some generator files that were candidates before it."""
    codes: set = set()
    skipped = kept = 0
    for seed in range(40):
        files = _project(random.Random(seed).choice)
        codes |= _same(files)
        with tempfile.TemporaryDirectory() as tmp:
            root = _write(Path(tmp), files)
            summaries = {str(p): dn.summarise(ast.parse(p.read_text())) for p in sorted(root.rglob("*.py"))}
            names, numbers = dn.close(summaries)
            n = numbers[str(root / "gens.py")]
            if _unnarrowed_body(names, n):
                kept += names.body(n)
                skipped += not names.body(n)
    assert {"FG103", "FG104", "FG106"} <= codes, codes
    assert skipped >= 3 and kept >= 3, (skipped, kept)
