"""Refilling a combo box without firing its signals, keeping the chosen item when it is still there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox


def refill(combo: QComboBox, items: Iterable[tuple[str, Any]], select: Any = None) -> None:
    """Replace the items (text, data); select ``select`` or the current item if present, else the first."""
    wanted = select if select is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(wanted)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)
