"""The analysed corpus: `corpus/analyze/<case>.py` carries its expected findings as
`# expect: FG104` comments on the lines where they must appear, and nothing else may
be reported.  `py2_*.py` files must be reported as unprocessable instead."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "analyze"
CASES = sorted(p for p in CORPUS.glob("*.py") if not p.name.startswith("py2_"))
PY2 = sorted(CORPUS.glob("py2_*.py"))
EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9,\s]+)")


def expected(path: Path) -> Counter:
    out: Counter = Counter()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = EXPECT.search(line)
        if m:
            for code in re.split(r"[,\s]+", m.group(1).strip()):
                if code:
                    out[(lineno, code)] += 1
    return out


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_corpus_case(path: Path) -> None:
    result = analyze_paths([str(path)], AnalyzeOptions(select=("ALL",)))
    assert result.errors == []
    got = Counter((d.line, d.code) for d in result.diagnostics)
    want = expected(path)
    details = "\n".join(d.format_text() for d in result.diagnostics)
    assert sorted(got.elements()) == sorted(want.elements()), details


PROJECTS = sorted(p for p in (CORPUS / "projects").iterdir() if p.is_dir())


@pytest.mark.parametrize("root", PROJECTS, ids=[p.name for p in PROJECTS])
def test_corpus_project(root: Path) -> None:
    # a directory analysed as one project: generators in one module, Keras in another
    result = analyze_paths([str(root)], AnalyzeOptions(select=("ALL",)))
    assert result.errors == []
    got = Counter((str(Path(d.path).resolve()), d.line, d.code) for d in result.diagnostics)
    want: Counter = Counter()
    for path in sorted(root.rglob("*.py")):
        for (line, code), n in expected(path).items():
            want[(str(path.resolve()), line, code)] += n
    details = "\n".join(d.format_text() for d in result.diagnostics)
    assert sorted(got.elements()) == sorted(want.elements()), details


@pytest.mark.parametrize("path", PY2, ids=[p.stem for p in PY2])
def test_python2_file_is_unprocessable(path: Path) -> None:
    result = analyze_paths([str(path)])
    assert result.diagnostics == []
    assert len(result.errors) == 1
    err_path, reason = result.errors[0]
    assert err_path == str(path)
    assert "\n" not in reason and "does not parse" in reason


def test_corpus_has_a_file_per_rule() -> None:
    from migrate_fitgen.analyze.rules import all_rules

    stems = {p.stem.split("_")[0].upper() for p in CASES}
    mine = [r.code for r in all_rules() if hasattr(r, "check")]
    assert [c for c in mine if c not in stems] == []


def test_seed_article_findings() -> None:
    result = analyze_paths([str(CORPUS / "seed_article.py")])
    codes = [(d.code, d.line) for d in result.diagnostics if d.code.startswith("FG1")]
    text = (CORPUS / "seed_article.py").read_text().splitlines()
    assert [c for c, _ in codes] == ["FG106", "FG103", "FG104"]
    assert "np.random.shuffle(indices)" in text[codes[0][1] - 1]
    assert ".astype(str)" in text[codes[1][1] - 1]
    assert "y[i:i + batch_size - 5]" in text[codes[2][1] - 1]


ARTICLE = Path("/work/shared/reference/seed-article.md")
PRINTED = CORPUS / "seed_article_as_printed.py"


def _printed_source() -> str:
    """The corpus file without its `# expect:` comments: the article's code blocks."""
    return "".join(re.sub(r"  # expect: [A-Z0-9, ]+$", "", line) + "\n" for line in PRINTED.read_text().splitlines())


def test_seed_article_as_printed_alone(tmp_path: Path) -> None:
    # the article's file on its own (NumPy only, never passed to fit): FG103 on the cast,
    # FG104 on the short slice, nothing on the correct generator
    alone = tmp_path / "article.py"
    alone.write_text(_printed_source())
    result = analyze_paths([str(alone)], AnalyzeOptions(select=("ALL",)))
    text = alone.read_text().splitlines()
    found = [(d.code, text[d.line - 1].strip()) for d in result.diagnostics]
    assert [c for c, _ in found] == ["FG103", "FG104"], found
    assert ".astype(str)" in found[0][1]
    assert "y[i:i + batch_size - 5]" in found[1][1]


@pytest.mark.skipif(not ARTICLE.exists(), reason="the shared reference article is not on this machine")
def test_seed_article_as_printed_is_the_article() -> None:
    blocks = re.findall(r"```python\n(.*?)```", ARTICLE.read_text(encoding="utf-8"), re.S)
    assert _printed_source() == "\n\n".join(b.rstrip("\n") + "\n" for b in blocks)
