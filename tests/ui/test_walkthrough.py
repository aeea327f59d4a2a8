"""Walking through the common tasks as a user would, including the exports behind the buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bakti_desktop.demo import load_demo
from bakti_desktop.sss import service as sss_service
from ui.main_window import MainWindow


def _window(qtbot, db, monkeypatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(str(a[2])))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    # Message boxes built by hand (offer_open after an export) are closed at once, as with Tutup.
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Close)
    return window, told


def _save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


@pytest.mark.slow  # seven files, the mapping PDF among them
def test_every_export_button_writes_its_file(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _told = _window(qtbot, db, monkeypatch, tmp_path)
    from datetime import date

    import ui.twinning.page as twinning_page

    monkeypatch.setattr(twinning_page, "ask_report_date", lambda parent: date(2020, 9, 15))
    jobs = [
        (tmp_path / "pemetaan.xlsx", lambda: window.mapping.export_report("xlsx")),
        (tmp_path / "pemetaan.pdf", lambda: window.mapping.export_report("pdf")),
        (tmp_path / "templat.xlsx", window.mapping.write_template),
        (tmp_path / "sss.pdf", lambda: window.sss.export("pdf")),
        (tmp_path / "sss.docx", lambda: window.sss.export("docx")),
        (tmp_path / "rktl.pdf", window.twinning.export_report),
        (tmp_path / "notulen.pdf", window.pksai.export_minutes),
    ]
    for path, action in jobs:
        _save_to(monkeypatch, path)
        action()
        qtbot.waitUntil(path.exists, timeout=60_000)
        assert path.stat().st_size > 1000, path


def test_new_sss_document_for_a_district_without_mapping(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _told = _window(qtbot, db, monkeypatch, tmp_path)
    document_id = sss_service.create_document(db, "73.71", 2026, 2030)  # Makassar: no surveys in the demo
    window.sss.refresh(select=document_id)
    assert window.sss.targets.rowCount() == 3
    assert window.sss.targets.item(0, 1).text() == ""  # no baseline without a mapping
    window.sss.propose()
    assert window.sss.programme.rowCount() == 0
    out = tmp_path / "makassar.pdf"
    _save_to(monkeypatch, out)
    window.sss.export("pdf")
    qtbot.waitUntil(out.exists, timeout=60_000)


def test_new_forum_meeting_and_rktl_item(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.pksai import service as pksai_service
    from bakti_desktop.twinning import service as twinning_service

    window, _told = _window(qtbot, db, monkeypatch, tmp_path)
    forum_id = pksai_service.create_forum(db, "Rapat Koordinasi PKSAI Kabupaten Maros", "73.09")
    window.pksai.reload_forums(select=forum_id)
    assert window.pksai.meetings.count() == 0 and not window.pksai.editor.isEnabled()
    from datetime import date

    meeting_id, pending = pksai_service.create_meeting(db, forum_id, "Rapat triwulan I", date(2024, 3, 5))
    assert pending == 0
    window.pksai.reload_meetings(select=meeting_id)
    assert window.pksai.editor.meeting_id == meeting_id
    panel = window.twinning.panel
    window.twinning.new_item()
    panel.activity.setPlainText("Menyusun SOP penyedotan terjadwal")
    assert panel.save()
    assert panel.item_id is not None
    rows = twinning_service.items(db, window.twinning.programme.currentData())
    assert any(r["activity"] == "Menyusun SOP penyedotan terjadwal" for r in rows)
