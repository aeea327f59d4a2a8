"""The recent survey imports ("Riwayat impor"), and undoing one of them.

Each applied import is a batch (bakti_desktop/mapping/undo.py): the list shows when, who, which file and
sheets and what it did; *Undo import* first works out what undoing would do (a dry run), names the counts
in its question, then reverts the batch in one transaction, off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.mapping.undo import Conflict, recent_imports, undo_import
from bakti_desktop.reports.format import number
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import local_time
from ui.errors import show_error
from ui.workers import run_task


class ImportHistoryDialog(QDialog):
    """The newest imports, newest first; the selected one can be undone."""

    def __init__(self, db: Database, parent: QWidget | None = None, on_undone: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.on_undone = on_undone
        self.batches: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("Import history"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Every survey workbook imported, newest first. Undoing an import moves the surveys it "
                               "added to the trash and gives the surveys it updated their previous values; records "
                               "changed since the import are left as they are."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Time"), self.tr("User"), self.tr("File"),
                                              self.tr("Added"), self.tr("Updated"), self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(lambda: self._update_buttons())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = QPushButton(self.tr("&Undo import…"))
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 480)
        self.reload()

    def reload(self) -> None:
        self.batches = recent_imports(self.db)
        self.table.setRowCount(len(self.batches))
        for i, batch in enumerate(self.batches):
            status = (self.tr("Undone {time} by {user}").format(time=local_time(batch["undone_at"]), user=batch["undone_by"])
                      if batch["undone_at"] else "")
            source = batch["source"] + (f" ({', '.join(batch['sheets'])})" if batch["sheets"] else "")
            cells = [str(batch["id"]), local_time(batch["at"]), batch["user"], source, number(batch["added"]),
                     number(batch["updated"]), status]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if self.batches:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch["undone_at"] is None)

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None or batch["undone_at"] is not None:
            return
        self.runner = run_task(self, self.tr("Working out what the undo changes…"),
                               lambda _task: undo_import(self.db, batch["id"], dry_run=True),
                               lambda plan: self._confirm(batch, plan), lambda error: show_error(self, error))

    def _confirm(self, batch: dict[str, Any], plan: dict[str, Any]) -> None:
        if plan["already_undone"]:
            self.reload()
            return
        text = self.tr("Undo import {n} ({file})?\n\n"
                       "• {trashed} surveys it added go to the trash (they can be restored from there)\n"
                       "• {restored} surveys it updated get their previous values back\n"
                       "• {schools} schools it added are removed from the register\n"
                       "• {conflicts} records changed since the import are left as they are").format(
            n=batch["id"], file=batch["source"], trashed=number(plan["surveys_trashed"]),
            restored=number(plan["surveys_restored"]), schools=number(plan["schools_removed"]),
            conflicts=number(len(plan["conflicts"])))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Undo import"), text, QMessageBox.StandardButton.NoButton,
                          self)
        yes = box.addButton(self.tr("Yes, undo the import"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep the import"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # "Batal" beside "Batalkan impor" would read as the same word
        box.setEscapeButton(keep)
        if plan["conflicts"]:
            box.setDetailedText("\n".join(Conflict(c["table"], c["id"], c["npsn"], c["school"], c["year"],
                                                   c["reason"]).text() for c in plan["conflicts"]))
        self.question = box
        box.exec()
        if box.clickedButton() is not yes:
            return
        self.runner = run_task(self, self.tr("Undoing the import…"), lambda _task: undo_import(self.db, batch["id"]),
                               lambda result: self._done(result), lambda error: show_error(self, error),
                               cancellable=False)

    def _done(self, result: dict[str, Any]) -> None:
        self.reload()
        if self.on_undone is not None:
            self.on_undone()
        QMessageBox.information(self, self.tr("Import undone"), self.tr(
            "Import {n} was undone: {trashed} surveys moved to the trash, {restored} surveys restored, "
            "{schools} schools removed, {conflicts} records left as they are.").format(
            n=result["batch"]["id"], trashed=number(result["surveys_trashed"]),
            restored=number(result["surveys_restored"]), schools=number(result["schools_removed"]),
            conflicts=number(len(result["conflicts"]))))
