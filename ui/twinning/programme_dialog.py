"""Creating or editing a twinning programme: period, stage, units (mentors and mentees), topics.

The dialog is an :class:`~ui.widgets.unsaved.Editor`: Escape, *Batal* or closing it with changes asks
Simpan/Buang/Batal first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import Stage, UnitRole
from ui.conflict import Choice, resolve
from ui.errors import show_error
from ui.widgets.unsaved import settle


def _choice(table: QTableWidget, row: int, column: int) -> Any:
    """The data of the option chosen in a cell's combo box; None for a cell without one."""
    widget = table.cellWidget(row, column)
    return widget.currentData() if isinstance(widget, QComboBox) else None


class ProgrammeDialog(QDialog):
    def __init__(self, db: Database, programme_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.programme_id = programme_id
        self.version: int | None = None  # the programme's version as loaded: the save is conditional on it
        self._saved = False
        self.setWindowTitle(self.tr("Twinning programme"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.start, self.end = QSpinBox(), QSpinBox()
        for spin in (self.start, self.end):
            spin.setRange(2000, 2100)
            spin.setValue(date.today().year)
        self.provider = QLineEdit()
        self.stage = QComboBox()
        for code, label in Stage.choices():
            self.stage.addItem(label, code)
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(60)
        years = QHBoxLayout()
        years.addWidget(self.start)
        years.addWidget(self.end)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Period:"), years)
        form.addRow(self.tr("Senior service provider:"), self.provider)
        form.addRow(self.tr("Stage:"), self.stage)
        form.addRow(self.tr("Description:"), self.description)
        layout.addLayout(form)

        units = QGroupBox(self.tr("Units (UPTD PAL) and their role"))
        box = QVBoxLayout(units)
        self.units = QTableWidget(0, 3)
        self.units.setHorizontalHeaderLabels([self.tr("Unit"), self.tr("Role"), self.tr("Kabupaten/Kota")])
        header = self.units.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.units.setColumnWidth(2, 220)
        self.units.verticalHeader().hide()
        box.addWidget(self.units)
        box.addLayout(self._buttons(self.add_unit, self.units))
        layout.addWidget(units)

        topics = QGroupBox(self.tr("Topics"))
        box = QVBoxLayout(topics)
        self.topics = QTableWidget(0, 3)
        self.topics.setHorizontalHeaderLabels([self.tr("No."), self.tr("Topic"), self.tr("Mentor")])
        header = self.topics.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.topics.setColumnWidth(2, 240)
        self.topics.verticalHeader().hide()
        box.addWidget(self.topics)
        box.addLayout(self._buttons(self.add_topic, self.topics))
        layout.addWidget(topics)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: self.save())
        buttons.rejected.connect(lambda: self.reject())
        layout.addWidget(buttons)
        self.resize(820, 640)
        if programme_id is not None:
            self._load(service.programme_detail(db, programme_id))
        self._loaded = self._state()

    # -- the Editor protocol ---------------------------------------------------------------------------
    def _state(self) -> tuple[Any, ...]:
        """Everything the user can change, to tell whether anything was."""
        def text(table: QTableWidget, r: int, c: int) -> str:
            item = table.item(r, c)
            return item.text() if item else ""

        def choice(table: QTableWidget, r: int, c: int) -> Any:
            widget = table.cellWidget(r, c)
            return widget.currentData() if isinstance(widget, QComboBox) else None

        units = tuple((text(self.units, r, 0), choice(self.units, r, 1), text(self.units, r, 2))
                      for r in range(self.units.rowCount()))
        topics = tuple((text(self.topics, r, 0), text(self.topics, r, 1), choice(self.topics, r, 2))
                       for r in range(self.topics.rowCount()))
        return (self.name.text(), self.start.value(), self.end.value(), self.provider.text(), self.stage.currentData(),
                self.description.toPlainText(), units, topics)

    def has_unsaved_changes(self) -> bool:
        return self._state() != self._loaded

    def save_changes(self) -> bool:
        return self._store()

    def discard_changes(self) -> None:
        self._loaded = self._state()

    def reject(self) -> None:
        """Escape, *Batal* or the window's close: ask first when something was changed."""
        if self.has_unsaved_changes():
            if not settle(self, self, self.tr("the programme")):
                return
            if self._saved:
                self.accept()
                return
        super().reject()

    def _buttons(self, add: Callable[[dict[str, Any]], None], table: QTableWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        plus = QPushButton(self.tr("Add"))
        plus.clicked.connect(lambda: add({}))
        minus = QPushButton(self.tr("Remove"))
        minus.clicked.connect(lambda: table.removeRow(table.currentRow()) if table.currentRow() >= 0 else None)
        minus.setEnabled(False)
        table.currentCellChanged.connect(lambda row, _c, _pr, _pc: minus.setEnabled(row >= 0))
        row.addWidget(plus)
        row.addWidget(minus)
        return row

    def _load(self, data: dict[str, Any]) -> None:
        self.version = data.get("version")
        self.units.setRowCount(0)
        self.topics.setRowCount(0)
        self.name.setText(data["name"])
        self.start.setValue(data["start_year"] or 2024)
        self.end.setValue(data["end_year"] or 2024)
        self.provider.setText(data["senior_provider"] or "")
        self.stage.setCurrentIndex(self.stage.findData(data["stage"]))
        self.description.setPlainText(data["description"] or "")
        for unit in data["units"]:
            self.add_unit(unit)
        for topic in data["topics"]:
            self.add_topic(topic)

    def add_unit(self, unit: dict[str, Any]) -> None:
        r = self.units.rowCount()
        self.units.insertRow(r)
        name = QTableWidgetItem(unit.get("name", ""))
        name.setData(Qt.ItemDataRole.UserRole, unit.get("id"))
        self.units.setItem(r, 0, name)
        role = QComboBox()
        for code in (UnitRole.MENTEE, UnitRole.MENTOR):
            role.addItem(code.label, code.value)
        role.setCurrentIndex(max(0, role.findData(unit.get("role", UnitRole.MENTEE))))
        self.units.setCellWidget(r, 1, role)
        self.units.setItem(r, 2, QTableWidgetItem(unit.get("kabupaten", "")))

    def add_topic(self, topic: dict[str, Any]) -> None:
        r = self.topics.rowCount()
        self.topics.insertRow(r)
        number = QTableWidgetItem(str(topic.get("number", r + 1)))
        number.setData(Qt.ItemDataRole.UserRole, topic.get("id"))
        self.topics.setItem(r, 0, number)
        self.topics.setItem(r, 1, QTableWidgetItem(topic.get("name", "")))
        mentor = QComboBox()
        mentor.currentTextChanged.connect(mentor.setToolTip)
        mentor.addItem("—", None)
        for i in range(self.units.rowCount()):
            unit = self.units.item(i, 0)
            unit_id = unit.data(Qt.ItemDataRole.UserRole) if unit is not None else None
            if _choice(self.units, i, 1) == UnitRole.MENTOR and unit is not None and unit_id:  # a saved mentor unit
                mentor.addItem(unit.text(), unit_id)
        mentor.setCurrentIndex(max(0, mentor.findData(topic.get("mentor_unit_id"))))
        self.topics.setCellWidget(r, 2, mentor)

    def save(self) -> None:
        if self._store():
            self.accept()

    def _store(self) -> bool:
        """Save the programme; False (after saying why) when it cannot be saved."""
        units = []
        for r in range(self.units.rowCount()):
            item = self.units.item(r, 0)
            units.append({"id": item.data(Qt.ItemDataRole.UserRole) if item else None,
                          "name": item.text() if item else "", "role": _choice(self.units, r, 1),
                          "kabupaten": (self.units.item(r, 2) or QTableWidgetItem("")).text().strip()})
        topics = []
        try:
            for r in range(self.topics.rowCount()):
                item = self.topics.item(r, 0) or QTableWidgetItem("")  # no number: refused below as not whole
                topics.append({"id": item.data(Qt.ItemDataRole.UserRole), "number": int(item.text()),
                               "name": (self.topics.item(r, 1) or QTableWidgetItem("")).text(),
                               "mentor_unit_id": _choice(self.topics, r, 2)})
        except ValueError:
            show_error(self, UserError(self.tr("A topic number must be a whole number.")))
            return False
        values = {"name": self.name.text().strip(), "start_year": self.start.value(), "end_year": self.end.value(),
                  "senior_provider": self.provider.text().strip() or None, "stage": self.stage.currentData(),
                  "description": self.description.toPlainText().strip() or None}
        try:
            self.programme_id = service.save_programme(self.db, values, units, topics, self.programme_id,
                                                       expected_version=self.version)
        except ChangedElsewhere as error:
            return self._conflict(error, values, units, topics)
        except UserError as error:
            show_error(self, error)
            return False
        self._saved = True
        self._loaded = self._state()
        return True

    def _conflict(self, error: ChangedElsewhere, values: dict[str, Any], units: list[dict[str, Any]],
                  topics: list[dict[str, Any]]) -> bool:
        """Someone else saved this programme meanwhile: reload theirs (the dialog stays open), or compare and save
        mine over it; True when mine was saved."""
        programme_id = self.programme_id
        assert programme_id is not None
        labels = {"name": self.tr("Name"), "period": self.tr("Period"), "senior_provider": self.tr("Senior service provider"),
                  "stage": self.tr("Stage"), "description": self.tr("Description"), "units": self.tr("Units"),
                  "topics": self.tr("Topics")}
        stage_names = {self.stage.itemData(i): self.stage.itemText(i) for i in range(self.stage.count())}

        def shown(data: dict[str, Any], units_: list[dict[str, Any]], topics_: list[dict[str, Any]]) -> dict[str, Any]:
            return {"name": data["name"], "period": f"{data['start_year'] or ''}–{data['end_year'] or ''}",
                    "senior_provider": data["senior_provider"], "stage": stage_names.get(data["stage"], data["stage"]),
                    "description": data["description"],
                    "units": "\n".join(f"{u['name']} ({UnitRole.label_of(u['role'])}, {u['kabupaten']})" for u in units_),
                    "topics": "\n".join(f"{t['number']}. {t['name']}" for t in sorted(topics_, key=lambda t: t["number"]))}

        def theirs() -> dict[str, Any]:
            data = service.programme_detail(self.db, programme_id)
            return shown(data, data["units"], data["topics"])

        choice = resolve(self, error, labels, shown(values, units, topics), theirs)
        if choice is Choice.RELOAD:
            self._load(service.programme_detail(self.db, programme_id))
            self._loaded = self._state()
        elif choice is Choice.OVERWRITE:
            self.version = service.programme_detail(self.db, programme_id)["version"]
            return self._store()
        return False
