"""Nothing typed is lost: one question, the same in every editor.

An editor that holds changes not yet saved implements :class:`Editor`: ``has_unsaved_changes()``,
``save_changes()`` (True when saved; on a refusal it shows why and returns False) and
``discard_changes()``. Before anything that would drop its contents — Escape, choosing another record,
closing the window, switching database — the caller asks :func:`settle`, which asks
*Simpan / Buang / Batal* when there is something to lose::

    if not settle(self.editor, self):
        return  # the user chose Cancel, or the save was refused: stay where we are

An editor may also name what it holds with ``subject()`` ("the minutes of “…”", "the RKTL item"): closing
the window or switching database then asks about *that*, not about "the changes" of an unseen tab.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QMessageBox, QSizePolicy, QSpacerItem, QWidget


@runtime_checkable
class Editor(Protocol):
    def has_unsaved_changes(self) -> bool: ...

    def save_changes(self) -> bool: ...

    def discard_changes(self) -> None: ...


def widen(box: QMessageBox, ems: int = 30) -> None:
    """Give a message box room for its title and a long question (a record's name): a spacer across the
    bottom of its grid sets the width; the texts then wrap inside it instead of being cut."""
    width = box.fontMetrics().horizontalAdvance("M") * ems
    grid = box.layout()
    if not isinstance(grid, QGridLayout):  # a QMessageBox lays itself out in a grid
        return
    grid.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                 grid.rowCount(), 0, 1, grid.columnCount())


def ask(parent: QWidget | None, what: str | None = None) -> QMessageBox.StandardButton:
    """*Save / Discard / Cancel* for unsaved changes in ``what`` (e.g. "the RKTL item"); Save is the default."""
    text = (QCoreApplication.translate("Unsaved", "Save the changes to {what}?").format(what=what) if what
            else QCoreApplication.translate("Unsaved", "Save the changes?"))
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("Unsaved", "Unsaved changes"), text,
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(QCoreApplication.translate("Unsaved", "If you do not save them, the changes are lost."))
    widen(box)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec())


def settle(editor: Editor, parent: QWidget | None, what: str | None = None) -> bool:
    """True when it is safe to go on: nothing unsaved, saved now, or discarded by choice."""
    if not editor.has_unsaved_changes():
        return True
    answer = ask(parent, what)
    if answer == QMessageBox.StandardButton.Save:
        return editor.save_changes()
    if answer == QMessageBox.StandardButton.Discard:
        editor.discard_changes()
        return True
    return False


def settle_all(editors: Iterable[Editor], parent: QWidget | None) -> bool:
    """:func:`settle` each editor in turn, named by its ``subject()`` where it has one; stops at the first Cancel."""
    return all(settle(editor, parent, subject(editor)) for editor in editors)


def subject(editor: Editor) -> str | None:
    """What ``editor`` holds, as the question names it, if it says."""
    named = getattr(editor, "subject", None)
    return named() if callable(named) else None
