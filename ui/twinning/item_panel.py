"""One RKTL item: its fields, progress notes, evidence files and the mentor's verification."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.storage.base import current_user
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere, stored
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import EVIDENCE_KINDS, STATUSES, Item
from ui.conflict import Choice, resolve
from ui.errors import show_error
from ui.widgets.audit_table import AuditDialog


class OptionalDate(QWidget):
    """A date that may be empty."""

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.edit = QDateEdit(QDate.currentDate())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.check.toggled.connect(self.edit.setEnabled)
        self.edit.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)

    def value(self) -> date | None:
        return self.edit.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class ItemPanel(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.item_id: int | None = None
        self.version: int | None = None  # of the loaded item, for the save's check
        self.programme_id: int | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.topic = QComboBox()
        self.mentee = QComboBox()
        self.activity = QPlainTextEdit()
        self.activity.setMaximumHeight(60)
        self.objective = QLineEdit()
        self.indicator = QLineEdit()
        self.opd = QLineEdit()
        self.person = QLineEdit()
        self.start = OptionalDate()
        self.end = OptionalDate()
        self.done = OptionalDate()
        self.status = QComboBox()
        labels = self.status_labels()
        for code in STATUSES:
            self.status.addItem(labels[code], code)
        form.addRow(self.tr("Topic:"), self.topic)
        form.addRow(self.tr("Mentee:"), self.mentee)
        form.addRow(self.tr("Activity:"), self.activity)
        form.addRow(self.tr("Objective/target:"), self.objective)
        form.addRow(self.tr("Success indicator:"), self.indicator)
        form.addRow(self.tr("Responsible OPD:"), self.opd)
        form.addRow(self.tr("Responsible person:"), self.person)
        form.addRow(self.tr("Planned start:"), self.start)
        form.addRow(self.tr("Planned end:"), self.end)
        form.addRow(self.tr("Completed on:"), self.done)
        form.addRow(self.tr("Status:"), self.status)
        layout.addLayout(form)
        self.verification = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.verification, 1)
        verify = QPushButton(self.tr("Verify (mentor)…"))
        verify.clicked.connect(self.verify)
        save = QPushButton(self.tr("&Save item"))
        save.clicked.connect(self.save)
        remove = QPushButton(self.tr("Delete item…"))
        remove.clicked.connect(self.delete)
        changes = QPushButton(self.tr("&History…"))
        changes.clicked.connect(self.show_history)
        row.addWidget(changes)
        row.addWidget(verify)
        row.addWidget(remove)
        row.addWidget(save)
        layout.addLayout(row)

        notes = QGroupBox(self.tr("Progress notes"))
        box = QVBoxLayout(notes)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        box.addWidget(self.notes)
        row = QHBoxLayout()
        self.note_text = QLineEdit()
        self.note_text.setPlaceholderText(self.tr("What happened (Enter to add)"))
        self.note_text.returnPressed.connect(self.add_note)
        self.note_visit = QComboBox()
        add = QPushButton(self.tr("Add note"))
        add.clicked.connect(self.add_note)
        row.addWidget(self.note_text, 3)
        row.addWidget(self.note_visit, 2)
        row.addWidget(add)
        box.addLayout(row)
        layout.addWidget(notes, 2)

        files = QGroupBox(self.tr("Evidence"))
        box = QVBoxLayout(files)
        self.evidence = QListWidget()
        self.evidence.itemDoubleClicked.connect(lambda _i: self.open_evidence())
        box.addWidget(self.evidence)
        row = QHBoxLayout()
        for text, slot in ((self.tr("Add file…"), self.add_evidence), (self.tr("Open"), self.open_evidence)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(files, 1)
        self.setEnabled(False)

    def status_labels(self) -> dict[str, str]:
        return {"belum_mulai": self.tr("Not started"), "berjalan": self.tr("In progress"), "selesai": self.tr("Done"),
                "tertunda": self.tr("Delayed"), "dibatalkan": self.tr("Cancelled")}

    def set_programme(self, programme_id: int | None) -> None:
        self.programme_id = programme_id
        self.topic.clear()
        self.mentee.clear()
        self.note_visit.clear()
        self.note_visit.addItem(self.tr("(not in a meeting)"), None)
        if programme_id is None:
            return
        for topic in service.topics(self.db, programme_id):
            self.topic.addItem(f"Topik {topic['number']}: {topic['name']}", topic["id"])
        for unit in service.units(self.db, programme_id, "mentee"):
            self.mentee.addItem(unit["name"], unit["id"])
        kinds = {"kunjungan_belajar": self.tr("study visit"), "pendampingan": self.tr("mentoring visit"),
                 "rapat_daring": self.tr("online meeting")}
        for visit in reversed(service.visits(self.db, programme_id)):
            self.note_visit.addItem(f"{visit['visit_date']:%d/%m/%Y} {kinds[visit['kind']]}", visit["id"])

    def new_item(self) -> None:
        self.item_id = None
        self.setEnabled(True)
        self.activity.clear()
        for edit in (self.objective, self.indicator, self.opd, self.person):
            edit.clear()
        for widget in (self.start, self.end, self.done):
            widget.set_value(None)
        self.status.setCurrentIndex(0)
        self.notes.clear()
        self.evidence.clear()
        self.verification.setText(self.tr("New item: save it before adding notes or files."))
        self.activity.setFocus()

    def load(self, item_id: int | None) -> None:
        self.item_id = item_id
        self.setEnabled(item_id is not None)
        if item_id is None:
            return
        with self.db.session() as session:
            item = service.item_detail(session, item_id)
            self.version = item.version
            self.topic.setCurrentIndex(self.topic.findData(item.topic_id))
            self.mentee.setCurrentIndex(self.mentee.findData(item.mentee_unit_id))
            self.activity.setPlainText(item.activity)
            self.objective.setText(item.objective or "")
            self.indicator.setText(item.indicator or "")
            self.opd.setText(item.responsible_opd or "")
            self.person.setText(item.responsible_person or "")
            self.start.set_value(item.planned_start)
            self.end.set_value(item.planned_end)
            self.done.set_value(item.actual_done)
            self.status.setCurrentIndex(self.status.findData(item.status))
            if item.verified_by:
                self.verification.setText(self.tr("Verified by {who} on {when}").format(
                    who=item.verified_by, when=item.verified_at.strftime("%d/%m/%Y") if item.verified_at else "?"))
            else:
                self.verification.setText(self.tr("Not verified by the mentor yet"))
            self.notes.clear()
            for note in reversed(item.notes):
                self.notes.addItem(f"{note.note_date:%d/%m/%Y} — {note.author}: {note.text}")
            self.evidence.clear()
            for row in item.evidence:
                title = row.title if row.title.startswith(row.kind) else f"{row.kind}: {row.title}"
                entry = QListWidgetItem(f"{title}  ({row.size // 1024 + 1} KB)")
                entry.setToolTip(row.original_name)
                entry.setData(Qt.ItemDataRole.UserRole, row.id)
                self.evidence.addItem(entry)

    def values(self) -> dict[str, Any]:
        return {
            "topic_id": self.topic.currentData(), "mentee_unit_id": self.mentee.currentData(),
            "activity": self.activity.toPlainText().strip(), "objective": self.objective.text().strip() or None,
            "indicator": self.indicator.text().strip() or None, "responsible_opd": self.opd.text().strip() or None,
            "responsible_person": self.person.text().strip() or None, "planned_start": self.start.value(),
            "planned_end": self.end.value(), "actual_done": self.done.value(), "status": self.status.currentData(),
        }

    def save(self) -> bool:
        values = self.values()
        expected = self.version if self.item_id is not None else None
        try:
            try:
                self.item_id = service.save_item(self.db, values, self.item_id, expected_version=expected)
            except service.NeedsConfirmation as question:
                answer = QMessageBox.question(self, self.tr("No evidence yet"), str(question),
                                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                              QMessageBox.StandardButton.No)
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                self.item_id = service.save_item(self.db, values, self.item_id, confirmed=True,
                                                 expected_version=expected)
        except ChangedElsewhere as error:
            return self._conflict(error, values)
        except UserError as error:
            show_error(self, error)
            return False
        self.load(self.item_id)
        self.changed.emit()
        return True

    def _conflict(self, error: ChangedElsewhere, values: dict[str, Any]) -> bool:
        """Someone else saved this item meanwhile: reload theirs, or compare and save mine over it."""
        item_id = self.item_id
        labels = {"activity": self.tr("Activity"), "objective": self.tr("Objective"), "indicator": self.tr("Indicator"),
                  "responsible_opd": self.tr("Responsible OPD"), "responsible_person": self.tr("Responsible person"),
                  "planned_start": self.tr("Planned start"), "planned_end": self.tr("Planned end"),
                  "actual_done": self.tr("Done on"), "status": self.tr("Status")}
        choice = resolve(self, error, labels, values,
                         lambda: (stored(self.db, Item, item_id, list(labels)) or (0, None))[1])
        if choice is Choice.RELOAD:
            self.load(item_id)
            return False
        if choice is Choice.OVERWRITE:
            found = stored(self.db, Item, item_id, [])
            self.version = found[0] if found else None
            return self.save()
        return False

    def show_history(self) -> None:
        if self.item_id is not None:
            AuditDialog(self.db, Item, self.item_id, self.activity.toPlainText()[:60], self).exec()

    def delete(self) -> None:
        if self.item_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete item"), self.tr(
            "Move this RKTL item, with its notes and evidence list, to the trash?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            service.delete_item(self.db, self.item_id)
            self.item_id = None
            self.setEnabled(False)
            self.changed.emit()

    def add_note(self) -> None:
        if self.item_id is None or not self.note_text.text().strip():
            return
        service.add_note(self.db, self.item_id, self.note_text.text(), current_user(), date.today(),
                         self.note_visit.currentData())
        self.note_text.clear()
        self.load(self.item_id)
        self.changed.emit()

    def add_evidence(self, path: str | None = None, kind: str | None = None) -> None:
        if self.item_id is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Add evidence"), "",
                                                  self.tr("Documents and photos (*.pdf *.jpg *.jpeg *.png *.docx *.doc "
                                                          "*.xlsx *.xls *.pptx *.odt)"))
            if not path:
                return
        if kind is None:
            kind, ok = QInputDialog.getItem(self, self.tr("Kind of evidence"), self.tr("This file is a:"),
                                            list(EVIDENCE_KINDS), 0, False)
            if not ok:
                return
        try:
            service.add_evidence(self.db, self.item_id, Path(path), kind)
        except UserError as error:
            show_error(self, error)
            return
        self.load(self.item_id)
        self.changed.emit()

    def open_evidence(self) -> None:
        entry = self.evidence.currentItem()
        if entry is None:
            return
        try:
            path = service.evidence_path(self.db, entry.data(Qt.ItemDataRole.UserRole))
        except UserError as error:
            show_error(self, error)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def verify(self) -> None:
        if self.item_id is None:
            return
        who, ok = QInputDialog.getText(self, self.tr("Mentor's verification"), self.tr("Verified by (mentor's name):"))
        if ok and who.strip():
            service.verify_item(self.db, self.item_id, who)
            self.load(self.item_id)
            self.changed.emit()
