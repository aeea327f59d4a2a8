"""Showing errors: plain messages for user errors, a log entry for bugs."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from bakti_desktop.errors import NothingToExport, UserError

log = logging.getLogger("bakti_desktop.ui")


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A dialog for ``error``: its own message if the user can act on it."""
    if isinstance(error, OSError):  # a file: full disk, read-only folder, no permission — one sentence
        from bakti_desktop.errors import explain_os_error

        error = explain_os_error(error)
    if isinstance(error, NothingToExport):  # not a failure: there is no document to make
        QMessageBox.information(parent, QCoreApplication.translate("Errors", "Nothing to export"), str(error))
        return
    if isinstance(error, UserError):
        QMessageBox.warning(parent, QCoreApplication.translate("Errors", "Cannot continue"), str(error))
        return
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    text = QCoreApplication.translate(
        "Errors",
        "Something went wrong that the program did not expect. Your data has not been changed by the failed "
        "action.\n\nThe details were written to the log file:\n{path}",
    ).format(path=log_path())
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Errors", "Unexpected error"), text,
                      parent=parent)
    box.setDetailedText("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    box.exec()


def log_path() -> str:
    from bakti_desktop.paths import log_dir

    return str(log_dir() / "bakti.log")


def install_exception_hook() -> None:
    """Uncaught exceptions in slots are logged and shown instead of killing the program silently."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        error.__traceback__ = tb
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        show_error(QApplication.activeWindow(), error)

    sys.excepthook = hook
