"""``analyze.data_names`` closes the names module by module: a name bound at module
level is its module's own, a module-level ``from X import Y`` goes to the module X
names when there is exactly one, and everything it cannot place (attributes, class
bodies, relative or star imports it cannot find, a module name two files share) goes
by name as before.  What it keeps must stay a superset of what the project's resolver
links to data: checked case by case, against the resolver, and against the unfiltered
analysis on generated projects where the same names are bound differently in
different modules."""

from __future__ import annotations

import ast
import random
from pathlib import Path
from typing import Dict, List

import pytest

from migrate_fitgen.analyze import data_names as dn
from migrate_fitgen.analyze.engine import AnalyzeOptions, _promote, analyze_paths, scan_file
from migrate_fitgen.analyze.prefilter import split_tokens
from migrate_fitgen.analyze.selection import enabled_codes
from test_data_names import resolver_links_are_kept

GEN = "def gen(n):\n    while True:\n        yield n, n\n"
ARRAYS = "import numpy as np\n"


def _write(root: Path, files: Dict[str, str]) -> Dict[str, str]:
    out = {}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        out[str(path)] = text
    return out


def _given(root: Path, files: Dict[str, str]) -> Dict[str, List[bool]]:
    """relative path -> for each training call (in order): may it be given data?  The
    files are written under ``root``: imports are resolved against their real paths."""
    sources = _write(root, files)
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in sources.items()}
    names, numbers = dn.close(summaries)
    return {
        str(Path(p).relative_to(root)): [names.given(numbers[p], c) for c in s.calls] for p, s in summaries.items()
    }


def _candidates(root: Path, files: Dict[str, str]) -> Dict[str, bool]:
    """relative path -> is it a candidate after the project pass (``analyze_paths``'s)."""
    _write(root, files)
    tokens, dataset_tokens = split_tokens(enabled_codes(None, ()))
    narrow = dataset_tokens or None
    paths = sorted(str(root / rel) for rel in files)
    scans = _promote([scan_file(p, tokens, None, narrow, narrow_calls=True) for p in paths], narrow)
    return {str(Path(s.path).relative_to(root)): s.candidate for s in scans}


# (a) the same name bound in two modules ---------------------------------------------

def test_a_name_bound_to_arrays_is_not_data_because_another_module_binds_it_to_a_generator(tmp_path: Path) -> None:
    files = {
        "gens.py": GEN + "train = gen(1)\nmodel.fit(train)\n",
        "arrays.py": ARRAYS + "train = np.zeros((4, 2))\nmodel.fit(train)\n",
        "local.py": "def go(model):\n    train = load()\n    model.fit(train)\n",
    }
    given = _given(tmp_path, files)
    assert given == {"gens.py": [True], "arrays.py": [False], "local.py": [False]}
    kept = _candidates(tmp_path / "scan", files)
    assert kept["gens.py"] and not kept["arrays.py"] and not kept["local.py"]


def test_a_module_level_function_is_the_module_s_own(tmp_path: Path) -> None:
    """``def make()`` returning a generator in one module does not make another
    module's ``make()`` (returning arrays) data, nor ``b.make()`` of an imported module
    ``b``, nor ``self.make()`` (a method: none is called so); a method ``make`` is
    found by name; ``obj.make()`` of a star import by name."""
    given = _given(tmp_path, {
        "a.py": GEN + "def make():\n    return gen(2)\nmodel.fit(make())\n",
        "b.py": ARRAYS + "def make():\n    return np.ones(3)\nmodel.fit(make())\n",
        "c.py": "import b\nmodel.fit(b.make())\n",
        "d.py": "import a\nmodel.fit(a.make())\n",
        "e.py": "class T:\n    def run(self):\n        self.model.fit(self.make())\n",
        "f.py": "from b import *\nmodel.fit(obj.make())\n",  # (obj: from the star import)
        "g.py": "from a import gen\nclass U:\n    def make(self):\n        return gen(1)\n",
        "h.py": "class V:\n    def run(self):\n        self.model.fit(self.make())\n",
    })
    assert given == {
        "a.py": [True], "b.py": [False], "c.py": [False], "d.py": [True], "e.py": [True], "f.py": [True],
        "g.py": [], "h.py": [True],
    }


