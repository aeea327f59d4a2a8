"""The PKSAI tab: forums and their meetings on the left, the meeting being minuted on the right.

Nothing typed is lost: before another forum or meeting is shown, the editor's unsaved changes are
settled with *Simpan / Buang / Batal*; :meth:`PksaiPage.editors` gives the editor to the main window
for its close. On an empty database the right side says what to do first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.pksai import service
from bakti_desktop.reports import format as fmt
from bakti_desktop.storage.database import Database
from ui.errors import show_error
from ui.pksai.meeting_editor import MeetingEditor
from ui.pksai.register import ActionsRegister
from ui.widgets.combo import refill
from ui.widgets.dialogs import add_ok_cancel
from ui.widgets.files import ask_save_path, offer_open
from ui.widgets.regions import KabupatenCombo
from ui.widgets.unsaved import Editor, settle
from ui.workers import run_task


class NewMeetingDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New meeting"))
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Monitoring Puskesos Desa Lembang Loe"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Date:"), self.day)
        add_ok_cancel(self, form)
        self.resize(480, 120)


class PksaiPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._forum_id: Any = None  # the forum shown, to go back to when a switch is cancelled
        self._switching = False
        layout = QHBoxLayout(self)
        splitter = QSplitter()
        layout.addWidget(splitter)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("Forum:")))
        self.forum = QComboBox()
        # Forum names are long by nature ("Rapat Koordinasi Lintas Sektor PKSAI Provinsi …"): the box shows
        # what fits, the tooltip and the list show them whole.
        self.forum.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.forum.setMinimumContentsLength(20)
        self.forum.view().setMinimumWidth(560)
        self.forum.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        column.addWidget(self.forum)
        self.new_forum_button = QPushButton(self.tr("New forum…"))
        self.new_forum_button.clicked.connect(lambda: self.new_forum())
        column.addWidget(self.new_forum_button)
        column.addWidget(QLabel(self.tr("Meetings:")))
        self.meetings = QListWidget()
        self.meetings.setWordWrap(True)
        column.addWidget(self.meetings)
        self.new_meeting_button = QPushButton(self.tr("New meeting…"))
        self.new_meeting_button.clicked.connect(lambda: self.new_meeting())
        self.delete_button = QPushButton(self.tr("Delete meeting…"))
        self.delete_button.clicked.connect(lambda: self.delete_meeting())
        self.print_button = QPushButton(self.tr("Print minutes (PDF)…"))
        self.print_button.clicked.connect(lambda: self.export_minutes())
        self.register_button = QPushButton(self.tr("Actions register…"))
        self.register_button.clicked.connect(lambda: self.open_register())
        for button in (self.new_meeting_button, self.delete_button, self.print_button, self.register_button):
            column.addWidget(button)
        splitter.addWidget(left)

        self.right = QStackedWidget()
        self.hint_page = self._hint_page()
        self.right.addWidget(self.hint_page)
        self.editor = MeetingEditor(db)
        self.right.addWidget(self.editor)
        splitter.addWidget(self.right)
        splitter.setSizes([320, 1000])
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, False)

        self.forum.currentIndexChanged.connect(lambda _i: self._forum_chosen())
        self.meetings.currentItemChanged.connect(self._meeting_chosen)
        self.editor.saved.connect(lambda _meeting_id: self._retitle())
        self.reload_forums()

    def _hint_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setMinimumWidth(420)
        self.hint.setMaximumWidth(640)
        self.hint.setStyleSheet("font-size: 14px;")
        centred = QHBoxLayout()  # not an alignment flag: a wrapped label needs its width to know its height
        centred.addStretch(1)
        centred.addWidget(self.hint, 4)
        centred.addStretch(1)
        box.addLayout(centred)
        row = QHBoxLayout()
        row.addStretch(1)
        self.hint_forum = QPushButton(self.tr("New forum…"))
        self.hint_forum.clicked.connect(lambda: self.new_forum())
        self.hint_meeting = QPushButton(self.tr("New meeting…"))
        self.hint_meeting.clicked.connect(lambda: self.new_meeting())
        self.hint_demo = QPushButton(self.tr("Load the demonstration data…"))
        self.hint_demo.clicked.connect(lambda: self.load_demo())
        for button in (self.hint_forum, self.hint_meeting, self.hint_demo):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(2)
        return page

    # -- the main window's contract --------------------------------------------------------------------
    def editors(self) -> list[Editor]:
        """The editors that may hold unsaved changes: the meeting being minuted."""
        return [self.editor]

    def refresh(self) -> None:
        """Show the stored forums and meetings again; what is being typed in the open meeting stays."""
        self.reload_forums(select=self.forum.currentData())

    # -- lists --------------------------------------------------------------------------------------------
    def reload_forums(self, select: int | None = None) -> None:
        forums = service.forums(self.db)
        refill(self.forum, ((f["name"], f["id"]) for f in forums), select)
        self._forum_id = self.forum.currentData()
        self.forum.setToolTip(self.forum.currentText())
        self.reload_meetings(select=self.editor.meeting_id, keep_editor=True)

    def reload_meetings(self, select: int | None = None, keep_editor: bool = False) -> None:
        """Fill the meetings of the chosen forum and show ``select`` (else the newest).

        With ``keep_editor``, a meeting already open with unsaved changes is left as it is on screen.
        """
        forum_id = self.forum.currentData()
        self.meetings.blockSignals(True)
        self.meetings.clear()
        chosen = None
        if forum_id is not None:
            for meeting in service.meetings(self.db, forum_id):
                text, tip = self._item_text(meeting)
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, meeting["id"])
                item.setToolTip(tip)
                self.meetings.addItem(item)
                if meeting["id"] == select:
                    chosen = item
        if chosen is None and self.meetings.count():
            chosen = self.meetings.item(0)
        if chosen is not None:
            self.meetings.setCurrentItem(chosen)
        self.meetings.blockSignals(False)
        meeting_id = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        if not (keep_editor and meeting_id == self.editor.meeting_id and self.editor.has_unsaved_changes()):
            self.editor.load(meeting_id)
        elif meeting_id is not None:
            self.editor.refresh_directory()
        self._update_state()

    @staticmethod
    def _item_text(meeting: dict[str, Any]) -> tuple[str, str]:
        return (f"{fmt.date_short(meeting['meeting_date'])} — {meeting['title']}",
                f"{fmt.date_text(meeting['meeting_date'])}\n{meeting['title']}")

    def _retitle(self) -> None:
        """A saved title or date shows in the list at once (the selection and the order stay until a reload)."""
        stored = {m["id"]: m for m in service.meetings(self.db, self.forum.currentData())}
        for row in range(self.meetings.count()):
            item = self.meetings.item(row)
            meeting = stored.get(item.data(Qt.ItemDataRole.UserRole))
            if meeting is not None:
                text, tip = self._item_text(meeting)
                item.setText(text)
                item.setToolTip(tip)

    def _update_state(self) -> None:
        has_forum = self.forum.currentData() is not None
        has_meeting = self.meetings.currentItem() is not None
        self.forum.setEnabled(has_forum)
        self.new_meeting_button.setEnabled(has_forum)
        self.delete_button.setEnabled(has_meeting)
        self.print_button.setEnabled(has_meeting)
        self.register_button.setEnabled(has_forum)
        if has_meeting:
            self.right.setCurrentWidget(self.editor)
            return
        if has_forum:
            self.hint.setText(self.tr(
                "<p><b>The forum “{forum}” has no meetings yet.</b></p>"
                "<p>Add its first meeting with <b>New meeting…</b>: give the title and the date, then minute it "
                "here: attendance, agenda and discussion, decisions and follow-up actions.</p>").format(
                forum=self.forum.currentText()))
        else:
            self.hint.setText(self.tr(
                "<p><b>No PKSAI forum yet.</b></p>"
                "<p>Minutes belong to a forum: a coordination meeting that comes back, such as the PKSAI "
                "coordination of a kabupaten. First create the forum with <b>New forum…</b>, then add its "
                "meetings with <b>New meeting…</b>.</p>"
                "<p>To look around first, load the demonstration data.</p>"))
        self.hint_forum.setVisible(not has_forum)
        self.hint_demo.setVisible(not has_forum)
        self.hint_meeting.setVisible(has_forum)
        self.right.setCurrentWidget(self.hint_page)

    def _forum_chosen(self) -> None:
        if self._switching:
            return
        if self.forum.currentData() != self._forum_id and not settle(self.editor, self, self.editor.subject()):
            self._switching = True  # stay on the forum of the meeting still being edited
            self.forum.setCurrentIndex(max(0, self.forum.findData(self._forum_id)))
            self._switching = False
            return
        self._forum_id = self.forum.currentData()
        self.forum.setToolTip(self.forum.currentText())
        self.reload_meetings()

    def _meeting_chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem | None = None) -> None:
        if self._switching:
            return
        meeting_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if meeting_id == self.editor.meeting_id:
            return
        if not settle(self.editor, self, self.editor.subject()):
            # Stay on the meeting still being edited. Later, not now: a mouse press that changed the
            # current item selects the clicked one after this returns.
            QTimer.singleShot(0, lambda: self._back_to(self.editor.meeting_id))
            return
        self.editor.load(meeting_id)
        self._update_state()

    def _back_to(self, meeting_id: int | None) -> None:
        self._switching = True
        for row in range(self.meetings.count()):
            if self.meetings.item(row).data(Qt.ItemDataRole.UserRole) == meeting_id:
                self.meetings.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._switching = False

    # -- actions ------------------------------------------------------------------------------------------
    def new_forum(self) -> None:
        if not settle(self.editor, self, self.editor.subject()):
            return
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
        if not settle(self.editor, self, self.editor.subject()):
            return
        dialog = NewMeetingDialog(self)
        if not dialog.exec():
            return
        day = dialog.day.date().toPython()
        if not isinstance(day, date):  # PySide6 types toPython() as object; a QDate gives a date
            return
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
            self.editor.load(None)  # its unsaved texts go to the trash with it
            service.delete_meeting(self.db, item.data(Qt.ItemDataRole.UserRole))
            self.reload_meetings()

    def minutes_name(self) -> str:
        """The proposed file name: "Notulen 2020-07-14 Monitoring Puskesos Desa Lembang Loe.pdf"."""
        values = self.editor.values()
        return self.tr("Minutes {date} {title}.pdf").format(date=values["meeting_date"].isoformat(),
                                                             title=self.editor.loaded_title)

    def export_minutes(self) -> None:
        from bakti_desktop.pksai.export import export_minutes

        item = self.meetings.currentItem()
        if item is None:
            QMessageBox.information(self, self.tr("Print minutes"), self.tr(
                "There is no meeting to print yet. Create a forum and a meeting in the PKSAI tab first."))
            return
        if not settle(self.editor, self, self.editor.subject()):
            return
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        path = ask_save_path(self, self.tr("Print minutes"), self.minutes_name(), self.tr("PDF document (*.pdf)"))
        if path is None:
            return
        run_task(self, self.tr("Writing the minutes…"),
                 lambda task: export_minutes(self.db, path, meeting_id=meeting_id),
                 lambda out: offer_open(self, out),
                 lambda error: show_error(self, error), cancellable=False)

    def open_register(self) -> None:
        ActionsRegister(self.db, self, forum_id=self.forum.currentData()).exec()

    def load_demo(self) -> None:
        """The demonstration data, through the main window when there is one (it refreshes every page)."""
        window = self.window()
        if window is not self and hasattr(window, "load_demo"):
            window.load_demo()
            return
        from bakti_desktop.pksai import demo

        run_task(self, self.tr("Loading the demonstration data…"), lambda task: demo.load(self.db),
                 lambda _result: self.reload_forums(), lambda error: show_error(self, error), cancellable=False)
