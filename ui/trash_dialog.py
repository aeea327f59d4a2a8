"""The trash: restore what was deleted, or empty it for good (after asking)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.storage import trash
from bakti_desktop.storage.database import Database
from ui.errors import show_error


class TrashDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle(self.tr("Trash"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Deleted on"), self.tr("By"), self.tr("What")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(self.tr("Restore"), QDialogButtonBox.ButtonRole.ActionRole)
        self.empty_button = buttons.addButton(self.tr("Empty the trash…"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.restore_button.clicked.connect(self.restore)
        self.empty_button.clicked.connect(self.empty)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        entries = trash.items(self.db)
        self.table.setRowCount(len(entries))
        for r, entry in enumerate(entries):
            first = QTableWidgetItem(f"{entry['deleted_at']:%d/%m/%Y %H:%M}")
            first.setData(Qt.ItemDataRole.UserRole, entry["id"])
            self.table.setItem(r, 0, first)
            self.table.setItem(r, 1, QTableWidgetItem(entry["deleted_by"]))
            self.table.setItem(r, 2, QTableWidgetItem(entry["label"]))
        self.table.resizeColumnToContents(0)
        self.empty_button.setEnabled(bool(entries))
        self.restore_button.setEnabled(bool(entries))

    def restore(self) -> None:
        row = self.table.currentRow()
        cell = self.table.item(row, 0) if row >= 0 else None
        if cell is None:
            return
        try:
            trash.restore(self.db, cell.data(Qt.ItemDataRole.UserRole))
        except UserError as error:
            show_error(self, error)
            return
        self.changed = True
        self.refresh()

    def empty(self) -> None:
        answer = QMessageBox.warning(
            self, self.tr("Empty the trash"),
            self.tr("Delete the {n} items in the trash for good? They cannot be restored afterwards.").format(
                n=self.table.rowCount()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            trash.empty(self.db)
            self.refresh()
