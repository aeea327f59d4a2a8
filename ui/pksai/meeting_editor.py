"""Minuting one meeting: details, attendance, agenda and discussion, decisions, follow-up, districts, cases.

Everything typed is kept: table edits are written at once, texts when the user
switches meeting or tab, presses Save, closes the window, and every 20 seconds.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer
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
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop import regions
from bakti_desktop.errors import UserError
from bakti_desktop.pksai import service
from bakti_desktop.pksai.models import AttendanceCount, Attendee, Meeting
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere, stored
from ui.conflict import Choice, resolve
from ui.errors import show_error
from ui.widgets.audit_table import AuditDialog
from ui.widgets.regions import KabupatenCombo
from ui.widgets.scroll import scrollable

STATUSES = ("terbuka", "selesai", "dilanjutkan", "dibatalkan")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(text: Any, data: Any = None, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class MeetingEditor(QWidget):
    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.meeting_id: int | None = None
        self.version: int | None = None  # of the loaded meeting, for the save's check
        self.dirty = False
        self._loading = False
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
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
        self.tabs.currentChanged.connect(lambda _i: self.save())
        bottom = QHBoxLayout()
        self.status = QLabel()
        bottom.addWidget(self.status)
        bottom.addStretch(1)
        changes = QPushButton(self.tr("&History…"))
        changes.clicked.connect(self.show_history)
        bottom.addWidget(changes)
        save = QPushButton(self.tr("&Save"))
        save.clicked.connect(self.save)
        bottom.addWidget(save)
        layout.addLayout(bottom)
        self.autosave = QTimer(self)
        self.autosave.setInterval(20_000)
        self.autosave.timeout.connect(self.save)
        self.autosave.start()
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
        self.start = QLineEdit()
        self.end = QLineEdit()
        self.closed_at = QLineEdit()
        for edit in (self.start, self.end, self.closed_at):
            edit.setPlaceholderText("09:00")
            edit.setMaximumWidth(90)
        self.place = QLineEdit()
        self.mode = QComboBox()
        for code, text in (("tatap_muka", self.tr("In person")), ("daring", self.tr("Online")),
                           ("campuran", self.tr("Hybrid"))):
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
        for widget in (self.title, self.start, self.end, self.closed_at, self.place, self.chair, self.chair_position,
                       self.chair_nip, self.notetaker, self.notetaker_nip):
            widget.textChanged.connect(self._changed)
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
        self.person_name.setPlaceholderText(self.tr("Name (type to pick from the directory)"))
        self.person_institution = QLineEdit()
        self.person_institution.setPlaceholderText(self.tr("Institution/OPD"))
        self.person_position = QLineEdit()
        self.person_position.setPlaceholderText(self.tr("Position"))
        self.person_sex = QComboBox()
        self.person_sex.addItem("L", "L")
        self.person_sex.addItem("P", "P")
        self.person_contact = QLineEdit()
        self.person_contact.setPlaceholderText(self.tr("Contact"))
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(self.add_attendee)
        for widget in (self.person_name, self.person_institution, self.person_position, self.person_sex,
                       self.person_contact, add):
            entry.addWidget(widget)
        entry.setStretch(0, 3)
        entry.setStretch(1, 3)
        entry.setStretch(2, 2)
        for widget in (self.person_name, self.person_institution, self.person_position, self.person_contact):
            widget.returnPressed.connect(self.add_attendee)
        self.directory: dict[str, dict[str, Any]] = {}
        self.completer = QCompleter()
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated.connect(self._person_picked)
        self.person_name.setCompleter(self.completer)
        box.addLayout(entry)
        self.attendees = _table([self.tr("Name"), self.tr("Institution/OPD"), self.tr("Position"), "L/P",
                                 self.tr("Contact")])
        self.attendees.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((220, 220, 160, 40)):
            self.attendees.setColumnWidth(column, width)
        box.addWidget(self.attendees)
        remove = QPushButton(self.tr("Remove selected participant"))
        remove.clicked.connect(lambda: self._remove(self.attendees, Attendee))
        box.addWidget(remove, alignment=Qt.AlignmentFlag.AlignRight)
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
        add.clicked.connect(self.add_count)
        self.count_institution.returnPressed.connect(self.add_count)
        for widget in (self.count_institution, self.count_male, self.count_female, add):
            entry.addWidget(widget)
        box.addLayout(entry)
        self.counts = _table([self.tr("Institution/OPD"), "L", "P", self.tr("Total")])
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.counts)
        remove = QPushButton(self.tr("Remove selected row"))
        remove.clicked.connect(lambda: self._remove(self.counts, AttendanceCount))
        box.addWidget(remove, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(counted, 2)
        return page

    def _agenda_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.agenda = QListWidget()
        left.addWidget(self.agenda)
        row = QHBoxLayout()
        for text, slot in ((self.tr("Add item"), self.add_agenda), (self.tr("Remove"), self.remove_agenda),
                           ("↑", lambda: self.move_agenda(-1)), ("↓", lambda: self.move_agenda(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
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
        box.addWidget(self.pending)
        row = QHBoxLayout()
        row.addStretch(1)
        for text, outcome in ((self.tr("Done"), "selesai"), (self.tr("Carry forward"), "dilanjutkan"),
                              (self.tr("Cancel action"), "dibatalkan")):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, o=outcome: self.review_selected(o))
            row.addWidget(button)
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
        add.clicked.connect(self.add_action)
        self.action_what.returnPressed.connect(self.add_action)
        for widget in (self.action_what, self.action_who, self.action_due, add):
            entry.addWidget(widget)
        entry.setStretch(0, 4)
        entry.setStretch(1, 2)
        box.addLayout(entry)
        self.actions = _table([self.tr("Action"), self.tr("Responsible"), self.tr("Due"), self.tr("Status")])
        self.actions.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.actions)
        layout.addWidget(own, 3)
        return page

    def _progress_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("For multi-district meetings: progress and challenges of each district.")))
        row = QHBoxLayout()
        self.progress_kabupaten = KabupatenCombo(allow_all=False)
        add = QPushButton(self.tr("Add district"))
        add.clicked.connect(self.add_progress)
        row.addWidget(self.progress_kabupaten)
        row.addWidget(add)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = _table([self.tr("Kabupaten/Kota"), self.tr("Progress"), self.tr("Challenges")])
        self.progress.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.progress.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.progress.itemChanged.connect(self._changed)
        layout.addWidget(self.progress)
        remove = QPushButton(self.tr("Remove selected row"))
        remove.clicked.connect(lambda: (self.progress.removeRow(self.progress.currentRow()), self._changed()))
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
        add.clicked.connect(self.add_case)
        for widget in (self.case_period, self.case_category, self.case_male, self.case_female, add):
            row.addWidget(widget)
        row.setStretch(1, 3)
        layout.addLayout(row)
        self.cases = _table([self.tr("Period"), self.tr("Category"), "L", "P"])
        self.cases.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.cases)
        remove = QPushButton(self.tr("Remove selected row"))
        remove.clicked.connect(lambda: (self.cases.removeRow(self.cases.currentRow()), self._changed()))
        layout.addWidget(remove, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    # -- loading and saving -------------------------------------------------------------------------------
    def _changed(self, *_args: Any) -> None:
        if not self._loading:
            self.dirty = True
            self.status.setText(self.tr("Unsaved changes…"))

    def show_review(self) -> None:
        self.tabs.setCurrentIndex(4)

    def load(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.setEnabled(meeting_id is not None)
        self._loading = True
        try:
            if meeting_id is None:
                self.heading.setText(self.tr("No meeting selected"))
                return
            self._fill()
        finally:
            self._loading = False
        self.dirty = False
        self.status.setText("")

    def _fill(self) -> None:
        with self.db.session() as session:
            m = service.load_meeting(session, self.meeting_id)  # type: ignore[arg-type]
            self.version = m.version
            self.heading.setText(f"{m.title} — {m.meeting_date:%d/%m/%Y}")
            self.title.setText(m.title)
            self.day.setDate(QDate(m.meeting_date.year, m.meeting_date.month, m.meeting_date.day))
            self.start.setText(m.start_time or "")
            self.end.setText(m.end_time or "")
            self.closed_at.setText(m.closed_at or "")
            self.place.setText(m.place or "")
            self.mode.setCurrentIndex(max(0, self.mode.findData(m.mode)))
            self.chair.setText(m.chair_name or "")
            self.chair_position.setText(m.chair_position or "")
            self.chair_nip.setText(m.chair_nip or "")
            self.notetaker.setText(m.notetaker_name or "")
            self.notetaker_nip.setText(m.notetaker_nip or "")
            self.opening.setPlainText(m.opening or "")
            self.closing.setPlainText(m.closing or "")
            self.decisions.setPlainText("\n".join(d.text for d in m.decisions))
            self.agenda.clear()
            for a in m.agenda:
                item = QListWidgetItem(a.title)
                item.setData(Qt.ItemDataRole.UserRole, a.discussion or "")
                self.agenda.addItem(item)
            if self.agenda.count():
                self.agenda.setCurrentRow(0)
            else:
                self.agenda_title.clear()
                self.agenda_discussion.clear()
            self._fill_attendance(m)
            self._fill_actions(session, m)
            self.progress.setRowCount(0)
            for p in m.progress:
                r = self.progress.rowCount()
                self.progress.insertRow(r)
                self.progress.setItem(r, 0, _item(regions.region_name(p.kabupaten_code), p.kabupaten_code))
                self.progress.setItem(r, 1, _item(p.progress, editable=True))
                self.progress.setItem(r, 2, _item(p.challenges, editable=True))
            self.cases.setRowCount(0)
            for c in m.cases:
                self._case_row(c.period, c.category, c.male, c.female)
        self.directory = {p["name"]: p for p in service.people_directory(self.db)}
        self.completer.setModel(QStringListModel(sorted(self.directory), self.completer))

    def _fill_attendance(self, m: Any) -> None:
        self.attendees.setRowCount(0)
        for a in m.attendees:
            r = self.attendees.rowCount()
            self.attendees.insertRow(r)
            for c, value in enumerate((a.name, a.institution, a.position, a.sex, a.contact)):
                self.attendees.setItem(r, c, _item(value, a.id if c == 0 else None))
        self.counts.setRowCount(0)
        for row in m.counts:
            r = self.counts.rowCount()
            self.counts.insertRow(r)
            for c, value in enumerate((row.institution, row.male, row.female, row.male + row.female)):
                self.counts.setItem(r, c, _item(value, row.id if c == 0 else None))
        self.totals.setText(service.attendance_totals(m).text())

    def _fill_actions(self, session: Any, m: Any) -> None:
        self.pending.setRowCount(0)
        for a in service.open_actions_for(session, m):
            r = self.pending.rowCount()
            self.pending.insertRow(r)
            origin = session.get(type(m), a.meeting_id)
            for c, value in enumerate((a.what, a.responsible, a.due_date.strftime("%d/%m/%Y") if a.due_date else "",
                                       f"{origin.meeting_date:%d/%m/%Y} {origin.title}")):
                self.pending.setItem(r, c, _item(value, a.id if c == 0 else None))
        self.actions.setRowCount(0)
        today = date.today()
        for a in m.actions:
            r = self.actions.rowCount()
            self.actions.insertRow(r)
            self.actions.setItem(r, 0, _item(a.what, a.id))
            self.actions.setItem(r, 1, _item(a.responsible))
            due = _item(a.due_date.strftime("%d/%m/%Y") if a.due_date else "")
            if a.status == "terbuka" and a.due_date and a.due_date < today:
                due.setForeground(Qt.GlobalColor.red)
                due.setToolTip(self.tr("Overdue"))
            self.actions.setItem(r, 2, due)
            combo = QComboBox()
            labels = {"terbuka": self.tr("Open"), "selesai": self.tr("Done"), "dilanjutkan": self.tr("Carried forward"),
                      "dibatalkan": self.tr("Cancelled")}
            for status in STATUSES:
                combo.addItem(labels[status], status)
            combo.setCurrentIndex(combo.findData(a.status))
            combo.currentIndexChanged.connect(
                lambda _i, action_id=a.id, box=combo: self._set_status(action_id, box.currentData()))
            self.actions.setCellWidget(r, 3, combo)
        self.actions.setColumnWidth(1, 220)
        self.actions.setColumnWidth(2, 90)
        self.actions.horizontalHeader().setStretchLastSection(False)
        self.actions.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.actions.setColumnWidth(3, 150)
        self.actions.resizeRowsToContents()

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
        if self.meeting_id is None or not self.dirty or self._loading:
            return True
        try:
            items = [(self.agenda.item(i).text(), self.agenda.item(i).data(Qt.ItemDataRole.UserRole))
                     for i in range(self.agenda.count())]
            rows = []
            for r in range(self.progress.rowCount()):
                rows.append((self.progress.item(r, 0).data(Qt.ItemDataRole.UserRole),
                             (self.progress.item(r, 1) or _item("")).text(), (self.progress.item(r, 2) or _item("")).text()))
            cases = [(self.cases.item(r, 0).text(), self.cases.item(r, 1).data(Qt.ItemDataRole.UserRole),
                      int(self.cases.item(r, 2).text()), int(self.cases.item(r, 3).text()))
                     for r in range(self.cases.rowCount())]
            # One transaction, conditional on the version loaded: a refused save writes none of the lists either.
            decisions = self.decisions.toPlainText().splitlines()
            version = service.save_meeting(self.db, self.meeting_id, self.values(), decisions=decisions, agenda=items,
                                           progress=rows, cases=cases, expected_version=self.version)
        except ChangedElsewhere as error:
            return self._conflict(error)
        except UserError as error:
            self.status.setText(str(error))
            self.status.setStyleSheet("color: #C62828;")
            return False
        self.version = version
        self.dirty = False
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved"))
        return True

    def show_history(self) -> None:
        if self.meeting_id is not None:
            self.save()
            AuditDialog(self.db, Meeting, self.meeting_id, self.title.text(), self).exec()

    def _conflict(self, error: ChangedElsewhere) -> bool:
        """Someone else saved this meeting meanwhile: reload theirs, or compare and save mine over it."""
        meeting_id = self.meeting_id
        labels = {"title": self.tr("Title"), "meeting_date": self.tr("Date"), "start_time": self.tr("Start"),
                  "end_time": self.tr("End"), "place": self.tr("Place"), "chair_name": self.tr("Chair"),
                  "notetaker_name": self.tr("Note-taker"), "opening": self.tr("Opening"),
                  "closing": self.tr("Closing")}
        choice = resolve(self, error, labels, self.values(),
                         lambda: (stored(self.db, Meeting, meeting_id, list(labels)) or (0, None))[1])
        if choice is Choice.RELOAD:
            self.dirty = False
            self.load(meeting_id)
            return True
        if choice is Choice.OVERWRITE:
            found = stored(self.db, Meeting, meeting_id, [])
            self.version = found[0] if found else None
            return self.save()
        self.status.setText(str(error))
        self.status.setStyleSheet("color: #C62828;")
        return False

    # -- operations ---------------------------------------------------------------------------------------
    def _person_picked(self, name: str) -> None:
        person = self.directory.get(name)
        if person:
            self.person_institution.setText(person["institution"] or "")
            self.person_position.setText(person["position"] or "")
            self.person_sex.setCurrentIndex(self.person_sex.findData(person["sex"]))
            self.person_contact.setText(person["contact"] or "")

    def add_attendee(self) -> None:
        if self.meeting_id is None:
            return
        self.save()
        try:
            with self.db.session() as session:
                meeting = service.load_meeting(session, self.meeting_id)
                service.add_attendee(session, meeting, name=self.person_name.text(), sex=self.person_sex.currentData(),
                                     institution=self.person_institution.text().strip() or None,
                                     position=self.person_position.text().strip() or None,
                                     contact=self.person_contact.text().strip() or None)
        except UserError as error:
            show_error(self, error)
            return
        for widget in (self.person_name, self.person_institution, self.person_position, self.person_contact):
            widget.clear()
        self.person_name.setFocus()
        self.reload()

    def add_count(self) -> None:
        if self.meeting_id is None or not self.count_institution.text().strip():
            return
        self.save()
        with self.db.session() as session:
            meeting = service.load_meeting(session, self.meeting_id)
            service.add_count(meeting, self.count_institution.text().strip(), self.count_male.value(),
                              self.count_female.value())
        self.count_institution.clear()
        self.count_male.setValue(0)
        self.count_female.setValue(0)
        self.count_institution.setFocus()
        self.reload()

    def _remove(self, table: QTableWidget, model: type) -> None:
        row = table.currentRow()
        if row < 0:
            return
        self.save()
        service.delete_rows(self.db, model, [table.item(row, 0).data(Qt.ItemDataRole.UserRole)])
        self.reload()

    def reload(self) -> None:
        tab = self.tabs.currentIndex()
        self.load(self.meeting_id)
        self.tabs.setCurrentIndex(tab)

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

    def add_action(self) -> None:
        if self.meeting_id is None:
            return
        self.save()
        try:
            service.add_action(self.db, self.meeting_id, self.action_what.text(), self.action_who.text().strip(),
                               self.action_due.date().toPython())
        except UserError as error:
            show_error(self, error)
            return
        self.action_what.clear()
        self.action_what.setFocus()
        self.reload()

    def _set_status(self, action_id: int, status: str) -> None:
        service.set_action_status(self.db, action_id, status)

    def review_selected(self, outcome: str) -> None:
        row = self.pending.currentRow()
        if row < 0 or self.meeting_id is None:
            return
        self.save()
        service.review(self.db, self.pending.item(row, 0).data(Qt.ItemDataRole.UserRole), self.meeting_id, outcome)
        self.reload()

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
        self._case_row(period, self.case_category.currentData(), self.case_male.value(), self.case_female.value())
        self._changed()
        self.save()
