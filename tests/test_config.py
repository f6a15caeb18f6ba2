"""``[tool.migrate-fitgen]``: the keys, their checks, and where the table is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate_fitgen.config import KEYS, ConfigError, find_config, parse_table


def test_receiver_keys_are_known():
    assert {"keras-models", "not-keras"} <= set(KEYS)


def test_receiver_lists_are_read_as_dotted_names():
    c = parse_table({"keras-models": ["zoo", "vendor.nets.make"], "not-keras": "deepchem"}, "p")
    assert c.keras_models == ("zoo", "vendor.nets.make")
    assert c.not_keras == ("deepchem",)


def test_receiver_lists_default_to_empty():
    c = parse_table({}, "p")
    assert c.keras_models == () and c.not_keras == ()


@pytest.mark.parametrize("value", [["a b"], ["a..b"], ["1pkg"], [""], [3], {"a": 1}])
def test_receiver_entries_that_are_not_dotted_names_are_rejected(value):
    with pytest.raises(ConfigError, match="keras-models"):
        parse_table({"keras-models": value}, "p")


def test_a_name_in_both_lists_is_rejected():
    with pytest.raises(ConfigError, match="both"):
        parse_table({"keras-models": ["zoo"], "not-keras": ["zoo"]}, "p")


def test_unknown_key_names_the_known_ones():
    with pytest.raises(ConfigError, match="not-keras"):
        parse_table({"not_keras": ["x"]}, "p")


def test_found_upward_from_a_file(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.migrate-fitgen]\nkeras-models = ["zoo"]\nnot-keras = ["vendor.trainer"]\n'
    )
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "train.py").write_text("")
    c = find_config(str(tmp_path / "pkg" / "train.py"))
    assert c.keras_models == ("zoo",) and c.not_keras == ("vendor.trainer",)
