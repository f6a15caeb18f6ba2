"""``analyze.data_names``: the by-name test that keeps away from libcst the training
calls that cannot be given a generator, a dataset or an iterator.  It must keep every
call the project's resolver links to data (tested case by case, and against the
resolver itself over the corpus)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List

import pytest

from migrate_fitgen.analyze import data_names as dn
from migrate_fitgen.analyze import project as project_mod
from migrate_fitgen.analyze.engine import new_project
from migrate_fitgen.sources import SourceError, parse_module, read_source

ROOT = Path(__file__).resolve().parent.parent


def _given(files: Dict[str, str]) -> Dict[str, List[bool]]:
    """path -> for each training call (in order): may it be given data?"""
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in files.items()}
    names, numbers = dn.close(summaries)
    return {p: [names.given(numbers[p], c) for c in s.calls] for p, s in summaries.items()}


GEN = "def gen(n):\n    while True:\n        yield n, n\n"

CASES = {
    "direct call": {"a.py": GEN + "model.fit(gen(1))\n"},
    "a variable": {"a.py": GEN + "def train(model):\n    g = gen(1)\n    h = g\n    model.fit(h, epochs=2)\n"},
    "a factory in another module": {
        "utils.py": "from data import gen\ndef make():\n    return gen(3)\n",
        "data.py": GEN,
        "train.py": "from utils import make\nmodel.fit_generator(make(), 10)\n",
    },
    "a module-level generator imported under another name": {
        "data.py": GEN + "train_gen = gen(1)\n",
        "train.py": "from data import train_gen as tg\nmodel.fit(tg)\n",
    },
    "a factory method": {
        "a.py": GEN + "class T:\n    def make(self):\n        return gen(2)\n"
        "    def run(self):\n        self.model.fit(self.make())\n",
    },
    "a generator method": {
        "a.py": "class T:\n    def batches(self):\n        yield 1, 2\n    def run(self):\n        self.model.fit(self.batches())\n",
    },
    "functools.partial": {"a.py": "import functools\n" + GEN + "make = functools.partial(gen, 3)\nm.fit(make())\n"},
    "a Sequence subclass through a project base": {
        "base.py": "import keras\nclass Base(keras.utils.Sequence):\n    pass\n",
        "ds.py": "from base import Base\nclass DS(Base):\n    def __getitem__(self, i):\n        return i, i\n",
        "train.py": "from ds import DS\ndef go(m):\n    data = DS()\n    m.fit(data)\n",
    },
    "an aliased Sequence": {"a.py": "from keras.utils import Sequence as S\nclass D(S):\n    pass\nm.fit(D())\n"},
    "iter of a list": {"a.py": "m.fit(iter([1, 2]))\n"},
    "zip": {"a.py": "def f(m, a, b):\n    pairs = zip(a, b)\n    m.evaluate(pairs)\n"},
    "itertools.cycle": {"a.py": "import itertools\nm.fit(x=itertools.cycle(batches))\n"},
    "an iterator class": {"a.py": "class It:\n    def __next__(self):\n        return 1\nm.predict(It())\n"},
    "a generator expression": {"a.py": "def f(m, b):\n    g = (x for x in b)\n    m.fit(g)\n"},
    "a thread-safe wrapper": {"a.py": GEN + "m.fit(threadsafe_iter(gen(1)))\n"},
    "a loop variable": {"a.py": GEN + "for g in [gen(1), gen(2)]:\n    m.fit(g)\n"},
    "a global set in a function": {
        "a.py": GEN + "def setup():\n    global G\n    G = gen(1)\ndef train(m):\n    m.fit(G)\n"
    },
    "validation_data": {"a.py": GEN + "def f(m, x, y):\n    v = gen(2)\n    m.fit(x, y, validation_data=v)\n"},
    "a generator function passed uncalled": {"a.py": GEN + "m.fit(gen)\n"},
    "a nested generator function": {"a.py": "def f(m):\n    def g():\n        yield 1, 2\n    m.fit(g())\n"},
    "a lambda factory": {"a.py": GEN + "make = lambda: gen(1)\nm.fit(make())\n"},
    "a generator of an imported module": {
        "pkg/data.py": GEN,
        "train.py": "import pkg.data as d\nimport pkg.data\nm.fit(d.gen(1))\n",
    },
    "a generator of a module imported under its own name": {
        "pkg/data.py": GEN,
        "train.py": "import data\nfrom pkg import data as d2\nm.fit(data.gen(1))\nm.fit(d2.gen(1))\n",
    },
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_calls_given_data_are_kept(case: str) -> None:
    given = _given(CASES[case])
    calls = [flag for flags in given.values() for flag in flags]
    assert calls and all(calls), given


@pytest.mark.parametrize(
    "text",
    [
        "import numpy as np\nx = np.zeros((4, 2))\ny = np.zeros(4)\nmodel.fit(x, y, epochs=3)\n",
        "def train(model, data):\n    model.fit(data)\n",  # a parameter: the resolver stops there
        "def f(m):\n    x = load()\n    m.evaluate(x, batch_size=8)\n",
        GEN + "def f(m, x):\n    gen = x\n    m.fit(gen)\n",  # a local `gen` shadows the generator
    ],
)
def test_calls_given_arrays_are_dropped(text: str) -> None:
    flags = _given({"a.py": text})["a.py"]
    assert flags and not any(flags)


def test_what_the_resolver_does_not_follow_is_dropped(tmp_path) -> None:
    """A dotted callee (``pkg.data.gen()``), a module outside the tree (``np.ones``),
    another call's argument, an attribute set in ``__init__`` (``self_method`` follows
    a ``def`` only), another parameter's attribute, a factory returning a dataset (only
    a generator makes a factory's call data): the resolver finds nothing, whatever
    they name."""
    files = {
        "pkg/data.py": GEN + "def ones(n):\n    yield n, n\n",
        "train.py": "import numpy as np\nimport pkg.data\nm.fit(pkg.data.gen(2))\nm.fit(np.ones(3))\n"
        "x = np.array(pkg.data.gen(1))\nm.fit(x)\n"
        "class T:\n    def __init__(self):\n        self.batches = pkg.data.gen(2)\n"
        "    def run(self):\n        self.model.fit(self.batches)\n"
        "def go(m, d):\n    m.fit(d.gen)\n"
        "import keras\nclass S(keras.utils.Sequence):\n    pass\ndef make():\n    return S()\nm.fit(make())\n",
    }
    sources = {}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
        sources[str(tmp_path / rel)] = text
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in sources.items()}
    names, numbers = dn.close(summaries)
    train = str(tmp_path / "train.py")
    assert [names.given(numbers[train], c) for c in summaries[train].calls] == [False] * 6
    project = new_project(sources, [str(tmp_path)])
    for path, text in sources.items():
        project.add_source(path, text, parse_module(text))
    links = project.links_in(project.modules[train])
    assert len(links) == 6 and all(lk.source.kind == "unknown" for lk in links)


def test_a_module_is_not_data_because_a_function_has_its_name() -> None:
    """``import numpy as np`` binds a module, which the resolver never finds to be data,
    though a generator (or a method returning one) elsewhere is called ``numpy``."""
    given = _given({
        "t.py": "class T:\n    def numpy(self):\n        yield 1, 2\n",
        "a.py": "import numpy as np\nimport numpy.random as rnd\nx = np\nmodel.fit(np, rnd)\nmodel.fit(x)\n",
    })
    assert given["a.py"] == [False, False]
    # the same name bound otherwise still counts
    assert _given({"t.py": "def numpy():\n    yield 1, 2\n", "a.py": "from t import numpy\nmodel.fit(numpy)\n"})["a.py"] == [True]


def test_step_counts_are_seen_by_keyword_position_and_double_star() -> None:
    text = (
        "m.fit(x, steps_per_epoch=n / 2)\nm.evaluate(x, y, 1, 0, None, 3.5)\n"
        "m.predict(x, **kw)\nm.fit(x, y)\n"
    )
    calls = dn.summarise(ast.parse(text)).calls
    assert [c.steps for c in calls] == [True, True, True, False]


def test_tables_agree_with_the_resolver() -> None:
    assert dn.ITERATOR_FUNCTIONS == project_mod.BUILTIN_ITERATORS | project_mod.ITERTOOLS_ITERATORS
    assert dn.DATASET_ROOTS == project_mod.KERAS_DATASET_BASES
    assert set(dn.TRAINING_METHODS) == set(project_mod.TRAINING_METHODS)
    from migrate_fitgen import keras_api as api

    keywords = {*api.SAFE_RENAMES, *api.SAMPLE_COUNT_RENAMES, api.LEGACY_DATA_KEYWORD}
    keywords |= {k for order in (*api.POSITIONAL_MODERN.values(), *project_mod.NEW_POSITIONAL.values()) for k in order}
    roles = {"x", "validation_data"}  # (``AnalysisProject._links_in``)
    assert {k for k in keywords if project_mod._canonical_keyword(k) in roles} == dn.DATA_KEYWORDS
    for method, first in dn.FIRST_STEP_POSITION.items():
        order = project_mod.NEW_POSITIONAL[method]
        assert first == min(order.index(p) for p in dn.STEP_COUNT_PARAMETERS if p in order)


def _folder_sources(folder: Path) -> Dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*.py")):
        try:
            text = read_source(str(path)).text
            ast.parse(text)
            parse_module(text)
        except (SourceError, SyntaxError, ValueError):
            continue
        out[str(path)] = text
    return out


def _projects():
    for name in ("analyze", "programs", "rewrite"):
        yield ROOT / "corpus" / name
    for folder in sorted((ROOT / "corpus" / "analyze" / "projects").iterdir()):
        if folder.is_dir():
            yield folder


def resolver_links_are_kept(sources: Dict[str, str], roots: List[str]) -> int:
    """Every link the project's resolver finds keeps its call, and the generator or
    dataset it links to keeps its own file for FG101-FG106; the number of links."""
    project = new_project(sources, roots)
    for path, text in sources.items():
        project.add_source(path, text, parse_module(text))
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in sources.items()}
    names, numbers = dn.close(summaries)
    linked = 0
    for path in sources:
        facts = project.modules[path]
        links = project.links_in(facts)
        links += project._wrapped_in(links)
        for link in links:
            if link.source.kind == "unknown":
                continue
            linked += 1
            line = facts.start(link.call.node)[0]
            kept = [c for c in summaries[path].calls if c.line == line and c.method == link.call.method]
            assert kept and any(names.given(numbers[path], c) for c in kept), (path, line, link.source.kind)
            fn, cls = link.source.function, link.source.cls
            if fn is not None:
                reach = names.linked_g | names.linked_m.get(numbers[fn.path], set())
                assert fn.name in reach, (path, line, fn.name)
                assert names.body(numbers[fn.path])
            if cls is not None and link.source.kind == "dataset" and "__getitem__" in cls.methods:
                assert names.body(numbers[cls.path]), (cls.path, cls.name)
    return linked


@pytest.mark.parametrize("folder", list(_projects()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_the_resolver_finds_is_kept(folder: Path) -> None:
    linked = resolver_links_are_kept(_folder_sources(folder), [str(folder)])
    if folder.name in ("analyze", "programs"):
        assert linked > 20


def test_only_the_call_rules_declare_the_call_words() -> None:
    """The project pass narrows the files held by fit/evaluate/predict alone with the data
    name test, written for the rules in CALL_RULES: a new rule declaring one of those
    words must be checked against it and added there."""
    from migrate_fitgen import catalogue
    from migrate_fitgen.analyze.prefilter import CALL_RULES, CALL_WORDS

    declaring = {code for code, e in catalogue.ENTRIES.items() if CALL_WORDS & set(e.tokens)}
    assert declaring == CALL_RULES


@pytest.mark.parametrize(
    "text, expected",
    [
        ("def g():\n    yield x, y\n", True),
        ("def g():\n    b = load()\n    yield b\n", True),  # a name: the rules follow it
        ("def g():\n    yield [x, y]\n", True),
        ("def g():\n    yield\n", False),  # a context manager or a fixture
        ("def g():\n    yield 1\n", False),
        ("def g():\n    yield (x,)\n", False),
        ("def g():\n    yield {'a': 1}\n", False),
        ("def g():\n    yield from other()\n", True),
    ],
)
def test_which_generators_may_yield_a_batch(text: str, expected: bool) -> None:
    assert dict(dn.summarise(ast.parse(text)).generators)["g"] is expected


def test_an_unshaped_generator_is_kept_when_a_call_may_reach_it() -> None:
    files = {
        "a.py": "def g():\n    yield 1\ndef make():\n    return g()\n",
        "b.py": "from a import make\nm.fit(make())\n",
        "c.py": "def h():\n    yield 1\n",
    }
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in files.items()}
    names, numbers = dn.close(summaries)
    assert names.body(numbers["a.py"])
    assert not names.body(numbers["c.py"])


def test_a_dataset_class_is_kept_through_its_bases() -> None:
    files = {
        "base.py": "from keras.utils import PyDataset\nclass Base(PyDataset):\n    pass\n",
        "ds.py": "from base import Base\nclass DS(Base):\n    def __getitem__(self, i):\n        return 1\n",
        "other.py": "class Table:\n    def __getitem__(self, i):\n        return 1\n",
    }
    summaries = {p: dn.summarise(ast.parse(t)) for p, t in files.items()}
    names, numbers = dn.close(summaries)
    assert names.body(numbers["ds.py"])
    assert not names.body(numbers["other.py"])


def test_only_the_body_rules_declare_the_body_words() -> None:
    from migrate_fitgen import catalogue
    from migrate_fitgen.analyze.prefilter import BODY_RULES, BODY_WORDS

    declaring = {code for code, e in catalogue.ENTRIES.items() if BODY_WORDS & set(e.tokens)}
    assert declaring == BODY_RULES


#: (module, whether ``may_link`` must keep it as a link module)
LINK_SHAPES = [
    (GEN + "m.fit(gen(1))\n", True),
    (GEN + "g = gen(1)\nm.fit(g)\n", True),
    (GEN + "m.fit(x=1, validation_data=gen(2))\n", True),
    (GEN + "m.fit(a.b.threadsafe_iter(gen(1)))\n", True),  # a wrapper named so, however dotted
    (GEN + "m.fit(utils.Thread_Safe(gen(1)))\n", True),
    (GEN + "m.fit(wrap(gen(1)))\n", True),
    (GEN + "class W:\n    def __iter__(self):\n        return self\nm.fit(W(gen(1)))\n", True),
    (GEN + "import data\nm.fit(data.gen(1))\n", True),
    ("import numpy as np\nm.predict(np.random.randn(1, 8))\n", False),
    ("import numpy as np\nm.predict(np.random.rand(8))\n", False),
    (GEN + "m.fit(a.b.make(gen(1), 2))\n", False),
    (GEN + "m.fit([1, 2], (3, 4), epochs=2, *rest, **kw)\n", False),
    (GEN + "m.fit(self.batches, data[0], x.y, (g for g in gen(1)))\n", False),
    (GEN + "m.fit(f()(gen(1)))\n", False),
]


#: (module, whether ``may_give`` must keep its training calls as given data)
GIVE_SHAPES = [
    (GEN + "m.fit(gen(1))\n", True),
    ("m.fit(x)\n", True),
    ("m.fit(self.batches)\n", True),  # a generator method, uncalled (FG006)
    ("m.fit(iter(rows))\n", True),
    ("import itertools\nm.fit(itertools.cycle(rows))\n", True),
    ("m.fit((r for r in rows))\n", True),
    ("import numpy as np\nm.predict(np.random.randn(1, 8))\n", False),
    ("m.fit([1, 2], rows[0], a.b.c, epochs=2, *rest, **kw)\n", False),
    (GEN + "m.fit(a.b.threadsafe_iter(gen(1)))\n", False),  # a wrapper: the link index's, not the call's
]


@pytest.mark.parametrize("text, kept", GIVE_SHAPES)
def test_a_call_given_nothing_resolvable_is_no_candidate(text: str, kept: bool) -> None:
    """``may_give`` drops a module's calls only when the resolver finds no data for them."""
    assert dn.summarise(ast.parse(text), shapes=True).may_give is kept
    project = new_project({"a.py": text}, [])
    links = project.links_in(project.add_source("a.py", text, parse_module(text)))
    if not kept:
        assert links and all(lk.source.kind == "unknown" for lk in links)


