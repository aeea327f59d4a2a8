"""The meeting editor's use cases: a view of plain data, attendance written in one transaction each."""

from __future__ import annotations

from datetime import date

import pytest

from bakti_desktop.errors import UserError
from bakti_desktop.pksai import service
from bakti_desktop.storage.locking import ChangedElsewhere


def _meetings(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    forum = service.create_forum(db, "Forum PKSAI Bone")
    first, _ = service.create_meeting(db, forum, "Rapat pertama", date(2024, 1, 10))
    service.add_action(db, first, "Data agregat kasus", "Dinsos", date(2024, 1, 31))
    second, pending = service.create_meeting(db, forum, "Rapat kedua", date(2024, 3, 5))
    assert pending == 1
    return first, second


def test_the_view_holds_what_the_editor_shows(db) -> None:  # type: ignore[no-untyped-def]
    first, second = _meetings(db)
    version = service.meeting_view(db, second).version
    service.save_meeting(db, second, {"place": "Aula Bappeda", "start_time": "09:00"}, decisions=["Satu", "Dua"],
                         agenda=[("Pembukaan", "Sambutan")], cases=[("2023", "i", 2, 3)], expected_version=version)
    service.attend(db, second, name="Sitti Nurjannah", sex="P", institution="Puskesos")
    service.count_attendance(db, second, "Dinas Sosial", 3, 4)
    view = service.meeting_view(db, second, today=date(2024, 3, 5))
    assert (view.title, view.meeting_date, view.values["place"], view.values["start_time"]) == (
        "Rapat kedua", date(2024, 3, 5), "Aula Bappeda", "09:00")
    assert view.decisions == ["Satu", "Dua"] and view.agenda == [("Pembukaan", "Sambutan")]
    assert [(a["name"], a["sex"], a["institution"]) for a in view.attendees] == [("Sitti Nurjannah", "P", "Puskesos")]
    assert [(c["institution"], c["male"], c["female"]) for c in view.counts] == [("Dinas Sosial", 3, 4)]
    assert (view.totals.total, view.totals.male, view.totals.female) == (8, 3, 5)
    assert [(p["what"], p["meeting_title"], p["meeting_date"]) for p in view.pending] == [
        ("Data agregat kasus", "Rapat pertama", date(2024, 1, 10))]
    assert view.cases == [{"period": "2023", "category": "i", "male": 2, "female": 3}]
    assert service.meeting_version(db, second) == view.version
    assert service.meeting_values(db, second)["place"] == "Aula Bappeda"  # type: ignore[index]
    earlier = service.meeting_view(db, first, today=date(2024, 3, 5))
    assert [(a["what"], a["overdue"]) for a in earlier.actions] == [("Data agregat kasus", True)]
    assert not service.meeting_view(db, first, today=date(2024, 1, 20)).actions[0]["overdue"]


def test_a_known_person_attends_once(db) -> None:  # type: ignore[no-untyped-def]
    _first, second = _meetings(db)
    service.attend(db, second, name="Andi Baso", sex="L", institution="Dinsos")
    person = service.people_named(db, "andi  baso")[0]
    with pytest.raises(UserError):
        service.attend(db, second, name="Andi Baso", sex="L", person_id=person["id"])
    service.attend(db, second, name="Andi Baso", sex="L", institution="Puskesmas")  # "a different person"
    assert len(service.people_named(db, "Andi Baso")) == 2
    assert len(service.meeting_view(db, second).attendees) == 2
    with pytest.raises(UserError):
        service.attend(db, second, name="Tanpa Jenis Kelamin", sex=None)
    with pytest.raises(UserError):
        service.count_attendance(db, second, "  ", 1, 1)
    ids = [a["id"] for a in service.meeting_view(db, second).attendees]
    service.remove_attendees(db, ids[:1])
    assert [a["id"] for a in service.meeting_view(db, second).attendees] == ids[1:]


def test_a_stale_save_writes_none_of_the_lists(db) -> None:  # type: ignore[no-untyped-def]
    _first, second = _meetings(db)
    loaded = service.meeting_view(db, second)
    service.save_meeting(db, second, {"place": "Kantor Bupati"}, expected_version=loaded.version)
    with pytest.raises(ChangedElsewhere):
        service.save_meeting(db, second, {"place": "Aula"}, decisions=["Keputusan"], agenda=[("Agenda", "")],
                             expected_version=loaded.version)
    now = service.meeting_view(db, second)
    assert now.values["place"] == "Kantor Bupati" and now.decisions == [] and now.agenda == []
    with pytest.raises(UserError):
        service.meeting_view(db, 999)
    assert service.meeting_version(db, 999) is None and service.meeting_values(db, 999) is None
