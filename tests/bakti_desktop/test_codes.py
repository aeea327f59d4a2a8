"""Stored codes as StrEnums with their names in one place: the stored strings, the names, the rules agree."""

from __future__ import annotations

import importlib
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bakti_desktop.codes import Code
from bakti_desktop.i18n import set_language
from bakti_desktop.labels import code_set, column_value
from bakti_desktop.mapping.codes import Domain, ServiceLevel
from bakti_desktop.pksai.codes import ActionStatus, MeetingMode
from bakti_desktop.sss.codes import SectionStatus
from bakti_desktop.twinning.codes import ItemStatus, Stage, UnitRole, VisitKind

CODE_MODULES = ("bakti_desktop.mapping.codes", "bakti_desktop.pksai.codes", "bakti_desktop.twinning.codes",
                "bakti_desktop.sss.codes")


def _all_code_sets() -> list[type[Code]]:
    for module in CODE_MODULES:
        importlib.import_module(module)
    return list(Code.__subclasses__())


def test_the_stored_strings_are_those_of_the_existing_databases() -> None:
    """No migration: each member is its stored string, and JSON writes it as that string."""
    assert ActionStatus.codes() == ("terbuka", "selesai", "dilanjutkan", "dibatalkan")
    assert ItemStatus.codes() == ("belum_mulai", "berjalan", "selesai", "tertunda", "dibatalkan")
    assert SectionStatus.codes() == ("draft", "review", "final")
    assert MeetingMode.codes() == ("tatap_muka", "daring", "campuran")
    assert Stage.codes() == ("identifikasi", "diagnostik", "mou", "implementasi", "monitoring")
    assert ActionStatus.OPEN == "terbuka" and json.dumps([ActionStatus.OPEN]) == '["terbuka"]'
    assert ActionStatus("selesai") is ActionStatus.DONE


def test_every_code_has_a_name_in_both_languages() -> None:
    sets = _all_code_sets()
    assert {ActionStatus, MeetingMode, ItemStatus, Stage, UnitRole, VisitKind, SectionStatus, ServiceLevel,
            Domain} <= set(sets)
    for codes in sets:
        for lang in ("id", "en"):
            names = [member.label_in(lang) for member in codes]
            assert all(names) and len(set(names)) == len(names), (codes, lang)


def test_names_follow_the_language() -> None:
    assert ActionStatus.CARRIED_FORWARD.label == "Dilanjutkan"
    assert ItemStatus.label_of("berjalan") == "Berjalan"
    set_language("en")
    try:
        assert ActionStatus.CARRIED_FORWARD.label == "Carried forward"
        assert ItemStatus.label_of("berjalan") == "In progress"
        assert ItemStatus.label_of("berjalan", "id") == "Berjalan"  # a document written in Indonesian
        assert dict(SectionStatus.choices())["review"] == "In review"
    finally:
        set_language("id")


def test_unknown_and_blank_values_are_shown_as_stored() -> None:
    assert ActionStatus.label_of("kode_lama") == "kode_lama"
    assert ActionStatus.label_of(None) is None
    assert ActionStatus.label_of(["not", "hashable"]) == ["not", "hashable"]
    assert not ActionStatus.known("kode_lama") and not ActionStatus.known(None) and ActionStatus.known("terbuka")


def test_every_code_set_is_named_in_the_history_and_matches_the_check_constraints() -> None:
    """A code set the history cannot name, or that the database's CHECK constraint disagrees with, fails here."""
    from bakti_desktop.storage.rules import _codes

    checked = {("pksai_action", "status"), ("pksai_meeting", "mode"), ("twin_item", "status"),
               ("twin_programme", "stage"), ("twin_unit", "role"), ("twin_visit", "kind"), ("sss_section", "status")}
    computed = {("survey", "water_level"), ("survey", "sanitation_level"), ("survey", "hygiene_level")}
    named = {code_set(table, key) for table, key in checked | computed}
    assert named | {Domain} == set(_all_code_sets())  # the domains are named in charts, never stored
    rules = _codes()
    for table, key in checked:
        codes = code_set(table, key)
        assert codes is not None and rules[(table, key)] == codes.codes()
    for table, key in checked | computed:
        codes = code_set(table, key)
        assert codes is not None
        first = next(iter(codes))
        assert column_value(table, key, first.value) == first.label


def test_the_command_line_offers_the_action_statuses() -> None:
    from bakti_desktop.cli import build_parser

    parser = build_parser()
    status = next(a for p in parser._subparsers._group_actions[0].choices.values()  # type: ignore[union-attr]
                  for a in p._actions if "--status" in a.option_strings)
    assert tuple(status.choices) == ActionStatus.codes()
    args = parser.parse_args(["export-actions", "out.xlsx", "--status", "dilanjutkan"])
    assert args.status == "dilanjutkan"
    with pytest.raises(SystemExit):
        parser.parse_args(["export-actions", "out.xlsx", "--status", "lama"])


DAY = date(2021, 3, 15)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(st.tuples(st.sampled_from(ActionStatus.codes()),
                                  st.one_of(st.none(), st.integers(-3, 3).map(lambda d: DAY + timedelta(days=d)))),
                        min_size=1, max_size=8))
def test_overdue_is_one_rule_in_python_and_in_sql(db, actions) -> None:  # type: ignore[no-untyped-def]
    """The register's overdue filter (SQL) picks exactly the actions the editor marks red (Python)."""
    from sqlalchemy import delete

    from bakti_desktop.pksai import service
    from bakti_desktop.pksai.models import Action, Forum, Meeting, is_overdue

    with db.session() as session:
        session.execute(delete(Forum))
        forum = Forum(name="Forum")
        session.add(forum)
        session.flush()
        meeting = Meeting(forum_id=forum.id, title="Rapat", meeting_date=DAY - timedelta(days=30))
        session.add(meeting)
        session.flush()
        meeting.actions.extend(Action(what=f"A{i}", status=status, due_date=due)
                               for i, (status, due) in enumerate(actions))
        session.flush()
        expected = {a.id for a in meeting.actions if is_overdue(a, DAY)}
    rows = service.actions_register(db)
    assert {r["id"] for r in rows if is_overdue(r, DAY)} == expected
    assert {r["id"] for r in service.actions_register(db, overdue_on=DAY)} == expected
    assert expected == {r["id"] for r in rows
                        if r["status"] in ("terbuka", "dilanjutkan") and r["due_date"] is not None and r["due_date"] < DAY}
