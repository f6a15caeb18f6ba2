"""``KerasReceivers`` collects a module's facts with ``keras_receivers._read_walk``
instead of libcst's ``visit`` (which rebuilds every node of the tree on its way back,
twice the cost for a visitor that only reads).  Here both are run over the same module
and every fact the collector gathered must be the same: over the corpus and over
modules built to stress the order of the walk (decorators, class bases, nested scopes,
walrus, ``match``, ``except ... as``)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from migrate_fitgen import keras_receivers as kr

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in (ROOT / "corpus").rglob("*.py"))


def _scope(scope: kr._Scope) -> tuple:
    return (
        id(scope.node),
        scope.cls.name if scope.cls is not None else None,
        {k: [(line, id(v)) for line, v in vals] for k, vals in scope.assignments.items()},
        {k: sorted(v) for k, v in scope.dict_keys.items()},
        sorted(scope.bound),
        scope.outer_is_module,
    )


def facts(c: kr._Collector) -> dict:
    """Everything the collector gathered, nodes by identity (both runs read one tree)."""
    return {
        "imports": c.imports,
        "relative": sorted(c.relative),
        "has_keras_import": c.has_keras_import,
        "classes": {k: (sorted(v.methods), v.bases) for k, v in c.classes.items()},
        "classes order": list(c.classes),
        "module scope": [_scope(s) for s in c.scopes],
        # looked up by call only (``.get``): the order calls were met in is not kept
        "call scopes": {id(call): _scope(s) for call, s in c.call_scope.items()},
        "keras1_names": c.keras1_names,
        "runtime_name_taken": c.runtime_name_taken,
        "self_attrs": {k: [id(v) for v in vals] for k, vals in c.self_attrs.items()},
        "class_stack": c.class_stack,
    }


def both(text: str) -> tuple:
    wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    by_visit = kr._Collector()
    wrapper.visit(by_visit)
    by_walk = kr.KerasReceivers(wrapper)._c
    return facts(by_visit), facts(by_walk)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_gathers_what_the_visit_gathers_on_the_corpus(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
        cst.parse_module(text)
    except (UnicodeDecodeError, cst.ParserSyntaxError):
        pytest.skip("not a module libcst reads")
    by_visit, by_walk = both(text)
    assert by_walk == by_visit


ORDERED = {
    "decorators and defaults": '''
import keras
from keras.models import Model

def deco(f=Model(input=1, output=2)):
    return f

@deco(model.fit_generator(g))
def build(x=lambda: make().fit_generator(h), *args, y: int = 3, **kw) -> Model:
    m = keras.Sequential()
    m.fit_generator(x)
    return m
''',
    "class bases, keywords, methods and self": '''
import keras as k
from .local import Base, validate_batches

class Net(make_base(k.Model).fit_generator(z), metaclass=Meta):
    attr = 1

    @staticmethod
    def fit_generator(self, gen, nb_epoch=1):
        self.model = k.Sequential()
        cls.other: int = build()
        self.inner, self.second = build(), k.Model()

        def nested():
            self.model.fit_generator(gen)
            return (y := self.model)
        return nested

class validate_batches(Net):
    pass
''',
    "assignments, walrus, comprehensions, with, except": '''
import tensorflow as tf
settings = {"a": 1}
settings["b"] = 2
opts = dict(c=3)
a, (b, *c) = one(), (two(), three())
model, hist = build()
if (m := tf.keras.Model()) and [n for n in range(3) if (w := n)]:
    pass
with open(p) as (f, g), other() as h:
    total += 1
try:
    model.fit_generator(gen, **settings)
except (ImportError, ValueError) as err:
    model.fit_generator(gen, **opts)
else:
    model.fit_generator(gen, **{"k": 1})
finally:
    x = lambda q: q.fit_generator(gen, nb_worker=2)
for i, j in pairs:
    model.evaluate_generator(gen) if i else model.predict_generator(gen)
''',
    "match and async": '''
import keras
async def run(cmd):
    async with session() as s:
        async for item in s:
            match item:
                case {"model": mod} if mod.fit_generator(gen):
                    model = keras.Model()
                case [first, *rest]:
                    model = other()
    await model.fit_generator(gen)
''',
    "imports in scopes": '''
def f():
    import keras.models as km
    from keras.layers import Dense as validate_batches
    from . import sibling
    from ..pkg import *
    import numpy, tf_keras.models
    return km.Model().fit_generator(g)
''',
}


@pytest.mark.parametrize("name", sorted(ORDERED))
def test_the_walk_gathers_what_the_visit_gathers(name: str):
    by_visit, by_walk = both(ORDERED[name])
    assert by_walk == by_visit
    assert by_visit["call scopes"]  # the texts hold calls the collector records


def test_a_collector_that_differs_is_caught():
    """The comparison sees a difference in the order of assignments (what a walk that
    visited statements out of order would get)."""
    wrapper = MetadataWrapper(cst.parse_module("a = 1\na = f()\nm.fit_generator(a)\n"), unsafe_skip_copy=True)
    c = kr.KerasReceivers(wrapper)._c
    before = facts(c)
    c.scopes[0].assignments["a"].reverse()
    assert facts(c) != before


def test_the_collector_reads_nothing_the_walk_skips():
    """The walk does not enter ``_INERT`` nodes: a ``visit_``/``leave_`` method of the
    collector for one of them (or for a node type they hold) would never be called."""
    kinds = [
        k for k in vars(cst).values()
        if isinstance(k, type) and issubclass(k, cst.CSTNode) and issubclass(k, kr._INERT)
    ]
    assert cst.Name in kinds and cst.Add in kinds and cst.Comment in kinds
    # its own methods (libcst's CSTVisitor has a do-nothing one for every node type)
    methods = {m for m in vars(kr._Collector) if m.startswith(("visit_", "leave_"))}
    assert methods  # visit_Call, visit_Assign...
    assert not {f"{p}_{k.__name__}" for k in kinds for p in ("visit", "leave")} & methods
