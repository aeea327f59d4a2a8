"""One RKTL item: its fields, progress notes, evidence files and the mentor's verification.

Laid out for a 1366×768 laptop: the actions sit in one row at the top (always in view), the fields
stand in two columns with their labels above them, and the progress notes and evidence share a tab
widget below. The panel is an :class:`~ui.widgets.unsaved.Editor`: typed changes are never dropped
without the Simpan/Buang/Batal question.
"""

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
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.reports.format import date_short, date_text, number
from bakti_desktop.storage.base import current_user
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import EVIDENCE_KINDS, Item, ItemStatus, UnitRole, VisitKind
from ui.conflict import Choice, resolve
from ui.errors import show_error
from ui.widgets.audit_table import AuditDialog
from ui.widgets.files import ask_open_path
from ui.widgets.unsaved import settle

PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png"}


class OptionalDate(QWidget):
    """A date that may be empty. Empty shows "—", not the date of the item shown before (a greyed
    "15/09/2020" under "Done on" of a postponed item read as a date it was done)."""

    BLANK = QDate(1900, 1, 1)

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.setMinimumDate(self.BLANK)
        self.edit.setSpecialValueText("—")
        self.edit.setDate(self.BLANK)
        self.check.toggled.connect(self._toggled)
        self.edit.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        day = self.edit.date()
        return date(day.year(), day.month(), day.day()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(self.BLANK if value is None else QDate(value.year, value.month, value.day))
        self.check.setChecked(value is not None)

    def _toggled(self, on: bool) -> None:
        if on and self.edit.date() == self.BLANK:
            self.edit.setDate(QDate.currentDate())  # ticked: today, to be changed
        elif not on:
            self.edit.setDate(self.BLANK)
        self.edit.setEnabled(on)


def narrow_combo(combo: QComboBox, characters: int = 16) -> QComboBox:
    """A combo box whose long entries do not widen the panel; the full text shows as its tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.currentTextChanged.connect(combo.setToolTip)
    return combo


class ItemPanel(QWidget):
    """The editor of one RKTL item. ``changed`` says that stored data changed (the list must refresh)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.item_id: int | None = None
        self.version: int | None = None  # of the loaded item, for the save's check
        self.programme_id: int | None = None
        self.evidence_count = 0
        self._loaded: dict[str, Any] | None = None  # the values as loaded; None when no item is open
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)

        # What is shown: no item, a new item, or the mentor's verification. One line, never wrapped: a
        # wrapping label would make the scroll area size the panel by its preferred height (scroll bars).
        self.verification = QLabel()
        self.verification.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.verification)

        actions = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save item"))
        self.save_button.clicked.connect(lambda: self.save())
        self.verify_button = QPushButton(self.tr("Verify (mentor)…"))
        self.verify_button.clicked.connect(lambda: self.verify())
        self.history_button = QPushButton(self.tr("&History…"))
        self.history_button.clicked.connect(lambda: self.show_history())
        self.delete_button = QPushButton(self.tr("Delete item…"))
        self.delete_button.clicked.connect(lambda: self.delete())
        for button in (self.save_button, self.verify_button, self.history_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        layout.addLayout(actions)

        self.form = QWidget()
        grid = QGridLayout(self.form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.topic = narrow_combo(QComboBox(), 24)
        self.mentee = narrow_combo(QComboBox())
        self.status = narrow_combo(QComboBox(), 10)
        for code, label in ItemStatus.choices():
            self.status.addItem(label, code)
        self.activity = QPlainTextEdit()
        self.activity.setTabChangesFocus(True)
        self.activity.setFixedHeight(self.activity.fontMetrics().lineSpacing() * 3 + 12)
        self.objective = QLineEdit()
        self.indicator = QLineEdit()
        self.opd = QLineEdit()
        self.person = QLineEdit()
        self.start = OptionalDate()
        self.end = OptionalDate()
        self.done = OptionalDate()
        places = (
            (self.tr("Topic:"), self.topic, 0, 0, 2), (self.tr("Mentee:"), self.mentee, 2, 0, 1),
            (self.tr("Status:"), self.status, 2, 1, 1), (self.tr("Activity:"), self.activity, 4, 0, 2),
            (self.tr("Objective/target:"), self.objective, 6, 0, 1),
            (self.tr("Success indicator:"), self.indicator, 6, 1, 1),
            (self.tr("Responsible OPD:"), self.opd, 8, 0, 1), (self.tr("Responsible person:"), self.person, 8, 1, 1),
            (self.tr("Planned start:"), self.start, 10, 0, 1), (self.tr("Planned end:"), self.end, 10, 1, 1),
            (self.tr("Completed on:"), self.done, 12, 0, 1),
        )
        for text, widget, grid_row, column, span in places:
            caption = QLabel(text)
            caption.setBuddy(widget if not isinstance(widget, OptionalDate) else widget.check)
            grid.addWidget(caption, grid_row, column, 1, span)
            grid.addWidget(widget, grid_row + 1, column, 1, span)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addWidget(self.form)

        self.tabs = QTabWidget()
        notes = QWidget()
        box = QVBoxLayout(notes)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        box.addWidget(self.notes)
        row = QHBoxLayout()
        self.note_text = QLineEdit()
        self.note_text.setPlaceholderText(self.tr("What happened (Enter to add)"))
        self.note_text.returnPressed.connect(lambda: self.add_note())
        self.note_visit = narrow_combo(QComboBox(), 12)
        self.note_button = QPushButton(self.tr("Add note"))
        self.note_button.clicked.connect(lambda: self.add_note())
        self.note_text.textChanged.connect(lambda _t: self._update_buttons())
        row.addWidget(self.note_text, 3)
        row.addWidget(self.note_visit, 2)
        row.addWidget(self.note_button)
        box.addLayout(row)
        self.tabs.addTab(notes, self.tr("Progress notes"))

        files = QWidget()
        box = QVBoxLayout(files)
        self.evidence = QListWidget()
        self.evidence.itemDoubleClicked.connect(lambda _i: self.open_evidence())
        self.evidence.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        box.addWidget(self.evidence)
        row = QHBoxLayout()
        self.add_file_button = QPushButton(self.tr("Add file…"))
        self.add_file_button.clicked.connect(lambda: self.add_evidence())
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(lambda: self.open_evidence())
        row.addWidget(self.add_file_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(files, self.tr("Evidence"))
        layout.addWidget(self.tabs, 1)
        self.clear()

    # -- labels ----------------------------------------------------------------------------------------
    def evidence_kinds(self) -> dict[str, str]:
        return {"SK": self.tr("SK (decree)"), "Perwali": self.tr("Perwali (mayor's regulation)"),
                "Perbup": self.tr("Perbup (regent's regulation)"), "SOP": self.tr("SOP"), "Foto": self.tr("Photo"),
                "Laporan": self.tr("Report"), "Lainnya": self.tr("Other")}

    def topic_label(self, number_: int, name: str | None = None) -> str:
        text = self.tr("Topic {n}").format(n=number_)
        return f"{text}: {name}" if name else text

    # -- the programme and the item shown ----------------------------------------------------------------
    def set_programme(self, programme_id: int | None) -> None:
        """Fill the choices of ``programme_id``, keeping what is chosen when it is still there."""
        self.programme_id = programme_id
        keep = {combo: combo.currentData() for combo in (self.topic, self.mentee, self.note_visit)}
        for combo in keep:
            combo.blockSignals(True)
            combo.clear()
        self.note_visit.addItem(self.tr("(not in a meeting)"), None)
        if programme_id is not None:
            for topic in service.topics(self.db, programme_id):
                self.topic.addItem(self.topic_label(topic["number"], topic["name"]), topic["id"])
            for unit in service.units(self.db, programme_id, UnitRole.MENTEE):
                self.mentee.addItem(unit["name"], unit["id"])
            for visit in reversed(service.visits(self.db, programme_id)):
                self.note_visit.addItem(f"{date_short(visit['visit_date'])} {VisitKind.label_of(visit['kind'])}", visit["id"])
        for combo, value in keep.items():
            combo.setCurrentIndex(max(0, combo.findData(value)) if combo.count() else -1)
            combo.setToolTip(combo.currentText())
            combo.blockSignals(False)

    def clear(self) -> None:
        """Show no item."""
        self.item_id = None
        self.version = None
        self._loaded = None
        self.verification.setText(self.tr("Choose an item in the list, or make a new one."))
        self._fill_fields({})
        self.notes.clear()
        self.evidence.clear()
        self.evidence_count = 0
        self._update_buttons()

    def new_item(self, topic_id: int | None = None, mentee_id: int | None = None) -> None:
        self.item_id = None
        self.version = None
        self._fill_fields({"topic_id": topic_id, "mentee_unit_id": mentee_id})
        self.notes.clear()
        self.evidence.clear()
        self.evidence_count = 0
        self.verification.setText(self.tr("New RKTL item: save it before adding notes or files."))
        self._loaded = self.values()
        self._update_buttons()
        self.activity.setFocus()

    def load(self, item_id: int | None) -> None:
        if item_id is None:
            self.clear()
            return
        item = service.item_view(self.db, item_id)
        self.item_id = item_id
        self.version = item.version
        self._fill_fields(item.values)
        self._show_verification(item.verified_by, item.verified_at)
        self._loaded = self.values()
        self._fill_lists()
        self._update_buttons()

    def _fill_fields(self, values: dict[str, Any]) -> None:
        self.topic.setCurrentIndex(self.topic.findData(values.get("topic_id")) if values.get("topic_id") else
                                   (0 if self.topic.count() else -1))
        self.mentee.setCurrentIndex(self.mentee.findData(values.get("mentee_unit_id")) if values.get("mentee_unit_id")
                                    else (0 if self.mentee.count() else -1))
        self.activity.setPlainText(values.get("activity") or "")
        self.objective.setText(values.get("objective") or "")
        self.indicator.setText(values.get("indicator") or "")
        self.opd.setText(values.get("responsible_opd") or "")
        self.person.setText(values.get("responsible_person") or "")
        self.start.set_value(values.get("planned_start"))
        self.end.set_value(values.get("planned_end"))
        self.done.set_value(values.get("actual_done"))
        self.status.setCurrentIndex(max(0, self.status.findData(values.get("status") or ItemStatus.NOT_STARTED)))

    def _show_verification(self, by: str | None, when: date | None) -> None:
        if by:
            self.verification.setText(self.tr("Verified by {who} on {when}").format(
                who=by, when=date_text(when) if when else "?"))
        else:
            self.verification.setText(self.tr("Not verified by the mentor yet"))
        self.verification.setToolTip(self.verification.text())

    def _fill_lists(self) -> None:
        """The notes and evidence of the item, without touching the fields (they may hold typed changes)."""
        self.notes.clear()
        self.evidence.clear()
        if self.item_id is None:
            self.evidence_count = 0
            self._update_tab_titles()
            return
        kinds = self.evidence_kinds()
        item = service.item_view(self.db, self.item_id)
        for note in reversed(item.notes):
            self.notes.addItem(f"{date_short(note['note_date'])} — {note['author']}: {note['text']}")
        for row in item.evidence:
            kind = kinds.get(row["kind"], row["kind"])
            title = row["title"] if row["title"].startswith(row["kind"]) else f"{kind}: {row['title']}"
            size = row["size"]
            entry = QListWidgetItem(f"{title}  ({number(size / 1024, 0 if size >= 10240 else 1)} KB)")
            entry.setToolTip(self.tr("{name}, added by {who} on {when}").format(
                name=row["original_name"], who=row["added_by"], when=date_text(row["added_at"].date())))
            entry.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.evidence.addItem(entry)
        self.evidence_count = len(item.evidence)
        self._update_tab_titles()

    def _update_tab_titles(self) -> None:
        self.tabs.setTabText(0, self.tr("Progress notes ({n})").format(n=self.notes.count()))
        self.tabs.setTabText(1, self.tr("Evidence ({n})").format(n=self.evidence.count()))

    def _update_buttons(self) -> None:
        open_ = self._loaded is not None
        stored_ = self.item_id is not None
        self.form.setEnabled(open_)
        self.save_button.setEnabled(open_)
        for button in (self.verify_button, self.history_button, self.delete_button, self.add_file_button):
            button.setEnabled(stored_)
        self.note_text.setEnabled(stored_)
        self.note_visit.setEnabled(stored_)
        self.note_button.setEnabled(stored_ and bool(self.note_text.text().strip()))
        self.open_button.setEnabled(stored_ and self.evidence.currentItem() is not None)
        self._update_tab_titles()

    # -- the Editor protocol ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            "topic_id": self.topic.currentData(), "mentee_unit_id": self.mentee.currentData(),
            "activity": self.activity.toPlainText().strip(), "objective": self.objective.text().strip() or None,
            "indicator": self.indicator.text().strip() or None, "responsible_opd": self.opd.text().strip() or None,
            "responsible_person": self.person.text().strip() or None, "planned_start": self.start.value(),
            "planned_end": self.end.value(), "actual_done": self.done.value(), "status": self.status.currentData(),
        }

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self.values() != self._loaded

    def save_changes(self) -> bool:
        return self.save()

    def discard_changes(self) -> None:
        if self.item_id is not None:
            self.load(self.item_id)
        else:
            self.clear()

    def settle(self) -> bool:
        """Ask about typed changes before they would be dropped; True when it is fine to go on."""
        return settle(self, self, self.subject())

    def subject(self) -> str:
        """What the unsaved-changes question names."""
        return self.tr("the RKTL item")

    # -- actions -----------------------------------------------------------------------------------------
    def save(self) -> bool:
        if self._loaded is None:
            return False
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
        if item_id is None:  # not reached: only the version check of an item shown refuses a save
            return False
        labels = {"activity": self.tr("Activity"), "objective": self.tr("Objective"), "indicator": self.tr("Indicator"),
                  "responsible_opd": self.tr("Responsible OPD"), "responsible_person": self.tr("Responsible person"),
                  "planned_start": self.tr("Planned start"), "planned_end": self.tr("Planned end"),
                  "actual_done": self.tr("Done on"), "status": self.tr("Status")}
        choice = resolve(self, error, labels, values,
                         lambda: service.item_values(self.db, item_id))
        if choice is Choice.RELOAD:
            self.load(item_id)
            return False
        if choice is Choice.OVERWRITE:
            self.version = service.item_version(self.db, item_id)
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
            self.clear()
            self.changed.emit()

    def add_note(self) -> None:
        if self.item_id is None or not self.note_text.text().strip():
            return
        try:
            service.add_note(self.db, self.item_id, self.note_text.text(), current_user(), date.today(),
                             self.note_visit.currentData())
        except UserError as error:
            show_error(self, error)
            return
        self.note_text.clear()
        self._fill_lists()
        self.tabs.setCurrentIndex(0)
        self.changed.emit()

    def add_evidence(self, path: str | Path | None = None, kind: str | None = None) -> None:
        """Add a file as evidence; without ``path`` and ``kind`` the user picks them."""
        if self.item_id is None:
            return
        if path is None:
            path = ask_open_path(self, self.tr("Add evidence"),
                                 self.tr("Documents and photos (*.pdf *.jpg *.jpeg *.png *.docx *.doc *.xlsx *.xls "
                                         "*.pptx *.odt)"))
            if path is None:
                return
        path = Path(path)
        if kind is None:
            kinds = self.evidence_kinds()
            default = list(EVIDENCE_KINDS).index("Foto" if path.suffix.lower() in PHOTO_EXTENSIONS else "Laporan")
            label, ok = QInputDialog.getItem(self, self.tr("Kind of evidence"),
                                             self.tr("{name} is a:").format(name=path.name),
                                             list(kinds.values()), default, False)
            if not ok:
                return
            kind = next(code for code, text in kinds.items() if text == label)
        try:
            service.add_evidence(self.db, self.item_id, path, kind)
        except UserError as error:
            show_error(self, error)
            return
        self._fill_lists()
        self.tabs.setCurrentIndex(1)
        self._update_buttons()
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

    def verification_doubts(self) -> list[str]:
        """Why a verification may be premature: the item is not done, or it has no evidence."""
        doubts = []
        item = service.item_view(self.db, self.item_id)  # type: ignore[arg-type]
        status, evidence = item.status, len(item.evidence)
        if status != ItemStatus.DONE:
            doubts.append(self.tr("its status is {status}, not {done}").format(
                status=ItemStatus.label_of(status), done=ItemStatus.DONE.label))
        if not evidence:
            doubts.append(self.tr("it has no evidence (SK, SOP, photo, report)"))
        return doubts

    def verify(self) -> None:
        if self.item_id is None:
            return
        # The verification changes the stored item: typed changes are settled first, or they would
        # be refused later as "changed elsewhere".
        if not self.settle():
            return
        doubts = self.verification_doubts()
        if doubts:
            answer = QMessageBox.question(
                self, self.tr("Verify this item?"),
                self.tr("This item is not ready for verification:") + "\n• " + "\n• ".join(doubts) + "\n\n"
                + self.tr("Verify it anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        who, ok = QInputDialog.getText(self, self.tr("Mentor's verification"), self.tr("Verified by (mentor's name):"))
        if not ok or not who.strip():
            return
        try:
            service.verify_item(self.db, self.item_id, who)
        except UserError as error:
            show_error(self, error)
            return
        self.load(self.item_id)
        self.changed.emit()
