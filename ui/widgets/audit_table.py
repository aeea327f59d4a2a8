"""The audit trail of a record as a table ("Riwayat"): when, who, what, which fields changed."""

from __future__ import annotations

from datetime import datetime
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

from bakti_desktop.labels import column_label, column_value
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import local_time
from ui.conflict import shown


def _value(table: str, key: str, value: Any) -> str:
    """A recorded value as people know it; a blank as a dash, so that "→" never stands alone."""
    return shown(column_value(table, key, value)) or "—"


class AuditTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Changed fields")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)

    def record_names(self) -> dict[str, str]:
        """What the tables hold, in words (the audit trail stores table names)."""
        return {
            "school": self.tr("school"), "survey": self.tr("survey"), "sss_document": self.tr("SSS document"),
            "sss_section": self.tr("section"), "sss_target": self.tr("target"),
            "sss_programme_row": self.tr("programme row"), "sss_comment": self.tr("comment"),
            "twin_programme": self.tr("programme"), "twin_unit": self.tr("unit"), "twin_topic": self.tr("topic"),
            "twin_item": self.tr("RKTL item"), "twin_evidence": self.tr("evidence"),
            "twin_progress_note": self.tr("progress note"), "twin_visit": self.tr("visit"),
            "pksai_forum": self.tr("forum"), "pksai_person": self.tr("person"), "pksai_meeting": self.tr("meeting"),
            "pksai_agenda_item": self.tr("agenda item"), "pksai_attendee": self.tr("participant"),
            "pksai_attendance_count": self.tr("attendance count"), "pksai_decision": self.tr("decision"),
            "pksai_action": self.tr("follow-up action"), "pksai_case_figure": self.tr("case figure"),
            "pksai_district_progress": self.tr("district progress"),
        }

    def fill(self, entries: list[dict[str, Any]]) -> None:
        actions = {"create": self.tr("created"), "update": self.tr("changed"), "delete": self.tr("deleted")}
        names = self.record_names()
        self.setRowCount(0)
        for entry in entries:
            row = self.rowCount()
            self.insertRow(row)
            if entry["action"] == "update":
                table = entry["table"]
                fields = "\n".join(f"{column_label(table, k)}: {_value(table, k, a)} → {_value(table, k, b)}"
                                    for k, (a, b) in entry["changes"].items())  # a line per field
            else:
                fields = entry["note"] or ""
            what = f"{actions.get(entry['action'], entry['action'])} ({names.get(entry['table'], entry['table'])})"
            for column, value in enumerate((local_time(datetime.fromisoformat(entry["at"])), entry["user"], what, fields)):
                self.setItem(row, column, QTableWidgetItem(value))
        for column in range(3):
            self.resizeColumnToContents(column)
        self.horizontalHeader().setStretchLastSection(True)  # the changes take the rest of the width …
        self.resizeRowsToContents()  # … and as many lines as they need


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