# (b) the import edge ------------------------------------------------------------------

def test_an_import_goes_to_the_imported_module_s_own_name(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/gens.py": "def batches(x, n):\n    while True:\n        yield x[:n], x[:n]\n",
        "pkg/arrays.py": ARRAYS + "batches = np.zeros(3)\n",
        "train.py": "from pkg.gens import batches\nmodel.fit(batches(x, 8))\n",
        "train_arrays.py": "from pkg.arrays import batches\nmodel.fit(batches)\n",
        "alias.py": "from pkg.gens import batches as b\nfeed = b(x, 8)\nmodel.fit(feed)\n",
        "chain.py": "from alias import feed\nmodel.fit(feed)\n",
    }
    given = _given(tmp_path, files)
    assert given["train.py"] == [True] and given["alias.py"] == [True] and given["chain.py"] == [True]
    assert given["train_arrays.py"] == [False]
    kept = _candidates(tmp_path / "scan", files)
    assert kept["train.py"] and kept["alias.py"] and kept["chain.py"] and not kept["train_arrays.py"]


def test_an_unshaped_generator_reached_through_an_import_is_kept(tmp_path: Path) -> None:
    sources = _write(tmp_path, {
        "pkg/gens.py": "def g():\n    yield 1\n",
        "pkg/other.py": "def g():\n    yield 1\n",
        "train.py": "from pkg.gens import g\nmodel.fit(g())\n",
    })
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in sources.items()}
    names, numbers = dn.close(summaries)
    assert names.body(numbers[str(tmp_path / "pkg/gens.py")])
    assert not names.body(numbers[str(tmp_path / "pkg/other.py")])


def test_a_method_does_not_make_a_bare_name_data(tmp_path: Path) -> None:
    """A generator method ``list`` (Django's static files finders have one) is found as
    ``.list`` by name, never as the bare name ``list`` of another module (a builtin
    there); a module's own generator is found by a bare name through a star import."""
    files = {
        "finders.py": "class Finder:\n    def list(self, ignore):\n        yield ignore, ignore\n",
        "top.py": "def items(n):\n    yield n, n\n",
        "train.py": "model.fit(list(x))\n",
        "method.py": "model.fit(finder.list(x))\n",
        "star.py": "from top import *\nmodel.fit(items(1))\n",
        "linked.py": "model.fit(list(y))\nmodel.fit(finder.list(y))\n",
    }
    given = _given(tmp_path, files)
    assert given["train.py"] == [False]
    assert given["method.py"] == [True] and given["star.py"] == [True]
    assert given["linked.py"] == [False, True]
    sources = _write(tmp_path / "b", {k: v for k, v in files.items() if k in ("finders.py", "train.py")})
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in sources.items()}
    names, numbers = dn.close(summaries)
    assert not names.body(numbers[str(tmp_path / "b" / "finders.py")]), "`list(x)` links no method"
    _same_with_and_without_prefilter(tmp_path / "run", files)


# (c) what cannot be placed stays by name ------------------------------------------------

@pytest.mark.parametrize(
    "files",
    [
        # relative imports, found or not
        {"pkg/__init__.py": "", "pkg/gens.py": GEN, "pkg/train.py": "from .gens import gen\nmodel.fit(gen(1))\n"},
        {"pkg/__init__.py": "from .gens import gen\n", "pkg/gens.py": GEN,
         "pkg/sub/train.py": "from .. import gen\nmodel.fit(gen(1))\n"},
        {"pkg/gens.py": GEN, "pkg/train.py": "from .missing import gen\nmodel.fit(gen(1))\n"},
        # a star import (the name is bound nowhere in the module: by name)
        {"pkg/gens.py": GEN, "train.py": "from pkg.gens import *\nmodel.fit(gen(1))\n"},
        {"gens.py": GEN, "train.py": "from gens import *\nfeed = gen(1)\nmodel.fit(feed)\n"},
        # a module name two files share: the import is ambiguous
        {"a/utils.py": GEN, "b/utils.py": "gen = 1\n", "train.py": "from utils import gen\nmodel.fit(gen(1))\n"},
        # a module outside the tree: by name
        {"gens.py": GEN, "train.py": "from elsewhere import gen\nmodel.fit(gen(1))\n"},
        # an import in a function, an attribute of an imported module
        {"pkg/gens.py": GEN, "train.py": "def go(m):\n    from pkg.gens import gen\n    m.fit(gen(1))\n"},
        {"pkg/gens.py": GEN, "train.py": "import pkg.gens as g\nmodel.fit(g.gen(1))\n"},
        # a name the module binds only in a class body, read there
        {"t.py": "class T:\n    feed = gen(1)\n    model.fit(feed)\n" + GEN},
    ],
    ids=["relative", "relative-up", "relative-missing", "star", "star-bound", "ambiguous",
         "outside", "in-function", "module-attribute", "class-body"],
)
def test_what_cannot_be_placed_stays_conservative(tmp_path: Path, files: Dict[str, str]) -> None:
    given = _given(tmp_path, files)
    calls = [flag for flags in given.values() for flag in flags]
    assert calls and all(calls), given
    _same_with_and_without_prefilter(tmp_path / "run", files)


