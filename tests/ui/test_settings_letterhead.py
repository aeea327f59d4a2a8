"""The letterhead tab of Pengaturan: per workspace, a logo chosen from a file and kept in the database."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from bakti_desktop.reports import letterhead as kops


def _dialog(qtbot, db, monkeypatch):  # type: ignore[no-untyped-def]
    from ui import settings_dialog
    from ui.settings_dialog import SettingsDialog

    shown: list[BaseException] = []
    monkeypatch.setattr(settings_dialog, "show_error", lambda parent, error: shown.append(error))
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    return dialog, shown


def test_letterheads_per_workspace_with_a_logo(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 80), (10, 90, 40)).save(logo, "PNG")
    not_image = tmp_path / "catatan.png"
    not_image.write_text("bukan gambar")
    dialog, shown = _dialog(qtbot, db, monkeypatch)
    dialog.kop_workspace.setCurrentIndex(dialog.kop_workspace.findData("mapping"))
    dialog.kop_lines[0].setText("Pemerintah Kabupaten Gowa")
    dialog.kop_lines[1].setText("Badan Perencanaan Pembangunan Daerah")
    dialog.kop_address.setText("Jl. Mesjid Raya No. 30, Sungguminasa")
    dialog.kop_pattern.setText("050/{nomor}/Bappeda/{tahun}")
    monkeypatch.setattr("ui.widgets.files.ask_open_path", lambda *a: not_image)
    dialog.kop_logo_choose.click()
    assert len(shown) == 1 and not dialog.kop_logo_remove.isEnabled()  # refused, nothing kept
    monkeypatch.setattr("ui.widgets.files.ask_open_path", lambda *a: logo)
    dialog.kop_logo_choose.click()
    assert dialog.kop_logo_remove.isEnabled() and dialog.kop_logo_view.pixmap() is not None
    dialog.kop_workspace.setCurrentIndex(dialog.kop_workspace.findData("pksai"))
    assert dialog.kop_lines[0].text() == ""  # another workspace, another kop
    dialog.kop_lines[0].setText("Sekretariat PKSAI Kabupaten Gowa")
    dialog.kop_workspace.setCurrentIndex(dialog.kop_workspace.findData("mapping"))
    assert dialog.kop_lines[0].text() == "Pemerintah Kabupaten Gowa"  # kept while switching
    dialog.save()
    assert len(shown) == 1
    logo.unlink()  # the stored logo outlives its file
    mapping = kops.letterhead(db, "mapping")
    assert mapping.institutions == ("Pemerintah Kabupaten Gowa", "Badan Perencanaan Pembangunan Daerah")
    assert mapping.logo and Image.open(io.BytesIO(mapping.logo)).size == (60, 80)
    assert mapping.number(7).startswith("050/7/Bappeda/")
    assert kops.letterhead(db, "pksai").institutions == ("Sekretariat PKSAI Kabupaten Gowa",)
    assert kops.letterhead(db, "sss").is_empty


def test_a_broken_number_pattern_is_refused(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog, shown = _dialog(qtbot, db, monkeypatch)
    dialog.kop_workspace.setCurrentIndex(dialog.kop_workspace.findData("twinning"))
    dialog.kop_lines[0].setText("Bappeda")
    dialog.kop_pattern.setText("050/{no}/{tahun}")
    assert "{no}" in dialog.kop_preview.text()  # told while typing
    dialog.kop_workspace.setCurrentIndex(dialog.kop_workspace.findData("mapping"))
    dialog.save()
    assert len(shown) == 1 and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.kop_workspace.currentData() == "twinning"  # shown where the problem is
    assert kops.letterhead(db, "twinning").is_empty


def test_the_example_number_is_the_one_the_documents_print(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    dialog, _shown = _dialog(qtbot, db, monkeypatch)
    dialog.kop_pattern.setText("050/{nomor}/Bappeda/{tahun}")
    printed = kops.Letterhead(number_pattern="050/{nomor}/Bappeda/{tahun}").number(when=date.today())  # as the PDFs do
    assert dialog.kop_preview.text() == printed  # the running number left blank, not an invented "12"