@pytest.mark.parametrize("text, kept", LINK_SHAPES)
def test_a_module_whose_calls_cannot_link_is_no_link_module(text: str, kept: bool) -> None:
    """``may_link`` drops a module only when the resolver finds no key in it."""
    assert dn.summarise(ast.parse(text), shapes=True).may_link is kept
    assert dn.summarise(ast.parse(text)).may_link  # not asked: kept
    project = new_project({"a.py": text}, [])
    keys = project._link_keys(project.add_source("a.py", text, parse_module(text)))
    if not kept:
        assert keys == []


@pytest.mark.parametrize("folder", list(_projects()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_with_link_keys_may_link(folder: Path) -> None:
    sources = _folder_sources(folder)
    project = new_project(sources, [str(folder)])
    for path, text in sources.items():
        project.add_source(path, text, parse_module(text))
    keyed = given = 0
    for path, text in sources.items():
        keys = project._link_keys(project.modules[path])
        may_link, may_give = dn.call_shapes(ast.parse(text))
        assert keys == [] or may_link, (path, keys)
        kinds = {lk.source.kind for lk in project.links_in(project.modules[path])} - {"unknown"}
        assert not kinds or may_give, (path, kinds)
        keyed += bool(keys)
        given += bool(kinds)
    if folder.name in ("analyze", "programs"):
        assert keyed > 10 and given > 10
