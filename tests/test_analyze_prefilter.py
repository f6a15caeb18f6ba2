"""The prefilter and the lazy project change nothing: every rule, with and without
them, over corpus/ and over generated multi-module projects, finds the same.

``analyze_paths(..., prefilter=False)`` is the reference: every file read, parsed with
libcst and kept for the whole run, every file checked.
"""

from __future__ import annotations

import ast
import random
from pathlib import Path
from typing import Dict

import pytest

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths, scan_file
from migrate_fitgen.analyze.prefilter import may_hold, tokens_for
from migrate_fitgen import catalogue

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ALL = AnalyzeOptions(select=("ALL",))


def _same(paths, options=ALL):
    fast = analyze_paths([str(p) for p in paths], options)
    whole = analyze_paths([str(p) for p in paths], options, prefilter=False)
    assert fast.files == whole.files
    assert fast.errors == whole.errors
    assert [d.format_text() for d in fast.diagnostics] == [d.format_text() for d in whole.diagnostics]
    assert fast.diagnostics == whole.diagnostics
    return whole


def _each_rule_alone(paths, whole, target="keras3") -> None:
    """One rule at a time, the prefilter then keeping only that rule's tokens, finds
    what the reference found for that rule (rules do not depend on each other)."""
    for rule in catalogue.all():
        alone = analyze_paths([str(p) for p in paths], AnalyzeOptions(select=(rule.code,), target=target))
        assert alone.diagnostics == [d for d in whole.diagnostics if d.code == rule.code], rule.code


@pytest.mark.parametrize("folder", ["analyze", "rewrite", "programs", "projects"])
def test_corpus_same_with_and_without_prefilter(folder: str) -> None:
    whole = _same([CORPUS / folder])
    if folder == "analyze":
        _each_rule_alone([CORPUS / folder], whole)


def test_every_rule_declares_tokens() -> None:
    for rule in catalogue.all():
        assert rule.tokens and all(t.isidentifier() for t in rule.tokens), rule.code


def test_a_rule_without_tokens_is_refused() -> None:
    from migrate_fitgen.diagnostics import Severity

    with pytest.raises(ValueError, match="tokens"):
        catalogue.Entry("FG999", "no-tokens", Severity.ERROR, "x", ())
    with pytest.raises(ValueError, match="tokens"):
        catalogue.Entry("FG999", "no-tokens", Severity.ERROR, "x", ("not a word",))


def test_tokens_are_whole_words() -> None:
    tokens = frozenset({"fit"})
    assert may_hold(b"model.fit(x)", tokens)
    assert may_hold(b"model.fit\n(x)", tokens)
    assert not may_hold(b"benefit = fitness", tokens)
    assert not may_hold(b"", tokens)
    assert not may_hold(b"fit", frozenset())


def _words_reference(data: bytes, tokens) -> bool:
    """The test ``may_hold`` makes, spelled out: some token as a whole word, an ASCII
    word character (or none) on neither side."""
    import re

    for token in tokens:
        needle = token.encode("utf-8")
        for m in re.finditer(re.escape(needle), data):
            before = data[m.start() - 1 : m.start()]
            after = data[m.end() : m.end() + 1]
            if not re.fullmatch(rb"\w", before) and not re.fullmatch(rb"\w", after):
                return True
    return False


@pytest.mark.parametrize(
    "tokens",
    [
        frozenset({"fit"}),
        frozenset({"on_epoch_end", "setattr"}),
        frozenset({"yield", "__getitem__", "Sequence"}),
        frozenset({"Näme", "Base"}),
        frozenset(f"tok{i}" for i in range(20)) | {"fit", "import"},  # past the substring test
    ],
)
def test_may_hold_is_the_whole_word_test_for_few_and_many_tokens(tokens) -> None:
    texts = [p.read_bytes() for p in sorted(Path("corpus").rglob("*.py"))[:80]]
    texts += [
        "class Näme(Base): pass".encode("utf-8"),
        "class BaseNäme: pass".encode("utf-8"),
        "xNäme = 1".encode("utf-8"),
        b"benefit = fitness",
        b"obj.setattr_x = 1",
    ]
    for data in texts:
        assert may_hold(data, tokens) == _words_reference(data, tokens), (tokens, data[:60])


def test_a_non_ascii_name_is_looked_for_as_utf8() -> None:
    assert may_hold("class Sub(Näme):".encode("utf-8"), frozenset({"Näme"}))
    assert not may_hold("class Sub(Nämes):".encode("utf-8"), frozenset({"Näme"}))
    assert not may_hold(b"class Sub(Name):", frozenset({"N\u00e4me"}))


