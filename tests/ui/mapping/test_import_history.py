"""The preview shows what an update changes and lets the user decide on rows replacing another school; the
import history undoes an import (issue #20)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select

from bakti_desktop.mapping.importer import apply_import, plan_import
from bakti_desktop.mapping.models import School, Survey
from tests.helpers import record, write_workbook
from ui.mapping.import_dialog import PreviewDialog, SurveyImport
from ui.mapping.import_history import ImportHistoryDialog


def _stored(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    apply_import(db, plan_import(db, write_workbook(tmp_path / "awal.xlsx", [
        record(npsn="69400000", nama_sekolah="SD NEGERI 000 Gantarang", siswa_laki=44),
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", sumber_air_minum="perpipaan"),
    ])))


def _book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "ubah.xlsx", [
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", sumber_air_minum="sumur_bor"),
        record(npsn="69400000", nama_sekolah="SD NEGERI 343 Gantarang", siswa_laki=194),
        record(npsn="69400002", nama_sekolah="SD Baru"),
    ])


def _value(db, npsn: str, column: str):  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.execute(select(Survey.__table__.c[column]).join(School).where(School.npsn == npsn)).scalar()


def test_preview_shows_each_change_and_flags_a_replacement_left_unticked(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    dialog = PreviewDialog(plan_import(db, _book(tmp_path)))
    qtbot.addWidget(dialog)
    changes = dialog.changes_table
    lines = [[changes.item(r, c).text() for c in range(5)] for r in range(changes.rowCount())]
    water = next(line for line in lines if line[3].startswith("Perpipaan"))  # the choices' names, not their codes
    assert water[4] != "sumur_bor" and water[4]
    assert any(line[3] == "44" and line[4] == "194" for line in lines)
    assert dialog.replace_table.rowCount() == 1 and dialog.replace_rows() == []  # default: not replaced
    assert dialog.replace_table.item(0, 2).text() == "SD NEGERI 000 Gantarang"
    assert "2" in dialog.import_button.text()  # the update and the new school; the flagged row left out
    dialog.replace_table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert dialog.replace_rows() == [(None, 3)] and "3" in dialog.import_button.text()


def test_the_unticked_replacement_is_not_written_the_ticked_one_is(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    tick = {"value": False}

    def fake_exec(self) -> int:  # the user looks at the preview, maybe ticks the row, presses Import
        if tick["value"]:
            self.replace_table.item(0, 0).setCheckState(Qt.CheckState.Checked)
        return 1

    monkeypatch.setattr(PreviewDialog, "exec", fake_exec)
    owner = QWidget()
    qtbot.addWidget(owner)
    results: list = []
    SurveyImport(db, owner, results.append).start(str(_book(tmp_path)))
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert _value(db, "69400000", "siswa_laki") == 44 and len(results[0]["skipped"]) == 1
    tick["value"] = True
    SurveyImport(db, owner, results.append).start(str(_book(tmp_path)))
    qtbot.waitUntil(lambda: len(results) == 2, timeout=30_000)
    assert _value(db, "69400000", "siswa_laki") == 194


def test_history_lists_imports_and_undoes_one_after_naming_its_counts(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    batch = apply_import(db, plan_import(db, _book(tmp_path)))["batch"]
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:  # the user reads the question and confirms
        asked.append(box.text())
        for button in box.buttons():
            if box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    refreshed: list[bool] = []
    dialog = ImportHistoryDialog(db, on_undone=lambda: refreshed.append(True))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 0).text() == str(batch)
    assert "ubah.xlsx" in dialog.table.item(0, 3).text() and dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    qtbot.waitUntil(lambda: bool(refreshed), timeout=30_000)
    assert asked and all(n in asked[0] for n in (" 1 ", "ubah.xlsx"))  # the counts and the file, named
    assert _value(db, "69400001", "sumber_air_minum") == "perpipaan"  # restored
    assert _value(db, "69400002", "siswa_laki") is None  # added, now in the trash
    assert dialog.table.item(0, 6).text() and not dialog.undo_button.isEnabled()  # marked undone


def test_undo_can_be_cancelled(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    apply_import(db, plan_import(db, _book(tmp_path)))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)  # closed: Cancel
    dialog = ImportHistoryDialog(db)
    qtbot.addWidget(dialog)
    dialog.undo_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    qtbot.wait(100)
    assert _value(db, "69400001", "sumber_air_minum") == "sumur_bor" and dialog.undo_button.isEnabled()


def test_two_sheets_with_the_same_row_numbers_each_show_their_change(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.bakti_desktop.mapping.test_undo import _two_sheets

    _stored(db, tmp_path)
    book = _two_sheets(tmp_path, [record(npsn="69400000", nama_sekolah="SD NEGERI 343 Gantarang", siswa_laki=194)],
                       [record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", siswa_laki=130)])
    dialog = PreviewDialog(plan_import(db, book, sheets=["Bone", "Bulukumba"]))
    qtbot.addWidget(dialog)
    rows = [dialog.changes_table.item(r, 0).text() for r in range(dialog.changes_table.rowCount())]
    assert {"Bone: 2", "Bulukumba: 2"} <= set(rows)  # both updates listed, each with its sheet
    assert dialog.replace_table.rowCount() == 1 and dialog.replace_rows() == []
    assert "1" in dialog.import_button.text()  # the plain update; the replacement left out until ticked
    dialog.replace_table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert dialog.replace_rows() == [("Bone", 2)] and "2" in dialog.import_button.text()


def test_the_new_values_have_as_much_room_as_the_stored_ones(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    dialog = PreviewDialog(plan_import(db, _book(tmp_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.changes_table)
    table = dialog.changes_table
    new_values = [table.item(r, 4).text() for r in range(table.rowCount())]
    widest = max(table.fontMetrics().horizontalAdvance(text) for text in new_values)
    assert table.columnWidth(4) == table.columnWidth(3) and table.columnWidth(4) > widest  # not cut to "SD NE…"
