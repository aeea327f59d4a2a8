"""Minuting a meeting in the PKSAI tab: quick attendance, texts kept, actions reviewed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from bakti_desktop.pksai import demo, service
from bakti_desktop.pksai.models import Action, Meeting
from ui.pksai.page import NewMeetingDialog, PksaiPage


def _page(qtbot, db) -> PksaiPage:  # type: ignore[no-untyped-def]
    demo.load(db)
    page = PksaiPage(db)
    qtbot.addWidget(page)
    return page


def test_lists_forums_and_meetings(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert page.forum.count() == 2
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))
    assert page.meetings.count() == 3
    assert "Panakukang" in page.editor.heading.text()  # newest first
    assert page.editor.totals.text() == "13 peserta (L 3, P 10)"


def test_quick_attendance_from_the_directory(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))
    editor = page.editor
    editor.person_name.setText("Hj. Andi Sumiati, S.Sos, M.Si")
    editor._person_picked("Hj. Andi Sumiati, S.Sos, M.Si")
    assert editor.person_institution.text() == "Dinas Sosial Kabupaten Gowa"
    assert editor.person_sex.currentData() == "P"
    editor.person_name.setText("Baharuddin")
    editor.person_sex.setCurrentIndex(editor.person_sex.findData("L"))
    qtbot.keyClick(editor.person_name, Qt.Key.Key_Return)
    assert editor.totals.text() == "14 peserta (L 4, P 10)"
    editor.count_institution.setText("Karang Taruna")
    editor.count_male.setValue(5)
    editor.count_female.setValue(2)
    editor.add_count()
    assert editor.totals.text() == "21 peserta (L 9, P 12)"


def test_texts_are_saved_when_switching_meetings(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))
    editor = page.editor
    meeting_id = editor.meeting_id
    editor.decisions.setPlainText("Keputusan pertama\n\nKeputusan kedua")
    editor.add_agenda()
    editor.agenda_title.setText("Lain-lain")
    editor.agenda_discussion.setPlainText("Camat: terima kasih.")
    editor.start.setText("25:99")  # a bad time is refused, nothing is lost
    assert not editor.save()
    assert "JJ:MM" in editor.status.text()
    editor.start.setText("09.15")
    page.meetings.setCurrentRow(1)  # switching saves
    with db.session() as session:
        meeting = service.load_meeting(session, meeting_id)
        assert [d.text for d in meeting.decisions] == ["Keputusan pertama", "Keputusan kedua"]
        assert meeting.agenda[-1].title == "Lain-lain"
        assert meeting.agenda[-1].discussion == "Camat: terima kasih."
        assert meeting.start_time == "09:15"


def test_new_meeting_reviews_open_actions(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.title.setText("Rapat evaluasi Puskesos")
        from PySide6.QtCore import QDate

        dialog.day.setDate(QDate(2020, 10, 1))
        return 1

    monkeypatch.setattr(NewMeetingDialog, "exec", fill)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    page.new_meeting()
    assert told and told[0].startswith("4 tindak lanjut")
    editor = page.editor
    assert editor.tabs.currentIndex() == 4
    assert editor.pending.rowCount() == 4
    editor.pending.selectRow(0)
    editor.review_selected("selesai")
    editor.pending.selectRow(0)
    editor.review_selected("dilanjutkan")
    assert editor.pending.rowCount() == 2
    assert editor.actions.rowCount() == 1  # the carried action now belongs to this meeting
    with db.session() as session:
        new = session.scalar(select(Meeting).where(Meeting.title == "Rapat evaluasi Puskesos"))
        assert [a.status for a in session.scalars(select(Action).where(Action.meeting_id == new.id))] == ["terbuka"]


def test_case_figures_only_counts(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    editor = page.editor
    editor.case_period.setText("Triwulan IV 2020")
    editor.case_category.setCurrentIndex(editor.case_category.findData("b"))
    editor.case_male.setValue(4)
    editor.case_female.setValue(1)
    editor.add_case()
    with db.session() as session:
        meeting = service.load_meeting(session, editor.meeting_id)
        assert ("Triwulan IV 2020", "b", 4, 1) in [(c.period, c.category, c.male, c.female) for c in meeting.cases]
    assert date.today()  # the page never asks for a child's name: no such input exists
    assert not any("nama anak" in w.placeholderText().lower() for w in editor.findChildren(type(editor.case_period)))
