"""The SSS targets table and programme table: numbers edited as numbers, shown formatted, saved on request.

Both implement the Editor protocol (ui.widgets.unsaved): what is on screen is compared with what was
loaded, so switching document or closing the window asks Save / Discard / Cancel only when something
really changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.reports.format import money, number, parse_money, parse_number
from bakti_desktop.sss import service
from bakti_desktop.sss.models import FUNDING_SOURCES
from bakti_desktop.sss.service import TablesView
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from ui.conflict import Choice, resolve_rows
from ui.errors import show_error

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ModelIndex = QModelIndex | QPersistentModelIndex
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked
                 | QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed)


def decimal_text(value: float | int | str | None) -> str:
    """A number with only the decimals it needs (up to 2): ``95``, ``66,7``, ``2,5``; a blank cell ("") blank."""
    if value is None or value == "":
        return ""
    value = float(value)
    for decimals in (0, 1):
        if round(value, decimals) == value:
            return number(value, decimals)
    return number(value, 2)


class NumberDelegate(QStyledItemDelegate):
    """Shows a number formatted (``35.000.000``, ``66,7``) and edits it as a number; bad input is refused."""

    def __init__(self, is_money: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.is_money = is_money

    def displayText(self, value: Any, _locale: Any) -> str:  # noqa: N802 - Qt name
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return money(value) if self.is_money else decimal_text(value)
        return "" if value is None else str(value)

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:  # noqa: N802 - Qt name
        super().initStyleOption(option, index)
        option.displayAlignment = RIGHT

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: ModelIndex) -> QLineEdit:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setAlignment(RIGHT)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.,\s]*"), editor))
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        if not isinstance(editor, QLineEdit):  # always: createEditor makes it
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            editor.setText(str(round(value)) if self.is_money else decimal_text(value))
        else:
            editor.setText("")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:  # noqa: N802
        if not isinstance(editor, QLineEdit):  # always: createEditor makes it
            return
        try:
            value = parse_money(editor.text()) if self.is_money else parse_number(editor.text())
        except ValueError:
            return  # not a number: the cell keeps its value
        model.setData(index, value, Qt.ItemDataRole.EditRole)


def number_item(value: float | int | None, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.EditRole, value)
    item.setTextAlignment(RIGHT)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def cell_value(table: QTableWidget, row: int, column: int, role: int = Qt.ItemDataRole.EditRole) -> Any:
    """A cell's value (or its data in ``role``); None for a cell without an item."""
    item = table.item(row, column)
    return None if item is None else item.data(role)


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    value = cell_value(table, row, column)
    return "" if value is None else str(value).strip()


class _TableEditor(QWidget):
    """What the two tables share: the loaded document, the snapshot that tells changes, the buttons."""

    changed = Signal()
    saved = Signal(int, int)  # the document's version before and after a save of this table
    what = ""
    table: QTableWidget  # made by each table's __init__

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.document_id: int | None = None
        self.version: int | None = None  # the document's version when this table was loaded (both tables share it)
        self.final = False
        self.loaded: Any = None

    def snapshot(self) -> Any:
        raise NotImplementedError

    def rows(self) -> list[dict[str, Any]]:
        """The rows on screen, as the core's use case saves them."""
        raise NotImplementedError

    def fill(self) -> None:
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        return self.document_id is not None and not self.final and self.snapshot() != self.loaded

    def discard_changes(self) -> None:
        self.load(self.document_id)

    def read(self, document_id: int | None) -> TablesView | None:
        """The table as stored (the core's use case), or None without a document."""
        raise NotImplementedError

    def load(self, document_id: int | None) -> None:
        view = self.read(document_id)
        self.document_id = view.document.id if view is not None else None
        self.final = bool(view and view.document.final)
        self.version = view.version if view is not None else None
        self.fill_from(view)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if self.final or self.document_id is None
                                   else EDIT_TRIGGERS)
        self.loaded = self.snapshot()
        self.update_buttons()

    def fill_from(self, view: TablesView | None) -> None:
        raise NotImplementedError

    def editable(self) -> bool:
        return self.document_id is not None and not self.final

    def _document(self) -> int:
        """The document shown. Asked for only when the table is editable or has unsaved changes, which
        both need a document: without one it is a programming error, not something a user can do."""
        if self.document_id is None:
            raise RuntimeError("no SSS document loaded in the table")
        return self.document_id

    def update_buttons(self) -> None:
        raise NotImplementedError

    # -- saving, conditional on the version loaded ------------------------------------------------------------
    def store(self, rows: list[dict[str, Any]], expected_version: int | None) -> int:
        """Save ``rows`` as the whole table; returns the document's new version."""
        raise NotImplementedError

    def row_text(self, row: dict[str, Any]) -> str:
        """A row as one line, to compare with the stored table."""
        raise NotImplementedError

    def stored_rows(self) -> list[str] | None:
        """The table as stored now, one line a row (None: the document is gone)."""
        view = self.read(self.document_id)
        return None if view is None else [self.row_text(row) for row in view.rows]

    def save_changes(self) -> bool:
        if not self.has_unsaved_changes():
            return True
        try:
            rows = self.rows()
            new_version = self.store(rows, self.version)
        except ChangedElsewhere as error:
            return self._conflict(error, rows)
        except UserError as error:
            show_error(self, error)
            return False
        old = self.version
        self.load(self.document_id)
        self.saved.emit(old or 0, new_version)
        self.changed.emit()
        return True

    def _conflict(self, error: ChangedElsewhere, rows: list[dict[str, Any]]) -> bool:
        """Someone else saved this document's tables meanwhile: reload theirs, or compare and save mine over it."""
        choice = resolve_rows(self, error, [self.row_text(r) for r in rows], self.stored_rows)
        if choice is Choice.RELOAD:
            self.load(self.document_id)
            return True
        if choice is Choice.OVERWRITE:
            self.version = service.document_version(self.db, self._document())
            return self.save_changes()
        return False

    def follow(self, old: int, new: int) -> None:
        """The other table was saved from the version this one was loaded at: this one is still current."""
        if self.version == old:
            self.version = new