def test_an_import_from_stdin_is_by_name() -> None:
    summaries = {
        "gens.py": dn.summarise(ast.parse(GEN)),
        "-": dn.summarise(ast.parse("from .gens import gen\nmodel.fit(gen(1))\n")),
    }
    names, numbers = dn.close(summaries)
    assert names.given(numbers["-"], summaries["-"].calls[0])


def test_copies_share_one_summary() -> None:
    index = dn.NameIndex()
    summary = dn.summarise(ast.parse(GEN + "model.fit(gen(1))\n"))
    for i in range(3):
        index.know(f"copy{i}/a.py")
        index.add(summary, f"copy{i}/a.py", "same-digest")
    assert len(index.summaries) == 1 and len(index.modules) == 3
    names = index.close()
    assert all(names.given(m, summary.calls[0]) for m in range(3))


# against the resolver and the unfiltered analysis -----------------------------------------

def _same_with_and_without_prefilter(root: Path, files: Dict[str, str]) -> None:
    _write(root, files)
    options = AnalyzeOptions(select=("ALL",))
    fast = analyze_paths([str(root)], options)
    whole = analyze_paths([str(root)], options, prefilter=False)
    assert fast.errors == whole.errors
    assert fast.diagnostics == whole.diagnostics


def _resolver_links_are_kept(root: Path, files: Dict[str, str]) -> int:
    """``test_data_names.resolver_links_are_kept`` over ``files`` written under ``root``."""
    return resolver_links_are_kept(_write(root, files), [str(root)])


BINDINGS = [
    ARRAYS + "{n} = np.zeros((8, 2))\n",
    "def {n}(x, bs):\n    while True:\n        yield x[:bs], x[:bs]\n",
    "def {n}(x, bs):\n    return [x, x]\n",
    "from {src} import {n}\n",
    "from {src} import {n} as _{n}\n{n} = _{n}\n",
    "from .{leaf} import {n}\n",
    "from {src} import *\n",
    "import {src} as _m\n{n} = _m.{n}\n",
    "import keras\nclass {n}(keras.utils.Sequence):\n    def __len__(self):\n        return 1\n"
    "    def __getitem__(self, i):\n        return 1, 2\n",
    "class {n}:\n    def __iter__(self):\n        return self\n    def __next__(self):\n        return 1\n",
    "def _{n}(x, bs):\n    yield x, x\ndef {n}(x, bs):\n    return _{n}(x, bs)\n",
    "{n} = [1, 2]\n",
]

USES = [
    "model.fit({n}(x, 8), epochs=2)\n",
    "model.fit({n}, epochs=2)\n",
    "feed = {n}(x, 8)\nmodel.fit(feed, epochs=2)\n",
    "def go(model, x):\n    f = {n}(x, 4)\n    model.fit(f, epochs=1)\n",
    "model.fit_generator({n}(x, 8), 10)\n",
]


