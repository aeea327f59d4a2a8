"""Importing survey workbooks: preview, row errors, rounds, duplicates, one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from bakti_desktop.errors import UserError
from bakti_desktop.mapping.importer import apply_import, plan_import, write_rejected
from bakti_desktop.mapping.models import School, Survey
from tests.helpers import index_definitions, record, write_workbook


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_clean_workbook_with_title_rows_and_labels(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [record(npsn=f"4030{i:04d}", nama_sekolah=f"SD {i}") for i in range(5)]
    path = write_workbook(tmp_path / "a.xlsx", rows, title_rows=[["Survei Sanitasi Sekolah 2020"], []])
    plan = plan_import(db, path)
    assert plan.header_row == 3
    assert (len(plan.new), len(plan.update), len(plan.unchanged), plan.rejected) == (5, 0, 0, [])
    assert _count(db, Survey) == 0  # a plan writes nothing
    result = apply_import(db, plan)
    assert result["year"] == 2020 and result["imported"] == 5
    assert _count(db, Survey) == 5 and _count(db, School) == 5


def test_headers_by_key_ignoring_case_and_punctuation(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [record()]
    path = write_workbook(tmp_path / "k.xlsx", rows, headers="key")
    assert len(plan_import(db, path).new) == 1
    # Labels written sloppily still match.
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    for cell in ws[1]:
        cell.value = str(cell.value).upper().replace("_", " ") + " "
    wb.save(path)
    assert len(plan_import(db, path).new) == 1


def test_messy_rows_are_reported_and_good_rows_go_in(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [
        record(npsn="40300001"),
        record(npsn="40300002", siswa_laki="banyak"),
        record(npsn="40300003", jenis_jamban="tidak_ada"),
        {},  # a blank row is skipped, not reported
        record(npsn="40300004", kabupaten="Atlantis"),
        record(npsn="40300001", nama_sekolah="again"),  # duplicate of the first row
        record(npsn="40300005"),
    ]
    rows[3] = dict.fromkeys(rows[0])
    path = write_workbook(tmp_path / "m.xlsx", rows, extra_columns={"Kolom Aneh": [1, 1, 1, None, 1, 1, 1]})
    plan = plan_import(db, path)
    rejected = {r.row: r for r in plan.rejected}
    assert sorted(rejected) == [3, 4, 6, 7]
    assert rejected[3].column == "siswa_laki" and "banyak" in rejected[3].message
    assert rejected[4].column == "jamban_laki_baik"
    assert rejected[6].column == "kabupaten"
    assert rejected[7].column == "npsn" and "baris 2" in rejected[7].message
    assert any("Kolom Aneh" in w for w in plan.warnings)
    result = apply_import(db, plan)
    assert result["imported"] == 2
    assert [r["row"] for r in result["rejected"]] == [3, 4, 6, 7]

    out = write_rejected(plan, tmp_path / "errors.xlsx")
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[0][-2:] == ["Alasan Penolakan", "Baris Asal"]
    assert [row[-1] for row in sheet[1:]] == [3.0, 4.0, 6.0, 7.0]
    assert "banyak" in sheet[1][-2]


def test_reimport_updates_or_leaves_unchanged_never_duplicates(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [record(npsn="40300001"), record(npsn="40300002")]
    path = write_workbook(tmp_path / "r.xlsx", rows)
    apply_import(db, plan_import(db, path))
    again = plan_import(db, path)
    assert (len(again.new), len(again.update), len(again.unchanged)) == (0, 0, 2)
    rows[1]["sarana_cuci_tangan"] = 7
    write_workbook(path, rows)
    result = apply_import(db, plan_import(db, path))
    assert (result["imported"], result["updated"], result["unchanged"]) == (0, 1, 1)
    assert _count(db, Survey) == 2
    with db.engine.connect() as conn:
        assert conn.execute(select(Survey.sarana_cuci_tangan).join(School).where(School.npsn == "40300002")).scalar() == 7
    # Another year is a new round of the same school.
    write_workbook(path, [record(npsn="40300001", tanggal_survei="02/09/2021")])
    assert apply_import(db, plan_import(db, path))["imported"] == 1
    assert _count(db, School) == 2 and _count(db, Survey) == 3


def test_each_survey_belongs_to_the_school_of_its_row(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """New schools get their ids in one go; every survey must still land on its own school."""
    apply_import(db, plan_import(db, write_workbook(tmp_path / "a.xlsx", [record(npsn="40300050", siswa_laki=50)])))
    npsns = ["40300077", "40300003", "40300050", "40300091", "40300012", "40300060"]  # not in order; one known
    rows = [record(npsn=n, nama_sekolah=f"SD {n}", siswa_laki=int(n[-2:]), tanggal_survei="02/09/2021") for n in npsns]
    apply_import(db, plan_import(db, write_workbook(tmp_path / "b.xlsx", rows)))
    with db.engine.connect() as conn:
        found = conn.execute(select(School.npsn, School.nama_sekolah, Survey.siswa_laki).join(Survey)
                             .where(Survey.year == 2021)).all()
    assert sorted(found) == sorted((n, f"SD {n}", int(n[-2:])) for n in npsns)


def test_a_workbook_of_several_years_leaves_the_newest_values_in_the_register(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [record(npsn="40300001", nama_sekolah="SD Lama", tanggal_survei="02/09/2021"),
            record(npsn="40300001", nama_sekolah="SD Baru", tanggal_survei="02/09/2023"),
            record(npsn="40300001", nama_sekolah="SD Tengah", tanggal_survei="02/09/2022")]
    result = apply_import(db, plan_import(db, write_workbook(tmp_path / "a.xlsx", rows)))
    assert result["imported"] == 3
    with db.engine.connect() as conn:
        assert conn.execute(select(School.nama_sekolah)).scalars().all() == ["SD Baru"]


def test_sheet_named_data_is_preferred(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "s.xlsx", [record()])
    wb = load_workbook(path)
    cover = wb.create_sheet("Sampul", 0)
    cover["A1"] = "Petunjuk pengisian"
    wb.save(path)
    assert len(plan_import(db, path).new) == 1


def test_files_that_are_not_workbooks(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "laporan.xlsx"
    fake.write_bytes(b"%PDF-1.4 \x00\x01\x02 not a workbook")
    with pytest.raises(UserError, match="bukan berkas lembar kerja") as not_sheet:  # told apart from a damaged one
        plan_import(db, fake)
    assert ".xlsx, .xlsm, .xls, .ods, .csv" in str(not_sheet.value)
    with pytest.raises(UserError, match="tidak ada"):
        plan_import(db, tmp_path / "missing.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(UserError, match="rusak"):
        plan_import(db, broken)
    no_header = write_workbook(tmp_path / "other.xlsx", [{"nama": "x", "umur": 3}])
    with pytest.raises(UserError, match="tidak ditemukan"):
        plan_import(db, no_header)


def test_zip_bomb_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)
    with pytest.raises(UserError, match="tidak aman"):
        plan_import(db, bomb)


def test_failed_write_leaves_the_database_as_it_was(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping import indicators

    apply_import(db, plan_import(db, write_workbook(tmp_path / "1.xlsx", [record(npsn="40300001")])))
    plan = plan_import(db, write_workbook(tmp_path / "2.xlsx", [record(npsn=f"4031{i:04d}") for i in range(30)]))
    calls = {"n": 0}
    original = indicators.compute_row

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 20:
            raise OSError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(indicators, "compute_row", failing)  # the 20th survey row cannot be made
    indexes = {table: index_definitions(db, table) for table in ("school", "survey")}
    with pytest.raises(OSError):
        apply_import(db, plan)
    assert _count(db, Survey) == 1 and _count(db, School) == 1
    # The indexes dropped for the insert of many new rows (SQLite) are back with the rollback.
    assert {table: index_definitions(db, table) for table in ("school", "survey")} == indexes


def _messy_rows() -> list[dict]:
    from datetime import date

    rows = [record(npsn=f"4030{i:04d}", siswa_laki=100 + i) for i in range(12)]
    rows[2] = record(npsn="40300002", siswa_laki="banyak")
    rows[4] = dict.fromkeys(rows[0])  # blank: skipped
    rows[5] = record(npsn="40300005", kabupaten="Atlantis")
    rows[7] = record(npsn="40300001", nama_sekolah="again")  # duplicate of an earlier chunk's row
    rows[9] = record(npsn="40300009", tanggal_survei=date(2020, 9, 14), air_tersedia=True, jamban_guru=2.0)
    return rows


def test_a_streamed_large_sheet_imports_exactly_like_a_small_one(db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Big workbooks are read as a stream and checked in chunks; the outcome is the same, row for row."""
    from bakti_desktop.spreadsheets import xlsx_stream
    from bakti_desktop.mapping import importer
    from bakti_desktop.storage.database import open_database

    path = write_workbook(tmp_path / "besar.xlsx", _messy_rows(), title_rows=[["Survei 2020"], []])
    normal = plan_import(db, path)
    monkeypatch.setattr(xlsx_stream, "LARGE_SHEET_BYTES", 0)  # every sheet counts as large
    monkeypatch.setattr(importer, "CHUNK_ROWS", 3)  # checked three rows at a time
    monkeypatch.setattr(importer, "WRITE_ROWS", 2)
    read = []
    original = xlsx_stream.iter_rows
    monkeypatch.setattr(xlsx_stream, "iter_rows", lambda *a: read.append(a) or original(*a))
    steps: list[tuple[int, int]] = []
    streamed = plan_import(db, path, progress=lambda done, total: steps.append((done, total)))
    assert read  # the stream reader was used
    assert steps and all(done <= total for done, total in steps)
    assert steps[-1][1] == xlsx_stream.row_count_hint(path) == 15  # the sheet says how many rows it has
    assert streamed.as_json() == normal.as_json()
    assert [(r.row, r.column, r.message) for r in streamed.rejected] == [(r.row, r.column, r.message)
                                                                         for r in normal.rejected]
    assert [r.row for r in streamed.rejected] == [6, 9, 11]
    assert [(r.row, r.values) for r in streamed.new] == [(r.row, r.values) for r in normal.new]
    assert streamed.header_row == normal.header_row == 3
    apply_import(db, streamed)
    other = open_database(tmp_path / "normal.sqlite")
    monkeypatch.undo()
    apply_import(other, plan_import(other, path))
    from sqlalchemy import select

    from bakti_desktop.mapping.models import Survey

    columns = [c for c in Survey.__table__.columns if c.name not in ("id", "uuid", "created_at", "updated_at")]
    with db.engine.connect() as a, other.engine.connect() as b:
        assert a.execute(select(*columns).order_by(Survey.siswa_laki)).all() == \
            b.execute(select(*columns).order_by(Survey.siswa_laki)).all()
    other.close()


