"""Ekspor → Formulir ponsel (XLSForm): the dialog's choices reach the form written (issue #21)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog

from ui.mapping import phone_form


def _choices(path: Path) -> dict[str, set[str]]:
    rows = list(load_workbook(path, read_only=True)["choices"].iter_rows(values_only=True))
    found: dict[str, set[str]] = {}
    for row in rows[1:]:
        found.setdefault(row[0], set()).add(row[1])
    return found


def test_the_phone_form_is_written_for_the_chosen_kabupaten_and_language(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "form.xlsx"
    chosen: dict[str, object] = {}

    def exec_(dialog: phone_form.PhoneFormDialog) -> int:
        chosen["initial"] = dialog.kabupaten.code()
        dialog.kabupaten.set_code("73.17")  # Luwu
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(phone_form.PhoneFormDialog, "exec", exec_)
    monkeypatch.setattr(phone_form.PhoneFormDialog, "ask_path", lambda self: out)
    monkeypatch.setattr(phone_form, "offer_open", lambda parent, path: chosen.setdefault("offered", path))
    written = phone_form.export_phone_form(None, "73.08")  # type: ignore[arg-type]
    assert written == out and chosen["offered"] == out
    assert chosen["initial"] == "73.08"  # the page's kabupaten is proposed
    assert _choices(out)["kabupaten"] == {"73.17"}
    assert all(code.startswith("73.17.") for code in _choices(out)["kecamatan"])
    settings = list(load_workbook(out, read_only=True)["settings"].iter_rows(values_only=True))
    assert dict(zip(settings[0], settings[1]))["default_language"] == "English (en)"


def test_cancelling_the_dialog_writes_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(phone_form.PhoneFormDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(phone_form.PhoneFormDialog, "ask_path", lambda self: tmp_path / "x.xlsx")
    assert phone_form.export_phone_form(None, None) is None  # type: ignore[arg-type]
    assert not (tmp_path / "x.xlsx").exists()


def test_the_preview_of_a_kobo_export_names_the_phone_form_and_its_version(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from bakti_desktop.mapping.importer import plan_import
    from bakti_desktop.mapping.xlsform import form_version
    from benchmarks.phone_export import write_export
    from tests.helpers import record
    from ui.mapping.import_dialog import PreviewDialog

    for path, phone in ((write_export([record()], tmp_path / "kobo.xlsx", "kobo"), True),
                        (tmp_path / "survei.xlsx", False)):
        if not phone:
            from tests.helpers import write_workbook

            write_workbook(path, [record()])
        dialog = PreviewDialog(plan_import(db, path))
        qtbot.addWidget(dialog)
        texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert (form_version() in texts) is phone
        assert "KoBoToolbox" in texts if phone else "KoBoToolbox" not in texts


def test_the_preview_of_a_moved_survey_shows_where_it_is_stored_and_where_it_goes(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A submission edited on the server to name another school: the changes table names the survey's school as
    stored now, then the NPSN and the name it takes."""
    from bakti_desktop.mapping.importer import plan_import
    from tests.bakti_desktop.mapping.test_submissions import _export_with, _first_import
    from ui.mapping.import_dialog import PreviewDialog

    source, header, data = _first_import(db, tmp_path)
    old_npsn = data[3][header.index("sekolah-npsn")]
    old_name = data[3][header.index("sekolah-nama_sekolah")]
    _export_with(source, tmp_path / "pindah.xlsx", {3: {"sekolah-npsn": "40399999",
                                                        "sekolah-nama_sekolah": "SD Negeri Pindahan"}})
    dialog = PreviewDialog(plan_import(db, tmp_path / "pindah.xlsx"))
    qtbot.addWidget(dialog)
    table = dialog.changes_table
    lines = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert lines[0][1] == f"{old_name} ({old_npsn}, 2020)"
    assert [line[3:] for line in lines] == [[old_npsn, "40399999"], [old_name, "SD Negeri Pindahan"]]
