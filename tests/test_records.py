"""The value classes written out instead of dataclasses (start-up): equality, hashing,
copies and frozen settings behave as the dataclasses did."""

from __future__ import annotations

import pytest

from lint_groupid.analysis.context import DictInfo, Entry
from lint_groupid.analysis.guards import Atom, Junction, Not
from lint_groupid.analysis.summary import ModuleSummary
from lint_groupid.analysis.targets import CallTarget
from lint_groupid.analysis.values import ProjectObject, Ref, Unbound
from lint_groupid.checker import Finding
from lint_groupid.settings import Settings


def test_values_are_equal_by_type_and_fields() -> None:
    assert Ref("a.b") == Ref("a.b") and hash(Ref("a.b")) == hash(Ref("a.b"))
    assert Ref("x") != Unbound("x")  # the same field, another kind of value
    assert len({Ref("x"), Unbound("x"), Ref("x")}) == 2
    assert ProjectObject("class", "m.py", "C") == ProjectObject("class", "m.py", "C")
    assert ProjectObject("class", "m.py", "C") != ProjectObject("instance", "m.py", "C")
    assert ProjectObject("module", "m.py") == ProjectObject("module", "m.py", "")


def test_records_compare_copy_and_show_their_fields() -> None:
    assert Not(Atom("a", True)) == Not(Atom("a", True))
    assert Not(Atom("a", True)) != Not(Atom("a", False))
    assert Junction(True, ()) != Junction(False, ())
    assert {Atom("a", True): 1}[Atom("a", True)] == 1
    target = CallTarget("track", True, ("event",), "ctx")
    changed = target._replace(satisfied=True)
    assert changed.satisfied and not target.satisfied and changed.context_parameter == "ctx"
    assert "context_parameter='ctx'" in repr(target)
    finding = Finding("GID101", "m", 1, 1, 1, 2)
    assert finding._replace(fingerprint="f").fingerprint == "f" and finding.fingerprint == ""
    entry = Entry("groupId", None, None, empty=True)  # type: ignore[arg-type]
    assert entry.replaceable().replaced and not entry.replaced


def test_dict_info_is_equal_by_value_and_not_hashable() -> None:
    assert DictInfo() == DictInfo({}, True)
    assert DictInfo() != DictInfo(complete=False)
    with pytest.raises(TypeError):
        hash(DictInfo())


def test_module_summary_data_round_trips() -> None:
    summary = ModuleSummary("app.m", names={"x": [("ref", "analytics")]}, lines={"x": 1})
    data = summary.to_data()
    assert data["names"] == {"x": [("ref", "analytics")]} and data["exports"] is None
    assert ModuleSummary.from_data(data) == summary


def test_settings_are_frozen_equal_by_settings_and_copied_with_changes() -> None:
    settings = Settings(root="/a", clients=("c",))
    assert settings == Settings(root="/b", source="x.toml", clients=("c",))
    assert hash(settings) == hash(Settings(root="/b", clients=("c",)))
    assert settings != Settings(root="/a")
    with pytest.raises(AttributeError):
        settings.clients = ("d",)
    changed = settings.with_overrides(group_id="org.id", guard=None, root="/c")
    assert changed.group_id == "org.id" and changed.guard is None and changed.root == "/c"
    assert changed.clients == ("c",) and settings.group_id is None
    with pytest.raises(TypeError, match="unknown settings: colour"):
        Settings(colour="red")
