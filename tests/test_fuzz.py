"""No crash, whatever the input (issue 12): grammar-generated Python (hypothesmith),
with and without a planted legacy call and generator function, through `rewrite` and
`analyze`.  Neither raises anything but ``SourceError`` (a file it reports); every
output re-parses; a second rewrite changes nothing; a text without a legacy call comes
back byte for byte.

A bounded number of examples runs here; `benchmarks/fuzz.py --minutes N` runs the same
checks for as long as asked and writes what it finds under `corpus/fuzz/`, which the
last test here replays."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_checks import PLANTS, check_source

hypothesmith = pytest.importorskip("hypothesmith")

FUZZ_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "fuzz"

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@FUZZ
@given(hypothesmith.from_grammar())
def test_generated_modules(text):
    check_source(text)


@FUZZ
@given(hypothesmith.from_grammar(), st.sampled_from(PLANTS), st.booleans())
def test_generated_modules_with_a_planted_legacy_call(text, plant, before):
    check_source(plant + "\n" + text if before else text + "\n" + plant)


@FUZZ
@given(hypothesmith.from_node())
def test_generated_syntax_trees(text):
    check_source(text)


@pytest.mark.parametrize("case", sorted(FUZZ_CORPUS.glob("*.py")) if FUZZ_CORPUS.is_dir() else [], ids=lambda p: p.name)
def test_kept_fuzz_findings(case: Path):
    """Examples a long fuzz run once failed on, kept as regression cases."""
    check_source(case.read_text(encoding="utf-8"))
