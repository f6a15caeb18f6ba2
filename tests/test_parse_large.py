"""``cst_chunks.parse_large``: a large module parsed chunk by chunk, for a bounded peak
in analyze's workers, is the module ``parse_module`` gives, node for node, with the
same errors; and analysing with every module parsed so changes no finding."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from migrate_fitgen import cst_chunks
from migrate_fitgen.analyze.engine import analyze_paths
from migrate_fitgen.sources import SourceError, decode_source, parse_module

from tests.test_analyze_prefilter import ALL, CORPUS

FOLDERS = ["analyze", "rewrite", "programs", "projects"]


def _count_chunked(monkeypatch) -> List[int]:
    """Make every module ``parse_large`` sees go through ``ChunkParser``; count them."""
    monkeypatch.setattr(cst_chunks, "CHUNKED_FROM", 0)
    seen: List[int] = []
    real = cst_chunks.ChunkParser.parse

    def parse(self, text, tree=None):
        seen.append(len(text))
        return real(self, text, tree)

    monkeypatch.setattr(cst_chunks.ChunkParser, "parse", parse)
    return seen


def test_every_corpus_module_parsed_in_chunks_is_the_whole_parse(monkeypatch) -> None:
    seen = _count_chunked(monkeypatch)
    compared = 0
    for path in sorted(CORPUS.rglob("*.py")):
        try:
            text = decode_source(path.read_bytes(), str(path)).text
        except SourceError:
            continue
        try:
            want = parse_module(text)
        except SourceError as exc:
            with pytest.raises(SourceError) as got:
                cst_chunks.parse_large(text)
            assert str(got.value) == str(exc), path
            continue
        assert cst_chunks.parse_large(text).deep_equals(want), path
        compared += 1
    assert compared > 50 and len(seen) >= compared


def _large_module(functions: int) -> str:
    parts = ["import numpy as np\n\n"]
    for i in range(functions):
        parts.append(
            f"def gen_{i}(x, y, bs=8):\n"
            f"    # batch {i}\n"
            f"    while True:\n"
            f"        for s in range(0, len(x), bs):\n"
            f"            yield x[s:s + bs], y[s:s + bs]\n\n\n"
        )
    parts.append("class Big:\n" + "".join(f"    def m{i}(self):\n        return {i}\n\n" for i in range(200)))
    return "".join(parts)


def test_a_large_module_is_parsed_in_chunks_only_from_the_threshold(monkeypatch) -> None:
    text = _large_module(400)
    assert len(text) > cst_chunks.CHUNKED_FROM
    calls: List[int] = []
    real = cst_chunks.ChunkParser.parse
    monkeypatch.setattr(cst_chunks.ChunkParser, "parse", lambda self, t, tree=None: calls.append(len(t)) or real(self, t, tree))
    assert cst_chunks.parse_large(text).deep_equals(parse_module(text))
    assert calls == [len(text)]
    small = _large_module(3)
    assert len(small) < cst_chunks.CHUNKED_FROM
    cst_chunks.parse_large(small)
    assert calls == [len(text)], "a small module is parsed whole"


def test_a_large_module_that_does_not_parse_gives_the_whole_parse_s_error() -> None:
    text = _large_module(400) + "def broken(:\n    pass\n"
    with pytest.raises(SourceError) as whole:
        parse_module(text)
    with pytest.raises(SourceError) as chunked:
        cst_chunks.parse_large(text)
    assert str(chunked.value) == str(whole.value)


@pytest.mark.parametrize("folder", FOLDERS)
def test_analysis_with_every_module_parsed_in_chunks_changes_nothing(monkeypatch, folder: str) -> None:
    want = analyze_paths([str(CORPUS / folder)], ALL)
    seen = _count_chunked(monkeypatch)
    got = analyze_paths([str(CORPUS / folder)], ALL)
    assert seen, "the analysis loaded modules through parse_large"
    assert got.errors == want.errors
    assert [d.format_text() for d in got.diagnostics] == [d.format_text() for d in want.diagnostics]
    assert got.diagnostics == want.diagnostics


def test_the_workers_loader_parses_through_parse_large(monkeypatch, tmp_path: Path) -> None:
    from migrate_fitgen.analyze import engine

    path = tmp_path / "big.py"
    path.write_text(_large_module(400))
    seen = _count_chunked(monkeypatch)
    facts = engine._load_facts(str(path))
    assert facts is not None and seen == [len(path.read_text())]
