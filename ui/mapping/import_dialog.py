"""The survey import wizard: read and check in the background, preview, then write.

Nothing is written until the user has seen the preview and pressed *Import*;
reading, checking and writing run off the GUI thread with progress and cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.mapping.fields import BY_KEY
from bakti_desktop.mapping.importer import Cancelled, ImportPlan, apply_import, plan_import, write_rejected
from bakti_desktop.storage.database import Database
from ui.errors import show_error
from ui.workers import run_task

LAST_DIR = "mapping/importDir"


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
            ).format(sheet=plan.sheet, header=plan.header_row, new=len(plan.new), update=len(plan.update),
                     unchanged=len(plan.unchanged), rejected=len(plan.rejected))
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
            column = BY_KEY[rejected.column].label if rejected.column in BY_KEY else (rejected.column or "—")
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
        self.import_button = buttons.addButton(self.tr("Import {n} rows").format(n=count),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(count > 0)
        self.save_button = QPushButton(self.tr("Save rejected rows…"))
        self.save_button.setEnabled(bool(plan.rejected))
        self.save_button.clicked.connect(self.save_rejected)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 560 if plan.rejected else 260)

    def save_rejected(self) -> None:
        default = str(self.plan.path.with_name(self.plan.path.stem + "-ditolak.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save rejected rows"), default, self.tr("Excel workbook (*.xlsx)"))
        if path:
            try:
                write_rejected(self.plan, Path(path))
            except Exception as error:  # noqa: BLE001 - shown to the user
                show_error(self, error)
                return
            QMessageBox.information(self, self.tr("Saved"),
                                    self.tr("The rejected rows were saved with a reason column:\n{path}").format(path=path))


class SurveyImport(QObject):
    """Drives one import: choose file → check (thread) → preview → write (thread)."""

    def __init__(self, db: Database, parent: QWidget, on_done) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.owner = parent
        self.on_done = on_done

    def start(self, path: str | None = None) -> None:
        if path is None:
            settings = QSettings()
            path, _ = QFileDialog.getOpenFileName(
                self.owner, self.tr("Import school survey workbook"), str(settings.value(LAST_DIR, "")),
                self.tr("Excel workbook (*.xlsx *.xlsm *.xls *.ods)"),
            )
            if not path:
                return
            settings.setValue(LAST_DIR, str(Path(path).parent))
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
