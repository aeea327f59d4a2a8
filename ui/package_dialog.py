"""Laptop exchange in the window: send a package, and receive one with a choice per conflict.

Receiving first runs the merge as a trial (nothing written) in the background and shows what
it would do; each record changed on both sides is listed with its fields, and the user picks
"leave it" (the default: nothing changes, the conflict stays listed for next time), "keep mine"
or "take theirs". Only then is the package merged, in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.sync.package import SUFFIX, PackageResult
from bakti_desktop.labels import column_label, column_value
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import local_time
from ui.conflict import shown
from ui.errors import show_error
from ui.widgets.dialogs import add_ok_cancel
from ui.widgets.files import ask_open_path, ask_save_path, offer_open
from ui.workers import run_task


def _when(stamp: str) -> str:
    try:
        return local_time(datetime.fromisoformat(stamp))
    except ValueError:
        return stamp


class SendDialog(QDialog):
    """Where to write the package, and whether to send only recent changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send a package to another laptop"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("The package holds your records (all four workspaces) and the RKTL evidence files. "
                               "The other laptop merges it with Database → Receive a package."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.recent = QCheckBox(self.tr("Only records changed since:"))
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("dd/MM/yyyy")
        self.since.setEnabled(False)
        self.recent.toggled.connect(self.since.setEnabled)
        form.addRow(self.recent, self.since)
        add_ok_cancel(self, form)

    def since_date(self) -> date | None:
        return self.since.date().toPython() if self.recent.isChecked() else None  # type: ignore[return-value]


def send_package(parent: QWidget, db: Database) -> None:
    dialog = SendDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    chosen = ask_save_path(parent, QCoreApplication.translate("Package", "Send a package"),
                           f"Paket BaKTI {date.today():%Y-%m-%d}{SUFFIX}",
                           QCoreApplication.translate("Package", "BaKTI package (*.bakti)"))
    if chosen is None:
        return
    path = str(chosen)
    if not path.lower().endswith(SUFFIX):
        path += SUFFIX
    from bakti_desktop.sync.package import export_package

    since = dialog.since_date()
    written = QCoreApplication.translate("Package", "Package written: {path} ({n} records)")
    run_task(parent, QCoreApplication.translate("Package", "Writing the package…"),
             lambda task: export_package(db, Path(path), since=since),
             lambda result: offer_open(parent, result["file"], written.format(path=result["file"], n=result["records"])),
             lambda error: show_error(parent, error), cancellable=False)


class ReceiveDialog(QDialog):
    """What merging a package would do, with a choice for every conflict."""

    LEAVE, MINE, THEIRS = "", "mine", "theirs"

    def __init__(self, path: Path, preview: PackageResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("Receive a package: {name}").format(name=path.name))
        layout = QVBoxLayout(self)
        summary = QLabel(self.tr(
            "New records: {a}. Changed on the other laptop (will be updated): {u}. Same as here: {i}. "
            "Newer here (kept): {k}. Skipped: {s}. Changed on both sides: {c}.").format(
                a=preview.added, u=preview.updated, i=preview.identical, k=preview.kept, s=len(preview.skipped),
                c=len(preview.conflicts)))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.choices: dict[str, QComboBox] = {}
        if preview.conflicts:
            hint = QLabel(self.tr("Records changed here and on the other laptop are never overwritten without "
                                  "asking. Choose for each one; \"Leave it\" changes nothing and lists it again "
                                  "next time."))
            hint.setWordWrap(True)
            layout.addWidget(hint)
            self.table = QTableWidget(0, 5)
            self.table.setHorizontalHeaderLabels([self.tr("Record"), self.tr("Field"), self.tr("Here"),
                                                  self.tr("In the package"), self.tr("Choice")])
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            header = self.table.horizontalHeader()
            for column in range(4):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
            for conflict in preview.conflicts:
                fields = list(conflict.fields.items()) or [("", (None, None))]
                first = self.table.rowCount()
                for key, (ours, theirs) in fields:
                    row = self.table.rowCount()
                    self.table.insertRow(row)
                    self.table.setItem(row, 1, QTableWidgetItem(column_label(conflict.table, key)))
                    self.table.setItem(row, 2, QTableWidgetItem(shown(column_value(conflict.table, key, ours))))
                    self.table.setItem(row, 3, QTableWidgetItem(shown(column_value(conflict.table, key, theirs))))
                here = self.tr("here: {by}, {at}").format(by=conflict.ours_by, at=_when(conflict.ours_at))
                there = self.tr("package: {by}, {at}").format(by=conflict.theirs_by, at=_when(conflict.theirs_at))
                record = QTableWidgetItem(f"{conflict.label}\n{here}\n{there}")
                record.setToolTip(f"{conflict.table} {conflict.uuid}")
                self.table.setItem(first, 0, record)
                combo = QComboBox()
                combo.addItem(self.tr("Leave it"), self.LEAVE)
                combo.addItem(self.tr("Keep mine"), self.MINE)
                combo.addItem(self.tr("Take theirs"), self.THEIRS)
                self.table.setCellWidget(first, 4, combo)
                span = len(fields)
                if span > 1:
                    self.table.setSpan(first, 0, span, 1)
                    self.table.setSpan(first, 4, span, 1)
                self.choices[conflict.uuid] = combo
            self.table.resizeRowsToContents()
            layout.addWidget(self.table, 1)
        if preview.skipped:
            skipped = QLabel("\n".join(f"• {s['table']}: {s['reason']}" for s in preview.skipped[:8]))
            skipped.setWordWrap(True)
            layout.addWidget(skipped)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1000, 600 if preview.conflicts else 260)

    def resolutions(self) -> dict[str, str]:
        return {uuid: combo.currentData() for uuid, combo in self.choices.items() if combo.currentData()}


def receive_package(parent: QWidget, db: Database, on_merged) -> None:  # type: ignore[no-untyped-def]
    chosen = ask_open_path(parent, QCoreApplication.translate("Package", "Receive a package"),
                           QCoreApplication.translate("Package", "BaKTI package (*.bakti)"))
    if chosen is None:
        return
    path = str(chosen)
    from bakti_desktop.sync.package import import_package

    def previewed(preview: PackageResult) -> None:
        dialog = ReceiveDialog(Path(path), preview, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choices = dialog.resolutions()
        run_task(parent, QCoreApplication.translate("Package", "Merging the package…"),
                 lambda task: import_package(db, Path(path), resolutions=choices, progress=task.report),
                 merged, lambda error: show_error(parent, error), cancellable=False)

    def merged(result: PackageResult) -> None:
        text = QCoreApplication.translate("Package", "Package merged: {a} added, {u} updated, {r} conflicts resolved, {c} left.")
        parent.statusBar().showMessage(text.format(  # type: ignore[attr-defined]
            a=result.added, u=result.updated, r=result.resolved, c=len(result.conflicts)), 12000)
        on_merged()

    run_task(parent, QCoreApplication.translate("Package", "Reading the package…"),
             lambda task: import_package(db, Path(path), dry_run=True, progress=task.report),
             previewed, lambda error: show_error(parent, error), cancellable=False)

