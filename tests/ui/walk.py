"""Walking the window as a person would: every page, every sub-tab, every button and menu action.

Used by the window-wide tests (every action works, nothing is English in Indonesian). Nothing here
names a particular button: whatever a page shows is found by walking its widgets, so a new button is
covered without editing a test.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterator

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollBar,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QToolButton,
    QTreeView,
    QWidget,
)

# Buttons that belong to Qt's own widgets (tab-bar scroll arrows, clear buttons, calendar arrows, the
# corner button of a table), not to the program.
_INTERNAL_OWNERS = (QTabBar, QLineEdit, QAbstractSpinBox, QCalendarWidget, QComboBox, QScrollBar)


def alive(widget: object) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def plain(text: str) -> str:
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&").strip()


def tab_name(text: str) -> str:
    """A tab's name without the count some tabs carry ("Bukti (3)"): the same place after a button adds a row."""
    return re.sub(r"\s*\(\d+\)$", "", plain(text))


def place(widget: QWidget, window: QMainWindow) -> str:
    """Where ``widget`` sits, as a person would name it: "Dokumen SSS › Sasaran"."""
    names: list[str] = []
    child: QWidget | None = widget
    while alive(child) and child is not window:
        parent = child.parentWidget()
        if isinstance(parent, QStackedWidget):
            tabs = parent.parentWidget()
            index = parent.indexOf(child)
            if isinstance(tabs, QTabWidget):
                names.append(tab_name(tabs.tabText(index)))
            else:
                names.append(f"{parent.objectName() or type(parent).__name__}[{index}]")
        child = parent
    return " › ".join(reversed(names))


def button_name(button: QAbstractButton) -> str:
    return plain(button.text()) or button.toolTip() or button.objectName() or type(button).__name__


def is_program_button(button: QAbstractButton) -> bool:
    if not isinstance(button, (QPushButton, QToolButton)):  # push and tool buttons; not check/radio boxes
        return False
    if type(button).__name__ == "QTableCornerButton" or button.objectName().startswith("qt_"):
        return False
    parent = button.parentWidget()
    while parent is not None:
        if isinstance(parent, _INTERNAL_OWNERS):
            return False
        parent = parent.parentWidget()
    return True


def usable_buttons(root: QWidget) -> list[QAbstractButton]:
    """The program's buttons a person can press now in ``root``: shown (on the current tabs) and enabled."""
    return [b for b in root.findChildren(QAbstractButton)
            if is_program_button(b) and b.isVisible() and b.isEnabled()]


def stacks(root: QWidget) -> list[QWidget]:
    """Visible tab widgets and stacked widgets (not the stack inside a tab widget), outermost first."""
    found = [s for s in root.findChildren(QWidget)
             if isinstance(s, QTabWidget) or (isinstance(s, QStackedWidget) and not isinstance(s.parentWidget(), QTabWidget))]
    return [s for s in found if s.isVisible()]


def stack_pages(stack: QWidget) -> Iterator[tuple[int, str]]:
    for index in range(stack.count()):  # type: ignore[attr-defined]
        if isinstance(stack, QTabWidget):
            if not stack.isTabEnabled(index) or not stack.isTabVisible(index):
                continue
            yield index, tab_name(stack.tabText(index))
        else:
            yield index, str(index)


def walk_views(window: QMainWindow, on_view: Callable[[str, QWidget], None]) -> None:
    """Make every page and sub-tab of ``window`` current in turn and call ``on_view(place, page)``."""
    explored: set[tuple[str, str, int]] = set()

    def explore(page: QWidget, path: list[tuple[QWidget, int]]) -> None:
        for stack, index in path:
            if alive(stack) and stack.currentIndex() != index:  # type: ignore[attr-defined]
                stack.setCurrentIndex(index)  # type: ignore[attr-defined]
        QApplication.processEvents()
        on_view(" › ".join([place(page, window)] + [tab_name(s.tabText(i)) if isinstance(s, QTabWidget) else str(i)
                                                     for s, i in path if alive(s)]), page)
        for position, stack in enumerate(stacks(page)):
            key = (place(stack, window), type(stack).__name__, position)
            if key in explored:
                continue
            explored.add(key)
            for index, _name in list(stack_pages(stack)):
                if alive(stack) and alive(page):
                    explore(page, path + [(stack, index)])

    for index in range(window.tabs.count()):  # type: ignore[attr-defined]
        window.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
        explore(window.tabs.widget(index), [])  # type: ignore[attr-defined]


def select_first_rows(root: QWidget) -> None:
    """In every visible list, table and tree without a current row, make the first row current (in a tree,
    the first leaf: the first item under the first heading), as a person picks something to work on."""
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() and not view.currentIndex().isValid():
            index = model.index(0, 0)
            for _depth in range(5 if isinstance(view, QTreeView) else 0):
                if not model.rowCount(index):
                    break
                index = model.index(0, 0, index)
            view.setCurrentIndex(index)


def menu_actions(window: QMainWindow) -> Iterator[tuple[str, object]]:
    """(menu › action, action) for every action of the menu bar, submenus included."""

    def visit(menu: QMenu, prefix: str) -> Iterator[tuple[str, object]]:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                yield from visit(action.menu(), f"{prefix} › {plain(action.text())}")
            else:
                yield f"{prefix} › {plain(action.text())}", action

    for top in window.menuBar().actions():
        if top.menu() is not None:
            yield from visit(top.menu(), plain(top.text()))


def running_threads() -> list[QThread]:
    threads: list[QThread] = []
    for top in QApplication.topLevelWidgets():
        if alive(top):
            threads += [t for t in top.findChildren(QThread) if t.isRunning()]
    return threads
