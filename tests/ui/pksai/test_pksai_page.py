"""Minuting a meeting in the PKSAI tab: quick attendance, texts kept, actions reviewed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QPushButton, QTableWidget
from sqlalchemy import func, select

from bakti_desktop.labels import column_value
from bakti_desktop.pksai import demo, service
from bakti_desktop.pksai.models import ACTION_STATUSES, Action, ActionUpdate, Attendee, Meeting, Person
from bakti_desktop.reports.format import date_text
from ui.pksai.page import NewMeetingDialog, PksaiPage
from ui.pksai.register import ActionsRegister
from ui.widgets.unsaved import Editor

SITTI = "Sitti Nurjannah"  # in the demo: Puskesos Panakukang, at the Panakukang visit only


def _page(qtbot, db, shown: bool = False) -> PksaiPage:  # type: ignore[no-untyped-def]
    demo.load(db)
    page = PksaiPage(db)
    qtbot.addWidget(page)
    if shown:
        page.resize(1366, 700)
        page.show()
        qtbot.waitExposed(page)
    return page


def _numbers(label) -> list[int]:  # type: ignore[no-untyped-def]
    """The numbers a label shows, in order ("13 participants (M 3, F 10)" -> [13, 3, 10])."""
    return [int(n) for n in re.findall(r"\d+", label.text())]


def _open(page: PksaiPage, forum: str, title_part: str) -> None:
    page.forum.setCurrentIndex(page.forum.findText(forum))
    for row in range(page.meetings.count()):
        if title_part in page.meetings.item(row).text():
            page.meetings.setCurrentRow(row)
            return
    raise AssertionError(title_part)


def _attendance(page: PksaiPage) -> None:
    page.editor.tabs.setCurrentIndex(1)
    page.editor.person_name.setFocus()


def _people(db, name: str | None = None) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        stmt = select(func.count(Person.id))
        if name:
            stmt = stmt.where(Person.name == name)
        return session.scalar(stmt)


def _attendees(db, meeting_id: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return [(a.name, a.sex, a.institution, a.position, a.person_id) for a in
                session.scalars(select(Attendee).where(Attendee.meeting_id == meeting_id).order_by(Attendee.id))]


def _sitti(db) -> dict:  # type: ignore[no-untyped-def]
    return next(p for p in service.people_directory(db) if p["name"] == SITTI)


def _suggest(qtbot, page: PksaiPage, typed: str):  # type: ignore[no-untyped-def]
    editor = page.editor
    qtbot.keyClicks(editor.person_name, typed)
    popup = editor.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    return popup


def _answer_next_box(button_name: str, seen: list[str]) -> None:
    """Click the button called ``button_name`` in the message box about to open (the real dialog)."""
    def click() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, click)
            return
        seen.append(boxes[0].text() + "\n" + boxes[0].informativeText())
        boxes[0].findChild(QPushButton, button_name).click()

    QTimer.singleShot(0, click)


def test_lists_forums_and_meetings_with_dates_as_people_write_them(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert page.forum.count() == 2
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))
    assert page.meetings.count() == 3
    assert page.meetings.item(0).text() == "16/07/2020 — Monitoring Puskesos Desa Panakukang"  # newest first
    assert page.editor.heading.text() == f"Monitoring Puskesos Desa Panakukang — {date_text(date(2020, 7, 16))}"
    assert _numbers(page.editor.totals) == [13, 3, 10]  # participants, men, women
    assert page.editor.start.text() == "09.30" and page.editor.closed_at.text() == "12.05"
    _open(page, demo.GOWA, "Lembang Loe")
    assert page.editor.action_table.item(0, 2).text() == "14/08/2020"  # the due date of its first action


def test_keyboard_pick_fills_the_person_and_enter_adds_her_once(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, shown=True)
    _open(page, demo.GOWA, "Lembang Loe")
    editor = page.editor
    meeting_id = editor.meeting_id
    _attendance(page)
    before = _attendees(db, meeting_id)
    people = _people(db)
    popup = _suggest(qtbot, page, "nurjan")
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # chooses the suggestion: fills in, adds nothing yet
    assert not popup.isVisible()
    assert editor.person_name.text() == SITTI
    assert editor.person_institution.text() == "Puskesos Panakukang"
    assert editor.person_position.text() == "Pengelola / kader"
    assert editor.person_sex.currentData() == "P"
    assert _attendees(db, meeting_id) == before
    qtbot.keyClick(editor.person_name, Qt.Key.Key_Return)  # the second Enter adds her, as the known person
    after = _attendees(db, meeting_id)
    assert after[:-1] == before
    assert after[-1] == (SITTI, "P", "Puskesos Panakukang", "Pengelola / kader", _sitti(db)["id"])
    assert _people(db) == people  # no new person in the directory
    assert _numbers(editor.totals) == [12, 3, 9]  # participants, men, women
    assert editor.person_name.text() == "" and editor.person_sex.currentIndex() == -1  # ready for the next one


def test_mouse_pick_fills_the_person_and_add_adds_her_once(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, shown=True)
    _open(page, demo.GOWA, "Barembeng")
    editor = page.editor
    _attendance(page)
    people = _people(db)
    popup = _suggest(qtbot, page, "Sitti")
    index = popup.model().index(0, 0)
    assert SITTI in index.data() and "Puskesos Panakukang" in index.data()  # the suggestion says who she is
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
    assert editor.person_institution.text() == "Puskesos Panakukang" and editor.person_sex.currentData() == "P"
    qtbot.mouseClick(editor.add_person_button, Qt.MouseButton.LeftButton)
    assert _attendees(db, editor.meeting_id)[-1][-1] == _sitti(db)["id"]
    assert _people(db) == people
    assert _numbers(editor.totals) == [14, 3, 11]  # participants, men, women


def test_a_known_name_typed_again_asks_whether_it_is_the_same_person(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, shown=True)
    _open(page, demo.GOWA, "Lembang Loe")
    editor = page.editor
    meeting_id = editor.meeting_id
    _attendance(page)
    people = _people(db)
    seen: list[str] = []
    # Typed by hand, in other case and spacing, nothing chosen from the list: "the same person?" -> yes
    editor.person_name.setText("sitti  nurjannah")
    _answer_next_box(f"same-person-{_sitti(db)['id']}", seen)
    qtbot.mouseClick(editor.add_person_button, Qt.MouseButton.LeftButton)
    assert seen and "Sitti Nurjannah — Puskesos Panakukang" in seen[0]
    assert _attendees(db, meeting_id)[-1] == (SITTI, "P", "Puskesos Panakukang", "Pengelola / kader",
                                              _sitti(db)["id"])
    assert _people(db) == people

    # Another Sitti Nurjannah, of the health office: "no, a different person" makes her a new person, on purpose
    _open(page, demo.GOWA, "Barembeng")
    _attendance(page)
    editor.person_name.setText(SITTI)
    editor.person_institution.setText("Dinas Kesehatan Kabupaten Gowa")
    editor.person_sex.setCurrentIndex(editor.person_sex.findData("P"))
    _answer_next_box("new-person", seen)
    qtbot.keyClick(editor.person_institution, Qt.Key.Key_Return)
    assert len(seen) == 2
    assert _people(db) == people + 1 and _people(db, SITTI) == 2
    newest = _attendees(db, editor.meeting_id)[-1]
    assert newest[:3] == (SITTI, "P", "Dinas Kesehatan Kabupaten Gowa") and newest[-1] != _sitti(db)["id"]

    # Now two are called so: the question names both; Cancel adds nobody
    editor.person_name.setText(SITTI)
    attendees = _attendees(db, editor.meeting_id)
    boxes: list[QMessageBox] = []

    def cancel() -> None:
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(20, cancel)
            return
        boxes.append(box)
        assert "Puskesos Panakukang" in box.informativeText() and "Dinas Kesehatan" in box.informativeText()
        assert len([b for b in box.buttons() if b.objectName().startswith("same-person-")]) == 2
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, cancel)
    editor.add_attendee()
    assert boxes
    assert _attendees(db, editor.meeting_id) == attendees
    assert editor.person_name.text() == SITTI  # still typed, nothing lost
    assert _people(db) == people + 1


def test_the_same_person_is_not_listed_twice_in_one_meeting(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, shown=True)
    _open(page, demo.GOWA, "Panakukang")  # she attended this one
    editor = page.editor
    _attendance(page)
    before = _attendees(db, editor.meeting_id)
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    popup = _suggest(qtbot, page, "Nurjannah")
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.keyClick(editor.person_name, Qt.Key.Key_Return)
    assert refused and SITTI in refused[0]
    assert _attendees(db, editor.meeting_id) == before
    assert _numbers(editor.totals) == [13, 3, 10]  # participants, men, women


def test_an_action_agreed_is_stored_with_its_due_date(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    page = _page(qtbot, db)
    _open(page, demo.GOWA, "Lembang Loe")
    editor = page.editor
    before = editor.action_table.rowCount()
    editor.action_what.setText("Rapat koordinasi lanjutan")
    editor.action_who.setText("Dinas Sosial")
    editor.action_due.setDate(QDate(2020, 9, 30))
    editor.add_action()
    assert editor.action_table.rowCount() == before + 1
    shown = [(editor.action_table.item(r, 0).text(), editor.action_table.item(r, 2).text())
             for r in range(editor.action_table.rowCount())]
    assert ("Rapat koordinasi lanjutan", "30/09/2020") in shown
    assert isinstance(editor.actions(), list)  # the table no longer hides QWidget.actions()


def test_a_new_person_needs_a_sex_and_enters_the_directory(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _open(page, demo.GOWA, "Panakukang")
    editor = page.editor
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    editor.person_name.setText("Baharuddin")
    qtbot.keyClick(editor.person_name, Qt.Key.Key_Return)
    assert refused  # no sex chosen: never assumed to be L
    assert _numbers(editor.totals) == [13, 3, 10]  # participants, men, women
    editor.person_sex.setCurrentIndex(editor.person_sex.findData("L"))
    qtbot.keyClick(editor.person_name, Qt.Key.Key_Return)
    assert _numbers(editor.totals) == [14, 4, 10]  # participants, men, women
    assert _people(db, "Baharuddin") == 1
    assert any(p["name"] == "Baharuddin" for p in editor.people.values())  # suggested from now on
    editor.count_institution.setText("Karang Taruna")
    editor.count_male.setValue(5)
    editor.count_female.setValue(2)
    editor.add_count()
    assert _numbers(editor.totals) == [21, 9, 12]  # participants, men, women


def _answer(monkeypatch, answers: list[QMessageBox.StandardButton], asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    def ask(_parent, what=None):  # type: ignore[no-untyped-def]
        asked.append(what)
        return answers.pop(0)

    monkeypatch.setattr("ui.widgets.unsaved.ask", ask)


def test_switching_meetings_asks_save_discard_or_cancel(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, shown=True)
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))
    editor = page.editor
    meeting_id = editor.meeting_id
    asked: list[str] = []
    editor.decisions.setPlainText("Keputusan pertama\n\nKeputusan kedua")
    editor.add_agenda()
    editor.agenda_title.setText("Lain-lain")
    editor.agenda_discussion.setPlainText("Camat: terima kasih.")
    editor.start.setText("09.15")
    assert editor.has_unsaved_changes() and editor.save_button.isEnabled()

    _answer(monkeypatch, [QMessageBox.StandardButton.Cancel], asked)
    second = page.meetings.visualItemRect(page.meetings.item(1)).center()
    qtbot.mouseClick(page.meetings.viewport(), Qt.MouseButton.LeftButton, pos=second)  # a click on another meeting
    assert len(asked) == 1 and "Monitoring Puskesos Desa Panakukang" in asked[0]
    qtbot.waitUntil(lambda: page.meetings.currentRow() == 0)  # stays, text still there
    assert editor.meeting_id == meeting_id and page.meetings.selectedItems() == [page.meetings.item(0)]
    assert editor.decisions.toPlainText().startswith("Keputusan pertama")

    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    editor.closed_at.setText("25:99")  # Save refused: the reason is shown and nothing moves
    _answer(monkeypatch, [QMessageBox.StandardButton.Save], asked)
    page.meetings.setCurrentRow(1)
    assert refused and "JJ:MM" in refused[0]
    qtbot.waitUntil(lambda: page.meetings.currentRow() == 0)
    assert editor.meeting_id == meeting_id
    editor.closed_at.setText("12.10")

    _answer(monkeypatch, [QMessageBox.StandardButton.Save], asked)
    page.meetings.setCurrentRow(1)
    assert editor.meeting_id != meeting_id
    with db.session() as session:
        meeting = service.load_meeting(session, meeting_id)
        assert [d.text for d in meeting.decisions] == ["Keputusan pertama", "Keputusan kedua"]
        assert meeting.agenda[-1].title == "Lain-lain"
        assert meeting.agenda[-1].discussion == "Camat: terima kasih."
        assert meeting.start_time == "09:15" and meeting.closed_at == "12:10"

    other = editor.meeting_id
    editor.place.setText("Dibuang")
    _answer(monkeypatch, [QMessageBox.StandardButton.Discard], asked)
    page.meetings.setCurrentRow(0)
    assert editor.meeting_id == meeting_id
    with db.session() as session:
        assert session.get(Meeting, other).place != "Dibuang"
    assert len(asked) == 4


def test_nothing_is_saved_behind_the_users_back(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    editor = page.editor
    meeting_id = editor.meeting_id
    with db.session() as session:
        stored_place = session.get(Meeting, meeting_id).place
    editor.place.setText("Aula Bappeda")
    for tab in range(editor.tabs.count()):  # no save on changing tab
        editor.tabs.setCurrentIndex(tab)
    editor.tabs.setCurrentIndex(1)
    editor.count_institution.setText("Karang Taruna")  # an immediate change elsewhere keeps the text unsaved
    editor.count_male.setValue(1)
    editor.add_count()
    assert editor.place.text() == "Aula Bappeda" and editor.has_unsaved_changes()
    with db.session() as session:
        assert session.get(Meeting, meeting_id).place == stored_place
    page.refresh()  # e.g. after loading a package: the typed text stays
    assert editor.place.text() == "Aula Bappeda" and editor.has_unsaved_changes()
    assert page.editors() == [editor] and isinstance(editor, Editor)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # saved when the user says so
    with db.session() as session:
        assert session.get(Meeting, meeting_id).place == "Aula Bappeda"
    assert not editor.has_unsaved_changes() and not editor.save_button.isEnabled()
    editor.place.setText("Lain")
    editor.discard_changes()
    assert editor.place.text() == "Aula Bappeda" and not editor.has_unsaved_changes()


def test_new_meeting_reviews_open_actions(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.title.setText("Rapat evaluasi Puskesos")
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
    due = [editor.pending.item(r, 2).text() for r in range(4)]  # due, and the meeting it comes from, as in tables
    assert all(re.fullmatch(r"\d\d/\d\d/2020", d) for d in due)
    # The oldest first: the training carried forward since Lembang Loe is still the one action it was.
    assert editor.pending.item(0, 3).text() == "14/07/2020 Monitoring Puskesos Desa Lembang Loe"
    assert not any(b.isEnabled() for b in editor.review_buttons)  # nothing chosen yet
    editor.pending.selectRow(0)
    assert all(b.isEnabled() for b in editor.review_buttons)
    editor.review_selected("selesai")
    editor.pending.selectRow(0)
    editor.review_selected("dilanjutkan")
    assert editor.pending.rowCount() == 2
    assert editor.action_table.rowCount() == 0  # carried forward: no copy, the action stays where it was agreed
    with db.session() as session:
        new = session.scalar(select(Meeting).where(Meeting.title == "Rapat evaluasi Puskesos"))
        assert session.scalars(select(Action).where(Action.meeting_id == new.id)).all() == []
        decided = session.execute(select(ActionUpdate.status).where(ActionUpdate.meeting_id == new.id)
                                  .order_by(ActionUpdate.id)).scalars().all()
        assert decided == ["selesai", "dilanjutkan"]  # what this meeting decided, kept with it


def test_case_figures_only_counts_saved_with_the_texts(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    editor = page.editor
    editor.case_period.setText("Triwulan IV 2020")
    editor.case_category.setCurrentIndex(editor.case_category.findData("b"))
    editor.case_male.setValue(4)
    editor.case_female.setValue(1)
    editor.add_case()
    assert editor.has_unsaved_changes()
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    editor.add_case()  # the same category twice for one period is refused at once
    assert refused and editor.cases.rowCount() == 1
    assert editor.save_changes()
    with db.session() as session:
        meeting = service.load_meeting(session, editor.meeting_id)
        assert ("Triwulan IV 2020", "b", 4, 1) in [(c.period, c.category, c.male, c.female) for c in meeting.cases]
    assert not any("nama anak" in w.placeholderText().lower() for w in editor.findChildren(type(editor.case_period)))


def test_an_empty_database_says_what_to_do_first(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = PksaiPage(db)
    qtbot.addWidget(page)
    assert page.right.currentWidget() is page.hint_page
    assert not page.hint_forum.isHidden() and not page.hint_demo.isHidden() and page.hint_meeting.isHidden()
    assert page.hint_forum.text().rstrip("…") in page.hint.text()  # the hint names the button beside it
    for button in (page.new_meeting_button, page.delete_button, page.print_button, page.register_button):
        assert not button.isEnabled()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    page.export_minutes()  # the menu's "PKSAI minutes (PDF)": says why nothing is printed
    assert told

    forum_id = service.create_forum(db, "Rapat Koordinasi PKSAI Kabupaten Maros", "73.09")
    page.refresh()
    assert page.forum.currentData() == forum_id
    assert page.right.currentWidget() is page.hint_page and not page.hint_meeting.isHidden()
    assert page.new_meeting_button.isEnabled() and not page.print_button.isEnabled()
    page.hint_demo.click()
    qtbot.waitUntil(lambda: page.forum.count() == 3, timeout=20_000)


def test_every_button_survives_a_checked_argument(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Qt's clicked(bool) never arrives as a value; dialogs answered with Cancel or No."""
    page = _page(qtbot, db, shown=True)
    _open(page, demo.GOWA, "Barembeng")
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    clicked: set[str] = set()
    editor = page.editor
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        for table in editor.tabs.widget(tab).findChildren(QTableWidget):
            table.selectRow(0)
        editor.agenda.setCurrentRow(1)
        for button in page.findChildren(QPushButton):
            if button.isEnabled() and button.isVisibleTo(page):
                button.clicked[bool].emit(True)
                clicked.add(f"{tab} {button.text()}")
    assert len(clicked) > 40


