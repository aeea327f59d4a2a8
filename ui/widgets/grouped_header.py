"""A table header with a second row: a group's name spans the columns under it ("Air minum" over
"Dasar | Terbatas | Tidak ada layanan"), so that many columns fit a 1366-px screen without repeating the
group in every header."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget


def two_lines(text: str, longest: int = 12) -> str:
    """``text`` broken at the space nearest its middle when it is longer than ``longest`` characters:
    a narrow column under a header that is read in two lines ("Tidak ada\\nlayanan")."""
    if len(text) <= longest or " " not in text:
        return text
    middle = len(text) / 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


class GroupedHeader(QHeaderView):
    """Horizontal header whose grouped sections are drawn under a band naming their group.

    ``set_groups([(first, last, text), ...])``; columns outside every group use the whole height.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._groups: list[tuple[int, int, str]] = []
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_groups(self, groups: list[tuple[int, int, str]]) -> None:
        self._groups = list(groups)
        self.updateGeometries()
        self.viewport().update()

    def groups(self) -> list[tuple[int, int, str]]:
        return list(self._groups)

    def _band(self) -> int:
        return self.fontMetrics().height() + 8 if self._groups else 0

    def _group_of(self, logical: int) -> tuple[int, int, str] | None:
        for group in self._groups:
            if group[0] <= logical <= group[1]:
                return group
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(hint.width(), hint.height() + self._band())

    def sectionSizeFromContents(self, logical: int) -> QSize:  # noqa: N802 - Qt's name
        size = super().sectionSizeFromContents(logical)
        group = self._group_of(logical)
        if group is not None:  # the group's name must fit over its columns: share its width out
            count = group[1] - group[0] + 1
            need = self.fontMetrics().horizontalAdvance(group[2]) + 16
            size.setWidth(max(size.width(), -(-need // count)))
        return size

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802 - Qt's name
        if self._group_of(logical) is not None:
            rect = rect.adjusted(0, self._band(), 0, 0)
        super().paintSection(painter, rect, logical)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._groups:
            return
        painter = QPainter(self.viewport())
        band = self._band()
        for first, last, text in self._groups:
            shown = [i for i in range(first, last + 1) if not self.isSectionHidden(i)]
            if not shown:
                continue
            left = min(self.sectionViewportPosition(i) for i in shown)
            width = sum(self.sectionSize(i) for i in shown)
            option = QStyleOptionHeader()
            self.initStyleOption(option)
            option.rect = QRect(left, 0, width, band)
            option.text = text
            option.textAlignment = Qt.AlignmentFlag.AlignCenter
            option.section = first
            option.position = QStyleOptionHeader.SectionPosition.Middle
            option.state |= QStyle.StateFlag.State_Enabled
            self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.end()