def _scoped_project(seed: int) -> Dict[str, str]:
    """Modules under two packages (and a module name they share), binding the same
    few names in different ways, importing them from one another."""
    rnd = random.Random(seed)
    modules = ["pkg/a.py", "pkg/b.py", "pkg/sub/c.py", "other/a.py", "d.py", "e.py"]
    names = ["feed", "batches", "Data"]
    files = {"pkg/__init__.py": "", "pkg/sub/__init__.py": "", "other/__init__.py": ""}
    for path in modules:
        parts = ["import keras", "import numpy as np", "model = keras.Sequential([keras.layers.Dense(1)])",
                 "x = np.zeros((8, 2))"]
        for n in rnd.sample(names, rnd.randint(1, 3)):
            src = rnd.choice([m[:-3].replace("/", ".") for m in modules if m != path] + ["a", "missing"])
            leaf = rnd.choice(["a", "b", "c", "missing"])
            parts.append(rnd.choice(BINDINGS).format(n=n, src=src, leaf=leaf))
            if rnd.random() < 0.8:
                parts.append(rnd.choice(USES).format(n=n))
        files[path] = "\n".join(parts) + "\n"
    return files


@pytest.mark.parametrize("seed", range(12))
def test_generated_scoped_projects_keep_every_link(tmp_path: Path, seed: int) -> None:
    files = _scoped_project(seed)
    _resolver_links_are_kept(tmp_path / "links", files)
    _same_with_and_without_prefilter(tmp_path / "run", files)


def test_generated_scoped_projects_link_and_drop() -> None:
    """The generator is not vacuous: the resolver links calls, and some calls the old
    by-name closure kept are dropped."""
    import tempfile

    links = dropped = 0
    for seed in range(12):
        with tempfile.TemporaryDirectory() as tmp:
            files = _scoped_project(seed)
            links += _resolver_links_are_kept(Path(tmp) / "links", files)
            given = _given(Path(tmp) / "given", files)
            dropped += sum(1 for flags in given.values() for flag in flags if not flag)
    assert links > 20 and dropped > 5, (links, dropped)


# shapes made on demand ---------------------------------------------------------------

def _answers(root: Path, files: Dict[str, str]) -> Dict[str, tuple]:
    """relative path -> (for each training call: may it be given data?, may a body rule
    report there?, each call's names' levels): the closure's answers."""
    sources = _write(root, files)
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in sources.items()}
    names, numbers = dn.close(summaries)
    return {
        str(Path(p).relative_to(root)): (
            tuple(names.given(numbers[p], c) for c in s.calls),
            names.body(numbers[p]),
            tuple(names.is_data(numbers[p], n) for c in s.calls for n in c.names),
        )
        for p, s in summaries.items()
    }


@pytest.mark.parametrize("seed", range(12))
def test_a_closure_keeping_one_shape_answers_as_one_keeping_all(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summaries are kept packed and each module's shape is made again when the
    closure has let it go (``SHAPES_KEPT``): the answers must not depend on it."""
    files = _scoped_project(seed)
    kept_all = _answers(tmp_path / "all", files)
    monkeypatch.setattr(dn, "SHAPES_KEPT", 1)
    made: List[int] = []
    real = dn._Shape
    monkeypatch.setattr(dn, "_Shape", lambda summary: made.append(id(summary)) or real(summary))
    kept_one = _answers(tmp_path / "one", files)
    assert kept_one == kept_all
    assert len(made) > len(set(made)), "with one shape kept, shapes are made again"


def test_summaries_share_their_names_and_stay_equal() -> None:
    """``NameIndex.add`` keeps one object for equal names and small tuples across the
    modules' summaries (each comes from a worker with its own copies), and the shared
    summary equals the one given, for every corpus file."""
    root = Path(__file__).resolve().parent.parent / "corpus"
    index = dn.NameIndex()
    given = []
    for path in sorted(root.rglob("*.py")):
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        summary = dn.summarise(tree, shapes=True)
        given.append(summary)
        index.add(summary, str(path))
    assert len(given) > 50
    assert index.summaries == given
    ids: Dict[tuple, set] = {}
    for summary in index.summaries:
        for pair in summary.module_imports:
            ids.setdefault(pair, set()).add(id(pair))
    repeated = [pair for pair in ids if sum(pair in s.module_imports for s in index.summaries) > 1]
    assert len(repeated) > 3, "the corpus imports the same modules in several files"
    assert all(len(ids[pair]) == 1 for pair in repeated), "equal imports are one object"
    names = [n for s in index.summaries for n in s.bound if n == "model"]
    assert len(names) > 3 and len({id(n) for n in names}) == 1, "equal names are one object"
