"""A large sheet read in parts (spreadsheets/parted.py) gives what the sheet read whole gives.

Parts are made a few thousand bytes long here, so that the small workbooks of the tests are cut into many.
"""

from __future__ import annotations

import re
import tempfile
import threading
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from bakti_desktop.errors import UserError
from bakti_desktop.spreadsheets import parted
from bakti_desktop.spreadsheets.parted import PartedRows, ReadWhole
from bakti_desktop.spreadsheets.workbook import read_sheets
from tests.helpers import record, write_workbook


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parted, "PART_BYTES", 5000)
    monkeypatch.setattr(parted, "MIN_BYTES", 0)


def _rows(sheet: Any) -> list[list[Any]]:
    """The rows, each without the empty cells that end it (a sheet read whole pads every row to its widest)."""
    rows = [list(row) for row in sheet.rows]
    for row in rows:
        while row and row[-1] in ("", None):
            row.pop()
    return rows


def _same(path: Path) -> list[Any]:
    """Read ``path`` in parts and whole; assert they agree; the sheets read in parts."""
    in_parts, whole = read_sheets(path), read_sheets(path, parted=False)
    try:
        assert [s.name for s in in_parts] == [s.name for s in whole]
        for a, b in zip(in_parts, whole, strict=True):
            assert _rows(a) == _rows(b), a.name
            assert len(a.rows) == len(b.rows)
            assert set(a.hidden) == set(b.hidden)
        return [s for s in in_parts if isinstance(s.rows, PartedRows)]
    finally:
        for sheet in in_parts:
            sheet.close()


def _parts(sheet: Any) -> int:
    return len(sheet.rows._cuts)


def test_a_survey_workbook_reads_the_same_in_parts(tmp_path: Path) -> None:
    rows = [record(npsn=f"4030{i:04d}", nama_sekolah=f"SD Negeri {i} Watampone", siswa_laki=100 + i,
                   tanggal_survei=datetime(2020, 9, 1 + i % 28) if i % 3 else "14/09/2020",
                   air_tersedia=[True, "Ya", None][i % 3], jamban_guru=2.0 if i % 4 else None)
            for i in range(80)]
    path = write_workbook(tmp_path / "survei.xlsx", rows, title_rows=[["Survei Sanitasi Sekolah 2020"], []],
                          extra_columns={"Keterangan": [f"catatan {i}" if i % 5 == 0 else None for i in range(80)]})
    (sheet,) = _same(path)
    assert _parts(sheet) > 5


