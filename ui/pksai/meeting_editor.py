"""Minuting one meeting: details, attendance, agenda and discussion, decisions, follow-up, districts, cases.

Nothing typed is lost, and nothing is saved behind the user's back: the texts (details, agenda,
decisions, districts, case figures) are saved with *Simpan*; before another meeting is shown or the
window closes, unsaved changes are settled with *Simpan / Buang / Batal* (:mod:`ui.widgets.unsaved`).
Attendance and follow-up actions are written at once by their own buttons, without touching the texts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from bakti_desktop import regions
from bakti_desktop.errors import UserError
from bakti_desktop.pksai import service
from bakti_desktop.pksai.codes import ActionStatus, MeetingMode
from bakti_desktop.pksai.models import Meeting
from bakti_desktop.pksai.service import MeetingView
from bakti_desktop.reports import format as fmt
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from ui.conflict import Choice, resolve
from ui.errors import show_error
from ui.widgets.audit_table import AuditDialog
from ui.widgets.regions import KabupatenCombo
from ui.widgets.scroll import scrollable

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1  # a suggestion's person id
NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # what the completer matches and writes into the field: the bare name
NEW_PERSON = "new"  # the answer "a different person" to "the same person?"


def time_shown(stored: str | None) -> str:
    """A stored "09:15" as the interface writes a time ("09.15" in Indonesian)."""
    if not stored:
        return ""
    try:
        return fmt.time_text(time.fromisoformat(stored))
    except ValueError:
        return stored


def person_text(person: dict[str, Any]) -> str:
    """ "Sitti Nurjannah — Puskesos Panakukang, Pengelola / kader (P)": a directory entry told apart."""
    where = ", ".join(part for part in (person.get("institution"), person.get("position")) if part)
    return f"{person['name']} — {where} ({person['sex']})" if where else f"{person['name']} ({person['sex']})"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _cell_text(table: QTableWidget, row: int, column: int) -> str:
    """A cell's text; "" for a cell without an item."""
    item = table.item(row, column)
    return "" if item is None else item.text()


