"""Every action reachable, every action works: each enabled button of each page and sub-tab, each menu action.

On the demonstration data and on an empty database, the walk presses every push and tool button a
person can press (found by walking the widgets: a new button is covered without editing this test) and
triggers every menu action. File dialogs answer with a real file of the right kind, message and input
dialogs answer *yes* (then, when something was asked, the same button is pressed again and answered
*cancel*), other dialogs are accepted through their OK button or rejected. Any exception that reaches
the exception hook, and any ERROR logged (show_error logs every unexpected error), is a failure,
reported with the page and the button; all are reported together.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QToolButton,
    QWidget,
)

from tests.ui.walk import alive, button_name, menu_actions, place, running_threads, select_first_rows, usable_buttons, walk_views

YES, CANCEL, END = "yes", "cancel", "end"
SB = QMessageBox.StandardButton


class Answers:
    """What the stubbed dialogs answer, and whether anything was asked during the current action."""

    def __init__(self, tmp: Path, files: dict[str, Path]) -> None:
        self.mode = YES
        self.asked = 0
        self.tmp = tmp
        self.files = files
        self.count = 0

    # -- files --------------------------------------------------------------------------------------------
    def open_file(self, parent: QWidget | None, file_filter: str) -> str:
        from ui.twinning.page import TwinningPage

        self.asked += 1
        if self.mode != YES:
            return ""
        pattern = file_filter.lower()
        if "*.bakti" in pattern:
            kind = "package"
        elif "*.sqlite" in pattern or "*.db" in pattern:
            kind = "database"
        elif "*.png" in pattern or "*.jpg" in pattern:
            kind = "png"
        elif "*.pdf" in pattern:
            kind = "pdf"
        elif "*.xlsx" in pattern:
            owner = parent
            while owner is not None and not isinstance(owner, TwinningPage):
                owner = owner.parentWidget()
            kind = "rktl" if owner is not None else "survey"
        else:
            kind = "png"
        self.count += 1
        source = self.files[kind]
        copy = self.tmp / f"buka-{self.count}{source.suffix}"  # a fresh copy: some actions move or open it
        shutil.copy(source, copy)
        return str(copy)

    def save_file(self, file_filter: str) -> str:
        self.asked += 1
        if self.mode != YES:
            return ""
        match = re.search(r"\*\.(\w+)", file_filter or "")
        self.count += 1
        return str(self.tmp / f"simpan-{self.count}.{match.group(1) if match else 'out'}")

    # -- messages -----------------------------------------------------------------------------------------
    def standard(self, buttons: Any, default: SB) -> SB:
        self.asked += 1
        wanted = (SB.Yes, SB.Ok, SB.Save, SB.Apply) if self.mode == YES else (SB.Cancel, SB.No, SB.Discard, SB.Close)
        if self.mode == END:
            wanted = (SB.Discard, SB.No, SB.Cancel, SB.Ok)
        try:
            flags = SB(buttons) if buttons is not None else default
        except (TypeError, ValueError):
            flags = buttons
        for button in wanted:
            if flags & button:
                return button
        return default

    def box(self, box: QMessageBox) -> int:
        buttons = box.standardButtons()
        if self.mode == YES and box.defaultButton() is not None:
            self.asked += 1
            button = box.standardButton(box.defaultButton())
            return int(button.value) if button != SB.NoButton else 0
        return int(self.standard(buttons, SB.Ok).value)

    def dialog(self, dialog: QDialog) -> int:
        self.asked += 1
        if self.mode == YES:
            for box in dialog.findChildren(QDialogButtonBox):
                for button in box.buttons():
                    if box.buttonRole(button) in (QDialogButtonBox.ButtonRole.AcceptRole,
                                                  QDialogButtonBox.ButtonRole.YesRole) and button.isEnabled():
                        button.click()
                        return dialog.result()
            dialog.accept()
            return dialog.result()
        dialog.reject()
        return dialog.result()


def _files(tmp: Path, db) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from bakti_desktop.sync.package import export_package
    from bakti_desktop.storage.backup import backup_database
    from bakti_desktop.twinning.workbook import write_template
    from tests.helpers import record, write_workbook

    folder = tmp / "masukan"
    folder.mkdir()
    files = {
        "survey": write_workbook(folder / "survei.xlsx", [record(), record(npsn="40301235",
                                                                           nama_sekolah="SD Negeri 2 Watampone")]),
        "package": folder / "paket.bakti",
        "database": folder / "cadangan.sqlite",
        "png": folder / "foto.png",
        "pdf": folder / "bukti.pdf",
    }
    rktl = write_template(folder / "rktl.xlsx")
    book = load_workbook(rktl)
    for c, value in enumerate([5, "Palopo", "Sosialisasi Perwali", "", "", "Bagian Hukum", "", "01/01/2021",
                               "31/03/2021", "", "Berjalan"], start=1):
        book["Data"].cell(row=2, column=c, value=value)
    book.save(rktl)
    files["rktl"] = rktl
    export_package(db, files["package"])
    backup_database(db, files["database"])
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2E7D32"))
    assert image.save(str(files["png"]))
    files["pdf"].write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return files


def _stub_dialogs(monkeypatch: pytest.MonkeyPatch, answers: Answers) -> None:
    def open_name(parent=None, caption="", folder="", file_filter="", *args, **kwargs):  # type: ignore[no-untyped-def]
        return answers.open_file(parent, kwargs.get("filter", file_filter)), ""

    def open_names(parent=None, caption="", folder="", file_filter="", *args, **kwargs):  # type: ignore[no-untyped-def]
        path = answers.open_file(parent, kwargs.get("filter", file_filter))
        return ([path] if path else []), ""

    def save_name(parent=None, caption="", folder="", file_filter="", *args, **kwargs):  # type: ignore[no-untyped-def]
        return answers.save_file(kwargs.get("filter", file_filter)), ""

    def directory(*args, **kwargs):  # type: ignore[no-untyped-def]
        answers.asked += 1
        return str(answers.tmp) if answers.mode == YES else ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_names))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(directory))

    def message(default_buttons: SB):  # type: ignore[no-untyped-def]
        def answer(parent=None, title="", text="", buttons=None, default=SB.NoButton, *args, **kwargs):  # type: ignore[no-untyped-def]
            return answers.standard(kwargs.get("buttons", buttons if buttons is not None else default_buttons), SB.Ok)
        return staticmethod(answer)

    monkeypatch.setattr(QMessageBox, "question", message(SB.Yes | SB.No))
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, message(SB.Ok))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QMessageBox, "aboutQt", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answers.box(box))

    def text(parent=None, title="", label="", echo=None, value="", *args, **kwargs):  # type: ignore[no-untyped-def]
        answers.asked += 1
        return ((kwargs.get("text", value) or "Uji otomatis"), True) if answers.mode == YES else ("", False)

    def item(parent=None, title="", label="", items=(), current=0, *args, **kwargs):  # type: ignore[no-untyped-def]
        answers.asked += 1
        items = list(kwargs.get("items", items))
        return ((items[current] if items else ""), True) if answers.mode == YES else ("", False)

    def number(parent=None, title="", label="", value=0, *args, **kwargs):  # type: ignore[no-untyped-def]
        answers.asked += 1
        return (kwargs.get("value", value), answers.mode == YES)

    def multiline(parent=None, title="", label="", value="", *args, **kwargs):  # type: ignore[no-untyped-def]
        answers.asked += 1
        return ((kwargs.get("text", value) or "Uji otomatis"), True) if answers.mode == YES else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(text))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(item))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(number))
    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(number))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(multiline))
    monkeypatch.setattr(QDialog, "exec", lambda dialog: answers.dialog(dialog))
    monkeypatch.setattr(QMenu, "exec", lambda *a, **k: None)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda *a, **k: True))


class Problems(logging.Handler):
    """Exceptions reaching the hook and ERROR records, each with the action that was running."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.where = ""
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        detail = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            detail = f"{detail}: {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        self.found.append(f"{self.where}: logged {detail}")

    def hook(self, kind: type[BaseException], error: BaseException, tb: Any) -> None:
        last = traceback.extract_tb(tb)[-1] if tb else None
        at = f" ({Path(last.filename).name}:{last.lineno})" if last else ""
        self.found.append(f"{self.where}: {kind.__name__}: {error}{at}")