def test_marks_across_parts_are_put_in_as_when_read_whole(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Data"
    ws.append(["NPSN", "Kabupaten", "Nilai"])
    for i in range(2, 401):
        ws.append([f"4030{i:04d}", None, i])
    ws["B2"] = "Bone"
    ws.merge_cells("B2:B300")  # a value merged over rows in many parts
    ws["C350"] = "#N/A"
    ws["C350"].data_type = "e"  # an error cell in a late part
    for r in (5, 200, 390):
        ws.row_dimensions[r].hidden = True
    book.save(tmp_path / "tanda.xlsx")
    (sheet,) = _same(tmp_path / "tanda.xlsx")
    assert _parts(sheet) > 3
    rows = _rows(sheet)
    assert rows[280][1] == "Bone" and type(rows[349][2]).__name__ == "SheetError"
    assert set(sheet.hidden) == {4, 199, 389}


def test_gaps_offsets_and_a_wider_later_part(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Data"
    for i in range(5, 200):
        ws.cell(row=i, column=3, value=f"sekolah {i}")
        ws.cell(row=i, column=4, value=i * 1.5)
    for i in range(230, 400):  # after 30 empty rows
        ws.cell(row=i, column=4, value=date(2021, 1, 1 + i % 28))
    ws.cell(row=399, column=100, value="jauh")  # the last part reaches further right than the others
    book.save(tmp_path / "celah.xlsx")
    (sheet,) = _same(tmp_path / "celah.xlsx")
    assert _parts(sheet) > 3 and _rows(sheet)[398][99] == "jauh"


def test_the_benchmark_workbook_and_a_1904_calendar(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from benchmarks.data import synthetic_rows
    from benchmarks.data import write_workbook as write_benchmark

    write_benchmark(synthetic_rows(60), tmp_path / "bench.xlsx")
    assert _parts(_same(tmp_path / "bench.xlsx")[0]) > 10
    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    ws = book.active
    for i in range(1, 80):
        ws.append([datetime(2020, 1, 1 + i % 28, 8, 30), i, "teks"])
    book.save(tmp_path / "1904.xlsx")
    (sheet,) = _same(tmp_path / "1904.xlsx")
    assert _rows(sheet)[0][0] == datetime(2020, 1, 2, 8, 30)


def _rewrite(path: Path, change: Any) -> Path:
    """``path`` with its first sheet's XML passed through ``change``."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/worksheets/sheet1.xml"] = change(members["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_later_part_found_unusual_sends_the_import_back_to_the_whole_sheet(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import plan_import

    rows = [record(npsn=f"4030{i:04d}", siswa_laki=100 + i) for i in range(60)]
    path = write_workbook(tmp_path / "aneh.xlsx", rows)
    # The cells of row 50 lose their references: calamine places them by counting, which a part cannot.
    path = _rewrite(path, lambda xml: re.sub(rb'<c r="[A-Z]+50"', b"<c", xml))
    sheets = read_sheets(path)
    assert isinstance(sheets[0].rows, PartedRows)  # the first parts are ordinary
    with pytest.raises(ReadWhole):
        list(sheets[0].rows)
    plan = plan_import(db, path)
    parted_plan = plan.as_json()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parted, "MIN_BYTES", 10**12)
        assert plan_import(db, path).as_json() == parted_plan
    assert len(plan.new) == 60


def test_a_cell_placed_among_the_rows_of_an_earlier_part_is_read_as_the_whole_sheet_places_it(tmp_path: Path) -> None:
    rows = [record(npsn=f"4030{i:04d}") for i in range(60)]
    path = _rewrite(write_workbook(tmp_path / "silang.xlsx", rows),
                    lambda xml: xml.replace(b'<row r="55">', b'<row r="55"><c r="Z3" t="inlineStr"><is><t>silang</t></is></c>'))
    sheets = read_sheets(path)
    with pytest.raises(ReadWhole):
        list(sheets[0].rows)
    (whole,) = read_sheets(path, parted=False)
    assert whole.rows[2][25] == "silang"


def test_a_row_without_its_reference_reads_the_same(tmp_path: Path) -> None:
    rows = [record(npsn=f"4030{i:04d}") for i in range(60)]
    path = _rewrite(write_workbook(tmp_path / "baris.xlsx", rows),
                    lambda xml: xml.replace(b'<row r="40">', b"<row>"))
    (sheet,) = _same(path)
    assert _parts(sheet) > 3


def test_a_far_cell_in_a_later_part_is_refused_as_when_read_whole(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import plan_import

    rows = [record(npsn=f"4030{i:04d}") for i in range(60)]
    path = _rewrite(write_workbook(tmp_path / "jauh.xlsx", rows),
                    lambda xml: xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                                             b"<is><t>jauh</t></is></c></row></sheetData>"))
    with pytest.raises(UserError) as in_parts:
        plan_import(db, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parted, "MIN_BYTES", 10**12)
        with pytest.raises(UserError) as whole:
            plan_import(db, path)
    assert str(in_parts.value) == str(whole.value) and "1.048.576" in str(whole.value)


def test_an_import_reads_the_same_plan_in_parts(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import plan_import, write_rejected

    rows = [record(npsn=f"4030{i:04d}", siswa_laki=100 + i) for i in range(50)]
    rows[3] = record(npsn="40300003", siswa_laki="banyak")
    rows[9] = record(npsn="40300009", kabupaten="Atlantis")
    rows[20] = record(npsn="40300001")  # a duplicate
    path = write_workbook(tmp_path / "campur.xlsx", rows, title_rows=[["Survei 2020"], []])
    plan = plan_import(db, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parted, "MIN_BYTES", 10**12)
        whole = plan_import(db, path)
    assert plan.as_json() == whole.as_json()
    assert [(r.row, r.column, r.message, r.cells) for r in plan.rejected] == [
        (r.row, r.column, r.message, r.cells) for r in whole.rejected]
    assert [g.survey for g in plan.new] == [g.survey for g in whole.new]
    write_rejected(plan, tmp_path / "ditolak.xlsx")


def test_reading_in_parts_leaves_no_thread_or_file_behind(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import SheetChoiceNeeded, plan_import

    folder = Path(tempfile.gettempdir())
    before = set(folder.glob("bakti-bagian-*"))
    path = write_workbook(tmp_path / "a.xlsx", [record(npsn=f"4030{i:04d}") for i in range(40)])
    plan_import(db, path)
    # Two sheets of survey rows: the import stops to ask which, with the parts of both begun.
    from openpyxl import load_workbook

    book = load_workbook(path)
    copy = book.copy_worksheet(book["Data"])
    copy.title = "Data 2"
    book.save(tmp_path / "dua.xlsx")
    with pytest.raises(SheetChoiceNeeded):
        plan_import(db, tmp_path / "dua.xlsx")
    sheets = read_sheets(tmp_path / "dua.xlsx")
    assert sum(isinstance(s.rows, PartedRows) for s in sheets) == 2
    next(iter(sheets[0].rows))  # begun, then abandoned
    for sheet in sheets:
        sheet.close()
    assert set(folder.glob("bakti-bagian-*")) == before
    assert not [t for t in threading.enumerate() if t.name.startswith("bakti-bagian")]


def test_a_cancelled_import_stops_reading_the_parts(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping import importer

    folder = Path(tempfile.gettempdir())
    before = set(folder.glob("bakti-bagian-*"))
    path = write_workbook(tmp_path / "batal.xlsx", [record(npsn=f"4030{i:04d}") for i in range(60)])
    steps: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importer, "CHUNK_ROWS", 10)
        with pytest.raises(importer.Cancelled):
            importer.plan_import(db, path, progress=lambda done, total: steps.append(done),
                                 cancelled=lambda: len(steps) > 3)
    assert steps and set(folder.glob("bakti-bagian-*")) == before
    assert not [t for t in threading.enumerate() if t.name.startswith("bakti-bagian")]
