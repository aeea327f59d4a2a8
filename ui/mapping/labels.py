"""Words and colours for ladder levels, shared by the table, form and dashboard."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

LEVEL_COLORS = {"basic": QColor("#43A047"), "limited": QColor("#FBC02D"), "none": QColor("#E53935")}
LEVEL_BACKGROUNDS = {"basic": QColor("#E8F5E9"), "limited": QColor("#FFF8E1"), "none": QColor("#FFEBEE")}


def level_text(level: str | None) -> str:
    texts = {
        "basic": QCoreApplication.translate("Levels", "Basic"),
        "limited": QCoreApplication.translate("Levels", "Limited"),
        "none": QCoreApplication.translate("Levels", "No service"),
    }
    return texts.get(level or "", "")


def domain_text(domain: str) -> str:
    texts = {
        "water": QCoreApplication.translate("Levels", "Water"),
        "sanitation": QCoreApplication.translate("Levels", "Sanitation"),
        "hygiene": QCoreApplication.translate("Levels", "Hygiene"),
    }
    return texts[domain]


def priority_text(priority: int | None) -> str:
    texts = {
        1: QCoreApplication.translate("Levels", "High"),
        2: QCoreApplication.translate("Levels", "Medium"),
        3: QCoreApplication.translate("Levels", "Low"),
    }
    return texts.get(priority or 0, "")


def demo_menu_path() -> tuple[str, str]:
    """The menu and action that load the demonstration data, as the main window names them."""
    menu = QCoreApplication.translate("MainWindow", "&Database")
    action = QCoreApplication.translate("MainWindow", "Load &demonstration data")
    return menu.replace("&", ""), action.replace("&", "")
