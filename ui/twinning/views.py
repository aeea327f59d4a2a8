"""Pictures of the RKTL: completion charts, items due soon, and a timeline of plans.

Every figure and date goes through :mod:`bakti_desktop.reports.format` ("66,7%", "08/10/2020",
"Okt 2020"); every label through ``tr``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.reports.format import date_medium, date_short, date_text, percent
from bakti_desktop.storage.database import Database
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import ItemStatus, UnitRole

STATUS_COLORS: dict[str, QColor] = {ItemStatus.NOT_STARTED: QColor("#90A4AE"), ItemStatus.IN_PROGRESS: QColor("#1E88E5"),
                 ItemStatus.DONE: QColor("#43A047"), ItemStatus.DELAYED: QColor("#FB8C00"),
                 ItemStatus.CANCELLED: QColor("#BDBDBD")}
OVERDUE_COLOR = QColor("#E53935")
TODAY_COLOR = QColor("#C62828")


def month_label(day: date) -> str:
    """"Okt 2020": the month of ``day`` as :func:`date_medium` writes it, without the day."""
    return date_medium(date(day.year, day.month, 1)).split(" ", 1)[1]


class CompletionChart(QChartView):
    """Per mentee or per topic: the share of items done, as horizontal bars labelled "(2/3) 66,7%"."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.names: list[str] = []  # the full name of each bar, bottom first, for the tooltip
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)

    def show_rows(self, rows: list[dict[str, Any]], short: Any = None) -> None:
        """``rows`` from :func:`service.completion`; ``short(name)`` gives the axis label of a long name."""
        chart = QChart()
        chart.setTitle(self.title)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        series = QHorizontalBarSeries()
        bars = QBarSet(self.title)
        bars.setColor(QColor("#43A047"))
        ordered = list(reversed(rows))
        for row in ordered:
            bars.append(round(row["percent"], 1))
        series.append(bars)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        self.names = [f"{row['name']}: {row['done']}/{row['total']} ({percent(row['percent'])})" for row in ordered]
        axis_y.append([f"{short(row['name']) if short else row['name']}  {row['done']}/{row['total']} · "
                       f"{percent(row['percent'])}" for row in ordered])
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setRange(0, 100)
        axis_x.setTickCount(5)
        axis_x.setLabelFormat("%d%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        series.hovered.connect(self._hovered)
        self.setChart(chart)

    def _hovered(self, inside: bool, index: int, _bars: QBarSet) -> None:
        if inside and 0 <= index < len(self.names):
            QToolTip.showText(QCursor.pos(), self.names[index], self)
        else:
            QToolTip.hideText()


class Dashboard(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
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
        self.due.setWordWrap(True)
        header = self.due.horizontalHeader()
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Row heights follow the activity's wrapping at the width it really gets (filled while hidden, the
        # rows were sized for a narrow column: some rows double height with one line of text).
        # Once the header has finished laying out: within sectionResized the rows still measure the old widths.
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(lambda: self.due.resizeRowsToContents())
        header.sectionResized.connect(lambda column, _old, _new: column == 3 and self._fit_rows.start())
        self.due.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.due, 2)

    def topic_label(self, number: Any) -> str:
        return self.tr("Topic {n}").format(n=number)

    def refresh(self, programme_id: int | None) -> None:
        if programme_id is None:
            self.by_mentee.show_rows([])
            self.by_topic.show_rows([])
            self.due_label.clear()
            self.due.setRowCount(0)
            return
        self.by_mentee.show_rows(service.completion(self.db, programme_id, UnitRole.MENTEE))
        # The topics' names are long: the axis says "Topik 5", the tooltip the whole name.
        topics = []
        for row in service.completion(self.db, programme_id, "topic"):  # named "Topik 5: Penguatan …"
            number, _, name = row["name"].removeprefix("Topik ").partition(":")
            topics.append({**row, "name": f"{self.topic_label(number.strip())}: {name.strip()}"})
        self.by_topic.show_rows(topics, lambda name: name.split(":", 1)[0])
        soon = service.due_soon(self.db, programme_id)
        late = service.items(self.db, programme_id, overdue_only=True)
        self.due_label.setText(self.tr("Due within 30 days: {n}; overdue: {late}").format(n=len(soon), late=len(late)))
        rows = late + soon
        self.due.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [date_short(row["planned_end"]), row["mentee_name"], self.topic_label(row["topic_number"]),
                      row["activity"], ItemStatus.label_of(row["status"])]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 0 and row["overdue"]:
                    item.setForeground(Qt.GlobalColor.red)
                    item.setToolTip(self.tr("Overdue since {day}").format(day=date_text(row["planned_end"])))
                self.due.setItem(r, c, item)
        self.due.resizeRowsToContents()


class TimelineCanvas(QWidget):
    """Planned periods as bars on a month scale, coloured by status; today as a line.

    The rows are grouped under their mentee; the activity's whole text, plan and status show as a
    tooltip on its row.
    """

    ROW = 24
    TOP = 24

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.lines: list[tuple[str, dict[str, Any] | None]] = []  # (mentee heading or activity, its row)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = [r for r in rows if r["planned_start"] and r["planned_end"]]
        self.lines = []
        mentee = None
        for row in self.rows:
            if row["mentee_name"] != mentee:
                mentee = row["mentee_name"]
                self.lines.append((mentee, None))
            self.lines.append((row["activity"], row))
        self.setMinimumHeight(self.TOP + 16 + self.ROW * len(self.lines))
        self.update()

    def label_width(self) -> int:
        """The column of activity names: a third of the width, within 220–480 px."""
        return max(220, min(480, self.width() // 3))

    def _span(self) -> tuple[date, date]:
        start = min(r["planned_start"] for r in self.rows)
        end = max(r["planned_end"] for r in self.rows)
        if start <= date.today() <= date(end.year + 1, end.month, 1):  # keep today in view when it is near
            end = max(end, date.today())
        return date(start.year, start.month, 1), date(end.year + (end.month == 12), end.month % 12 + 1, 1)

    def tooltip_at(self, y: float) -> str:
        index = int((y - self.TOP) // self.ROW)
        if y < self.TOP or not 0 <= index < len(self.lines):
            return ""
        text, row = self.lines[index]
        if row is None:
            return text
        status = ItemStatus.label_of(row["status"])
        if row["overdue"]:
            status += " — " + self.tr("overdue")
        return self.tr("{activity}\n{mentee}\nPlanned {start} to {end}\nStatus: {status}").format(
            activity=text, mentee=row["mentee_name"], start=date_text(row["planned_start"]),
            end=date_text(row["planned_end"]), status=status)

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt's tooltip hook
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos().y())  # type: ignore[attr-defined]
            if text:
                QToolTip.showText(event.globalPos(), text, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No planned dates yet"))
            return
        left = self.label_width()
        first, last = self._span()
        days = max(1, (last - first).days)
        width = max(100, self.width() - left - 10)

        def x(day: date) -> float:
            return left + width * (day - first).days / days

        metrics = painter.fontMetrics()
        months = []
        month = first
        while month <= last:
            months.append(month)
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        widest = max(metrics.horizontalAdvance(month_label(m)) for m in months) + 8
        every = next((step for step in (1, 2, 3, 6, 12) if width / max(1, len(months)) * step >= widest), 24)
        for number, month in enumerate(months):
            painter.setPen(QPen(QColor("#CFD8DC")))
            painter.drawLine(int(x(month)), self.TOP - 4, int(x(month)), self.height())
            label = month_label(month)
            if number % every == 0 and x(month) + 2 + metrics.horizontalAdvance(label) <= self.width():
                painter.setPen(self.palette().text().color())
                painter.drawText(int(x(month)) + 2, 14, label)
        bold = QFont(painter.font())
        bold.setBold(True)
        normal = QFont(painter.font())
        for i, (text, row) in enumerate(self.lines):
            top = self.TOP + i * self.ROW
            painter.setPen(self.palette().text().color())
            if row is None:
                painter.setFont(bold)
                painter.drawText(QRectF(4, top, self.width() - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, text)
                painter.setFont(normal)
                continue
            painter.drawText(QRectF(16, top, left - 20, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, left - 20))
            color = OVERDUE_COLOR if row["overdue"] else STATUS_COLORS[row["status"]]
            rect = QRectF(x(row["planned_start"]), top + 5, max(3.0, x(row["planned_end"]) - x(row["planned_start"])),
                          self.ROW - 10)
            painter.fillRect(rect, color)
        painter.setPen(QPen(TODAY_COLOR, 2))
        today = x(date.today()) if first <= date.today() <= last else None
        if today is not None:
            painter.drawLine(int(today), self.TOP - 6, int(today), self.height())


class Timeline(QWidget):
    """The timeline with a legend of the colours."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        labels = dict(ItemStatus.choices())
        overdue = self.tr("Overdue")
        today = self.tr("Today")
        entries = [f"<span style='color:{STATUS_COLORS[k].name()}'>■</span>&nbsp;{v}" for k, v in labels.items()]
        entries.append(f"<span style='color:{OVERDUE_COLOR.name()}'>■</span>&nbsp;{overdue}")
        entries.append(f"<span style='color:{TODAY_COLOR.name()}'><b>|</b></span>&nbsp;{today}")
        self.legend = QLabel("&nbsp;&nbsp; ".join(entries))
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.canvas = TimelineCanvas()
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll)
