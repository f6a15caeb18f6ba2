"""Golden before/after pairs in corpus/rewrite, found by glob (no-op cases included).

`<case>.py` is rewritten and compared byte for byte with `<case>.expected.py`; every
expected file must be a fixed point.  A comment `# corpus-options: ...` in the first three lines
sets options (unsafe_fixes, no_wrap, target=tf-keras).  Cases named `py2_*` must be
reported as unparsable.  Set MIGRATE_FITGEN_UPDATE_GOLDENS=1 to rewrite the expected
files, then review the diff by hand.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migrate_fitgen.rewrite import RewriteOptions, collect_project_info, rewrite_source
from migrate_fitgen.sources import SourceError, decode_source, encode_source

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "rewrite"
CASES = sorted(p for p in CORPUS.glob("*.py") if not p.name.endswith(".expected.py"))
UPDATE = os.environ.get("MIGRATE_FITGEN_UPDATE_GOLDENS") == "1"


def options_for(text: str) -> RewriteOptions:
    heads = [ln for ln in text.splitlines()[:3] if ln.startswith("# corpus-options:")]
    opts = {}
    if heads:
        for word in heads[0].split(":", 1)[1].split():
            if word == "unsafe_fixes":
                opts["unsafe_fixes"] = True
            elif word == "no_wrap":
                opts["wrap"] = False
            elif word.startswith("target="):
                opts["target"] = word.split("=", 1)[1]
    return RewriteOptions(**opts)


def run(path: Path, data: bytes) -> bytes:
    src = decode_source(data, str(path))
    project = collect_project_info({str(path): src.text})
    result = rewrite_source(src.text, str(path), options_for(src.text), project)
    return encode_source(src, result.output)


def test_corpus_is_not_empty():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_golden(case: Path):
    data = case.read_bytes()
    expected_path = case.with_name(case.stem + ".expected.py")
    if case.stem.startswith("py2_"):
        with pytest.raises(SourceError, match="does not parse"):
            run(case, data)
        assert not expected_path.exists()
        return
    out = run(case, data)
    if UPDATE:
        expected_path.write_bytes(out)
    assert expected_path.exists(), f"missing {expected_path.name}"
    assert out == expected_path.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_expected_is_a_fixed_point(case: Path):
    expected_path = case.with_name(case.stem + ".expected.py")
    if case.stem.startswith("py2_"):
        pytest.skip("unparsable input has no expected file")
    data = expected_path.read_bytes()
    assert run(expected_path, data) == data
