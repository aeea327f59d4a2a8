"""Survey files as sanitarians fill them (issue 20): what people type, CSV, layouts, sheets, error cells, round trip.

The files are in tests/data/survey_input (see its README.md): written by openpyxl, byte for byte (CSV), and
saved again by LibreOffice as .xls/.ods.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bakti_desktop.errors import UserError
from bakti_desktop.mapping.importer import ALL_SHEETS, SheetChoiceNeeded, apply_import, plan_import, write_rejected
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.parsing import CellError, parse_yesno, read_date
from tests.helpers import record, run_cli, write_workbook

DATA = Path(__file__).parents[2] / "data" / "survey_input"
LO = DATA / "libreoffice"


def _by_npsn(plan):  # type: ignore[no-untyped-def]
    return {g.survey.npsn: g.survey for g in (*plan.new, *plan.update, *plan.unchanged)}


# ---------------------------------------------------------------- what people type


@pytest.mark.parametrize("text", ["14 Juli 2020", "14 Jul 2020", "14.07.2020", "14/07/20", "14-07-2020",
                                  "14 juli 20", "2020-07-14", "14-Jul-2020"])
def test_dates_as_people_write_them(text: str) -> None:
    assert read_date(text) == date(2020, 7, 14)


def test_month_names_full_and_short() -> None:
    assert read_date("14 Agt 2020") == read_date("14 Agustus 2020") == date(2020, 8, 14)
    assert read_date("3 Des 2021") == date(2021, 12, 3)
    with pytest.raises(CellError):
        read_date("14 Juno 2020")
    with pytest.raises(CellError):
        read_date("31.02.2020")


@pytest.mark.parametrize("text,value", [("Iya", True), ("Ya", True), ("Ada", True), ("✓", True), ("Tidak ada", False),
                                        ("tdk", False), ("Tdk", False), ("Gak", False), ("TIDAK  ADA", False),
                                        ("Belum ada", False)])
def test_indonesian_yes_no_words(text: str, value: bool) -> None:
    assert parse_yesno(text) is value


@pytest.mark.parametrize("name", ["typed.xlsx", "libreoffice/typed.xls", "libreoffice/typed.ods"])
def test_typed_workbook(db, name: str) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(db, DATA / name)
    surveys = _by_npsn(plan)
    assert sorted(surveys) == [f"4030{i:04d}" for i in range(1, 6)]
    assert {s.tanggal_survei for s in surveys.values()} == {date(2020, 7, 14), date(2020, 8, 14)}
    one, two, three = surveys["40300001"], surveys["40300002"], surveys["40300003"]
    assert (one.air_tersedia, one.jamban_difabel, one.uks_aktif) == (True, False, True)
    assert (two.air_tersedia, two.jamban_difabel, two.uks_aktif) == (False, False, True)
    assert one.siswa_disabilitas is None and one.sarana_cuci_tangan_rusak is None  # "-" and "–" are blank
    assert two.siswa_disabilitas is None and three.uks_aktif is None  # "—" and "-"
    rejected = {r.row: r for r in plan.rejected}
    assert sorted(rejected) == [7, 8, 9]
    assert rejected[7].column == "sumber_air_minum" and "Perpipaan (PDAM/PAMSIMAS)" in rejected[7].message
    assert "perpipaan," not in rejected[7].message  # the labels the dropdown shows, not the codes
    assert rejected[8].column == "siswa_laki" and "100.000" in rejected[8].message
    assert rejected[9].column == "nama_sekolah" and "500" in rejected[9].message


# ---------------------------------------------------------------- CSV


@pytest.mark.parametrize("name", ["comma_bom.csv", "semicolon_cp1252.csv", "comma_utf8.csv"])
def test_csv_files(db, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(db, DATA / name)
    assert plan.header_row == 2  # under a title row
    surveys = _by_npsn(plan)
    assert len(surveys) == 4
    assert surveys["40300002"].nama_sekolah == "SD Inpres Mattirowalié"  # the encoding was told right
    assert surveys["40300003"].siswa_laki == 1200
    assert surveys["40300001"].tanggal_survei == date(2020, 4, 5)  # day first
    assert surveys["40300001"].lintang == pytest.approx(-4.10)
    assert [(r.row, r.column) for r in plan.rejected] == [(6, "sarana_cuci_tangan")]
    assert "#DIV/0!" in plan.rejected[0].message
    out = write_rejected(plan, tmp_path / "rejected.xlsx")  # the error workbook works for CSV too
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "40300004"
    assert apply_import(db, plan)["imported"] == 4


def test_not_a_spreadsheet_is_told_apart_from_a_damaged_workbook(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as other:
        plan_import(db, DATA / "not_a_sheet.xlsx")
    damaged = tmp_path / "rusak.xlsx"
    damaged.write_bytes((DATA / "typed.xlsx").read_bytes()[:2000])
    with pytest.raises(UserError) as broken:
        plan_import(db, damaged)
    assert str(other.value) != str(broken.value)
    for error in (other, broken):
        assert ".xlsx, .xlsm, .xls, .ods, .csv" in str(error.value)


# ---------------------------------------------------------------- layouts


@pytest.mark.parametrize("name", ["layouts.xlsx", "libreoffice/layouts.xls", "libreoffice/layouts.ods"])
def test_merged_kecamatan_numbered_rows_and_hidden_rows(db, name: str) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(db, DATA / name)
    assert plan.rejected == []  # neither "wajib diisi" for the merged cells nor the numbered empty rows
    surveys = _by_npsn(plan)
    assert len(surveys) == 3
    assert {s.kecamatan_code for s in surveys.values()} == {surveys["40300001"].kecamatan_code}
    assert [s.as_json() for s in plan.sheets] == [{"name": "Data", "header_row": 2, "rows": 3}]
    hidden = [w for w in plan.warnings if "4" in w and ("tersembunyi" in w or "hidden" in w)]
    assert len(hidden) == 1


# ---------------------------------------------------------------- every sheet


@pytest.mark.parametrize("name", ["several_sheets.xlsx", "libreoffice/several_sheets.xls",
                                  "libreoffice/several_sheets.ods"])
def test_several_sheets_need_a_choice(db, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SheetChoiceNeeded) as choice:
        plan_import(db, DATA / name)
    assert choice.value.candidates == [("Data 2021", 2), ("Data 2022", 1)]  # not the blank Data, Petunjuk, Pilihan
    one = plan_import(db, DATA / name, sheets=["Data 2022"])
    assert [(s.name, s.header_row) for s in one.sheets] == [("Data 2022", 1)]
    assert one.year == 2022 and len(one.new) == 1 and len(one.rejected) == 1
    both = plan_import(db, DATA / name, sheets=ALL_SHEETS)
    assert [(s.name, s.header_row, s.rows) for s in both.sheets] == [("Data 2021", 2, 2), ("Data 2022", 1, 2)]
    assert sorted(both.years) == [2021, 2022] and len(both.new) == 3
    assert [(r.sheet, r.row, r.column) for r in both.rejected] == [("Data 2022", 3, "siswa_laki")]
    with pytest.raises(UserError):
        plan_import(db, DATA / name, sheets=["Pilihan"])


def test_rejected_rows_of_several_sheets_in_the_first_sheets_columns(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    plan = plan_import(db, DATA / "several_sheets.xlsx", sheets=ALL_SHEETS)
    out = write_rejected(plan, tmp_path / "r.xlsx")
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    assert row[header.index("NPSN")] == "40300003" and row[header.index("Jumlah Siswa Laki-laki")] == "banyak"
    assert row[-1] == "Data 2022: 3"


def test_cli_sheet_option_and_refusal(db_target: str, db, capsys) -> None:  # type: ignore[no-untyped-def]
    refused = run_cli(capsys, "--db", db_target, "import-survey", str(DATA / "several_sheets.xlsx"))
    assert refused.returncode == 1 and "Data 2021" in refused.stderr and "Data 2022" in refused.stderr
    done = run_cli(capsys, "--db", db_target, "import-survey", str(DATA / "several_sheets.xlsx"), "--json",
                   "--sheet", "Data 2021", "--sheet", "Data 2022")
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["sheets"] == [{"name": "Data 2021", "header_row": 2, "rows": 2},
                                {"name": "Data 2022", "header_row": 1, "rows": 2}]
    assert result["imported"] == 3 and result["rejected"][0]["sheet"] == "Data 2022"
    empty = run_cli(capsys, "--db", db_target, "import-survey", str(DATA / "no_rows.xlsx"))
    assert empty.returncode == 1 and empty.stderr.strip().count("\n") == 0


def test_a_blank_data_sheet_never_wins(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "w.xlsx", [record()], sheet_name="Data 2021")
    book = load_workbook(path)
    blank = book.create_sheet("Data", 0)
    blank.append(["NPSN", "Nama Sekolah", "Jenjang", "Kabupaten/Kota"])
    book.save(path)
    plan = plan_import(db, path)
    assert plan.sheet == "Data 2021" and len(plan.new) == 1


# ---------------------------------------------------------------- error cells


@pytest.mark.parametrize("name", ["error_cells.xlsx", "libreoffice/error_cells.xls", "libreoffice/error_cells.ods",
                                  "libreoffice/error_formulas.xlsx"])
def test_error_cells_are_rejections_naming_the_cell(db, name: str) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(db, DATA / name)
    found = {(r.row, r.column): r.message for r in plan.rejected}
    assert set(found) == {(2, "siswa_disabilitas"), (3, "kabupaten")}
    assert "#DIV/0!" in found[(2, "siswa_disabilitas")] and "T2" in found[(2, "siswa_disabilitas")]
    assert "#N/A" in found[(3, "kabupaten")] and "wajib" not in found[(3, "kabupaten")]
    assert len(plan.new) == 1


# ---------------------------------------------------------------- round trip


def _surveys(database):  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping import writer

    columns = [Survey.__table__.c[k] for k in writer.SURVEY_COLUMNS]
    school_columns = [School.__table__.c[k] for k in writer.SCHOOL_COLUMNS]
    with database.engine.connect() as conn:
        rows = conn.execute(select(School.npsn, *school_columns, *columns)
                            .select_from(Survey).join(School, Survey.school_id == School.id)).all()
    return sorted(tuple(r) for r in rows)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_own_export_imports_back_exactly(db, new_database_file: Path, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.i18n import language, set_language
    from bakti_desktop.mapping.export import export_mapping
    from bakti_desktop.storage.database import open_database

    rows = [record(npsn=f"4030{i:04d}", nama_sekolah=f"SD {i}", catatan=f"catatan {i}", lintang=-4.5 + i / 100,
                   bujur=120.1, jamban_difabel="Ya", phbs_3="Tidak", anggaran_rp="Rp 1.500.000,00",
                   anggaran_sanitasi="Ya", mkm_pembalut="gratis", status="swasta" if i % 2 else "negeri")
            for i in range(1, 13)]
    rows[3].update(kabupaten="Maros", kecamatan="Turikale", jenjang="SMP", air_tersedia="Tidak")
    apply_import(db, plan_import(db, write_workbook(tmp_path / "in.xlsx", rows)))
    before = language()
    set_language(lang)
    try:
        out = export_mapping(db, tmp_path / f"export-{lang}.xlsx")
    finally:
        set_language(before)
    fresh_path = tmp_path / "fresh.sqlite"
    shutil.copyfile(new_database_file, fresh_path)
    fresh = open_database(str(fresh_path))
    try:
        plan = plan_import(fresh, out)
        assert plan.sheet in ("Data Survei", "Surveys") and plan.rejected == []
        assert not [w for w in plan.warnings if "tidak dikenal" in w or "Unknown" in w]
        apply_import(fresh, plan)
        assert _surveys(fresh) == _surveys(db)
    finally:
        fresh.close()


def test_the_rktl_reader_lists_only_the_workbook_formats(tmp_path: Path) -> None:
    """The RKTL import reads workbooks only: its refusal does not offer CSV."""
    from bakti_desktop.spreadsheets.workbook import read_rows

    fake = tmp_path / "rktl.xlsx"
    fake.write_bytes((DATA / "not_a_sheet.xlsx").read_bytes())
    with pytest.raises(UserError) as refused:
        read_rows(fake)
    assert ".xlsx" in str(refused.value) and ".csv" not in str(refused.value)