def test_scan_skips_files_without_tokens_but_reports_their_syntax_errors(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("x = 1\n")
    (tmp_path / "old.py").write_text('print "x"\n')
    (tmp_path / "gen.py").write_text("def g():\n    yield 1, 2\n")
    tokens = tokens_for(catalogue.codes())
    plain = scan_file(str(tmp_path / "plain.py"), tokens)
    assert not plain.candidate and plain.error is None and plain.info.summary is not None
    old = scan_file(str(tmp_path / "old.py"), tokens)
    assert not old.candidate and "does not parse as Python 3" in old.error
    assert scan_file(str(tmp_path / "gen.py"), tokens).candidate
    assert not scan_file(str(tmp_path / "gen.py"), tokens_for(["FG001"])).candidate


def test_dataset_names_follow_classes_aliases_and_assignments() -> None:
    import ast

    from migrate_fitgen.analyze.prefilter import dataset_hints, dataset_names, may_hold_dataset_class

    a = dataset_hints(ast.parse("from keras.utils import Sequence as S\nclass Root(S):\n    pass\n"))
    b = dataset_hints(ast.parse("from a import Root as R\nAlias = R\nclass Mine(Alias):\n    def __init__(self):\n        pass\n"))
    c = dataset_hints(ast.parse("class Other(object):\n    def __init__(self):\n        pass\n"))
    names = dataset_names([a, b, c])
    assert {"S", "Root", "R", "Alias", "Mine"} <= names and "Other" not in names
    assert may_hold_dataset_class(b, names) and not may_hold_dataset_class(c, names)
    assert not may_hold_dataset_class(b, dataset_names([b, c]))  # the chain needs module a


# generated projects ------------------------------------------------------------------

GENERATORS = [
    "def {name}(x, y, bs):\n    for i in range(0, len(x), bs):\n        yield x[i:i + bs], y[i:i + bs]\n",
    "def {name}(x, y, bs):\n    while True:\n        for i in range(len(x) // bs):\n            yield [x[i], y[i]]\n",
    "def {name}(x, y, bs):\n    np.random.shuffle(x)\n    while True:\n        yield x[:bs], y[:bs]\n",
    "def {name}(x, y, bs):\n    for i in range(len(x) // bs):\n        yield x[i]\n    raise StopIteration\n",
    "def {name}(x, y, bs):\n    while True:\n        yield x.astype(str), y, 1, 2\n",
    "def {name}(x, y, bs):\n    for i in range(bs):\n        yield x[i:i+bs], y[i:i+bs+1]\n",
]

CLASSES = [
    "class {name}({base}):\n    def __init__(self, x):\n        self.x = x\n"
    "    def __len__(self):\n        return 2\n    def __getitem__(self, i):\n        return self.x[i]\n",
    "class {name}({base}):\n    def __init__(self, x, **kw):\n        super().__init__(**kw)\n        self.x = x\n"
    "    def __len__(self):\n        return 2\n    def __getitem__(self, i):\n        return self.x[i], self.x[i]\n",
    "class {name}:\n    def __init__(self, x):\n        self.x = x\n    def __iter__(self):\n        return self\n"
    "    def __next__(self):\n        return self.x\n",
]

CALLS = [
    "model.fit({data}, epochs={epochs})\n",
    "model.fit({data}, epochs={epochs}, steps_per_epoch=len(x) // 8)\n",
    "model.fit_generator({data}, 10, {epochs}, workers=4, use_multiprocessing=True)\n",
    "model.fit({data}, epochs={epochs}, class_weight={{0: 1.0}}, workers=2)\n",
    "model.evaluate({data})\n",
    "model.predict_generator({data}, 3)\n",
    "model.fit(x=({data}), validation_data={data}, epochs={epochs})\n",
    "model.fit({data}, steps_per_epoch=len(x) / 8, epochs={epochs})\n",
]


def _project(seed: int) -> Dict[str, str]:
    rnd = random.Random(seed)
    files: Dict[str, str] = {}
    # a dataset base in its own module, a subclass elsewhere: the chain crosses files
    files["pkg/base.py"] = rnd.choice(
        [
            "import keras\n\nclass Base(keras.utils.{}):\n    pass\n",
            "from keras.utils import {} as S\n\nclass Base(S):\n    pass\n",
            "import keras\nS = keras.utils.{}\nclass Root(S):\n    pass\nclass Base(Root):\n    pass\n",
        ]
    ).format(rnd.choice(["Sequence", "PyDataset"]))
    data = ["import numpy as np", rnd.choice(["from pkg.base import Base", "from pkg.base import Base as B0\nBase = B0"]), ""]
    names = []
    for i in range(rnd.randint(1, 3)):
        name = f"gen{i}"
        names.append(name)
        data.append(rnd.choice(GENERATORS).format(name=name))
    classes = []
    for i in range(rnd.randint(1, 2)):
        name = f"Data{i}"
        classes.append(name)
        template = rnd.choice(CLASSES[:2]) if i == 0 else rnd.choice(CLASSES)
        data.append(template.format(name=name, base="Base" if i == 0 else rnd.choice(["Base", "object"])))
    files["pkg/data.py"] = "\n".join(data)
    # re-exports through modules that hold no rule token at all
    files["pkg/__init__.py"] = rnd.choice(["", "from pkg.data import *\n", "from .data import gen0\n"])
    files["helpers.py"] = rnd.choice(
        ["from pkg.data import gen0 as feed\n", "from pkg import data\nfeed = data.gen0\n", "import os\n"]
    )
    imported = ", ".join(names + classes)
    train = ["import keras", "import numpy as np", "import pkg.data as d", f"from pkg.data import {imported}",
             "from helpers import *" if "feed" not in files["helpers.py"] else "from helpers import feed", "EPOCHS = {}".format(rnd.choice([1, 3, 5])), "x = np.zeros((8, 2))",
             "y = np.zeros(8)", "model = keras.Sequential([keras.layers.Dense(1)])",
             "model.compile(loss='mse')", ""]
    for _ in range(rnd.randint(1, 4)):
        pick = rnd.random()
        if pick < 0.5:
            data_expr = "{}{}(x, y, 8)".format(rnd.choice(["", "d."]), rnd.choice(names))
        elif pick < 0.65 and "feed" in files["helpers.py"]:
            data_expr = "feed(x, y, 8)"
        elif pick < 0.85 and classes:
            data_expr = "{}(x)".format(rnd.choice(classes))
        else:
            data_expr = rnd.choice(["iter([1, 2])", rnd.choice(names), "(b for b in x)"])
        train.append(rnd.choice(CALLS).format(data=data_expr, epochs=rnd.choice(["EPOCHS", "1", "4"])))
    files["train.py"] = "\n".join(train)
    if rnd.random() < 0.3:  # a second module of the same name: the import is ambiguous
        files["other/pkg/data.py"] = rnd.choice(["def gen0(x, y, bs):\n    yield x\n", 'print "py2"\n'])
    if rnd.random() < 0.3:  # a subclass in another file overriding a generator method
        files["trainer.py"] = (
            "import keras\nclass Trainer:\n    def batches(self):\n        for i in range(3):\n"
            "            yield 1, 2\n    def run(self, model):\n        model.fit(self.batches(), epochs=3)\n"
        )
        files["sub.py"] = rnd.choice(
            ["from trainer import Trainer\nclass Sub(Trainer):\n    def batches(self):\n        return [1]\n",
             "from trainer import Trainer\nclass Sub(Trainer):\n    pass\n"]
        )
    return files


@pytest.mark.parametrize("seed", range(8))
def test_generated_projects_same_with_and_without_prefilter(tmp_path: Path, seed: int) -> None:
    for rel, text in _project(seed).items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    options = AnalyzeOptions(select=("ALL",), target="tf-keras" if seed % 2 else "keras3")
    _each_rule_alone([tmp_path], _same([tmp_path], options), options.target)


def test_generated_projects_find_something() -> None:
    """The generator is not vacuous: its projects hold findings of many rules."""
    import tempfile

    codes = set()
    for seed in range(8):
        with tempfile.TemporaryDirectory() as tmp:
            for rel, text in _project(seed).items():
                path = Path(tmp) / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            codes |= {d.code for d in analyze_paths([tmp], ALL).diagnostics}
    assert len(codes) >= 10 and "FG110" in codes, codes


def test_scans_are_small_and_picklable() -> None:
    """Phase 0-1 results can cross a process boundary and hold no text or tree."""
    import pickle

    from migrate_fitgen.analyze.prefilter import split_tokens

    tokens, dataset_tokens = split_tokens(catalogue.codes())
    path = CORPUS / "programs" / "train_sequence.py"
    scan = scan_file(str(path), tokens, None, dataset_tokens or None)
    assert scan.candidate and scan.links and scan.hints is not None
    data = pickle.dumps(scan)
    assert pickle.loads(data) == scan
    assert path.read_text()[:200].encode() not in data


def test_fg111_keeps_a_module_only_with_a_generator_raising_stop_iteration(tmp_path: Path) -> None:
    """FG111's ``ast`` test: most ``StopIteration`` of a tree are in iterator classes'
    ``__next__`` (28 of the 1x tree's 63 token candidates were kept by that word alone);
    a module is kept only with a ``raise StopIteration`` and a ``yield``, and the
    analysis is the unfiltered one."""
    from migrate_fitgen.analyze.prefilter import may_raise_stop_iteration

    iterator = "class It:\n    def __next__(self):\n        raise StopIteration\n"
    generator = "def g(x):\n    for i in x:\n        yield i, i\n    raise StopIteration()\n"
    caught = "def g(x):\n    try:\n        yield next(x)\n    except StopIteration:\n        return\n"
    assert not may_raise_stop_iteration(ast.parse(iterator))
    assert may_raise_stop_iteration(ast.parse(generator))
    assert not may_raise_stop_iteration(ast.parse(caught))
    for name, text in (("iterator.py", iterator), ("generator.py", generator), ("caught.py", caught)):
        (tmp_path / name).write_text(text)
    options = AnalyzeOptions(select=("FG111",))
    fast = analyze_paths([str(tmp_path)], options)
    assert [(Path(d.path).name, d.code) for d in fast.diagnostics] == [("generator.py", "FG111")]
    assert fast.diagnostics == analyze_paths([str(tmp_path)], options, prefilter=False).diagnostics
