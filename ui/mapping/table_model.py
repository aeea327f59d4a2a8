"""A Qt model over the survey table that fetches pages from SQL on demand."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from bakti_desktop import regions
from bakti_desktop.mapping import queries
from bakti_desktop.mapping.queries import SurveyFilter
from bakti_desktop.reports.format import number
from bakti_desktop.storage.database import Database
from ui.mapping.labels import LEVEL_BACKGROUNDS, level_text, priority_text

PAGE = 200
ModelIndex = QModelIndex | QPersistentModelIndex


class SurveyTableModel(QAbstractTableModel):
    """Rows are surveys (a school in a year); only the pages on screen are loaded."""

    KEYS = ("npsn", "nama_sekolah", "jenjang", "kabupaten_code", "kecamatan_code", "year", "students",
            "water_level", "sanitation_level", "hygiene_level", "build", "phbs_score", "priority")
    LEVEL_KEYS = ("water_level", "sanitation_level", "hygiene_level")

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filter = SurveyFilter()
        self.sort_key = "nama_sekolah"
        self.descending = False
        self._count = 0
        self._pages: dict[int, list[dict[str, Any]]] = {}
        self.reload()

    def headers(self) -> list[str]:
        return [
            self.tr("NPSN"), self.tr("School"), self.tr("Level"), self.tr("Kab./Kota"), self.tr("Kecamatan"),
            self.tr("Year"), self.tr("Students"), self.tr("Water"), self.tr("Sanitation"), self.tr("Hygiene"),
            self.tr("Toilets needed"), self.tr("PHBS"), self.tr("Priority"),
        ]

    # -- loading ------------------------------------------------------------------------------------------
    def set_filter(self, f: SurveyFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = queries.count(self.db, self.filter)
        self.endResetModel()

    def row(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < self._count:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = queries.page(self.db, self.filter, self.sort_key, self.descending, number * PAGE, PAGE)
            if len(self._pages) > 50:
                self._pages.clear()
            self._pages[number] = page
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    # -- Qt model -----------------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        key = self.KEYS[index.column()]
        value = row[key]  # queries.page selects every column of KEYS
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "kabupaten_code":  # "Bone", "Kota Makassar": the column says Kabupaten/Kota
                return regions.region_name(value).removeprefix("Kabupaten ")
            if key == "kecamatan_code":
                return regions.region_name(value)
            if key in self.LEVEL_KEYS:
                return level_text(value)
            if key == "priority":
                return priority_text(value)
            if key == "build":
                return (f"{number(value)}  ({number(row['build_boys'])}/{number(row['build_girls'])}/"
                        f"{number(row['build_teachers'])})")
            if key in ("students", "phbs_score"):
                return "" if value is None else number(value)
            # Texts, never numbers: Qt would write the year 2020 as "2.020" in Indonesian.
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and key in self.LEVEL_KEYS:
            return LEVEL_BACKGROUNDS.get(value)
        if role == Qt.ItemDataRole.ToolTipRole and key == "build":
            return self.tr("Boys / girls / teachers")
        if role == Qt.ItemDataRole.ToolTipRole and key == "nama_sekolah":
            return value  # the column may be narrower than a long name
        if role == Qt.ItemDataRole.ToolTipRole and key in ("kabupaten_code", "kecamatan_code"):
            return regions.region_name(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("year", "students", "build", "phbs_score"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row["survey_id"]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = self.KEYS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
