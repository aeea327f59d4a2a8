"""Colours for ladder levels, shared by the table, form and dashboard; names of levels from the core.

The names of levels, domains and priorities are the core's (``bakti_desktop.mapping.codes``,
``indicators.priority_label``), the same the exports and the history use: these helpers only show
a blank as an empty text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from bakti_desktop.mapping.codes import Domain, ServiceLevel
from bakti_desktop.mapping.indicators import priority_label

LEVEL_COLORS: dict[str, QColor] = {ServiceLevel.BASIC: QColor("#43A047"), ServiceLevel.LIMITED: QColor("#FBC02D"),
                ServiceLevel.NONE: QColor("#E53935")}
LEVEL_BACKGROUNDS = {ServiceLevel.BASIC: QColor("#E8F5E9"), ServiceLevel.LIMITED: QColor("#FFF8E1"),
                     ServiceLevel.NONE: QColor("#FFEBEE")}


def level_text(level: str | None) -> str:
    return ServiceLevel.label_of(level) if level else ""


def domain_text(domain: str) -> str:
    return Domain(domain).label


def priority_text(priority: int | None) -> str:
    return priority_label(priority) if priority in (1, 2, 3) else ""


def demo_menu_path() -> tuple[str, str]:
    """The menu and action that load the demonstration data, as the main window names them."""
    menu = QCoreApplication.translate("MainWindow", "&Database")
    action = QCoreApplication.translate("MainWindow", "Load &demonstration data")
    return menu.replace("&", ""), action.replace("&", "")