def _figure(value: float | int | None) -> str:
    return "" if value is None else number(value, 0 if float(value).is_integer() else 2)


class TargetsEditor(_TableEditor):
    """Indicators with their baseline (from the mapping, or typed) and a target per year of the period."""

    def subject(self) -> str:
        """What the unsaved-changes question names."""
        return self.tr("the targets")

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.years: list[int] = []
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Baselines of the basic-service indicators come from the mapping of the baseline year; "
                               "edit the yearly targets in the table."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget()
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegate(NumberDelegate(False, self.table))
        self.table.setItemDelegateForColumn(0, QStyledItemDelegate(self.table))
        self.table.itemChanged.connect(lambda _item: self._edited())
        self.table.itemSelectionChanged.connect(self.update_buttons)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_button = QPushButton(self.tr("Add indicator"))
        self.add_button.clicked.connect(lambda: self.add_indicator())
        self.remove_button = QPushButton(self.tr("Remove indicator"))
        self.remove_button.clicked.connect(lambda: self.remove_indicator())
        self.save_button = QPushButton(self.tr("Save targets"))
        self.save_button.clicked.connect(lambda: self.save_changes())
        for button in (self.add_button, self.remove_button, self.save_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.update_buttons()

    def read(self, document_id: int | None) -> TablesView | None:
        return service.load_targets(self.db, document_id)

    def fill_from(self, view: TablesView | None) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if view is None:
            self.years = []
            self.table.setColumnCount(0)
            self.table.blockSignals(False)
            return
        self.years = view.document.years
        self.table.setColumnCount(2 + len(self.years))
        self.table.setHorizontalHeaderLabels([self.tr("Indicator"), self.tr("Baseline ({year})").format(
            year=view.document.baseline_year or "-")] + [str(y) for y in self.years])
        self.table.setRowCount(len(view.rows))
        for r, target in enumerate(view.rows):
            item = QTableWidgetItem(target["indicator"])
            item.setData(Qt.ItemDataRole.UserRole, target["source"])
            item.setData(Qt.ItemDataRole.UserRole + 1, target["unit"])
            self.table.setItem(r, 0, item)
            self.table.setItem(r, 1, number_item(target["baseline"]))
            for c, year in enumerate(self.years, start=2):
                self.table.setItem(r, c, number_item(target["targets"].get(year)))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.table.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.blockSignals(False)

    def snapshot(self) -> Any:
        return tuple(tuple([cell_value(self.table, r, 0), cell_value(self.table, r, 0, Qt.ItemDataRole.UserRole)] +
                           [cell_value(self.table, r, c) for c in range(1, self.table.columnCount())])
                     for r in range(self.table.rowCount()))

    def _edited(self) -> None:
        self.update_buttons()
        self.changed.emit()

    def update_buttons(self) -> None:
        editable = self.editable()
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and bool(self.table.selectionModel().selectedRows()))
        self.save_button.setEnabled(editable and self.has_unsaved_changes())

    def add_indicator(self) -> None:
        if not self.editable():
            return
        r = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(r)
        indicator = QTableWidgetItem("")
        indicator.setData(Qt.ItemDataRole.UserRole + 1, "%")
        self.table.setItem(r, 0, indicator)
        for c in range(1, self.table.columnCount()):
            self.table.setItem(r, c, number_item(None))
        self.table.blockSignals(False)
        self.table.setCurrentCell(r, 0)
        self.table.editItem(indicator)
        self._edited()

    def remove_indicator(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.editable():
            return
        self.table.removeRow(rows[0].row())
        self._edited()

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for r in range(self.table.rowCount()):
            indicator = cell_text(self.table, r, 0)
            if not indicator:
                continue
            unit = cell_value(self.table, r, 0, Qt.ItemDataRole.UserRole + 1) or "%"
            values = {year: cell_value(self.table, r, c) for c, year in enumerate(self.years, start=2)
                      if cell_value(self.table, r, c) is not None}
            baseline = cell_value(self.table, r, 1)
            out.append({"indicator": indicator, "source": cell_value(self.table, r, 0, Qt.ItemDataRole.UserRole),
                        "unit": unit, "baseline": baseline, "targets": values})
        return out

    def store(self, rows: list[dict[str, Any]], expected_version: int | None) -> int:
        return service.save_targets(self.db, self._document(), rows, expected_version=expected_version)

    def row_text(self, row: dict[str, Any]) -> str:
        """indicator | baseline | year: target; …"""
        targets = "; ".join(f"{year}: {_figure(value)}"
                            for year, value in sorted((int(y), v) for y, v in row["targets"].items()))
        return f"{row['indicator']} | {_figure(row.get('baseline'))} | {targets}"


PROGRAMME_KEYS = ("program", "kegiatan", "lokasi", "satuan", "volume", "unit_cost", "total", "sumber_dana", "opd", "tahun")
VOLUME, UNIT_COST, TOTAL, SOURCE, YEAR = (PROGRAMME_KEYS.index(k) for k in ("volume", "unit_cost", "total",
                                                                           "sumber_dana", "tahun"))


class ProgrammeEditor(_TableEditor):
    """Programme and activities with volume × unit cost, totals by year and source from the core."""

    def subject(self) -> str:
        """What the unsaved-changes question names."""
        return self.tr("the programme table")

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.default_year = date.today().year
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(PROGRAMME_KEYS))
        self.table.setHorizontalHeaderLabels([
            self.tr("Programme"), self.tr("Activity"), self.tr("Location"), self.tr("Unit"), self.tr("Volume"),
            self.tr("Unit cost (Rp)"), self.tr("Total (Rp)"), self.tr("Source of funds"), self.tr("Responsible OPD"),
            self.tr("Year")])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegateForColumn(VOLUME, NumberDelegate(False, self.table))
        self.table.setItemDelegateForColumn(UNIT_COST, NumberDelegate(True, self.table))
        self.table.setItemDelegateForColumn(TOTAL, NumberDelegate(True, self.table))
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        # Row heights follow the activity's wrapping at the width the column really gets (filled while hidden,
        # rows were sized for a narrow column: one-line activities in double-height rows, heights uneven).
        # Once the header has finished laying out (within sectionResized the rows still measure the old widths).
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(lambda: self.table.resizeRowsToContents())
        self.table.horizontalHeader().sectionResized.connect(
            lambda column, _old, _new: column == 1 and self._fit_rows.start())
        layout.addWidget(self.table)
        self.sums = QLabel()
        self.sums.setWordWrap(True)
        self.sums.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.sums)
        row = QHBoxLayout()
        row.addStretch(1)
        self.propose_button = QPushButton(self.tr("Propose toilet construction"))
        self.propose_button.setToolTip(self.tr("Add rows for the toilets to build per kecamatan, from the mapping"))
        self.propose_button.clicked.connect(lambda: self.propose())
        self.add_button = QPushButton(self.tr("Add row"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton(self.tr("Remove row"))
        self.remove_button.clicked.connect(lambda: self.remove_row())
        self.save_button = QPushButton(self.tr("Save programme"))
        self.save_button.clicked.connect(lambda: self.save_changes())
        for button in (self.propose_button, self.add_button, self.remove_button, self.save_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.update_buttons()

    def read(self, document_id: int | None) -> TablesView | None:
        return service.load_programme(self.db, document_id)

    def fill_from(self, view: TablesView | None) -> None:
        rows = [] if view is None else view.rows
        self.default_year = view.document.start_year if view else date.today().year
        self.table.setRowCount(0)
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            self._set_row(r, values)
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):  # long activity names wrap instead of widening the table
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 240))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # fills the width
        self.table.resizeRowsToContents()
        self.update_sums()

    def _set_row(self, r: int, values: dict[str, Any]) -> None:
        self.table.blockSignals(True)
        for c, key in enumerate(PROGRAMME_KEYS):
            if key == "sumber_dana":
                combo = QComboBox()
                combo.addItems(FUNDING_SOURCES)
                combo.setCurrentText(values.get(key) or FUNDING_SOURCES[0])
                combo.currentIndexChanged.connect(lambda _i: self._edited())
                self.table.setCellWidget(r, c, combo)
                under = QTableWidgetItem()  # under the combo box: selectable, never edited as text
                self.table.setItem(r, c, under)
                under.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            elif key == "total":
                self.table.setItem(r, c, number_item(service.row_total(values.get("volume"), values.get("unit_cost")),
                                                     editable=False))
            elif key in ("volume", "unit_cost"):
                self.table.setItem(r, c, number_item(values.get(key)))
            elif key == "tahun":
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.EditRole, int(values.get(key) or self.default_year))
                self.table.setItem(r, c, item)
            else:
                self.table.setItem(r, c, QTableWidgetItem(values.get(key) or ""))
        source = self.table.cellWidget(r, SOURCE)
        if source is not None:
            source.setEnabled(self.editable())
        self.table.blockSignals(False)

    def row_values(self, r: int) -> dict[str, Any]:
        source = self.table.cellWidget(r, SOURCE)
        year = cell_value(self.table, r, YEAR)
        return {"program": cell_text(self.table, r, 0), "kegiatan": cell_text(self.table, r, 1),
                "lokasi": cell_text(self.table, r, 2) or None, "satuan": cell_text(self.table, r, 3) or None,
                "volume": float(cell_value(self.table, r, VOLUME) or 0),
                "unit_cost": int(cell_value(self.table, r, UNIT_COST) or 0),
                "sumber_dana": source.currentText() if isinstance(source, QComboBox) else FUNDING_SOURCES[0],
                "opd": cell_text(self.table, r, 8) or None,
                "tahun": int(year) if year not in (None, "") else self.default_year}

    def rows(self) -> list[dict[str, Any]]:
        return [self.row_values(r) for r in range(self.table.rowCount())]

    def snapshot(self) -> Any:
        return tuple(tuple(sorted(self.row_values(r).items())) for r in range(self.table.rowCount()))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in (VOLUME, UNIT_COST):
            values = self.row_values(item.row())
            total = self.table.item(item.row(), TOTAL)
            if total is not None:
                self.table.blockSignals(True)
                total.setData(Qt.ItemDataRole.EditRole, service.row_total(values["volume"], values["unit_cost"]))
                self.table.blockSignals(False)
        self._edited()

    def _edited(self) -> None:
        self.update_sums()
        self.update_buttons()
        self.changed.emit()

    def update_sums(self) -> None:
        sums = service.programme_totals(self.rows())
        years = ", ".join(f"{y}: Rp {money(v)}" for y, v in sums["by_year"].items())
        sources = ", ".join(f"{s}: Rp {money(v)}" for s, v in sorted(sums["by_source"].items()))
        self.sums.setText(self.tr("Total Rp {total}. By year: {years}. By source: {sources}.").format(
            total=money(sums["total"]), years=years or "—", sources=sources or "—"))

    def update_buttons(self) -> None:
        editable = self.editable()
        for button in (self.propose_button, self.add_button):
            button.setEnabled(editable)
        self.remove_button.setEnabled(editable and bool(self.table.selectionModel().selectedRows()))
        self.save_button.setEnabled(editable and self.has_unsaved_changes())

    def propose(self) -> None:
        if not self.editable():
            return
        rows = service.propose_toilet_rows(self.db, self._document())
        if not rows:
            QMessageBox.information(self, self.tr("Toilet construction"),
                                    self.tr("The mapping shows no toilets to build for this document's baseline year."))
            return
        start = self.table.rowCount()
        self.table.setRowCount(start + len(rows))
        for r, values in enumerate(rows, start=start):
            self._set_row(r, values)
        self.table.resizeRowsToContents()
        self._edited()

    def add_row(self) -> None:
        if not self.editable():
            return
        r = self.table.rowCount()
        self.table.insertRow(r)
        self._set_row(r, {"volume": 1.0, "unit_cost": 0, "tahun": self.default_year})
        self.table.setCurrentCell(r, 0)
        first = self.table.item(r, 0)
        if first is not None:  # _set_row made it
            self.table.editItem(first)
        self._edited()

    def remove_row(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not self.editable():
            return
        self.table.removeRow(rows[0].row())
        self._edited()

    def store(self, rows: list[dict[str, Any]], expected_version: int | None) -> int:
        return service.save_programme(self.db, self._document(), rows, expected_version=expected_version)

    def row_text(self, row: dict[str, Any]) -> str:
        return " | ".join(str(part) for part in (
            row["program"], row["kegiatan"], row.get("lokasi") or "", row.get("satuan") or "", _figure(row["volume"]),
            money(row["unit_cost"]), row["sumber_dana"], row.get("opd") or "", row["tahun"]))

