"""``sources.parse_module``: the cyclic collector is off while it parses (neither
Python's parser nor libcst's makes a reference cycle) and on again afterwards, also
when the text does not parse; ``checked`` skips only the depth check."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from migrate_fitgen.sources import SourceError, parse_module


def test_parsing_makes_no_cycle_for_the_collector_to_find() -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path("corpus").rglob("*.py"))[:60]]
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        modules = []
        for text in texts:
            try:
                modules.append(parse_module(text))
            except SourceError:
                pass
        assert len(modules) > 30
        del modules
        assert gc.collect() == 0  # everything the parses made was freed by reference counts
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("text", ["x = 1\n", "def f(:\n", "x = " + "(" * 300 + "1" + ")" * 300 + "\n", "print 'py2'\n"])
def test_the_collector_is_on_again_after_a_parse(text: str) -> None:
    assert gc.isenabled()
    seen = []
    import libcst

    original = libcst.parse_module

    def spy(t, *a, **k):
        seen.append(gc.isenabled())
        return original(t, *a, **k)

    libcst.parse_module = spy
    try:
        try:
            parse_module(text)
        except SourceError:
            pass
    finally:
        libcst.parse_module = original
    assert gc.isenabled()
    assert all(flag is False for flag in seen)


def test_a_caller_that_has_not_checked_keeps_the_depth_check() -> None:
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(SourceError, match="nested too deeply|too many nested"):
        parse_module(deep)
    assert gc.isenabled()
