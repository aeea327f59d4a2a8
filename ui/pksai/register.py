"""The follow-up actions register across meetings, with filters and export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from bakti_desktop.pksai import service
from bakti_desktop.pksai.export import STATUS_LABELS, export_actions
from bakti_desktop.storage.database import Database
from ui.errors import show_error


class ActionsRegister(QDialog):
    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Actions register"))
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.forum = QComboBox()
        self.forum.addItem(self.tr("All forums"), None)
        for forum in service.forums(db):
            self.forum.addItem(forum["name"], forum["id"])
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), None)
        for code, label in STATUS_LABELS.items():
            self.status.addItem(label, code)
        self.responsible = QLineEdit()
        self.responsible.setPlaceholderText(self.tr("Responsible OPD contains…"))
        self.overdue = QCheckBox(self.tr("Overdue only"))
        for widget in (self.forum, self.status, self.responsible, self.overdue):
            filters.addWidget(widget)
        layout.addLayout(filters)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([self.tr("Forum"), self.tr("Meeting"), self.tr("Date"), self.tr("Action"),
                                              self.tr("Responsible"), self.tr("Due"), self.tr("Status")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        export = buttons.addButton(self.tr("Export to Excel…"), QDialogButtonBox.ButtonRole.ActionRole)
        export.clicked.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.forum.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.responsible.textChanged.connect(lambda _t: self.refresh())
        self.overdue.toggled.connect(lambda _b: self.refresh())
        self.resize(1100, 560)
        self.refresh()

    def refresh(self) -> None:
        rows = service.actions_register(
            self.db, forum_id=self.forum.currentData(), status=self.status.currentData(),
            responsible=self.responsible.text().strip() or None,
            overdue_on=date.today() if self.overdue.isChecked() else None)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        today = date.today()
        for r, row in enumerate(rows):
            values = [row["forum"], row["meeting"], row["meeting_date"].strftime("%Y-%m-%d"), row["what"],
                      row["responsible"] or "", row["due_date"].strftime("%Y-%m-%d") if row["due_date"] else "",
                      STATUS_LABELS.get(row["status"], row["status"])]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 5 and row["status"] == "terbuka" and row["due_date"] and row["due_date"] < today:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnToContents(2)
        self.table.resizeColumnToContents(5)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export actions register"), "register-tindak-lanjut.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        try:
            export_actions(self.db, Path(path), forum_id=self.forum.currentData(), status=self.status.currentData())
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        QMessageBox.information(self, self.tr("Exported"), path)