def test_the_stream_reader_gives_what_calamine_gives(tmp_path: Path) -> None:
    from datetime import date, datetime

    from openpyxl import Workbook

    from bakti_desktop.spreadsheets.xlsx_stream import iter_rows

    for write_only in (False, True):  # shared strings (Excel's way) and inline strings
        workbook = Workbook(write_only=write_only)
        sheet = workbook.create_sheet("Lain") if write_only else workbook.active
        if not write_only:
            sheet.title = "Lain"
        data = workbook.create_sheet("Data")
        for row in (["Teks", 12, 2.5, True, date(2024, 8, 1), datetime(2024, 8, 1, 10, 30), None, "ya"],
                    [], [None, None, "z", False, 0, -3.25, "Teks", "40300001"]):
            data.append(row)
        sheet.append(["bukan ini"])
        path = tmp_path / f"t{write_only}.xlsx"
        workbook.save(path)
        expected = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python(skip_empty_area=False)
        name, rows = iter_rows(path)
        got = [[c if c is not None else "" for c in row] for row in rows]
        assert name == "Data"
        assert [r + [""] * (len(expected[0]) - len(r)) for r in got] == expected


def test_fields_blank_in_every_row_are_left_out_and_stored_blank(db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Inserts leave out the fields blank in every row; what is stored is what the entry form stores."""
    from bakti_desktop.mapping import importer, service, writer
    from bakti_desktop.storage.database import open_database

    rows = [record(npsn=f"4031{i:04d}", catatan=None, siswa_disabilitas=None) for i in range(7)]
    rows[5]["siswa_disabilitas"] = 4  # filled in the second chunk only
    path = write_workbook(tmp_path / "kosong.xlsx", rows)
    monkeypatch.setattr(importer, "CHUNK_ROWS", 3)  # checked three rows at a time
    plan = plan_import(db, path)
    assert {"catatan", "jamban_difabel", "lintang", "desa_code"} <= plan.blank_keys  # a blank column, absent ones
    assert not {"siswa_disabilitas", "siswa_laki", "npsn", "kabupaten_code", "year"} & plan.blank_keys
    apply_import(db, plan)

    by_form = open_database(tmp_path / "form.sqlite")
    for row in rows:
        service.save_record(by_form, row)
    columns = [*(School.__table__.c[k] for k in writer.SCHOOL_COLUMNS),
               *(Survey.__table__.c[k] for k in writer.SURVEY_ROW_KEYS)]
    query = select(*columns).join(Survey).order_by(School.npsn)
    with db.engine.connect() as a, by_form.engine.connect() as b:
        imported, saved = a.execute(query).all(), b.execute(query).all()
    by_form.close()
    assert imported == saved
    assert [r.siswa_disabilitas for r in imported] == [None] * 5 + [4, None]


def test_a_changed_school_name_counts_only_in_the_newest_survey_year(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Re-importing: a row equal to what is stored is unchanged; a school field changed in an older
    year's row is not an update (the register follows the newest survey), in the newest year's row it is."""
    older = record(npsn="40300001", tanggal_survei="14/09/2020")
    newer = record(npsn="40300001", tanggal_survei="14/09/2021")
    apply_import(db, plan_import(db, write_workbook(tmp_path / "a.xlsx", [older, newer])))
    same = plan_import(db, write_workbook(tmp_path / "b.xlsx", [older, newer]))
    assert (len(same.new), len(same.update), len(same.unchanged)) == (0, 0, 2)
    renamed_old = plan_import(db, write_workbook(tmp_path / "c.xlsx", [{**older, "nama_sekolah": "SD Baru"}]))
    assert (len(renamed_old.update), len(renamed_old.unchanged)) == (0, 1)
    renamed_new = plan_import(db, write_workbook(tmp_path / "d.xlsx", [{**newer, "nama_sekolah": "SD Baru"}]))
    assert (len(renamed_new.update), len(renamed_new.unchanged)) == (1, 0)
    float_again = plan_import(db, write_workbook(tmp_path / "e.xlsx", [{**newer, "jamban_guru": 1.0}]))
    assert len(float_again.unchanged) == 1  # 1.0 in a cell is the 1 stored


def test_soap_without_a_working_facility_is_imported_with_a_warning(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import plan_import
    from tests.helpers import record, write_workbook

    path = write_workbook(tmp_path / "w.xlsx", [
        record(npsn="40300001"),
        record(npsn="40300002", sarana_cuci_tangan=1, sarana_cuci_tangan_rusak=1, air_sabun="air_saja"),
    ])
    plan = plan_import(db, path)
    assert len(plan.new) == 2 and not plan.rejected
    assert [w for w in plan.warnings if "3" in w.rsplit(":", 1)[-1]]  # names spreadsheet row 3
    assert len(plan.warnings) == 1
