"""The Qt binding keeps Python's reference counts: a long session does not crash.

PySide6 6.12.0 on Python 3.11 released a reference to None for every call that returned None
(``QTableWidget.item()`` of an empty cell, ``QComboBox.currentData()`` of an item without data, …). None is
not immortal before Python 3.12, so after some tens of thousands of such calls — an hour of editing
tables, or the every-action test — the interpreter aborted with "deallocating None". requirements.txt
pins a release without the bug; this test fails on one that has it.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QComboBox, QListWidget, QTableWidget


def test_calls_returning_none_keep_the_reference_count(qtbot) -> None:  # type: ignore[no-untyped-def]
    table, combo, listing = QTableWidget(3, 3), QComboBox(), QListWidget()
    for widget in (table, combo, listing):
        qtbot.addWidget(widget)
    calls = (lambda: table.item(0, 0), lambda: table.cellWidget(0, 0), lambda: combo.currentData(),
             lambda: listing.currentItem(), lambda: table.horizontalHeaderItem(7))
    for call in calls:
        before = sys.getrefcount(None)
        for _ in range(200):
            assert call() is None
        assert sys.getrefcount(None) - before > -50  # a leak of one reference per call would show as −200
