"""Where files go and come from: meaningful names, the last folder used, and an offer to open the result.

Every export asks through :func:`ask_save_path` with a name people recognise ("SSS Kabupaten Bone
2020.pdf"); the dialog opens in the last folder used for that kind of file (else Documents). After the
file is written, :func:`offer_open` offers to open it or its folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

FOLDER_KEY = "files/last-folder"


def safe_name(text: str) -> str:
    """``text`` usable as a file name on Windows and Linux: no / \\ : * ? " < > |, no control characters."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text)
    return re.sub(r"\s+", " ", cleaned).strip(" .") or "BaKTI"


def last_folder() -> str:
    folder = str(QSettings().value(FOLDER_KEY, "") or "")
    if folder and Path(folder).is_dir():
        return folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def remember_folder(path: str | Path) -> None:
    QSettings().setValue(FOLDER_KEY, str(Path(path).parent))


def ask_save_path(parent: QWidget | None, title: str, name: str, file_filter: str) -> Path | None:
    """The path the user chose for a new file proposed as ``name`` (made safe), or None on Cancel."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(last_folder()) / safe_name(name)), file_filter)
    if not path:
        return None
    remember_folder(path)
    return Path(path)


def ask_open_path(parent: QWidget | None, title: str, file_filter: str) -> Path | None:
    """An existing file the user chose, starting in the last folder used; None on Cancel."""
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder(), file_filter)
    if not path:
        return None
    remember_folder(path)
    return Path(path)


def offer_open(parent: QWidget | None, path: str | Path, message: str | None = None) -> None:
    """Tell that ``path`` was written and offer to open the file or its folder."""
    path = Path(path)
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("Files", "File saved"),
                      message or QCoreApplication.translate("Files", "Saved as {path}").format(path=path),
                      QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton(QCoreApplication.translate("Files", "Open the file"), QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(QCoreApplication.translate("Files", "Open the folder"), QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_file)
    box.setEscapeButton(close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_file:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif clicked is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
