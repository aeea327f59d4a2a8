"""The audit trail of a record as a table ("Riwayat"): when, who, what, which fields changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.storage.database import Database


class AuditTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Changed fields")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)

    def fill(self, entries: list[dict[str, Any]]) -> None:
        actions = {"create": self.tr("created"), "update": self.tr("changed"), "delete": self.tr("deleted")}
        self.setRowCount(0)
        for entry in entries:
            row = self.rowCount()
            self.insertRow(row)
            if entry["action"] == "update":
                fields = "; ".join(f"{k}: {a} → {b}" for k, (a, b) in entry["changes"].items())
            else:
                fields = entry["note"] or ""
            for column, value in enumerate((entry["at"], entry["user"],
                                            f"{actions.get(entry['action'], entry['action'])} ({entry['table']})",
                                            fields)):
                self.setItem(row, column, QTableWidgetItem(value))
        self.resizeColumnsToContents()
        self.horizontalHeader().setStretchLastSection(True)


class AuditDialog(QDialog):
    """Who changed a record (and what belongs to it), what and when."""

    def __init__(self, db: Database, model: type, record_id: int, title: str,
                 parent: QWidget | None = None) -> None:
        from bakti_desktop.storage.audit import history

        super().__init__(parent)
        self.setWindowTitle(self.tr("History — {title}").format(title=title))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Changes (who changed what, and when):")))
        self.table = AuditTable()
        self.table.fill(history(db, model, record_id))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 480)
