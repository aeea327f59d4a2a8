"""The follow-up actions register across meetings, with filters and export."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.pksai import service
from bakti_desktop.pksai.export import export_actions
from bakti_desktop.pksai.models import ActionStatus, is_overdue
from bakti_desktop.reports import format as fmt
from bakti_desktop.storage.database import Database
from ui.errors import show_error
from ui.widgets.files import ask_save_path, offer_open

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class Cell(QTableWidgetItem):
    """A cell that sorts by its value (a date sorts as a date, not as the text "08/10/2020")."""

    def __init__(self, text: str, key: Any = None) -> None:
        super().__init__(text)
        self.setData(SORT_ROLE, text.casefold() if key is None else key)
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is None or theirs is None:
            return mine is None and theirs is not None
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


class ActionsRegister(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, forum_id: int | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Actions register"))
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.forum = QComboBox()
        self.forum.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.forum.setMinimumContentsLength(30)  # forum names are long: whole in the list and the tooltip
        self.forum.view().setMinimumWidth(620)
        self.forum.addItem(self.tr("All forums"), None)
        for forum in service.forums(db):
            self.forum.addItem(forum["name"], forum["id"])
            self.forum.setItemData(self.forum.count() - 1, forum["name"], Qt.ItemDataRole.ToolTipRole)
        self.forum.setCurrentIndex(max(0, self.forum.findData(forum_id)))
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), None)
        for code, label in ActionStatus.choices():
            self.status.addItem(label, code)
        self.responsible = QLineEdit()
        self.responsible.setPlaceholderText(self.tr("Responsible OPD contains…"))
        self.overdue = QCheckBox(self.tr("Overdue only"))
        filters.addWidget(self.forum, 3)
        filters.addWidget(self.status)
        filters.addWidget(self.responsible, 2)
        filters.addWidget(self.overdue)
        layout.addLayout(filters)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([self.tr("Forum"), self.tr("Meeting"), self.tr("Date"), self.tr("Action"),
                                              self.tr("Responsible"), self.tr("Due"), self.tr("Status")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 200), (1, 200), (4, 170)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("Export to Excel…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(lambda: self.export())
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.forum.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.responsible.textChanged.connect(lambda _t: self.refresh())
        self.overdue.toggled.connect(lambda _b: self.refresh())
        self.resize(1100, 560)
        self.refresh()
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by meeting date, as the register reads

    def filters(self) -> dict[str, Any]:
        return {"forum_id": self.forum.currentData(), "status": self.status.currentData(),
                "responsible": self.responsible.text().strip() or None,
                "overdue_on": date.today() if self.overdue.isChecked() else None}

    def refresh(self) -> None:
        self.forum.setToolTip(self.forum.currentText())
        rows = service.actions_register(self.db, **self.filters())
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        today = date.today()
        for r, row in enumerate(rows):
            cells = [Cell(row["forum"]), Cell(row["meeting"]),
                     Cell(fmt.date_short(row["meeting_date"]), row["meeting_date"]), Cell(row["what"]),
                     Cell(row["responsible"] or ""), Cell(fmt.date_short(row["due_date"]), row["due_date"]),
                     Cell(ActionStatus.label_of(row["status"]))]
            cells[0].setToolTip(row["forum"])
            cells[1].setToolTip(row["meeting"])
            cells[3].setToolTip(row["what"])
            if row["history"]:  # the meetings that reviewed it, with what each decided
                cells[6].setToolTip(self.tr("Reviewed in the meetings of: {meetings}").format(meetings="; ".join(
                    f"{fmt.date_short(day)} {ActionStatus.label_of(status)}" for day, status in row["history"])))
            if is_overdue(row, today):
                cells[5].setForeground(Qt.GlobalColor.red)
                cells[5].setToolTip(self.tr("Overdue"))
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, cell)
        self.table.setSortingEnabled(True)
        for column in (2, 5, 6):
            self.table.resizeColumnToContents(column)
        self.count.setText(self.tr("Actions shown: {n}").format(n=fmt.number(len(rows))))
        self.export_button.setEnabled(bool(rows))

    def file_name(self) -> str:
        """ "Register tindak lanjut PKSAI — <forum> 2020-10-08.xlsx": what, which forum, as of when."""
        forum = self.forum.currentText() if self.forum.currentData() is not None else self.tr("all forums")
        return self.tr("PKSAI actions register {forum} {date}.xlsx").format(forum=forum,
                                                                              date=date.today().isoformat())

    def export(self) -> None:
        path = ask_save_path(self, self.tr("Export actions register"), self.file_name(),
                             self.tr("Excel workbook (*.xlsx)"))
        if path is None:
            return
        try:
            out = export_actions(self.db, path, **self.filters())
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        offer_open(self, out)
