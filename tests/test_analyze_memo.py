"""The per-analysis memos give what working each answer out afresh gives, on every
module of ``corpus/`` (and on the projects there, across files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate_fitgen.analyze.engine import _load_facts, _read_bytes
from migrate_fitgen.analyze.project import (
    AnalysisProject,
    _assigns_attribute,
    _class_assigns,
    target_key,
)
from migrate_fitgen.keras_receivers import file_info, project_info_from
from migrate_fitgen.sources import SourceError, iter_python_files, read_source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FILES = sorted(str(p) for p in iter_python_files([str(CORPUS)], ()))
#: attributes the rules ask about (methods a data argument may be), and some that no
#: module assigns
ATTRS = ("gen", "generator", "data", "fit", "model", "batches", "flow", "__len__", "x", "nothing_assigns_this")


def _lazy(paths):
    infos = []
    for p in paths:
        try:
            infos.append(file_info(p, read_source(p).text))
        except SourceError:
            pass
    project = AnalysisProject(project_info_from(infos, [str(CORPUS)]), loader=_load_facts)
    project.know(list(paths), list(paths), _read_bytes)
    return project


def test_one_walk_per_class_answers_as_one_walk_per_attribute():
    asked = 0
    for path in FILES:
        facts = _load_facts(path)
        for cls in facts.classes if facts is not None else ():
            names = set(ATTRS) | set(cls.methods)
            for attr in sorted(names):
                assert _class_assigns(cls, attr) == _assigns_attribute(cls.node, attr), (path, cls.name, attr)
                asked += 1
    assert asked > 500


def _keys(links):
    return [(lk.role, lk.source.kind, target_key(lk.source), lk.call.site.pos) for lk in links]


def test_links_of_a_module_once_per_session_are_those_worked_out_afresh():
    project = _lazy(FILES)
    linked = 0
    for path in FILES:
        facts = project.load(path)
        if facts is None:
            continue
        first = project.links_in(facts)
        assert project.links_in(facts) is first  # asked again: the same answer
        assert _keys(first) == _keys(project._links_in(facts)), path
        linked += len(first)
    assert linked > 100


@pytest.mark.parametrize("folder", sorted(p.name for p in (CORPUS / "projects").iterdir() if p.is_dir()))
def test_the_link_index_entry_of_a_loaded_module_is_that_of_a_session_of_its_own(folder: str):
    paths = sorted(str(p) for p in iter_python_files([str(CORPUS / "projects" / folder)], ()))
    afresh = _lazy(paths).index_links(paths)  # each module in a session of its own
    held = _lazy(paths)
    held.record_links = True
    for path in paths:
        held.load(path)  # every module in the current session, as the analysed file is
    assert held.index_links(paths) == afresh
    assert not held.link_entries  # (nothing worked out elsewhere: nothing to record)


def test_class_headers_read_bases_whole() -> None:
    from migrate_fitgen.analyze.project import class_headers

    data = (
        b"class A(make_base(1), B):\n    pass\n"
        b"  class C(\n      keras.layers.Layer,\n      metaclass=M):\n    pass\n"
        b"class D:\n    pass\n"
        b"class \xc3\xa9t\xc3\xa9(A): pass\n"
    )
    found = dict(class_headers(data))
    assert found["A"] == b"make_base(1), B)"
    assert b"Layer" in found["C"] and b"metaclass=M" in found["C"]
    assert "D" not in found
    assert found["\u00e9t\u00e9"] == b"A)"


def test_override_question_parses_only_modules_with_a_subclass(tmp_path, monkeypatch) -> None:
    """``self.batches()`` resolves to the method unless a subclass overrides it; the
    modules that name the method but hold no subclass are not parsed to find out."""
    from migrate_fitgen.analyze import engine
    from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

    loaded = []
    real = engine._load_facts

    def counting(path, stdin=None):
        loaded.append(path)
        return real(path, stdin)

    monkeypatch.setattr(engine, "_load_facts", counting)

    (tmp_path / "base.py").write_text(
        "import keras\nclass Trainer:\n    def batches(self):\n        while True:\n"
        "            yield [1, 2]\n    def run(self, model):\n        model.fit(self.batches(), steps_per_epoch=2)\n"
    )
    (tmp_path / "sub.py").write_text("from base import Trainer\nclass Other(Trainer):\n    pass\n")
    for i in range(5):
        (tmp_path / f"unrelated{i}.py").write_text("class X:\n    def batches(self):\n        return 1\n")
    found = analyze_paths([str(tmp_path)], AnalyzeOptions())
    assert [d for d in found.diagnostics if d.code == "FG101"]
    assert not any("unrelated" in p for p in loaded), loaded
    # a subclass of a subclass overrides batches: self.batches() is not provably
    # Trainer.batches, so no FG101
    (tmp_path / "deeper.py").write_text(
        "from sub import Other\nclass Deep(Other):\n    def batches(self):\n        yield (1, 2)\n"
    )
    loaded.clear()
    found = analyze_paths([str(tmp_path)], AnalyzeOptions())
    assert not [d for d in found.diagnostics if d.code == "FG101"]
    assert any(p.endswith("deeper.py") for p in loaded)
