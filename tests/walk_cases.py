"""Modules that stress the order of a tree walk, and the corpus files, for the tests
comparing ``cst_walk.walk`` with libcst's ``visit`` (``tests/test_*_walk.py``)."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import List

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent


def corpus_files() -> List[Path]:
    return sorted((ROOT / "corpus").rglob("*.py"))


def corpus_text(path: Path) -> str:
    """The file's text, or ``pytest.skip`` when libcst cannot read it."""
    import pytest

    try:
        text = path.read_text(encoding="utf-8")
        cst.parse_module(text)
    except (UnicodeDecodeError, cst.ParserSyntaxError):
        pytest.skip("not a module libcst reads")
    return text


TRICKY = {
    "decorators and nested defs": '''
import keras
from keras.models import Model as M, Sequential

def deco(f=M(input=1, output=2)):
    return f

@deco(model.fit_generator(g))
@other.attr[0](lambda q=1: q)
def build(x=lambda: make().fit_generator(h), /, a=2, *args, y: int = 3, **kw) -> M:
    m = keras.Sequential()
    m.fit_generator(x, steps_per_epoch=len(x) // 2)

    def inner(z: "keras.Model" = m) -> None:
        nonlocal m
        m = z
        class Local(keras.Model):
            def call(self, t):
                return t
        return Local
    return m
''',
    "classes, self, globals": '''
import keras as k
from .local import Base, validate_batches
COUNT = 0

class Net(make_base(k.Model).fit_generator(z), Base, metaclass=Meta):
    attr: int = 1
    steps = 10

    @staticmethod
    def fit_generator(self, gen, nb_epoch=1):
        global COUNT
        COUNT += 1
        self.model = k.Sequential()
        cls.other: int = build()
        self.inner, self.second = build(), k.Model()
        self.model.fit_generator(gen, steps_per_epoch=self.steps, epochs=COUNT)

        def nested():
            self.model.fit_generator(gen)
            return (y := self.model)
        return nested

class validate_batches(Net):
    pass
''',
    "assignments, walrus, comprehensions, with, except": '''
import tensorflow as tf
from tensorflow import keras
settings = {"a": 1, **extra}
settings["b"] = 2
opts = dict(c=3)
n = 100
steps: int = n // 4
a, (b, *c) = one(), (two(), three())
model, hist = build()
if (m := tf.keras.Model()) and [n for n in range(3) if (w := n)]:
    pass
squares = {k: v for k, v in pairs if k for v2 in v}
gen = (x async for x in aiter() if await x)
s = {i for i in range(n)}
with open(p) as (f, g), other() as h:
    total += 1
try:
    model.fit_generator(gen, **settings)
except (ImportError, ValueError) as err:
    model.fit_generator(gen, **opts)
else:
    model.fit_generator(gen, **{"k": 1})
finally:
    x = lambda q, *r, **t: q.fit_generator(gen, nb_worker=2)
try:
    import keras
except* ImportError as eg:
    keras = None
for i, j in pairs:
    model.evaluate_generator(gen, steps=steps) if i else model.predict_generator(gen)
else:
    del model
while True:
    break
''',
    "match, async, star args, f-strings": '''
import keras
async def run(cmd, *args, key=None, **kwargs):
    async with session() as s, other():
        async for item in s:
            match item:
                case {"model": mod, **rest} if mod.fit_generator(gen):
                    model = keras.Model()
                case [first, *others] | (first, *others):
                    model = other(*others, **kwargs)
                case Point(x=0, y=yy) as p:
                    model = f"{p!r:>{width}} {yy=}"
                case _:
                    pass
    await model.fit_generator(gen, *args, workers=f"{cmd}")
    yield model
    yield from args
    return [*args, *kwargs]
''',
    "imports in scopes and type annotations": '''
from __future__ import annotations
import typing as t
def f(a: t.List[int], b: "keras.Model" | None = None, *c: int, d: dict[str, int], **e: t.Any) -> t.Optional[int]:
    import keras.models as km
    from keras.layers import Dense as validate_batches
    from . import sibling
    from ..pkg import *
    import numpy, tf_keras.models
    x: t.Dict[str, int] = {}
    y: int
    assert x, "message"
    raise ValueError("x") from None
    return km.Model().fit_generator(g)[1:2, ::3]
type Alias[T: int = str, *Ts, **P] = list[T]
class G[T](Base[T]):
    pass
def h[T](x: T) -> T:
    print(-x, not x, x if x else ~x, x @ x, "a" "b", 1j, 1.5, ...)
''',
}


_EMPTY = cst.Module(body=[])


def tree_ids(root: cst.CSTNode) -> set:
    """The ids of every node of ``root``'s tree."""
    ids, todo = set(), [root]
    while todo:
        node = todo.pop()
        ids.add(id(node))
        todo.extend(node.children)
    return ids


def snapshot(obj, tree=None, _memo=None, _blocks=None):
    """``obj`` (a collector's state, facts) as plain comparable data: libcst nodes by
    identity (both runs read one tree), dataclass objects once each then by the order
    they were first met (they reference each other), dicts in insertion order, sets
    sorted, the ints of a ``blocks`` field renumbered by first appearance (they come
    from a counter that runs on between collections)."""
    memo = {} if _memo is None else _memo
    blocks = {} if _blocks is None else _blocks

    def go(value, key=None):
        if isinstance(value, cst.CSTNode):
            if tree is not None and id(value) not in tree:
                return ("new", type(value).__name__, _EMPTY.code_for_node(value))
            return ("node", type(value).__name__, id(value))
        if isinstance(value, enum.Enum):
            return ("enum", type(value).__name__, value.name)
        if key == "blocks" and isinstance(value, tuple):
            return tuple(blocks.setdefault(b, len(blocks)) for b in value)
        if isinstance(value, dict):
            return ("dict", [(go(k), go(v, k)) for k, v in value.items()])
        if isinstance(value, (set, frozenset)):
            return ("set", sorted((go(v) for v in value), key=repr))
        if isinstance(value, (list, tuple)):
            return (type(value).__name__, [go(v, key) for v in value])
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) in memo:
                return ("seen", memo[id(value)][0])
            memo[id(value)] = (len(memo), value)  # keeps it alive: ids stay unique
            return (type(value).__name__, memo[id(value)][0],
                    [(f.name, go(getattr(value, f.name), f.name)) for f in dataclasses.fields(value)])
        if isinstance(value, (str, int, float, bool, type(None))):
            return value
        raise TypeError(f"snapshot: {type(value).__name__}")

    return go(obj)