def test_exports_propose_meaningful_names_and_offer_to_open(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _open(page, demo.GOWA, "Lembang Loe")
    proposed: list[str] = []
    opened: list[Path] = []

    def save_as(_parent, _title, name, _filter):  # type: ignore[no-untyped-def]
        proposed.append(name)
        return tmp_path / name

    monkeypatch.setattr("ui.pksai.page.ask_save_path", save_as)
    monkeypatch.setattr("ui.pksai.page.offer_open", lambda _parent, path: opened.append(Path(path)))
    page.print_button.click()
    assert proposed == ["Notulen 2020-07-14 Monitoring Puskesos Desa Lembang Loe.pdf"]
    qtbot.waitUntil(lambda: bool(opened), timeout=60_000)
    assert opened[0].stat().st_size > 1000

    monkeypatch.setattr("ui.pksai.register.ask_save_path", save_as)
    monkeypatch.setattr("ui.pksai.register.offer_open", lambda _parent, path: opened.append(Path(path)))
    register = ActionsRegister(db, page, forum_id=page.forum.currentData())
    qtbot.addWidget(register)
    all_rows = register.table.rowCount()
    register.responsible.setText("Sakti Peksos")  # what is shown is what is exported
    shown = register.table.rowCount()
    assert 0 < shown < all_rows
    register.export_button.click()
    assert proposed[-1] == f"Register tindak lanjut PKSAI {demo.GOWA} {date.today().isoformat()}.xlsx"
    sheet = load_workbook(opened[-1]).active
    assert sheet.max_row == shown + 1
    register.responsible.setText("tidak ada OPD ini")
    assert not register.export_button.isEnabled()


def test_register_dates_read_and_sort_as_dates(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    demo.load(db)
    register = ActionsRegister(db)
    qtbot.addWidget(register)
    dates = [register.table.item(r, 2).text() for r in range(register.table.rowCount())]
    assert "08/10/2020" in dates and all(len(d) == 10 and d[2] == "/" for d in dates)
    register.table.sortItems(5, Qt.SortOrder.AscendingOrder)
    due = [register.table.item(r, 5).text() for r in range(register.table.rowCount())]
    keys = [date(int(d[6:]), int(d[3:5]), int(d[:2])) for d in due]
    assert keys == sorted(keys)
    statuses = {register.table.item(r, 6).text() for r in range(register.table.rowCount())}
    assert statuses and statuses <= {column_value("pksai_action", "status", code) for code in ACTION_STATUSES}


def test_fits_a_1366x768_laptop(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728 - 100  # room for the menu, tabs and status bar
    register = ActionsRegister(db, page)
    qtbot.addWidget(register)
    assert register.minimumSizeHint().width() <= 1366 and register.minimumSizeHint().height() <= 728
    assert register.width() <= 1366 and register.height() <= 728


def test_table_headers_show_their_whole_text_at_1366(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, shown=True)
    page.resize(1366, 640)
    editor = page.editor
    cut = []
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        for table in editor.tabs.widget(tab).findChildren(QTableWidget):
            header = table.horizontalHeader()
            for column in range(header.count()):
                if header.sectionSize(column) < header.sectionSizeHint(column):
                    cut.append((editor.tabs.tabText(tab), table.horizontalHeaderItem(column).text()))
    assert cut == []
