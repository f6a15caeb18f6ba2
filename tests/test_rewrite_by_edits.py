"""The rewrite's two ways to the output give the same bytes: the source with the applied
fixes' edits (``engine._output_by_edits``, used when only legacy calls change) and the
whole module rebuilt by the transformer and printed (``by_edits=False``).

Over every corpus file under the default options, ``--unsafe-fixes``, no wrapper, the
tf-keras target and the file's own options, and over generated call layouts.  The
edit path must really be taken: a test counts the files it served.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate_fitgen.rewrite import RewriteOptions, collect_project_info, rewrite_source
from migrate_fitgen.rewrite import engine
from migrate_fitgen.sources import SourceError, decode_source
from test_rewrite_corpus import options_for
from test_rewrite_properties import legacy_calls

ROOT = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(
    p for d in ("rewrite", "analyze", "programs", "projects", "fuzz")
    for p in (ROOT / d).rglob("*.py") if not p.name.endswith(".expected.py")
)
OPTIONS = {
    "default": RewriteOptions(),
    "unsafe": RewriteOptions(unsafe_fixes=True),
    "no-wrap": RewriteOptions(wrap=False),
    "tf-keras": RewriteOptions(target="tf-keras"),
}


def _both(source: str, path: str, options: RewriteOptions):
    """(by edits, rebuilt): each a result, or the error's text."""
    project = collect_project_info({path: source})
    out = []
    for by_edits in (True, False):
        try:
            r = rewrite_source(source, path, options, project, by_edits=by_edits)
            out.append((r.output, r.calls_migrated, r.diagnostics, r.findings))
        except SourceError as exc:
            out.append(str(exc))
    return out


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_edits_give_the_rebuilt_module(path: Path):
    source = decode_source(path.read_bytes(), str(path)).text
    for name, options in [*OPTIONS.items(), ("own", options_for(source))]:
        by_edits, rebuilt = _both(source, str(path), options)
        assert by_edits == rebuilt, name


LINE_ENDINGS = {"crlf": "\r\n", "cr": "\r"}


@pytest.mark.parametrize("ending", sorted(LINE_ENDINGS))
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_edits_give_the_rebuilt_module_with_other_line_endings(path: Path, ending: str):
    """The same with every line break made ``\\r\\n`` or a bare ``\\r``.  (libcst's
    printing drops a bare ``\\r`` at the end of a file: the rebuilt output puts it
    back, ``engine._final_break_kept``; the edits never lose it.)"""
    source = decode_source(path.read_bytes(), str(path)).text.replace("\n", LINE_ENDINGS[ending])
    by_edits, rebuilt = _both(source, str(path), RewriteOptions())
    assert by_edits == rebuilt
    if not isinstance(rebuilt, str) and source.endswith(LINE_ENDINGS[ending]):
        assert rebuilt[0].endswith(LINE_ENDINGS[ending])


@pytest.mark.parametrize(
    "source",
    [
        "import keras\ropt = keras.optimizers.Adam(lr=0.1)\r",  # the training path: rebuilt
        "from keras.layers.core import Dense\rx = 1\r",  # a Keras 2 import moved: rebuilt
        "import keras\rm = keras.Sequential()\rm.fit_generator(g, 10)\r",  # by edits
    ],
)
def test_a_file_with_bare_cr_line_breaks_keeps_its_last_one(source: str):
    output = rewrite_source(source).output
    assert output != source and output.endswith(")\r") or output.endswith("= 1\r")
    assert "\n" not in output


def test_the_edit_path_serves_most_corpus_files(monkeypatch):
    """Counted with the default options: the files whose output came from edits, and
    those sent back to the rebuilt module because their edits overlap."""
    served, refused = [], []
    real = engine._output_by_edits

    def counting(text, transformer, fix_edits):
        out = real(text, transformer, fix_edits)
        (served if out is not None else refused).append(out)
        return out

    monkeypatch.setattr(engine, "_output_by_edits", counting)
    changed = 0
    for path in FILES:
        source = decode_source(path.read_bytes(), str(path)).text
        try:
            result = rewrite_source(source, str(path), RewriteOptions(), collect_project_info({str(path): source}))
        except SourceError:
            continue
        changed += result.changed
    # the others change a training-path call or a Keras 2 import: rebuilt, by design
    assert changed >= 60
    assert len(served) >= 0.75 * changed, (len(served), len(refused), changed)
    assert len(refused) <= len(served) // 10


@settings(max_examples=200, deadline=None)
@given(legacy_calls(), st.sampled_from(sorted(OPTIONS)))
def test_generated_layouts(case, name):
    _, source, _ = case
    by_edits, rebuilt = _both(source, "t.py", OPTIONS[name])
    assert by_edits == rebuilt


NESTED = """import keras
from keras.models import Sequential

model = Sequential()
model.fit_generator(gen(model.predict_generator(g2, 10)), 5,
                    epochs=3)
"""


def test_nested_legacy_calls_agree():
    by_edits, rebuilt = _both(NESTED, "n.py", RewriteOptions())
    assert by_edits == rebuilt
    assert "fit_generator" not in by_edits[0] and "predict_generator" not in by_edits[0]
