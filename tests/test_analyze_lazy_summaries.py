"""``analyze``'s module summaries made on demand: the scan makes a file's summary only
when its bytes hold a legacy method name (the only files that can define a custom
class); the resolver gets the others' through ``rewrite.batch.LazySummaries``, made
once, when a lookup first reaches them, as they would have been made in the scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate_fitgen.analyze import engine
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths
from migrate_fitgen.analyze.prefilter import split_tokens
from migrate_fitgen.analyze.selection import enabled_codes
from migrate_fitgen.rewrite import batch

from tests.test_analyze_scale import _findings, _Run

MODELS = '''import numpy as np


class Net:
    """Not a Keras model: its own training loop."""

    def __init__(self, size):
        self.size = size

    def fit(self, x, y):
        return np.zeros(self.size)
'''

TRAIN = '''from tensorflow import keras
from models import Net


def batches():
    while True:
        yield 1, 2


net = Net(3)
net.fit_generator(batches(), steps_per_epoch=10, epochs=2)
model = keras.Sequential()
model.fit_generator(batches(), steps_per_epoch=10, epochs=2)
'''

OPTIONS = AnalyzeOptions(select=("ALL",))


def _tree(tmp_path: Path, **files: str) -> str:
    for name, text in files.items():
        (tmp_path / f"{name}.py").write_text(text)
    return str(tmp_path)


def _scan(path: str, lazy: bool = True):
    tokens, dataset_tokens = split_tokens(enabled_codes(OPTIONS.select, OPTIONS.ignore))
    return engine.scan_file(path, tokens, None, dataset_tokens or None, narrow_calls=True, lazy_summary=lazy)


def _counting(monkeypatch) -> list:
    """The paths ``LazySummaries`` reads and summarises, in order."""
    made = []
    summary_of = batch._summary_of

    def counting(path, cache, digest):
        made.append(path)
        return summary_of(path, cache, digest)

    monkeypatch.setattr(batch, "_summary_of", counting)
    return made


def test_only_a_file_naming_a_legacy_method_is_summarised_in_the_scan(tmp_path: Path) -> None:
    root = _tree(tmp_path, models=MODELS, train=TRAIN, broken="def f(:\n    pass\n")
    models, train, broken = (_scan(f"{root}/{n}.py") for n in ("models", "train", "broken"))
    assert models.lazy and models.info is not None and models.info.summary is None
    assert not train.lazy and train.info.summary is not None
    # a file ``ast`` cannot parse has no summary to make: not lazy, not asked again
    assert not broken.lazy and broken.info is not None and broken.info.summary is None
    # without ``lazy_summary`` (the language server, the rewrite's tests) every summary is made
    eager = _scan(f"{root}/models.py", lazy=False)
    assert not eager.lazy and eager.info.summary is not None and "Net" in eager.info.summary.classes


@pytest.mark.parametrize("jobs", [0, 2])
def test_the_resolver_reaches_a_class_whose_summary_the_scan_did_not_make(tmp_path: Path, jobs: int) -> None:
    """The receiver ``Net`` is followed to its class in ``models.py`` (no legacy name:
    summarised in the worker that asks); without that summary the message would say
    that ``models`` is not among the analysed files."""
    root = _tree(tmp_path, models=MODELS, train=TRAIN)
    whole = analyze_paths([root], OPTIONS, prefilter=False)  # every summary made eagerly
    texts = [d.format_text() for d in whole.diagnostics]
    assert len(texts) == 2 and "class Net in" in texts[0] and "models.py" in texts[0]
    assert _findings(analyze_paths([root], OPTIONS)) == _findings(whole)
    assert _findings(engine.analyze_tree([root], OPTIONS, (), _Run(jobs))) == _findings(whole)


def test_a_summary_asked_for_twice_is_made_once(monkeypatch, tmp_path: Path) -> None:
    root = _tree(tmp_path, models=MODELS, train=TRAIN)
    made = _counting(monkeypatch)
    scans = [_scan(f"{root}/{n}.py") for n in ("models", "train")]
    known = {s.path: engine._pack(s.info.summary) for s in scans if not s.lazy}
    unpacked = []

    def unpack(blob):
        unpacked.append(blob)
        return engine._unpack(blob)

    summaries = engine._summaries(scans, known, None, unpack)
    assert summaries.candidates() == [f"{root}/models.py", f"{root}/train.py"]
    assert made == [] and unpacked == []  # nothing made before it is asked for
    first = summaries.get(f"{root}/models.py")
    assert first is not None and first.path == f"{root}/models.py" and "Net" in first.classes
    assert summaries.get(f"{root}/models.py") is first and summaries[f"{root}/models.py"] is first
    assert made == [f"{root}/models.py"]
    train = summaries.get(f"{root}/train.py")
    assert train is summaries.get(f"{root}/train.py") and train.path == f"{root}/train.py"
    assert made == [f"{root}/models.py"] and len(unpacked) == 1  # the scan's, unpacked once
    assert summaries.get(f"{root}/other.py") is None and made == [f"{root}/models.py"]


def test_a_file_that_stopped_parsing_has_no_summary(monkeypatch, tmp_path: Path) -> None:
    """Scanned while it parsed, broken before a lookup reached it: it is then a file
    that does not parse (no summary, as ``project_info_from`` leaves it), not an error."""
    root = _tree(tmp_path, models=MODELS, train=TRAIN)
    made = _counting(monkeypatch)
    scans = [_scan(f"{root}/{n}.py") for n in ("models", "train")]
    (tmp_path / "models.py").write_text(MODELS + "\ndef broken(:\n")
    summaries = engine._summaries(scans, {s.path: s.info.summary for s in scans if not s.lazy})
    assert summaries.get(f"{root}/models.py") is None and f"{root}/models.py" not in summaries
    with pytest.raises(KeyError):
        summaries[f"{root}/models.py"]
    assert list(summaries) == [f"{root}/train.py"] and len(summaries) == 1
    assert made == [f"{root}/models.py"]  # asked once, remembered as None


def test_a_file_that_does_not_parse_is_reported_as_before(monkeypatch, tmp_path: Path) -> None:
    root = _tree(tmp_path, models=MODELS, train=TRAIN, broken="from models import Net\ndef f(:\n    pass\n")
    made = _counting(monkeypatch)
    whole = analyze_paths([root], OPTIONS, prefilter=False)
    assert [p for p, _ in whole.errors] == [f"{root}/broken.py"]
    assert _findings(engine.analyze_tree([root], OPTIONS, (), _Run(0))) == _findings(whole)
    assert f"{root}/broken.py" not in made  # its scan said it does not parse


def test_stdin_named_as_a_file_of_the_tree_stands_only_where_it_parses(tmp_path: Path) -> None:
    """``analyze_paths`` with ``-`` named as a walked file: that path is scanned twice,
    and (as ``project_info_from`` keeps it) a later scan that does not parse leaves
    the earlier one's summary, eager or made on demand."""
    root = _tree(tmp_path, models=MODELS, train=TRAIN)
    tokens, dataset_tokens = split_tokens(enabled_codes(OPTIONS.select, OPTIONS.ignore))
    path = f"{root}/models.py"
    broken = engine.scan_file(path, tokens, "def f(:\n", dataset_tokens or None, narrow_calls=True)
    fine = engine.scan_file(path, tokens, MODELS + "x = make()\n", dataset_tokens or None, narrow_calls=True)
    lazy, eager = _scan(path), _scan(path, lazy=False)
    assert engine._known([lazy, broken]) == {}  # the file's own, made on demand
    assert engine._known([eager, broken]) == {path: eager.info.summary}
    assert engine._known([eager, fine]) == {path: fine.info.summary} != {path: eager.info.summary}
    assert engine._known([broken]) == {path: None}
    assert engine._summaries([lazy, broken], engine._known([lazy, broken])).get(path) == eager.info.summary
