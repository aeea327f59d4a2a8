"""The survey import wizard: read and check in the background, preview, then write.

Nothing is written until the user has seen the preview and pressed *Import*;
reading, checking and writing run off the GUI thread with progress and cancel.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QGroupBox,
    QHBoxLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.labels import column_label, column_value
from ui.conflict import shown

from bakti_desktop.mapping.validation import label as field_label
from bakti_desktop.reports.format import number
from bakti_desktop.mapping.importer import (
    ALL_SHEETS,
    Cancelled,
    ImportPlan,
    RowKey,
    apply_import,
    plan_import,
    row_text,
    write_rejected,
)
from bakti_desktop.storage.database import Database
from bakti_desktop.mapping.fields import BY_KEY
from ui.errors import show_error
from ui.widgets.files import ask_open_path, ask_save_path, offer_open
from ui.workers import run_task


class PreviewDialog(QDialog):
    """What the import would do; the user confirms before anything is written.

    When several sheets hold survey rows, the user ticks the ones to import and presses *Read the ticked
    sheets*: the dialog then closes with :data:`REREAD` and :attr:`chosen_sheets` names them.
    """

    REREAD = 2  # the dialog's result when the sheets are to be read again with another choice

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.chosen_sheets: list[str] = [s.name for s in plan.sheets]
        self.setWindowTitle(self.tr("Import preview — {name}").format(name=plan.path.name))
        layout = QVBoxLayout(self)
        if plan.path.suffix.lower() == ".csv":  # a CSV file has no sheets: its header row and rows
            read = "".join("<li>" + self.tr("CSV file, header in row {header}: {n} rows").format(
                header=s.header_row, n=number(s.rows)) + "</li>" for s in plan.sheets)
        else:
            read = "".join(
                "<li>" + self.tr("Sheet <b>{sheet}</b>, header in row {header}: {n} rows").format(
                    sheet=escape(s.name), header=s.header_row, n=number(s.rows)) + "</li>" for s in plan.sheets)
        if plan.phone_form:  # an export of KoBoToolbox or ODK Central: say so, with the form's version
            read += "<li>" + self.tr("Phone form submissions (KoBoToolbox / ODK Central), form version {v}").format(
                v=escape(", ".join(plan.form_versions) or "–")) + "</li>"
        summary = QLabel(
            "<ul style='margin-left:0; -qt-list-indent:1'>" + read + "</ul>" + self.tr(
                "<table cellpadding='3'>"
                "<tr><td>New surveys to add:</td><td align='right'><b>{new}</b></td></tr>"
                "<tr><td>Surveys to update:</td><td align='right'><b>{update}</b></td></tr>"
                "<tr><td>Unchanged:</td><td align='right'>{unchanged}</td></tr>"
                "<tr><td>Rejected rows:</td><td align='right'><b style='color:#C62828'>{rejected}</b></td></tr>"
                "</table>"
            ).format(new=number(len(plan.new)),
                     update=number(len(plan.update)), unchanged=number(len(plan.unchanged)),
                     rejected=number(len(plan.rejected)))
        )
        layout.addWidget(summary)
        self.sheet_boxes: dict[str, QCheckBox] = {}
        if len(plan.candidates) > 1:
            layout.addWidget(self._sheet_choice())
        for warning in plan.warnings:
            label = QLabel("⚠ " + warning)
            label.setWordWrap(True)
            label.setStyleSheet("color: #8D6E00;")
            layout.addWidget(label)
        self.tabs = QTabWidget()
        self.table = QTableWidget(len(plan.rejected), 3)
        several = len(plan.sheets) > 1
        self.table.setHorizontalHeaderLabels([self.tr("Sheet: row") if several else self.tr("Row"), self.tr("Column"),
                                              self.tr("Reason")])
        for i, rejected in enumerate(plan.rejected):
            row_item = QTableWidgetItem()
            if several and rejected.sheet is not None:
                row_item.setText(f"{rejected.sheet}: {rejected.row}")
            else:
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
        self.changes_table = self._changes_table()
        self.replace_table = self._replace_table()
        if plan.replacing:
            page = QWidget()
            box = QVBoxLayout(page)
            note = QLabel(self.replace_note)
            note.setWordWrap(True)
            box.addWidget(note)
            box.addWidget(self.replace_table)
            self.tabs.addTab(page, self.tr("Replacing another school ({n})").format(
                n=number(len(plan.replacing))))
        if plan.changes:
            self.tabs.addTab(self.changes_table, self.tr("Changes to stored surveys ({n})").format(
                n=number(len(plan.changes))))
        if plan.rejected:
            self.tabs.addTab(self.table, self.tr("Rejected rows ({n})").format(n=number(len(plan.rejected))))
        self.tabs.setVisible(self.tabs.count() > 0)
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self._update_count()
        self.replace_table.itemChanged.connect(lambda _item: self._update_count())
        self.save_button = QPushButton(self.tr("Save rejected rows…"))
        self.save_button.setEnabled(bool(plan.rejected))
        self.save_button.clicked.connect(lambda: self.save_rejected())
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(940, 560 if self.tabs.count() else (340 if self.sheet_boxes else 260))

    def _sheet_choice(self) -> QGroupBox:
        """A tick box per sheet holding survey rows (those read are ticked) and a button to read the ticked ones."""
        box = QGroupBox(self.tr("Sheets holding survey rows"))
        row = QHBoxLayout(box)
        read = {s.name for s in self.plan.sheets}
        for name, header_row in self.plan.candidates:
            check = QCheckBox(self.tr("{sheet} (header in row {row})").format(sheet=name.replace("&", "&&"), row=header_row))
            check.setChecked(name in read)
            check.toggled.connect(lambda _on: self._sheets_changed())
            self.sheet_boxes[name] = check
            row.addWidget(check)
        row.addStretch(1)
        self.reread_button = QPushButton(self.tr("Read the ticked sheets"))
        self.reread_button.setEnabled(False)
        self.reread_button.clicked.connect(lambda: self.reread())
        row.addWidget(self.reread_button)
        return box

    def ticked_sheets(self) -> list[str]:
        return [name for name, check in self.sheet_boxes.items() if check.isChecked()]

    def _sheets_changed(self) -> None:
        ticked = self.ticked_sheets()
        changed = ticked != [s.name for s in self.plan.sheets]
        self.reread_button.setEnabled(bool(ticked) and changed)
        self.import_button.setEnabled(not changed and len(self.plan.rows_to_write(self.replace_rows())) > 0)

    def reread(self) -> None:
        self.chosen_sheets = self.ticked_sheets()
        if self.chosen_sheets:
            self.done(self.REREAD)

    def _changes_table(self) -> QTableWidget:
        """One line per changed field of each survey the import would update: stored value → new value."""
        lines = [(key, change, field) for key, change in self.plan.changes.items() for field in change.fields]
        table = QTableWidget(len(lines), 5)
        several = len(self.plan.sheets) > 1
        table.setHorizontalHeaderLabels([self.tr("Sheet: row") if several else self.tr("Row"), self.tr("School"),
                                         self.tr("Field"), self.tr("Stored"),
                                         self.tr("In the workbook")])
        replacing = set(self.plan.replacing)
        previous = None
        for i, (row, change, (table_name, key, old, new)) in enumerate(lines):
            first = row != previous
            previous = row
            npsn, year = change.moved_from or (change.npsn, change.year)  # a moved survey: where it is stored now
            cells = [row_text(row) if first else "", f"{change.stored_name} ({npsn}, {year})" if first else "",
                     column_label(table_name, key), _value(table_name, key, old), _value(table_name, key, new)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row in replacing:
                    item.setBackground(QColor("#FFF2CC"))
                table.setItem(i, column, item)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.resizeColumnsToContents()
        table.setColumnWidth(1, min(table.columnWidth(1), 300))
        table.setColumnWidth(2, min(table.columnWidth(2), 260))
        # The stored and the new value share what is left, side by side (a long stored value left no room for
        # the new one, cut to "MTs DD…").
        for column in (3, 4):
            table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        return table

    def _replace_table(self) -> QTableWidget:
        """The rows naming another school under a stored survey's NPSN and year: each replaces it only if ticked."""
        rows = self.plan.replacing
        table = QTableWidget(len(rows), 4)
        table.setHorizontalHeaderLabels([self.tr("Replace"), self.tr("NPSN, year"), self.tr("Stored school"),
                                         self.tr("School in the workbook")])
        for i, row in enumerate(rows):
            change = self.plan.changes[row]
            check = QTableWidgetItem(self.tr("Row {row}").format(row=row_text(row)))
            check.setData(Qt.ItemDataRole.UserRole, list(row))  # (sheet, row): row numbers repeat across sheets
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)  # the stored survey stays unless the user says so
            table.setItem(i, 0, check)
            for column, text in enumerate((f"{change.npsn}, {change.year}", change.stored_name, change.new_name), 1):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(i, column, item)
        table.verticalHeader().hide()
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        note = self.tr("These rows use the NPSN and year of a stored survey but name another school: most likely "
                       "another school typed with a wrong NPSN (a duplicate the import rejected earlier). Tick a row "
                       "only if it should replace the stored survey; unticked rows are left out.")
        self.replace_note = note
        return table

    def replace_rows(self) -> list[RowKey]:
        """(sheet, row) keys of the flagged rows the user ticked to replace their stored survey."""
        items = [self.replace_table.item(i, 0) for i in range(self.replace_table.rowCount())]
        return [tuple(item.data(Qt.ItemDataRole.UserRole)) for item in items
                if item is not None and item.checkState() == Qt.CheckState.Checked]

    def _update_count(self) -> None:
        count = len(self.plan.rows_to_write(self.replace_rows()))
        self.import_button.setText(self.tr("Import {n} rows").format(n=number(count)))
        self.import_button.setEnabled(count > 0)

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
                                 self.tr("Workbook or CSV file (*.xlsx *.xlsm *.xls *.ods *.csv)"))
            if path is None:
                return
        self.read(path, ALL_SHEETS)

    def read(self, path: str | Path, sheets: list[str] | str) -> None:
        """Read and check ``sheets`` of ``path`` (every sheet holding survey rows: ALL_SHEETS) in the background."""
        self.runner = run_task(
            self.owner, self.tr("Reading and checking the workbook…"),
            lambda task: plan_import(self.db, path, progress=task.report, cancelled=task.is_cancelled, sheets=sheets),
            self.preview, self.failed,
        )

    def failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        show_error(self.owner, error)

    def preview(self, plan: ImportPlan) -> None:
        self.dialog = PreviewDialog(plan, self.owner)
        answer = self.dialog.exec()
        if answer == PreviewDialog.REREAD:
            self.read(plan.path, self.dialog.chosen_sheets)
            return
        if not answer:
            return
        replace = self.dialog.replace_rows()
        self.runner = run_task(
            self.owner, self.tr("Importing…"),
            lambda task: apply_import(self.db, plan, progress=task.report, replace=replace),
            self.finished, self.failed, cancellable=False,
        )

    def finished(self, result: dict[str, Any]) -> None:
        self.on_done(result)


def _value(table: str, key: str, value: Any) -> str:
    """A stored or imported value as people know it (a choice's name, Ya/Tidak, a date); a blank as a dash."""
    return shown(column_value(table, key, value)) or "—"
