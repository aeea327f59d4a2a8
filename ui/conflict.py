"""When a save is refused because someone else changed the record: reload, or compare and choose.

The editors call :func:`resolve` with the refusal, their own (unsaved) values and the stored
values; the user reloads (their work is replaced by the stored record), compares the two side by
side, or, after comparing, saves over the other change on purpose.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
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

from bakti_desktop.storage.locking import ChangedElsewhere


class Choice(enum.Enum):
    RELOAD = "reload"  # drop my changes, show the stored record
    OVERWRITE = "overwrite"  # save mine over theirs (chosen after comparing)
    CANCEL = "cancel"  # keep editing, nothing saved


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return QCoreApplication.translate("Conflict", "Yes") if value else QCoreApplication.translate("Conflict", "No")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class CompareDialog(QDialog):
    """Field by field: what I typed beside what is stored; the differing rows are highlighted."""

    def __init__(self, parent: QWidget | None, error: ChangedElsewhere, labels: Mapping[str, str],
                 mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> None:
        super().__init__(parent)
        self.choice = Choice.CANCEL
        self.setWindowTitle(self.tr("Compare with the saved version"))
        layout = QVBoxLayout(self)
        intro = QLabel(str(error))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Yours (not saved)"),
                                              self.tr("Saved by {who}").format(who=error.who or "?")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.differing = 0
        long_form = len(labels) > 12  # a long form (the survey): only the fields that differ
        for key, name in labels.items():
            a, b = shown(mine.get(key)), shown(theirs.get(key))
            if long_form and a == b:
                continue
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((name, a, b)):
                item = QTableWidgetItem(text)
                if a != b:
                    item.setBackground(QColor("#FFF59D"))
                self.table.setItem(row, column, item)
            self.differing += a != b
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        keep = QPushButton(self.tr("Save mine over theirs"))
        take = QPushButton(self.tr("Take theirs (reload)"))
        buttons.addButton(keep, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(take, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        keep.clicked.connect(lambda: self._done(Choice.OVERWRITE))
        take.clicked.connect(lambda: self._done(Choice.RELOAD))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 500)

    def _done(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()


def resolve(parent: QWidget | None, error: ChangedElsewhere, labels: Mapping[str, str], mine: Mapping[str, Any],
            theirs: Callable[[], Mapping[str, Any] | None]) -> Choice:
    """Ask what to do about a refused save; ``theirs`` reads the stored values (None: record gone)."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Conflict", "Changed by someone else"), str(error),
                      parent=parent)
    reload = box.addButton(QCoreApplication.translate("Conflict", "Reload"), QMessageBox.ButtonRole.AcceptRole)
    compare = box.addButton(QCoreApplication.translate("Conflict", "Compare…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(compare)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload:
        return Choice.RELOAD
    if clicked is compare:
        stored = theirs()
        if stored is None:
            return Choice.RELOAD
        dialog = CompareDialog(parent, error, labels, mine, stored)
        dialog.exec()
        return dialog.choice
    return Choice.CANCEL


def resolve_rows(parent: QWidget | None, error: ChangedElsewhere, mine: list[str],
                 theirs: Callable[[], list[str] | None]) -> Choice:
    """:func:`resolve` for a table saved as a whole: its rows, each as one line of text, compared row by row."""
    labels: dict[str, str] = {}

    def rows(values: list[str]) -> dict[str, str]:
        return {str(number): text for number, text in enumerate(values, start=1)}

    def stored() -> Mapping[str, Any] | None:
        found = theirs()
        if found is None:
            return None
        for number in range(1, max(len(mine), len(found)) + 1):  # the labels, now that both lengths are known
            labels[str(number)] = QCoreApplication.translate("Conflict", "Row {n}").format(n=number)
        return rows(found)

    return resolve(parent, error, labels, rows(mine), stored)

