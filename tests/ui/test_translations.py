"""The Indonesian translation is complete, compiled, and loaded by default."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication

from bakti_desktop.paths import resources_dir

TRANSLATIONS = resources_dir() / "translations"
QT_TOOLS = Path(PySide6.__path__[0])
ROOT = Path(__file__).resolve().parent.parent.parent


def _unfinished(ts: Path) -> list[str]:
    tree = ET.parse(ts)
    bad = []
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") \
                or not (translation.text or "").strip():
            bad.append(message.findtext("source") or "")
    return bad


def test_every_shipped_string_is_translated() -> None:
    files = sorted(TRANSLATIONS.glob("*.ts"))
    assert [f.name for f in files] == ["bakti_id.ts", "qt_id.ts"]
    for ts in files:
        assert _unfinished(ts) == [], ts.name


def test_every_string_in_the_source_is_in_the_catalogue(tmp_path: Path) -> None:
    """lupdate over ui/ finds nothing new: a new tr() string without translation fails here."""
    copy = tmp_path / "bakti_id.ts"
    shutil.copy(TRANSLATIONS / "bakti_id.ts", copy)
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(QT_TOOLS / "lupdate"), "-no-obsolete", *sources, "-ts", str(copy)], check=True,
                   capture_output=True)
    assert _unfinished(copy) == []


def test_compiled_catalogues_are_current(tmp_path: Path) -> None:
    for ts in TRANSLATIONS.glob("*.ts"):
        out = tmp_path / (ts.stem + ".qm")
        subprocess.run([str(QT_TOOLS / "lrelease"), str(ts), "-qm", str(out)], check=True, capture_output=True)
        assert out.read_bytes() == (TRANSLATIONS / (ts.stem + ".qm")).read_bytes(), f"run tools/update_translations.sh ({ts.name})"


def test_indonesian_is_loaded_including_qt_buttons(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui import i18n

    assert i18n.configured_language() == "id"
    assert i18n.install("id")
    assert QCoreApplication.translate("MainWindow", "&Import") == "&Impor"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Batal"
    i18n.install("en")
    assert QCoreApplication.translate("MainWindow", "&Import") == "&Import"
    i18n.install("id")


def _file_dialog_texts(qtbot) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What Qt's own file dialog shows (as on Linux without a desktop theme): labels, buttons, tooltips,
    the column headers and the file-type filter, by widget."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView

    dialog = QFileDialog(None, "", str(ROOT), "Buku kerja Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    texts: dict[str, str] = {}
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if widget.objectName() and widget.text():
            texts[widget.objectName()] = widget.text()
        if widget.objectName() and widget.toolTip():
            texts[widget.objectName() + ".toolTip"] = widget.toolTip()
    tree = dialog.findChild(QTreeView)
    model = tree.model()
    for column in range(model.columnCount()):
        texts[f"column {column}"] = str(model.headerData(column, Qt.Orientation.Horizontal))
    dialog.close()
    return texts


def test_qt_file_dialog_speaks_indonesian(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt has no Indonesian catalogue: our qt_id.qm must cover what its file dialog shows ("Files of type:",
    "Look in:", the column headers, the tooltips), under the sources and contexts Qt really uses."""
    from ui import i18n

    i18n.install("en")
    english = _file_dialog_texts(qtbot)
    i18n.install("id")
    indonesian = _file_dialog_texts(qtbot)
    assert set(english) == set(indonesian)
    assert {"lookInLabel", "fileNameLabel", "fileTypeLabel", "column 0", "column 2"} <= set(english)
    still_english = {name: text for name, text in indonesian.items() if text == english[name]}
    assert still_english == {}
