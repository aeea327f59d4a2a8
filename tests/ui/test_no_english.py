"""No English in the Indonesian interface.

In Indonesian, every page and sub-tab of the window (with a record open), its menus, and the dialogs
that can be opened on their own are walked; every text a person sees (labels, buttons, group boxes,
tabs, column headers and cells, combo items, placeholders, window titles, menus and actions) is
compared with the English source strings of resources/translations/bakti_id.ts. A text that is still
the English source of a string whose Indonesian differs is reported, with where it shows; all of them
together. Sources with placeholders ("{n} surveys") are matched as patterns.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

from bakti_desktop.paths import resources_dir
from tests.ui.walk import plain, select_first_rows, walk_views

ROWS_LOOKED_AT = 60  # cells of the first rows of each table: statuses, kinds, units


def english_sources() -> tuple[set[str], list[tuple[re.Pattern[str], str]]]:
    """The English sources whose Indonesian differs: plain texts, and patterns for those with {placeholders}."""
    texts: set[str] = set()
    patterns: list[tuple[re.Pattern[str], str]] = []
    tree = ET.parse(resources_dir() / "translations" / "bakti_id.ts")
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            continue
        target = translation.text or ""
        if not target.strip() or plain(target) == plain(source):
            continue
        for line in plain(source).split("\n"):
            line = line.strip()
            if "{" in line:
                literal = re.sub(r"\{[^}]*\}", " ", line)
                if re.search(r"[A-Za-z]{3,}", literal):
                    parts = re.split(r"\{[^}]*\}", line)
                    patterns.append((re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$"), line))
            elif re.search(r"[A-Za-z]{2,}", line) and plain(line) not in {plain(t) for t in target.split("\n")}:
                texts.add(line)
    return texts, patterns


def _text(value: str) -> str:
    if "<" in value and ">" in value:  # rich text: what shows, without the markup
        value = re.sub(r"<br\s*/?>|</p>|</h\d>|</li>", "\n", value)
        value = unescape(re.sub(r"<[^>]+>", "", value))
    return plain(value)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(kind, text) for what a person sees in ``root`` now."""
    found: list[tuple[str, str]] = []

    def add(kind: str, value: str | None) -> None:
        for line in _text(value or "").split("\n"):
            if line.strip():
                found.append((kind, line.strip()))
            # A legend or a status line is made of pieces: "■ Selesai  ■ Overdue".
            pieces = [p.strip() for p in re.split(r"\s{2,}|[■●•|·]", line) if p.strip()]
            if len(pieces) > 1:
                found.extend((kind, piece) for piece in pieces)

    widgets = [root] + root.findChildren(QWidget)
    for widget in widgets:
        if not widget.isVisible():
            continue
        if widget.isWindow():
            add("window title", widget.windowTitle())
        if isinstance(widget, QLabel):
            add("label", widget.text())
        elif isinstance(widget, QAbstractButton):
            add("button", widget.text())
        elif isinstance(widget, QGroupBox):
            add("group", widget.title())
        elif isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            add("placeholder", widget.placeholderText())
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                add("tab", widget.tabText(index))
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add("combo item", widget.itemText(index))
            if widget.isEditable() and widget.lineEdit() is not None:
                add("placeholder", widget.lineEdit().placeholderText())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            from PySide6.QtCore import QModelIndex

            def columns(parent) -> int:  # type: ignore[no-untyped-def]
                try:
                    return model.columnCount(parent)
                except TypeError:  # a list model: one column, its count is private
                    return 1

            for column in range(columns(QModelIndex())):
                add("column header", str(model.headerData(column, Qt.Orientation.Horizontal) or ""))

            def cells(parent, depth: int = 0) -> None:  # type: ignore[no-untyped-def]
                for row in range(min(model.rowCount(parent), ROWS_LOOKED_AT)):
                    for column in range(columns(parent)):
                        index = model.index(row, column, parent)
                        value = model.data(index)
                        if isinstance(value, str):
                            add("cell", value)
                    if depth < 3 and isinstance(widget, QTreeView):
                        cells(model.index(row, 0, parent), depth + 1)

            if not isinstance(widget.model().parent(), QComboBox):
                cells(widget.rootIndex())
    return found


def offenders(texts: list[tuple[str, str]], where: str, english) -> list[str]:  # type: ignore[no-untyped-def]
    plain_sources, patterns = english
    bad = []
    for kind, text in texts:
        if text in plain_sources:
            bad.append(f"{where}: {kind} \"{text}\"")
            continue
        for pattern, source in patterns:
            if pattern.match(text):
                bad.append(f"{where}: {kind} \"{text}\" (from \"{source}\")")
                break
    return bad


def test_nothing_english_shows_in_the_indonesian_window(qtbot, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.demo import load_demo
    from bakti_desktop.sync.package import export_package, import_package
    from ui.first_run import FirstRunDialog, UserNameDialog
    from ui.help_dialog import GuideDialog
    from ui.main_window import MainWindow
    from ui.package_dialog import ReceiveDialog, SendDialog
    from ui.settings_dialog import SettingsDialog
    from ui.trash_dialog import TrashDialog

    load_demo(db)
    english = english_sources()
    assert len(english[0]) > 200  # the catalogue was read
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    found: list[str] = []

    def look(where: str, page: QWidget) -> None:
        select_first_rows(page)
        QApplication.processEvents()
        for offender in offenders(visible_texts(window), where, english):
            if offender.split(": ", 1)[1] not in {f.split(": ", 1)[1] for f in found}:
                found.append(offender)

    walk_views(window, look)
    for menu in window.menuBar().findChildren(QMenu):
        texts = [("menu", menu.title())] + [("action", a.text()) for a in menu.actions() if not a.isSeparator()]
        found += offenders([(k, plain(t)) for k, t in texts if t], "menu", english)

    package = tmp_path / "paket.bakti"
    export_package(db, package)
    preview = import_package(db, package, dry_run=True)
    for name, dialog in (("Settings", SettingsDialog(db, window)), ("Trash", TrashDialog(db, window)),
                         ("First run", FirstRunDialog(db, window)), ("Your name", UserNameDialog(window)),
                         ("Guide", GuideDialog(window)), ("Send a package", SendDialog(window)),
                         ("Receive a package", ReceiveDialog(package, preview, window))):
        dialog.show()
        qtbot.waitExposed(dialog)
        found += offenders(visible_texts(dialog), f"dialog {name}", english)
        dialog.hide()
        dialog.deleteLater()
    assert not found, "\n" + "\n".join(found)
