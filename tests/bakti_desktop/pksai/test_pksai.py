"""PKSAI: attendance adds up by sex, actions carry from meeting to meeting, printing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bakti_desktop.errors import UserError
from bakti_desktop.pksai import demo, service
from bakti_desktop.pksai.export import export_actions, export_minutes
from bakti_desktop.pksai.models import Action, CaseFigure, Forum, Meeting, Person


def _meeting(session, forum: Forum, day: date, title: str = "Rapat") -> Meeting:  # type: ignore[no-untyped-def]
    meeting = Meeting(forum_id=forum.id, title=title, meeting_date=day)
    session.add(meeting)
    session.flush()
    return meeting


def test_demo_attendance_matches_the_seed_report(db) -> None:  # type: ignore[no-untyped-def]
    assert demo.load(db) == {"meetings": 4}
    assert demo.load(db) == {"meetings": 0}  # idempotent
    with db.session() as session:
        found = {}
        for meeting in session.scalars(select(Meeting)):
            t = service.attendance_totals(meeting)
            found[meeting.title] = (t.total, t.male, t.female)
    assert found["Rapat Koordinasi Lintas Sektor PKSAI Lima Kabupaten/Kota"] == (95, 36, 59)
    assert found["Monitoring Puskesos Desa Lembang Loe"] == (11, 3, 8)
    assert found["Monitoring Puskesos Desa Barembeng"] == (13, 3, 10)
    assert found["Monitoring Puskesos Desa Panakukang"] == (13, 3, 10)


def test_totals_text_and_validation(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        forum = Forum(name="Forum uji")
        session.add(forum)
        session.flush()
        meeting = _meeting(session, forum, date(2021, 1, 5))
        service.add_attendee(session, meeting, name="Andi", sex="L", institution="Dinas Sosial")
        service.add_attendee(session, meeting, name="Rina", sex="P", institution="DP3A")
        service.add_count(meeting, "Puskesos", 2, 5)
        assert service.attendance_totals(meeting).text() == "9 peserta (L 3, P 6)"
        with pytest.raises(UserError, match="L atau P"):
            service.add_attendee(session, meeting, name="X", sex="?")
        with pytest.raises(UserError, match="negatif"):
            service.add_count(meeting, "Y", -1, 0)
        # A recurring person is taken from the directory, not duplicated.
        second = _meeting(session, forum, date(2021, 4, 5))
        service.add_attendee(session, second, name="Andi", sex="L", institution="Dinas Sosial")
        assert len(session.scalars(select(Person).where(Person.name == "Andi")).all()) == 1


def test_open_actions_are_reviewed_and_carried_forward(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        forum = Forum(name="PKSAI Kabupaten Maros")
        other = Forum(name="PKSAI Kabupaten Gowa")
        session.add_all([forum, other])
        session.flush()
        first = _meeting(session, forum, date(2021, 1, 10))
        first.actions.append(Action(what="Susun SOP rujukan", responsible="Dinas Sosial", due_date=date(2021, 2, 1)))
        first.actions.append(Action(what="Data agregat kasus", responsible="DP3A"))
        elsewhere = _meeting(session, other, date(2021, 1, 11))
        elsewhere.actions.append(Action(what="Tidak terkait"))
        session.flush()
        second = _meeting(session, forum, date(2021, 4, 10))
        pending = service.open_actions_for(session, second)
        assert [a.what for a in pending] == ["Susun SOP rujukan", "Data agregat kasus"]
        service.review_action(session, pending[0], second, "selesai", "SOP ditetapkan")
        service.review_action(session, pending[1], second, "dilanjutkan")
        session.flush()
        # Carried forward: the same action, still pending, no copy in the second meeting.
        assert second.actions == [] and pending[1].status == "dilanjutkan"
        assert [(r.action.what, r.status, r.note) for r in service.reviewed_in(second)] == [
            ("Susun SOP rujukan", "selesai", "SOP ditetapkan"), ("Data agregat kasus", "dilanjutkan", None)]
        assert service.open_actions_for(session, second) == []  # reviewed here already
        third = _meeting(session, forum, date(2021, 7, 10))
        assert [a.what for a in service.open_actions_for(session, third)] == ["Data agregat kasus"]
        service.review_action(session, pending[1], third, "selesai")
        session.flush()
        assert service.status_at(session, first) == {a.id: "terbuka" for a in first.actions}
        assert [r.status for r in service.reviewed_in(second)] == ["selesai", "dilanjutkan"]  # as decided then
    register = service.actions_register(db)
    assert len(register) == 3  # each action once
    carried = next(r for r in register if r["what"] == "Data agregat kasus")
    assert carried["status"] == "selesai" and [d for d, _t in carried["meetings"]] == [
        date(2021, 1, 10), date(2021, 4, 10), date(2021, 7, 10)]
    assert {r["what"] for r in service.actions_register(db, status="terbuka")} == {"Tidak terkait"}
    overdue = service.actions_register(db, overdue_on=date(2030, 1, 1))
    assert all(r["status"] in ("terbuka", "dilanjutkan") and r["due_date"] for r in overdue)


def test_case_figures_have_no_identity_fields() -> None:
    columns = set(CaseFigure.__table__.columns.keys())
    assert not columns & {"name", "nama", "nik", "address", "alamat", "child_name", "birth_date"}
    assert len(service.CASE_CATEGORIES) == 15
    assert "ABH" in service.CASE_LABELS["b"]


def test_minutes_pdf_and_actions_workbook(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo.load(db)
    with db.session() as session:
        gowa_last = session.scalar(select(Meeting.id).where(Meeting.title == "Monitoring Puskesos Desa Panakukang"))
    pdf = export_minutes(db, tmp_path / "notulen.pdf", meeting_id=gowa_last)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert export_minutes(db, tmp_path / "latest.pdf").exists()
    with pytest.raises(UserError, match="tidak ada"):
        export_minutes(db, tmp_path / "x.pdf", meeting_id=9999)
    book = export_actions(db, tmp_path / "tl.xlsx")
    sheet = load_workbook(book).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("No", "Forum", "Rapat", "Tanggal rapat", "Tindak lanjut")
    statuses = {r[7] for r in rows[1:]}
    assert {"Terbuka", "Selesai", "Dilanjutkan"} <= statuses
