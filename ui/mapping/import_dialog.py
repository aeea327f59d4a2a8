"""The survey import wizard: read and check in the background, preview, then write.

Nothing is written until the user has seen the preview and pressed *Import*;
reading, checking and writing run off the GUI thread with progress and cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.mapping.validation import label as field_label
from bakti_desktop.reports.format import number
from bakti_desktop.mapping.importer import Cancelled, ImportPlan, apply_import, plan_import, write_rejected
from bakti_desktop.storage.database import Database
from bakti_desktop.mapping.fields import BY_KEY
from ui.errors import show_error
from ui.widgets.files import ask_open_path, ask_save_path, offer_open
from ui.workers import run_task


class PreviewDialog(QDialog):
    """What the import would do; the user confirms before anything is written."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Import preview — {name}").format(name=plan.path.name))
        layout = QVBoxLayout(self)
        summary = QLabel(
            self.tr(
                "<p>Sheet <b>{sheet}</b>, header in row {header}.</p>"
                "<table cellpadding='3'>"
                "<tr><td>New surveys to add:</td><td align='right'><b>{new}</b></td></tr>"
                "<tr><td>Surveys to update:</td><td align='right'><b>{update}</b></td></tr>"
                "<tr><td>Unchanged:</td><td align='right'>{unchanged}</td></tr>"
                "<tr><td>Rejected rows:</td><td align='right'><b style='color:#C62828'>{rejected}</b></td></tr>"
                "</table>"
            ).format(sheet=plan.sheet, header=plan.header_row, new=number(len(plan.new)),
                     update=number(len(plan.update)), unchanged=number(len(plan.unchanged)),
                     rejected=number(len(plan.rejected)))
        )
        layout.addWidget(summary)
        for warning in plan.warnings:
            label = QLabel("⚠ " + warning)
            label.setWordWrap(True)
            label.setStyleSheet("color: #8D6E00;")
            layout.addWidget(label)
        self.table = QTableWidget(len(plan.rejected), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Reason")])
        for i, rejected in enumerate(plan.rejected):
            row_item = QTableWidgetItem()
            row_item.setData(Qt.ItemDataRole.DisplayRole, rejected.row)
            self.table.setItem(i, 0, row_item)
            column = field_label(BY_KEY[rejected.column]) if rejected.column in BY_KEY else (rejected.column or "—")
            self.table.setItem(i, 1, QTableWidgetItem(column))
            self.table.setItem(i, 2, QTableWidgetItem(rejected.message))
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 220)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setVisible(bool(plan.rejected))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        count = len(plan.new) + len(plan.update)
        self.import_button = buttons.addButton(self.tr("Import {n} rows").format(n=number(count)),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(count > 0)
        self.save_button = QPushButton(self.tr("Save rejected rows…"))
        self.save_button.setEnabled(bool(plan.rejected))
        self.save_button.clicked.connect(lambda: self.save_rejected())
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 560 if plan.rejected else 260)

    def save_rejected(self) -> None:
        name = self.tr("{name} – rejected rows").format(name=self.plan.path.stem) + ".xlsx"
        path = ask_save_path(self, self.tr("Save rejected rows"), name, self.tr("Excel workbook (*.xlsx)"))
        if path is None:
            return
        try:
            write_rejected(self.plan, path)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        offer_open(self, path, self.tr("The rejected rows were saved with a reason column:\n{path}").format(path=path))


class SurveyImport(QObject):
    """Drives one import: choose file → check (thread) → preview → write (thread)."""

    def __init__(self, db: Database, parent: QWidget, on_done) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.owner = parent
        self.on_done = on_done

    def start(self, path: str | Path | None = None) -> None:
        """Import ``path``, or the workbook the user chooses."""
        if path is None:
            path = ask_open_path(self.owner, self.tr("Import school survey workbook"),
                                 self.tr("Excel workbook (*.xlsx *.xlsm *.xls *.ods)"))
            if path is None:
                return
        self.runner = run_task(
            self.owner, self.tr("Reading and checking the workbook…"),
            lambda task: plan_import(self.db, path, progress=task.report, cancelled=task.is_cancelled),
            self.preview, self.failed,
        )

    def failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        show_error(self.owner, error)

    def preview(self, plan: ImportPlan) -> None:
        self.dialog = PreviewDialog(plan, self.owner)
        if not self.dialog.exec():
            return
        self.runner = run_task(
            self.owner, self.tr("Importing…"), lambda task: apply_import(self.db, plan, progress=task.report),
            self.finished, self.failed, cancellable=False,
        )

    def finished(self, result: dict[str, Any]) -> None:
        self.on_done(result)
