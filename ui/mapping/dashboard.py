"""The mapping dashboard: ladder charts and the district table for one year."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalPercentBarSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.mapping import service
from bakti_desktop.mapping.indicators import DOMAINS, LEVELS
from bakti_desktop.mapping.summary import share, summary
from bakti_desktop.reports.format import number, percent
from bakti_desktop.storage.database import Database
from ui.mapping.labels import LEVEL_COLORS, demo_menu_path, domain_text, level_text
from ui.widgets.grouped_header import GroupedHeader, two_lines
from ui.widgets.regions import KabupatenCombo


def group_name(group: dict[str, Any]) -> str:
    if "jenjang" in group:
        return str(group["jenjang"])
    if "kecamatan" in group:
        return str(group["kecamatan"])
    return str(group["kabupaten"]).replace("Kabupaten ", "Kab. ")


class LadderChart(QChartView):
    """Shares of schools at each level of one domain, one bar per group."""

    def __init__(self, domain: str) -> None:
        super().__init__()
        self.domain = domain
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumWidth(150)

    def show_groups(self, groups: list[dict[str, Any]]) -> None:
        chart = QChart()
        chart.setTitle(domain_text(self.domain))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        series = QHorizontalPercentBarSeries()
        ordered = list(reversed(groups))  # the first group on top
        for level in LEVELS:
            bar_set = QBarSet(level_text(level))
            bar_set.setColor(LEVEL_COLORS[level])
            bar_set.setBorderColor(LEVEL_COLORS[level])
            for group in ordered:
                bar_set.append(group[self.domain][level])
            series.append(bar_set)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([group_name(g) for g in ordered])
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setRange(0, 100)
        axis_x.setLabelFormat("%d%%")
        axis_x.setTickCount(5)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        self.setChart(chart)


class SortItem(QTableWidgetItem):
    """A cell shown as formatted text ("66,7% (24)") and sorted by its value (UserRole)."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
            return mine < theirs
        return super().__lt__(other)


class Dashboard(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        self.year = QComboBox()
        self.kabupaten = KabupatenCombo()
        self.kabupaten.setMinimumContentsLength(26)  # the row has room: "Semua kabupaten/kota" and most names whole
        self.grouping = QComboBox()
        self.grouping.addItem(self.tr("by region"), "region")
        self.grouping.addItem(self.tr("by level (SD, SMP, …)"), "jenjang")
        controls.addWidget(QLabel(self.tr("Year:")))
        controls.addWidget(self.year)
        controls.addWidget(QLabel(self.tr("Kabupaten/Kota:")))
        controls.addWidget(self.kabupaten)
        controls.addWidget(QLabel(self.tr("Group:")))
        controls.addWidget(self.grouping)
        controls.addStretch(1)
        self.headline = QLabel()
        controls.addWidget(self.headline)
        layout.addLayout(controls)

        splitter = QSplitter(Qt.Orientation.Vertical)
        charts = QWidget()
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        self.charts = {domain: LadderChart(domain) for domain in DOMAINS}
        for chart in self.charts.values():
            row.addWidget(chart)
        splitter.addWidget(charts)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.header = GroupedHeader(self.table)
        self.table.setHorizontalHeader(self.header)
        splitter.addWidget(self.table)
        splitter.setSizes([420, 260])
        menu, action = demo_menu_path()
        self.empty_hint = QLabel(self.tr(
            "No school surveys yet. The charts appear once surveys are imported or entered on the "
            "“{tab}” tab, or after loading the demonstration data: {menu} → {action}.").format(
                tab=QCoreApplication.translate("MappingPage", "Schools and surveys"), menu=menu, action=action))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty_hint)
        layout.addWidget(self.stack)

        self.year.currentIndexChanged.connect(lambda _i: self.refresh_view())
        self.kabupaten.changed.connect(lambda _c: self.refresh_view())
        self.grouping.currentIndexChanged.connect(lambda _i: self.refresh_view())
        self.reload_years()

    def reload_years(self) -> None:
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for year in service.years(self.db):
            self.year.addItem(str(year), year)
        index = self.year.findData(current)
        self.year.setCurrentIndex(index if index >= 0 else 0)
        self.year.blockSignals(False)
        self.stack.setCurrentIndex(0 if self.year.count() else 1)
        self.refresh_view()

    def refresh_view(self) -> None:
        year = self.year.currentData()
        kabupaten = self.kabupaten.code()
        if self.grouping.currentData() == "jenjang":
            by = "jenjang"
        else:
            by = "kecamatan" if kabupaten else "kabupaten"
        result = summary(self.db, by=by, year=year, kabupaten_code=kabupaten, per_kabupaten=False) if year else {}
        groups = result.get("groups", [])
        for chart in self.charts.values():
            chart.show_groups(groups)
        self._fill_table(groups)
        total = sum(g["schools"] for g in groups)
        self.headline.setText(self.tr("{n} schools surveyed").format(n=number(total)))

    def _fill_table(self, groups: list[dict[str, Any]]) -> None:
        """One row per group. The domains and the toilets to build head groups of short columns (a
        two-row header), and a share shows as "83,3%" with its count of schools in the tooltip, so that
        the table fits a 1366-px screen without scrolling sideways."""
        headers = [self.tr("Group"), self.tr("Schools")]
        header_groups: list[tuple[int, int, str]] = []
        for domain in DOMAINS:
            header_groups.append((len(headers), len(headers) + 2, domain_text(domain)))
            headers += [two_lines(level_text(level)) for level in LEVELS]
        header_groups.append((len(headers), len(headers) + 2, self.tr("Toilets to build")))
        headers += [self.tr("Boys"), self.tr("Girls"), self.tr("Teachers"),
                    two_lines(self.tr("PHBS average (of 8)")), two_lines(self.tr("No service at all"))]
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for first, last, group_text in header_groups:  # the whole name where the header is short
            for column in range(first, last + 1):
                header_item = self.table.horizontalHeaderItem(column)  # set by setHorizontalHeaderLabels above
                if header_item is not None:
                    header_item.setToolTip(f"{group_text}: {headers[column].replace(chr(10), ' ')}")
        self.header.set_groups(header_groups)
        self.table.setRowCount(len(groups))
        for r, group in enumerate(groups):
            cells: list[tuple[str, float | int | str, str]] = [
                (group_name(group), group_name(group), group_name(group)),
                (number(group["schools"]), group["schools"], "")]
            for domain in DOMAINS:
                for level in LEVELS:
                    count = group[domain][level]
                    pct = share(count, group["schools"])
                    cells.append((percent(pct), pct, self.tr("{count} of {schools} schools").format(
                        count=number(count), schools=number(group["schools"]))))
            build = group["toilets_to_build"]
            cells += [(number(build["boys"]), build["boys"], ""), (number(build["girls"]), build["girls"], ""),
                      (number(build["teachers"]), build["teachers"], ""),
                      (number(group["phbs_average"], 1), group["phbs_average"], ""),
                      (number(group["no_service_all"]), group["no_service_all"], "")]
            for c, (text, sort_value, tip) in enumerate(cells):
                item = SortItem(text)
                item.setData(Qt.ItemDataRole.UserRole, sort_value)
                if tip:
                    item.setToolTip(tip)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names take what is left
        self.table.setSortingEnabled(True)
