"""The PKSAI tab: forums and their meetings on the left, the meeting being minuted on the right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.pksai import service
from bakti_desktop.storage.database import Database
from ui.errors import show_error
from ui.widgets.dialogs import add_ok_cancel
from ui.pksai.meeting_editor import MeetingEditor
from ui.pksai.register import ActionsRegister
from ui.widgets.combo import refill
from ui.widgets.regions import KabupatenCombo
from ui.workers import run_task


class NewMeetingDialog(QDialog):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(self.tr("New meeting"))
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Date:"), self.day)
        add_ok_cancel(self, form)
        self.resize(480, 120)


class PksaiPage(QWidget):
    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        layout = QHBoxLayout(self)
        splitter = QSplitter()
        layout.addWidget(splitter)

        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(QLabel(self.tr("Forum:")))
        self.forum = QComboBox()
        column.addWidget(self.forum)
        row = QHBoxLayout()
        new_forum = QPushButton(self.tr("New forum…"))
        new_forum.clicked.connect(self.new_forum)
        row.addWidget(new_forum)
        column.addLayout(row)
        column.addWidget(QLabel(self.tr("Meetings:")))
        self.meetings = QListWidget()
        column.addWidget(self.meetings)
        for text, slot in ((self.tr("New meeting…"), self.new_meeting), (self.tr("Delete meeting…"), self.delete_meeting),
                           (self.tr("Print minutes (PDF)…"), self.export_minutes),
                           (self.tr("Actions register…"), self.open_register)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            column.addWidget(button)
        splitter.addWidget(left)
        self.editor = MeetingEditor(db)
        splitter.addWidget(self.editor)
        self.meetings.setWordWrap(True)
        splitter.setSizes([340, 1000])
        splitter.setStretchFactor(1, 1)

        self.forum.currentIndexChanged.connect(lambda _i: self.reload_meetings())
        self.meetings.currentItemChanged.connect(self._meeting_chosen)
        self.reload_forums()

    # -- lists --------------------------------------------------------------------------------------------
    def reload_forums(self, select: int | None = None) -> None:
        refill(self.forum, ((f["name"], f["id"]) for f in service.forums(self.db)), select)
        self.reload_meetings()

    def reload_meetings(self, select: int | None = None) -> None:
        self.editor.save()
        forum_id = self.forum.currentData()
        self.meetings.blockSignals(True)
        self.meetings.clear()
        chosen = None
        if forum_id is not None:
            for meeting in service.meetings(self.db, forum_id):
                item = QListWidgetItem(f"{meeting['meeting_date']:%d/%m/%Y} — {meeting['title']}")
                item.setData(Qt.ItemDataRole.UserRole, meeting["id"])
                self.meetings.addItem(item)
                if meeting["id"] == select:
                    chosen = item
        self.meetings.blockSignals(False)
        if chosen is None and self.meetings.count():
            chosen = self.meetings.item(0)
        if chosen is not None:
            self.meetings.setCurrentItem(chosen)
        else:
            self.editor.load(None)

    def _meeting_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        self.editor.save()
        self.editor.load(item.data(Qt.ItemDataRole.UserRole) if item else None)

    def refresh(self) -> None:
        self.reload_forums()

    # -- actions ------------------------------------------------------------------------------------------
    def new_forum(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("New forum"))
        form = QFormLayout(dialog)
        name = QLineEdit()
        name.setPlaceholderText(self.tr("e.g. Rapat Koordinasi Lintas Sektor PKSAI Kabupaten Gowa"))
        kabupaten = KabupatenCombo()
        form.addRow(self.tr("Name:"), name)
        form.addRow(self.tr("Kabupaten/Kota (empty: provincial):"), kabupaten)
        add_ok_cancel(dialog, form)
        dialog.resize(560, 120)
        if not dialog.exec():
            return
        try:
            forum_id = service.create_forum(self.db, name.text(), kabupaten.code())
        except UserError as error:
            show_error(self, error)
            return
        self.reload_forums(select=forum_id)

    def new_meeting(self) -> None:
        forum_id = self.forum.currentData()
        if forum_id is None:
            show_error(self, UserError(self.tr("Create a forum first.")))
            return
        dialog = NewMeetingDialog(self)
        if not dialog.exec():
            return
        day = dialog.day.date().toPython()
        try:
            meeting_id, pending = service.create_meeting(self.db, forum_id, dialog.title.text(), day)
        except UserError as error:
            show_error(self, error)
            return
        self.reload_meetings(select=meeting_id)
        if pending:
            self.editor.show_review()
            QMessageBox.information(self, self.tr("Open actions"), self.tr(
                "{n} follow-up actions of earlier meetings of this forum are still open. Review them in the "
                "'Follow-up' tab: close each one or carry it forward.").format(n=pending))

    def delete_meeting(self) -> None:
        item = self.meetings.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete meeting"),
                                      self.tr("Move the meeting '{title}' with its minutes and attendance to the "
                                              "trash?").format(
                                          title=item.text()),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.meeting_id = None
            service.delete_meeting(self.db, item.data(Qt.ItemDataRole.UserRole))
            self.reload_meetings()

    def export_minutes(self) -> None:
        from bakti_desktop.pksai.export import export_minutes

        item = self.meetings.currentItem()
        if item is None:
            return
        self.editor.save()
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Print minutes"), f"notulen-{meeting_id}.pdf",
                                              self.tr("PDF document (*.pdf)"))
        if path:
            run_task(self, self.tr("Writing the minutes…"),
                     lambda task: export_minutes(self.db, Path(path), meeting_id=meeting_id),
                     lambda out: QMessageBox.information(self, self.tr("Minutes written"), str(out)),
                     lambda error: show_error(self, error), cancellable=False)

    def open_register(self) -> None:
        ActionsRegister(self.db, self).exec()

