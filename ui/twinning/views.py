"""Pictures of the RKTL: completion charts, items due soon, and a timeline of plans."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.storage.database import Database
from bakti_desktop.twinning import service

STATUS_COLORS = {"belum_mulai": QColor("#90A4AE"), "berjalan": QColor("#1E88E5"), "selesai": QColor("#43A047"),
                 "tertunda": QColor("#FB8C00"), "dibatalkan": QColor("#BDBDBD")}


class CompletionChart(QChartView):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        chart = QChart()
        chart.setTitle(self.title)
        chart.legend().hide()
        series = QHorizontalBarSeries()
        bars = QBarSet("%")
        bars.setColor(QColor("#43A047"))
        ordered = list(reversed(rows))
        for row in ordered:
            bars.append(round(row["percent"], 1))
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([f"{r['name']} ({r['done']}/{r['total']})" for r in ordered])
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setRange(0, 100)
        axis_x.setLabelFormat("%d%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        self.setChart(chart)


class Dashboard(QWidget):
    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        charts = QHBoxLayout()
        self.by_mentee = CompletionChart(self.tr("Completion by mentee"))
        self.by_topic = CompletionChart(self.tr("Completion by topic"))
        charts.addWidget(self.by_mentee)
        charts.addWidget(self.by_topic)
        layout.addLayout(charts, 3)
        self.due_label = QLabel()
        layout.addWidget(self.due_label)
        self.due = QTableWidget(0, 5)
        self.due.setHorizontalHeaderLabels([self.tr("Due"), self.tr("Mentee"), self.tr("Topic"), self.tr("Activity"),
                                            self.tr("Status")])
        self.due.verticalHeader().hide()
        self.due.horizontalHeader().setStretchLastSection(False)
        self.due.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.due, 2)

    def refresh(self, programme_id: int | None) -> None:
        if programme_id is None:
            return
        self.by_mentee.show_rows(service.completion(self.db, programme_id, "mentee"))
        self.by_topic.show_rows(service.completion(self.db, programme_id, "topic"))
        soon = service.due_soon(self.db, programme_id)
        late = service.items(self.db, programme_id, overdue_only=True)
        self.due_label.setText(self.tr("Due within 30 days: {n}; overdue: {late}").format(n=len(soon), late=len(late)))
        rows = late + soon
        self.due.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [row["planned_end"].strftime("%d/%m/%Y") if row["planned_end"] else "", row["mentee_name"],
                      f"Topik {row['topic_number']}", row["activity"], service.STATUS_LABELS[row["status"]]]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0 and row["overdue"]:
                    item.setForeground(Qt.GlobalColor.red)
                self.due.setItem(r, c, item)
        self.due.resizeColumnsToContents()
        self.due.setColumnWidth(3, 520)


class TimelineCanvas(QWidget):
    """Planned periods as bars on a month scale, coloured by status; today as a line."""

    ROW = 24
    LEFT = 330

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = [r for r in rows if r["planned_start"] and r["planned_end"]]
        self.setMinimumHeight(40 + self.ROW * len(self.rows))
        self.update()

    def _span(self) -> tuple[date, date]:
        start = min(r["planned_start"] for r in self.rows)
        end = max(r["planned_end"] for r in self.rows)
        if start <= date.today() <= date(end.year + 1, end.month, 1):  # keep today in view when it is near
            end = max(end, date.today())
        return date(start.year, start.month, 1), date(end.year + (end.month == 12), end.month % 12 + 1, 1)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No planned dates yet"))
            return
        first, last = self._span()
        days = max(1, (last - first).days)
        width = max(100, self.width() - self.LEFT - 10)

        def x(day: date) -> float:
            return self.LEFT + width * (day - first).days / days

        month = first
        months = 0
        while month <= last:
            months += 1
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        every = next(step for step in (1, 2, 3, 6, 12, 24) if width / max(1, months) * step >= 48 or step == 24)
        month, number = first, 0
        while month <= last:
            painter.setPen(QPen(QColor("#CFD8DC")))
            painter.drawLine(int(x(month)), 20, int(x(month)), self.height())
            if number % every == 0:
                painter.setPen(self.palette().text().color())
                painter.drawText(int(x(month)) + 2, 14, month.strftime("%m/%Y"))
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
            number += 1
        for i, row in enumerate(self.rows):
            top = 24 + i * self.ROW
            painter.setPen(self.palette().text().color())
            label = f"{row['mentee_name'].replace('UPTD PAL ', '')} · {row['activity']}"
            painter.drawText(QRectF(4, top, self.LEFT - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, self.LEFT - 8))
            color = QColor("#E53935") if row["overdue"] else STATUS_COLORS[row["status"]]
            rect = QRectF(x(row["planned_start"]), top + 5, max(3.0, x(row["planned_end"]) - x(row["planned_start"])),
                          self.ROW - 10)
            painter.fillRect(rect, color)
        painter.setPen(QPen(QColor("#C62828"), 2))
        today = x(date.today()) if first <= date.today() <= last else None
        if today is not None:
            painter.drawLine(int(today), 18, int(today), self.height())


class Timeline(QWidget):
    """The timeline with a legend of the colours."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        labels = {"belum_mulai": self.tr("Not started"), "berjalan": self.tr("In progress"), "selesai": self.tr("Done"),
                  "tertunda": self.tr("Delayed"), "dibatalkan": self.tr("Cancelled")}
        legend = "  ".join(f"<span style='color:{STATUS_COLORS[k].name()}'>■</span> {v}" for k, v in labels.items())
        legend += f"  <span style='color:#E53935'>■</span> {self.tr('Overdue')}"
        layout.addWidget(QLabel(legend))
        self.canvas = TimelineCanvas()
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll)