def _cell_data(table: QTableWidget, row: int, column: int) -> Any:
    """What a cell keeps besides its text (a record's id, a code); None for a cell without an item."""
    item = table.item(row, column)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _item(text: Any, data: Any = None, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class MeetingEditor(QWidget):
    """The open meeting; an :class:`ui.widgets.unsaved.Editor` for its texts."""

    saved = Signal(int)  # the meeting's id, after its texts were saved (its title or date may have changed)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.meeting_id: int | None = None
        self.version: int | None = None  # of the loaded meeting, for the save's check
        self.dirty = False
        self.loaded_title = ""
        self.refusal: str | None = None  # why the last save was refused
        self._loading = False
        self.people: dict[int, dict[str, Any]] = {}  # the directory, by person id
        self.picked: int | None = None  # the person chosen from the suggestions for the name being entered
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(scrollable(self._details_tab()), self.tr("Meeting"))
        self.tabs.addTab(scrollable(self._attendance_tab()), self.tr("Attendance"))
        self.tabs.addTab(scrollable(self._agenda_tab()), self.tr("Agenda and discussion"))
        self.tabs.addTab(scrollable(self._decisions_tab()), self.tr("Decisions"))
        self.tabs.addTab(scrollable(self._actions_tab()), self.tr("Follow-up"))
        self.tabs.addTab(scrollable(self._progress_tab()), self.tr("Districts"))
        self.tabs.addTab(scrollable(self._cases_tab()), self.tr("Case figures"))
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        bottom.addWidget(self.status, 1)
        self.history_button = QPushButton(self.tr("&History…"))
        self.history_button.clicked.connect(lambda: self.show_history())
        bottom.addWidget(self.history_button)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setToolTip(self.tr("Save the texts of this meeting (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(lambda: self.save_changes())
        self.save_button.setEnabled(False)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        self.setEnabled(False)

    # -- tabs ---------------------------------------------------------------------------------------------
    def _details_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.fields: dict[str, QWidget] = {}
        self.title = QLineEdit()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setMaximumWidth(160)
        self.start = QLineEdit()
        self.end = QLineEdit()
        self.closed_at = QLineEdit()
        for edit in (self.start, self.end, self.closed_at):
            edit.setPlaceholderText(fmt.time_text(time(9, 0)))
            edit.setMaximumWidth(90)
        self.place = QLineEdit()
        self.mode = QComboBox()
        for code, text in MeetingMode.choices():
            self.mode.addItem(text, code)
        self.chair = QLineEdit()
        self.chair_position = QLineEdit()
        self.chair_nip = QLineEdit()
        self.notetaker = QLineEdit()
        self.notetaker_nip = QLineEdit()
        self.opening = QPlainTextEdit()
        self.closing = QPlainTextEdit()
        for widget in (self.opening, self.closing):
            widget.setMaximumHeight(90)
        times = QHBoxLayout()
        for label, edit in ((self.tr("from"), self.start), (self.tr("to"), self.end)):
            times.addWidget(QLabel(label))
            times.addWidget(edit)
        times.addStretch(1)
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Date:"), self.day)
        form.addRow(self.tr("Time:"), times)
        form.addRow(self.tr("Place or platform:"), self.place)
        form.addRow(self.tr("Mode:"), self.mode)
        form.addRow(self.tr("Chair:"), self.chair)
        form.addRow(self.tr("Chair's position:"), self.chair_position)
        form.addRow(self.tr("Chair's NIP:"), self.chair_nip)
        form.addRow(self.tr("Note taker:"), self.notetaker)
        form.addRow(self.tr("Note taker's NIP:"), self.notetaker_nip)
        form.addRow(self.tr("Opening:"), self.opening)
        form.addRow(self.tr("Closing:"), self.closing)
        form.addRow(self.tr("Closed at:"), self.closed_at)
        for line in (self.title, self.start, self.end, self.closed_at, self.place, self.chair, self.chair_position,
                     self.chair_nip, self.notetaker, self.notetaker_nip):
            line.textChanged.connect(self._changed)
        self.opening.textChanged.connect(self._changed)
        self.closing.textChanged.connect(self._changed)
        self.day.dateChanged.connect(self._changed)
        self.mode.currentIndexChanged.connect(self._changed)
        return page

    def _attendance_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.totals)
        named = QGroupBox(self.tr("Named participants"))
        box = QVBoxLayout(named)
        entry = QHBoxLayout()
        self.person_name = QLineEdit()
        self.person_name.setPlaceholderText(self.tr("Name: type to search"))
        self.person_name.setToolTip(self.tr("Type part of a name: people of earlier meetings are suggested. Choosing "
                                            "one (arrow keys and Enter, or a click) fills in the other fields."))
        self.person_institution = QLineEdit()
        self.person_institution.setPlaceholderText(self.tr("Institution/OPD"))
        self.person_position = QLineEdit()
        self.person_position.setPlaceholderText(self.tr("Position"))
        self.person_sex = QComboBox()
        self.person_sex.addItem("L", "L")
        self.person_sex.addItem("P", "P")
        self.person_sex.setPlaceholderText("L/P")
        self.person_sex.setCurrentIndex(-1)  # chosen, never assumed
        self.person_sex.setToolTip(self.tr("Sex: L (male) or P (female)"))
        self.person_contact = QLineEdit()
        self.person_contact.setPlaceholderText(self.tr("Contact"))
        self.add_person_button = QPushButton(self.tr("Add"))
        self.add_person_button.clicked.connect(lambda: self.add_attendee())
        for widget in (self.person_name, self.person_institution, self.person_position, self.person_sex,
                       self.person_contact, self.add_person_button):
            entry.addWidget(widget)
        entry.setStretch(0, 4)
        entry.setStretch(1, 3)
        entry.setStretch(2, 2)
        entry.setStretch(4, 2)
        for widget in (self.person_name, self.person_institution, self.person_position, self.person_contact):
            widget.returnPressed.connect(lambda: self.add_attendee())
        self.person_name.textEdited.connect(self._name_typed)
        self.completer = QCompleter(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionRole(NAME_ROLE)
        self.completer.setMaxVisibleItems(12)
        popup = self.completer.popup()
        if popup is not None:  # a completer always has its list
            popup.setMinimumWidth(520)  # "Name — institution, position (sex)" whole
        # The index variant of the overloaded signal; PySide6's stubs do not declare SignalInstance[...].
        self.completer.activated[QModelIndex].connect(self._person_picked)  # type: ignore[index]
        self.person_name.setCompleter(self.completer)
        box.addLayout(entry)
        self.attendees = _table([self.tr("Name"), self.tr("Institution/OPD"), self.tr("Position"), "L/P",
                                 self.tr("Contact")])
        self.attendees.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((220, 220, 160, 40)):
            self.attendees.setColumnWidth(column, width)
        box.addWidget(self.attendees)
        self.remove_person_button = QPushButton(self.tr("Remove selected participant"))
        self.remove_person_button.clicked.connect(lambda: self._remove(self.attendees, service.remove_attendees))
        box.addWidget(self.remove_person_button, alignment=Qt.AlignmentFlag.AlignRight)
        self._needs_row(self.attendees, self.remove_person_button)
        layout.addWidget(named, 3)

        counted = QGroupBox(self.tr("Counted participants (large events): by institution and sex"))
        box = QVBoxLayout(counted)
        entry = QHBoxLayout()
        self.count_institution = QLineEdit()
        self.count_institution.setPlaceholderText(self.tr("Institution/OPD"))
        self.count_male = QSpinBox()
        self.count_male.setRange(0, 100000)
        self.count_male.setPrefix("L ")
        self.count_female = QSpinBox()
        self.count_female.setRange(0, 100000)
        self.count_female.setPrefix("P ")
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(lambda: self.add_count())
        self.count_institution.returnPressed.connect(lambda: self.add_count())
        for part in (self.count_institution, self.count_male, self.count_female, add):
            entry.addWidget(part)
        box.addLayout(entry)
        self.counts = _table([self.tr("Institution/OPD"), "L", "P", self.tr("Total")])
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.counts)
        self.remove_count_button = QPushButton(self.tr("Remove selected row"))
        self.remove_count_button.clicked.connect(lambda: self._remove(self.counts, service.remove_counts))
        box.addWidget(self.remove_count_button, alignment=Qt.AlignmentFlag.AlignRight)
        self._needs_row(self.counts, self.remove_count_button)
        layout.addWidget(counted, 2)
        return page

    @staticmethod
    def _needs_row(table: QTableWidget, *buttons: QPushButton) -> None:
        """``buttons`` act on the selected row of ``table``: enabled only while one is selected."""
        def update() -> None:
            if not isValid(table):  # the model's last signals, while the table is being destroyed
                return
            for button in buttons:
                button.setEnabled(bool(table.selectionModel().selectedRows()))

        table.itemSelectionChanged.connect(update)
        table.model().modelReset.connect(update)
        table.model().rowsRemoved.connect(lambda *_a: update())
        update()

    def _agenda_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.agenda = QListWidget()
        left.addWidget(self.agenda)
        row = QHBoxLayout()
        self.agenda_buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", self.tr("Add item"), lambda: self.add_agenda()),
                                ("remove", self.tr("Remove"), lambda: self.remove_agenda()),
                                ("up", "↑", lambda: self.move_agenda(-1)), ("down", "↓", lambda: self.move_agenda(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.agenda_buttons[key] = button
        self.agenda_buttons["up"].setToolTip(self.tr("Move the item up"))
        self.agenda_buttons["down"].setToolTip(self.tr("Move the item down"))
        left.addLayout(row)
        layout.addLayout(left, 2)
        right = QFormLayout()
        self.agenda_title = QLineEdit()
        self.agenda_discussion = QPlainTextEdit()
        self.agenda_discussion.setPlaceholderText(self.tr("Who said what, one point per line, e.g.\n"
                                                          "Kepala Dinas Sosial: rujukan kasus meningkat."))
        right.addRow(self.tr("Agenda item:"), self.agenda_title)
        right.addRow(self.tr("Discussion:"), self.agenda_discussion)
        layout.addLayout(right, 3)
        self.agenda.currentItemChanged.connect(self._agenda_selected)
        self.agenda.currentRowChanged.connect(lambda _r: self._update_agenda_buttons())
        self._update_agenda_buttons()
        self.agenda_title.textChanged.connect(self._agenda_edited)
        self.agenda_discussion.textChanged.connect(self._agenda_edited)
        return page

    def _decisions_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("One decision per line; they are numbered in the minutes.")))
        self.decisions = QPlainTextEdit()
        self.decisions.textChanged.connect(self._changed)
        layout.addWidget(self.decisions)
        return page

    def _actions_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        review = QGroupBox(self.tr("Open actions of earlier meetings of this forum"))
        box = QVBoxLayout(review)
        self.pending = _table([self.tr("Action"), self.tr("Responsible"), self.tr("Due"), self.tr("From meeting")])
        self.pending.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.pending.setColumnWidth(1, 220)  # "Penanggung jawab" whole, as in the table below
        self.pending.setColumnWidth(2, 100)
        self.pending.setColumnWidth(3, 300)
        self.pending.horizontalHeader().setStretchLastSection(False)
        box.addWidget(self.pending)
        row = QHBoxLayout()
        row.addStretch(1)
        self.review_buttons: list[QPushButton] = []
        for text, outcome in ((self.tr("Done"), ActionStatus.DONE), (self.tr("Carry forward"), ActionStatus.CARRIED_FORWARD),
                              (self.tr("Cancel action"), ActionStatus.CANCELLED)):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, o=outcome: self.review_selected(o))
            row.addWidget(button)
            self.review_buttons.append(button)
        self._needs_row(self.pending, *self.review_buttons)
        box.addLayout(row)
        layout.addWidget(review, 2)
        own = QGroupBox(self.tr("Follow-up actions agreed in this meeting"))
        box = QVBoxLayout(own)
        entry = QHBoxLayout()
        self.action_what = QLineEdit()
        self.action_what.setPlaceholderText(self.tr("What"))
        self.action_who = QLineEdit()
        self.action_who.setPlaceholderText(self.tr("Responsible OPD"))
        self.action_due = QDateEdit(QDate.currentDate().addMonths(1))
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat("dd/MM/yyyy")
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(lambda: self.add_action())
        self.action_what.returnPressed.connect(lambda: self.add_action())
        for widget in (self.action_what, self.action_who, self.action_due, add):
            entry.addWidget(widget)
        entry.setStretch(0, 4)
        entry.setStretch(1, 2)
        box.addLayout(entry)
        self.action_table = _table([self.tr("Action"), self.tr("Responsible"), self.tr("Due"), self.tr("Status")])
        self.action_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.action_table)
        layout.addWidget(own, 3)
        return page

    def _progress_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("For multi-district meetings: progress and challenges of each district.")))
        row = QHBoxLayout()
        self.progress_kabupaten = KabupatenCombo(allow_all=False)
        add = QPushButton(self.tr("Add district"))
        add.clicked.connect(lambda: self.add_progress())
        row.addWidget(self.progress_kabupaten)
        row.addWidget(add)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = _table([self.tr("Kabupaten/Kota"), self.tr("Progress"), self.tr("Challenges")])
        self.progress.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.progress.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.progress.setColumnWidth(0, 220)  # "Kabupaten/Kota" and the longer names whole
        self.progress.itemChanged.connect(self._changed)
        layout.addWidget(self.progress)
        remove = QPushButton(self.tr("Remove selected row"))
        remove.clicked.connect(lambda: self._remove_unsaved_row(self.progress))
        self._needs_row(self.progress, remove)
        layout.addWidget(remove, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _cases_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(self.tr("Counts only. There is deliberately no field for a child's name or identity: the "
                              "identity of children in conflict with the law must stay confidential (UU 11/2012), "
                              "and coordination needs only the numbers by category and sex."))
        note.setWordWrap(True)
        note.setStyleSheet("background: #FFF8E1; padding: 6px;")
        layout.addWidget(note)
        row = QHBoxLayout()
        self.case_period = QLineEdit()
        self.case_period.setPlaceholderText(self.tr("Period, e.g. Triwulan III 2020"))
        self.case_category = QComboBox()
        for code, label in service.CASE_CATEGORIES:
            self.case_category.addItem(f"{code}. {label}", code)
        self.case_male = QSpinBox()
        self.case_male.setRange(0, 100000)
        self.case_male.setPrefix("L ")
        self.case_female = QSpinBox()
        self.case_female.setRange(0, 100000)
        self.case_female.setPrefix("P ")
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(lambda: self.add_case())
        for widget in (self.case_period, self.case_category, self.case_male, self.case_female, add):
            row.addWidget(widget)
        row.setStretch(1, 3)
        layout.addLayout(row)
        self.cases = _table([self.tr("Period"), self.tr("Category"), "L", "P"])
        self.cases.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.cases)
        remove = QPushButton(self.tr("Remove selected row"))
        remove.clicked.connect(lambda: self._remove_unsaved_row(self.cases))
        self._needs_row(self.cases, remove)
        layout.addWidget(remove, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    # -- loading and saving -------------------------------------------------------------------------------
    def _changed(self, *_args: Any) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)
        if dirty:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("Unsaved changes: press Save (Ctrl+S)."))

    def show_review(self) -> None:
        self.tabs.setCurrentIndex(4)

    def load(self, meeting_id: int | None) -> None:
        """Show ``meeting_id`` (None: nothing), as stored; what was typed in the previous one is dropped."""
        self.meeting_id = meeting_id
        self.setEnabled(meeting_id is not None)
        self._loading = True
        try:
            if meeting_id is None:
                self.version = None
                self.loaded_title = ""
                self.heading.setText(self.tr("No meeting selected"))
                return
            self._fill(meeting_id)
        finally:
            self._loading = False
            self._set_dirty(False)
            self.status.setStyleSheet("")
            self.status.setText("")

    def _fill(self, meeting_id: int) -> None:
        m = service.meeting_view(self.db, meeting_id)
        v = m.values
        self.version = m.version
        self.loaded_title = m.title
        self.heading.setText(f"{m.title} — {fmt.date_text(m.meeting_date)}")
        self.title.setText(m.title)
        self.day.setDate(QDate(m.meeting_date.year, m.meeting_date.month, m.meeting_date.day))
        self.start.setText(time_shown(v["start_time"]))
        self.end.setText(time_shown(v["end_time"]))
        self.closed_at.setText(time_shown(v["closed_at"]))
        self.place.setText(v["place"] or "")
        self.mode.setCurrentIndex(max(0, self.mode.findData(v["mode"])))
        self.chair.setText(v["chair_name"] or "")
        self.chair_position.setText(v["chair_position"] or "")
        self.chair_nip.setText(v["chair_nip"] or "")
        self.notetaker.setText(v["notetaker_name"] or "")
        self.notetaker_nip.setText(v["notetaker_nip"] or "")
        self.opening.setPlainText(v["opening"] or "")
        self.closing.setPlainText(v["closing"] or "")
        self.decisions.setPlainText("\n".join(m.decisions))
        self.agenda.clear()
        for title, discussion in m.agenda:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, discussion)
            self.agenda.addItem(item)
        if self.agenda.count():
            self.agenda.setCurrentRow(0)
        else:
            self.agenda_title.clear()
            self.agenda_discussion.clear()
        self._fill_attendance(m)
        self._fill_actions(m)
        self.progress.setRowCount(0)
        for p in m.progress:
            r = self.progress.rowCount()
            self.progress.insertRow(r)
            self.progress.setItem(r, 0, _item(regions.region_name(p["kabupaten_code"]), p["kabupaten_code"]))
            self.progress.setItem(r, 1, _item(p["progress"], editable=True))
            self.progress.setItem(r, 2, _item(p["challenges"], editable=True))
        self.cases.setRowCount(0)
        for c in m.cases:
            self._case_row(c["period"], c["category"], c["male"], c["female"])
        self._clear_entry()
        self.refresh_directory()

    def refresh_directory(self) -> None:
        """The suggestions for the participant's name: everyone in the directory, told apart by institution."""
        self.people = {p["id"]: p for p in service.people_directory(self.db)}
        model = QStandardItemModel(self.completer)
        for person in self.people.values():
            item = QStandardItem(person_text(person))
            item.setData(person["name"], NAME_ROLE)
            item.setData(person["id"], PERSON_ROLE)
            item.setEditable(False)
            model.appendRow(item)
        self.completer.setModel(model)

    def _fill_attendance(self, m: MeetingView) -> None:
        self.attendees.setRowCount(0)
        for a in m.attendees:
            r = self.attendees.rowCount()
            self.attendees.insertRow(r)
            for c, key in enumerate(("name", "institution", "position", "sex", "contact")):
                self.attendees.setItem(r, c, _item(a[key], a["id"] if c == 0 else None))
        self.counts.setRowCount(0)
        for row in m.counts:
            r = self.counts.rowCount()
            self.counts.insertRow(r)
            for c, value in enumerate((row["institution"], row["male"], row["female"], row["male"] + row["female"])):
                self.counts.setItem(r, c, _item(value, row["id"] if c == 0 else None))
        self.totals.setText(m.totals.text())

    def _fill_actions(self, m: MeetingView) -> None:
        self.pending.setRowCount(0)
        for a in m.pending:
            r = self.pending.rowCount()
            self.pending.insertRow(r)
            for c, value in enumerate((a["what"], a["responsible"], fmt.date_short(a["due_date"]),
                                       f"{fmt.date_short(a['meeting_date'])} {a['meeting_title']}")):
                self.pending.setItem(r, c, _item(value, a["id"] if c == 0 else None))
        self.pending.resizeRowsToContents()
        self.action_table.setRowCount(0)
        for a in m.actions:
            r = self.action_table.rowCount()
            self.action_table.insertRow(r)
            self.action_table.setItem(r, 0, _item(a["what"], a["id"]))
            self.action_table.setItem(r, 1, _item(a["responsible"]))
            due = _item(fmt.date_short(a["due_date"]))
            if a["overdue"]:  # pksai.models.is_overdue, computed by the service
                due.setForeground(Qt.GlobalColor.red)
                due.setToolTip(self.tr("Overdue"))
            self.action_table.setItem(r, 2, due)
            combo = QComboBox()
            for status, label in ActionStatus.choices():
                combo.addItem(label, status)
            combo.setCurrentIndex(combo.findData(a["status"]))
            combo.currentIndexChanged.connect(
                lambda _i, action_id=a["id"], box=combo: self._set_status(action_id, box.currentData()))
            self.action_table.setCellWidget(r, 3, combo)
        self.action_table.setColumnWidth(1, 220)
        self.action_table.setColumnWidth(2, 90)
        self.action_table.horizontalHeader().setStretchLastSection(False)
        self.action_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.action_table.setColumnWidth(3, 150)
        self.action_table.resizeRowsToContents()

    def _refill(self, *parts: Callable[[MeetingView], None]) -> None:
        """Show the stored attendance or actions again, leaving the texts being typed as they are."""
        if self.meeting_id is None:
            return
        m = service.meeting_view(self.db, self.meeting_id)
        for part in parts:
            part(m)

    def _stored_version(self) -> int | None:
        return service.meeting_version(self.db, self.meeting_id) if self.meeting_id is not None else None

    def _own_change(self, change: Callable[[], object]) -> bool:
        """Run an immediate change (attendance, actions); if it raised the meeting's version, it was ours."""
        before = self._stored_version()
        try:
            change()
        except UserError as error:
            show_error(self, error)
            return False
        if before == self.version:
            self.version = self._stored_version()
        return True

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(), "meeting_date": self.day.date().toPython(),
            "start_time": self.start.text().strip().replace(".", ":") or None,
            "end_time": self.end.text().strip().replace(".", ":") or None,
            "closed_at": self.closed_at.text().strip().replace(".", ":") or None,
            "place": self.place.text().strip() or None, "mode": self.mode.currentData(),
            "chair_name": self.chair.text().strip() or None, "chair_position": self.chair_position.text().strip() or None,
            "chair_nip": self.chair_nip.text().strip() or None, "notetaker_name": self.notetaker.text().strip() or None,
            "notetaker_nip": self.notetaker_nip.text().strip() or None,
            "opening": self.opening.toPlainText().strip() or None, "closing": self.closing.toPlainText().strip() or None,
        }

    def save(self) -> bool:
        """Write the texts of the open meeting if they changed; True when all is saved."""
        self.refusal = None
        if self.meeting_id is None or not self.dirty or self._loading:
            return True
        try:
            items = [(self.agenda.item(i).text(), self.agenda.item(i).data(Qt.ItemDataRole.UserRole))
                     for i in range(self.agenda.count())]
            rows = [(_cell_data(self.progress, r, 0), _cell_text(self.progress, r, 1), _cell_text(self.progress, r, 2))
                    for r in range(self.progress.rowCount())]
            cases = [(_cell_text(self.cases, r, 0), _cell_data(self.cases, r, 1),
                      int(_cell_text(self.cases, r, 2)), int(_cell_text(self.cases, r, 3)))
                     for r in range(self.cases.rowCount())]
            # One transaction, conditional on the version loaded: a refused save writes none of the lists either.
            decisions = self.decisions.toPlainText().splitlines()
            version = service.save_meeting(self.db, self.meeting_id, self.values(), decisions=decisions, agenda=items,
                                           progress=rows, cases=cases, expected_version=self.version)
        except ChangedElsewhere as error:
            return self._conflict(error)
        except UserError as error:
            self.refusal = str(error)
            self.status.setText(str(error))
            self.status.setStyleSheet("color: #C62828;")
            return False
        self.version = version
        self._set_dirty(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved at {time}").format(time=fmt.time_text(datetime.now())))
        stored = service.meeting_values(self.db, self.meeting_id)
        if stored is not None:
            self.loaded_title = stored["title"]
            self.heading.setText(f"{stored['title']} — {fmt.date_text(stored['meeting_date'])}")
        self.saved.emit(self.meeting_id)
        return True

    # -- the Editor protocol (ui.widgets.unsaved) ---------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.meeting_id is not None and self.dirty

    def save_changes(self) -> bool:
        """Save; a refusal (a wrong time, a missing title) is shown, and the changes stay on screen."""
        if self.save():
            return True
        if self.refusal:
            show_error(self, UserError(self.refusal))
        return False

    def discard_changes(self) -> None:
        """Drop what was typed: the meeting as stored is shown again."""
        meeting_id = self.meeting_id
        self._set_dirty(False)
        try:
            self.load(meeting_id)
        except UserError:  # deleted meanwhile
            self.load(None)

    def subject(self) -> str:
        """What the unsaved-changes question names: "the minutes of 'Monitoring Puskesos …'"."""
        return self.tr("the minutes of “{title}”").format(title=self.loaded_title)

    def show_history(self) -> None:
        if self.meeting_id is not None:
            AuditDialog(self.db, Meeting, self.meeting_id, self.loaded_title, self).exec()

    def _conflict(self, error: ChangedElsewhere) -> bool:
        """Someone else saved this meeting meanwhile: reload theirs, or compare and save mine over it."""
        meeting_id = self.meeting_id
        if meeting_id is None:  # not reached: save() refuses only the version check of an open meeting
            return False
        labels = {"title": self.tr("Title"), "meeting_date": self.tr("Date"), "start_time": self.tr("Start"),
                  "end_time": self.tr("End"), "place": self.tr("Place"), "chair_name": self.tr("Chair"),
                  "notetaker_name": self.tr("Note-taker"), "opening": self.tr("Opening"),
                  "closing": self.tr("Closing")}
        choice = resolve(self, error, labels, self.values(),
                         lambda: service.meeting_values(self.db, meeting_id))
        if choice is Choice.RELOAD:
            self._set_dirty(False)
            self.load(meeting_id)
            return True
        if choice is Choice.OVERWRITE:
            self.version = service.meeting_version(self.db, meeting_id)
            return self.save()
        self.status.setText(str(error))
        self.status.setStyleSheet("color: #C62828;")
        return False

    # -- attendance ---------------------------------------------------------------------------------------
    def _person_picked(self, index: QModelIndex) -> None:
        """A suggestion was chosen (Enter or click): fill in the person as the directory knows them."""
        person = self.people.get(index.data(PERSON_ROLE))
        if person is None:
            return
        self.picked = person["id"]
        self.person_name.setText(person["name"])
        self.person_institution.setText(person["institution"] or "")
        self.person_position.setText(person["position"] or "")
        self.person_sex.setCurrentIndex(self.person_sex.findData(person["sex"]))
        self.person_contact.setText(person["contact"] or "")

    def _name_typed(self, text: str) -> None:
        picked = self.people.get(self.picked) if self.picked is not None else None
        if picked is not None and not service.same_name(picked["name"], text):
            self.picked = None  # another name now: no longer the chosen person

    def _clear_entry(self) -> None:
        for widget in (self.person_name, self.person_institution, self.person_position, self.person_contact):
            widget.clear()
        self.person_sex.setCurrentIndex(-1)
        self.picked = None

    def ask_same_person(self, name: str, matches: list[dict[str, Any]]) -> dict[str, Any] | str | None:
        """Someone called ``name`` is in the directory: is it them? A match, NEW_PERSON, or None (cancel)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Same person?"),
                          self.tr("“{name}” is already in the directory. Is this the same person?").format(name=name),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText("\n".join(person_text(p) for p in matches))
        answers: dict[Any, dict[str, Any] | str] = {}
        for person in matches:
            if len(matches) == 1:
                text = self.tr("Yes, the same person")
            else:
                text = self.tr("Yes: {person}").format(person=person_text(person))
            button = box.addButton(text, QMessageBox.ButtonRole.YesRole)
            button.setObjectName(f"same-person-{person['id']}")
            answers[button] = person
        different = box.addButton(self.tr("No, a different person"), QMessageBox.ButtonRole.NoRole)
        different.setObjectName("new-person")
        answers[different] = NEW_PERSON
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(next(iter(answers)))
        box.setEscapeButton(cancel)
        box.exec()
        return answers.get(box.clickedButton())

    def add_attendee(self) -> None:
        """Add the person entered; a name already in the directory is never added again without asking."""
        meeting_id = self.meeting_id  # the meeting checked here is the one the participant is added to
        if meeting_id is None:
            return
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            return  # this Enter chose a suggestion, which fills in the fields; the next Enter adds
        name = " ".join(self.person_name.text().split())
        if not name:
            show_error(self, UserError(self.tr("Type the participant's name first.")))
            self.person_name.setFocus()
            return
        person = self.people.get(self.picked) if self.picked is not None else None
        if person is None or not service.same_name(person["name"], name):
            person = None
            matches = service.people_named(self.db, name)
            if matches:
                answer = self.ask_same_person(name, matches)
                if answer is None:
                    return
                if isinstance(answer, dict):  # else NEW_PERSON: a different person of the same name
                    person = answer
        if person is not None:  # the directory's entry completes what was left blank
            name = person["name"]
            for field, key in ((self.person_institution, "institution"), (self.person_position, "position"),
                               (self.person_contact, "contact")):
                if not field.text().strip():
                    field.setText(person[key] or "")
            if self.person_sex.currentIndex() < 0:
                self.person_sex.setCurrentIndex(self.person_sex.findData(person["sex"]))
        sex = self.person_sex.currentData()
        values = {"institution": self.person_institution.text().strip() or None,
                  "position": self.person_position.text().strip() or None,
                  "contact": self.person_contact.text().strip() or None}
        person_id = person["id"] if person is not None else None

        def add() -> None:
            service.attend(self.db, meeting_id, name=name, sex=sex, person_id=person_id, **values)

        if not self._own_change(add):
            return
        self._clear_entry()
        self.person_name.setFocus()
        self._refill(self._fill_attendance)
        self.refresh_directory()
        self.attendees.scrollToBottom()

    def add_count(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        institution = self.count_institution.text().strip()
        if not institution:
            show_error(self, UserError(self.tr("Type the institution of the counted participants first.")))
            self.count_institution.setFocus()
            return

        def add() -> None:
            service.count_attendance(self.db, meeting_id, institution, self.count_male.value(), self.count_female.value())

        if not self._own_change(add):
            return
        self.count_institution.clear()
        self.count_male.setValue(0)
        self.count_female.setValue(0)
        self.count_institution.setFocus()
        self._refill(self._fill_attendance)

    def _remove(self, table: QTableWidget, remove: Callable[[Database, list[int]], None]) -> None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return
        ids = [_cell_data(table, index.row(), 0) for index in rows]
        if self._own_change(lambda: remove(self.db, ids)):
            self._refill(self._fill_attendance)

    def _remove_unsaved_row(self, table: QTableWidget) -> None:
        """Remove a row of a table saved with the texts (districts, case figures): saved by Save."""
        rows = sorted((index.row() for index in table.selectionModel().selectedRows()), reverse=True)
        for row in rows:
            table.removeRow(row)
        if rows:
            self._changed()

    def reload(self) -> None:
        tab = self.tabs.currentIndex()
        self.load(self.meeting_id)
        self.tabs.setCurrentIndex(tab)

    # -- agenda -------------------------------------------------------------------------------------------
    def _update_agenda_buttons(self) -> None:
        row, count = self.agenda.currentRow(), self.agenda.count()
        self.agenda_buttons["remove"].setEnabled(row >= 0)
        self.agenda_buttons["up"].setEnabled(row > 0)
        self.agenda_buttons["down"].setEnabled(0 <= row < count - 1)

    def add_agenda(self) -> None:
        item = QListWidgetItem(self.tr("New agenda item"))
        item.setData(Qt.ItemDataRole.UserRole, "")
        self.agenda.addItem(item)
        self.agenda.setCurrentItem(item)
        self.agenda_title.setFocus()
        self.agenda_title.selectAll()
        self._changed()

    def remove_agenda(self) -> None:
        row = self.agenda.currentRow()
        if row >= 0:
            self.agenda.takeItem(row)
            self._changed()
        self._update_agenda_buttons()

    def move_agenda(self, step: int) -> None:
        row = self.agenda.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.agenda.count():
            return
        item = self.agenda.takeItem(row)
        self.agenda.insertItem(target, item)
        self.agenda.setCurrentRow(target)
        self._changed()

    def _agenda_selected(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        loading = self._loading
        self._loading = True
        self.agenda_title.setText(item.text() if item else "")
        self.agenda_discussion.setPlainText(item.data(Qt.ItemDataRole.UserRole) if item else "")
        self._loading = loading

    def _agenda_edited(self) -> None:
        if self._loading:
            return
        item = self.agenda.currentItem()
        if item is None:
            return
        item.setText(self.agenda_title.text())
        item.setData(Qt.ItemDataRole.UserRole, self.agenda_discussion.toPlainText())
        self._changed()

    # -- follow-up ----------------------------------------------------------------------------------------
    def add_action(self) -> None:
        meeting_id = self.meeting_id  # the meeting checked here is the one the change goes to
        if meeting_id is None:
            return
        what, who, due = self.action_what.text(), self.action_who.text().strip(), _day(self.action_due.date())
        if not self._own_change(lambda: service.add_action(self.db, meeting_id, what, who, due)):
            return
        self.action_what.clear()
        self.action_what.setFocus()
        self._refill(self._fill_actions)

    def _set_status(self, action_id: int, status: str) -> None:
        self._own_change(lambda: service.set_action_status(self.db, action_id, status))

    def review_selected(self, outcome: str) -> None:
        row, meeting_id = self.pending.currentRow(), self.meeting_id
        if row < 0 or meeting_id is None:
            return
        action_id = _cell_data(self.pending, row, 0)
        if self._own_change(lambda: service.review(self.db, action_id, meeting_id, outcome)):
            self._refill(self._fill_actions)

    # -- districts and case figures (saved with the texts) -----------------------------------------------
    def add_progress(self) -> None:
        code = self.progress_kabupaten.code()
        if code is None:
            return
        r = self.progress.rowCount()
        self.progress.insertRow(r)
        self.progress.setItem(r, 0, _item(regions.region_name(code), code))
        self.progress.setItem(r, 1, _item("", editable=True))
        self.progress.setItem(r, 2, _item("", editable=True))
        self._changed()

    def _case_row(self, period: str, category: str, male: int, female: int) -> None:
        r = self.cases.rowCount()
        self.cases.insertRow(r)
        self.cases.setItem(r, 0, _item(period))
        self.cases.setItem(r, 1, _item(f"{category}. {service.CASE_LABELS[category]}", category))
        self.cases.setItem(r, 2, _item(male))
        self.cases.setItem(r, 3, _item(female))

    def add_case(self) -> None:
        period = self.case_period.text().strip()
        if not period:
            show_error(self, UserError(self.tr("Enter the period of the figures.")))
            return
        category = self.case_category.currentData()
        if any(_cell_text(self.cases, r, 0) == period and _cell_data(self.cases, r, 1) == category
               for r in range(self.cases.rowCount())):
            show_error(self, UserError(self.tr("Category {c} is already counted for {p}: remove that row first.")
                                       .format(c=category, p=period)))
            return
        self._case_row(period, category, self.case_male.value(), self.case_female.value())
        self._changed()