def _idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Wait for background tasks (and what their results start) to end, then close what was left open."""
    for _ in range(3):
        qtbot.waitUntil(lambda: not running_threads(), timeout=120_000)
        qtbot.wait(10)
    for top in QApplication.topLevelWidgets():
        if alive(top) and top.isVisible() and not top.property("walkedWindow"):
            top.close()


@pytest.mark.parametrize("data", ["demo", "empty"])
def test_every_button_and_menu_action_works(qtbot, db, tmp_path, monkeypatch, data) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.demo import load_demo
    from ui.main_window import MainWindow

    if data == "demo":
        load_demo(db)
    answers = Answers(tmp_path, _files(tmp_path, db))
    _stub_dialogs(monkeypatch, answers)
    problems = Problems()
    logging.getLogger().addHandler(problems)
    monkeypatch.setattr(sys, "excepthook", problems.hook)
    window = MainWindow(db)
    window.setProperty("walkedWindow", True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    pressed: list[str] = []
    done: set[tuple[str, str, int]] = set()  # buttons pressed, by place and name: each once, whichever view shows it

    def act(where: str, press) -> None:  # type: ignore[no-untyped-def]
        """Press once answering yes; if anything was asked, press again answering cancel."""
        pressed.append(where)
        for mode in (YES, CANCEL):
            answers.mode, answers.asked = mode, 0
            problems.where = f"[{data}] {where}" + (" (answered cancel)" if mode == CANCEL else "")
            try:
                press()
            except Exception as error:  # noqa: BLE001 - a press that raises is what this test looks for
                problems.hook(type(error), error, error.__traceback__)
            _idle(qtbot)
            if not answers.asked:
                break

    def press_all(view: str, page: QWidget) -> None:
        while True:
            select_first_rows(page)
            candidates = []
            seen: dict[tuple[str, str], int] = {}
            for button in usable_buttons(page):
                name = (place(button, window), button_name(button))
                seen[name] = seen.get(name, 0) + 1
                key = (*name, seen[name])
                if key not in done:
                    candidates.append((key, button))
            if not candidates:
                return
            key, button = candidates[0]
            done.add(key)
            where = f"{key[0] or view} › {key[1]}" + (f" #{key[2]}" if key[2] > 1 else "")
            if isinstance(button, QToolButton) and button.menu() is not None:
                for action in button.menu().actions():
                    if not action.isSeparator() and action.isEnabled():
                        act(f"{where} › {action.text()}", action.trigger)
                if button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup:
                    continue  # pressing it only opens the menu
            act(where, button.click)
            if not alive(page):
                return

    walk_views(window, press_all)

    quit_text = QCoreApplication.translate("MainWindow", "&Quit")
    menus = list(menu_actions(window))
    first_menu = menus[0][0].split(" › ")[0] if menus else ""
    # The database menu last: its actions open other databases, which rebuilds the pages.
    for where, action in [m for m in menus if not m[0].startswith(first_menu)] + [m for m in menus if m[0].startswith(first_menu)]:
        if action.text() == quit_text or not action.isEnabled():
            continue
        act(f"menu {where}", action.trigger)

    answers.mode = END
    window.close()
    logging.getLogger().removeHandler(problems)
    if window.db is not db:
        window.db.close()
    assert len(pressed) > (60 if data == "demo" else 40), pressed  # the walk did reach the pages
    print("\n".join(pressed))
    assert not problems.found, "\n" + "\n".join(problems.found)
