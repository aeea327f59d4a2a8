"""Phone-form submissions (KoBoToolbox, ODK Central exports) import as the workbook they came from (issue #21)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from benchmarks.phone_export import submissions as export_rows
from benchmarks.phone_export import write_export
from bakti_desktop.mapping import submissions
from bakti_desktop.mapping.demo import demo_records
from bakti_desktop.mapping.fields import TOILET_COUNT_KEYS
from bakti_desktop.mapping.importer import HEADERS, apply_import, plan_import, write_rejected
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.summary import summary
from bakti_desktop.mapping.xlsform import form_version
from bakti_desktop.storage.audit import AuditEntry
from bakti_desktop.storage.database import Database
from tests.helpers import write_workbook

BOOKKEEPING = {"id", "uuid", "created_at", "updated_at", "updated_by", "version", "school_id", "submission_id",
               "submission_instance"}


def rows() -> list[dict[str, Any]]:
    """Demo rows of one round, with the cases the form's logic skips: no water source, no toilet, no budget.

    A phone cannot answer a question its form skips: toilet counts where there is no toilet, a budget
    amount where the school plan has none are blank in these rows as on the phone (the demo's workbook
    rows write 0 there).
    """
    chosen = [as_on_the_phone(r) for r in demo_records() if r["tanggal_survei"].endswith("2020")][:40]
    chosen[0] = {**chosen[0], "sumber_air_minum": "tidak_ada", "air_tersedia": ""}
    chosen[1] = {**chosen[1], "jenis_jamban": "tidak_ada", **dict.fromkeys(TOILET_COUNT_KEYS, "")}
    chosen[2] = {**chosen[2], "anggaran_sanitasi": "Tidak", "anggaran_rp": ""}
    return chosen


def as_on_the_phone(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    if row.get("anggaran_sanitasi") == "Tidak":
        row["anggaran_rp"] = ""
    if row.get("jenis_jamban") == "tidak_ada":
        row.update(dict.fromkeys(TOILET_COUNT_KEYS, ""))
    if row.get("sumber_air_minum") == "tidak_ada":
        row["air_tersedia"] = ""
    return row


def stored(db: Database) -> dict[tuple[str, int], dict[str, Any]]:
    with db.engine.connect() as conn:
        result = conn.execute(select(School.__table__, Survey.__table__).join_from(
            School.__table__, Survey.__table__)).mappings().all()
    return {(r["npsn"], r["year"]): {k: v for k, v in r.items() if k.removesuffix("_1") not in BOOKKEEPING}
            for r in result}


def forget(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(delete(Survey))
        conn.execute(delete(School))


def imported(db: Database, path: Path) -> tuple[dict[str, Any], Any, list[str]]:
    """The surveys stored, the summary by kecamatan and the import's warnings (no unknown column among them)."""
    plan = plan_import(db, path)
    assert plan.rejected == [], plan.rejected
    apply_import(db, plan)
    return stored(db), summary(db, by="kecamatan"), plan.warnings


@pytest.mark.parametrize(("style", "suffix"), [("kobo", "xlsx"), ("kobo-labels", "xlsx"), ("kobo", "csv"),
                                              ("central", "csv")])
def test_an_export_imports_as_the_workbook_it_came_from(db: Database, tmp_path: Path, style: str,
                                                         suffix: str) -> None:
    source = rows()
    from_workbook = imported(db, write_workbook(tmp_path / "survei.xlsx", source))
    assert len(from_workbook[0]) == len(source)
    forget(db)
    export = write_export(source, tmp_path / f"{style}.{suffix}", style)
    assert imported(db, export) == from_workbook
    with db.engine.connect() as conn:
        kept = conn.execute(select(Survey.submission_id, Survey.submission_instance)).all()
    assert len(kept) == len(source) and all(submission and instance for submission, instance in kept)


@pytest.mark.parametrize("bound", [True, False], ids=["rows-bound-as-one", "statement-per-row"])
def test_surveys_imported_from_the_workbook_take_their_submissions_from_the_export(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: bool) -> None:
    """Unchanged surveys naming no submission yet take theirs (half new, half stored: inserted and updated)."""
    from bakti_desktop.mapping import importer

    if not bound:
        monkeypatch.setattr(importer, "_submissions_bound", lambda conn, rows: None)
    source = rows()
    apply_import(db, plan_import(db, write_workbook(tmp_path / "survei.xlsx", source[:20])))
    export = write_export(source, tmp_path / "kobo.xlsx", "kobo")
    result = apply_import(db, plan_import(db, export))
    assert (result["imported"], result["updated"], result["unchanged"]) == (20, 0, 20)
    with db.engine.connect() as conn:
        kept = conn.execute(select(Survey.submission_id, Survey.submission_instance)).all()
    assert len(kept) == 40 and len({submission for submission, instance in kept if submission and instance}) == 40
    again = apply_import(db, plan_import(db, export))
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 40)


def test_the_kobo_export_has_what_kobo_writes(tmp_path: Path) -> None:
    header, data = export_rows(rows(), "kobo")
    assert "sekolah/npsn" in header and "_lokasi_latitude" in header and "_uuid" in header
    assert "n/a" in data[0] and "n/a" in data[1]  # skipped questions


def test_importing_the_same_export_again_changes_nothing_even_after_a_desktop_correction(
        db: Database, tmp_path: Path) -> None:
    export = write_export(rows(), tmp_path / "kobo.xlsx", "kobo")
    first = apply_import(db, plan_import(db, export))
    assert first["imported"] == 40
    with db.engine.begin() as conn:  # corrected on the desktop since
        conn.execute(Survey.__table__.update().where(Survey.submission_id == "kobo:100005").values(catatan="dikoreksi"))
    again = apply_import(db, plan_import(db, export))
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 40)
    with db.engine.connect() as conn:
        assert conn.execute(select(Survey.catatan).where(Survey.submission_id == "kobo:100005")).scalar() == "dikoreksi"


def test_a_submission_edited_on_the_server_updates_its_survey(db: Database, tmp_path: Path) -> None:
    source = rows()
    apply_import(db, plan_import(db, write_export(source, tmp_path / "first.csv", "central")))
    header, data = export_rows(source, "central")
    # edited on ODK Central: a new instance ID, the submission's KEY stays; a count corrected
    data[3][header.index("meta-instanceID")] = "uuid:0f0f0f0f-0000-4000-8000-000000000003"
    data[3][header.index("survei-siswa_laki")] = 999
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in data:
        book.active.append(row)
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = apply_import(db, plan_import(db, edited))
    assert (result["imported"], result["updated"], result["unchanged"]) == (0, 1, 39)
    npsn = data[3][header.index("sekolah-npsn")]
    with db.engine.connect() as conn:
        survey = conn.execute(select(Survey.siswa_laki, Survey.submission_instance).join(School).where(
            School.npsn == npsn)).one()
    assert survey == (999, "0f0f0f0f-0000-4000-8000-000000000003")


def _edited_export(source: list[dict[str, Any]], tmp_path: Path) -> tuple[Path, str]:
    """The ODK Central export with submission 4 edited on the server (a new instance ID, a count corrected)."""
    from openpyxl import Workbook

    header, data = export_rows(source, "central")
    data[3][header.index("meta-instanceID")] = "uuid:0f0f0f0f-0000-4000-8000-000000000003"
    data[3][header.index("survei-siswa_laki")] = 999
    book = Workbook()
    book.active.append(header)
    for row in data:
        book.active.append(row)
    book.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx", data[3][header.index("sekolah-npsn")]


@pytest.mark.parametrize("bound", [True, False], ids=["rows-bound-as-one", "statement-per-row"])
def test_undoing_the_import_of_an_edit_gives_the_survey_and_its_submission_back(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: bool) -> None:
    from bakti_desktop.mapping import importer
    from bakti_desktop.mapping.undo import undo_import

    if not bound:  # a database that cannot take the rows as one parameter: one UPDATE per row, same result
        monkeypatch.setattr(importer, "_submissions_bound", lambda conn, rows: None)
    else:  # SQLite and PostgreSQL take them as one parameter
        with db.engine.connect() as conn:
            assert importer._submissions_bound(conn, [("10000001", 2020, True, "s", "i")]) is not None
    source = rows()
    apply_import(db, plan_import(db, write_export(source, tmp_path / "first.csv", "central")))
    edited, npsn = _edited_export(source, tmp_path)
    batch = apply_import(db, plan_import(db, edited))["batch"]

    def survey() -> Any:
        with db.engine.connect() as conn:
            return conn.execute(select(Survey.siswa_laki, Survey.submission_instance).join(School).where(
                School.npsn == npsn)).one()

    assert survey()[0] == 999
    undo_import(db, batch)
    assert survey()[1] != "0f0f0f0f-0000-4000-8000-000000000003" and survey()[0] != 999
    again = apply_import(db, plan_import(db, edited))  # the edit is new again
    assert (again["updated"], survey()[0]) == (1, 999)


def test_the_history_names_the_phone_form_and_its_version(db: Database, tmp_path: Path) -> None:
    apply_import(db, plan_import(db, write_export(rows()[:3], tmp_path / "kobo.xlsx", "kobo")))
    with db.engine.connect() as conn:
        notes = set(conn.execute(select(AuditEntry.note)).scalars())
    assert len(notes) == 1 and re.fullmatch(rf"impor #\d+ formulir ponsel versi {form_version()}: kobo\.xlsx",
                                            notes.pop())


def test_server_columns_are_known_and_fields_found_in_any_header_form() -> None:
    key = lambda cell: submissions.column_key(cell, HEADERS.get)  # noqa: E731
    assert key("sekolah/npsn") == key("sekolah.npsn") == key("sekolah:npsn") == key("sekolah-npsn") == "npsn"
    assert key("Sekolah/Kabupaten/Kota") == "kabupaten"
    assert key("Survei dan Siswa/Jumlah Siswa Laki-laki") == "siswa_laki"
    for meta in ("_uuid", "meta/instanceID", "_submission_time", "_id", "start", "end", "deviceid", "KEY",
                 "SubmissionDate", "formhub/uuid", "__version__", "meta/rootUuid", "FormVersion"):
        assert key(meta) is not None, meta
    assert key("_lokasi_latitude") == submissions.LATITUDE and key("sekolah-lokasi-Longitude") == submissions.LONGITUDE
    assert key("_lokasi_altitude") == key("_lokasi_precision") == key("sekolah/lokasi") == submissions.IGNORE
    assert key("Kolom Buatan Sendiri") is None


def test_rejected_submissions_go_to_the_rejected_rows_workbook(db: Database, tmp_path: Path) -> None:
    header, data = export_rows(rows()[:5], "kobo")
    data[2][header.index("survei/siswa_laki")] = -4
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in data:
        book.active.append(row)
    path = tmp_path / "kobo.xlsx"
    book.save(path)
    plan = plan_import(db, path)
    assert [(r.row, r.column) for r in plan.rejected] == [(4, "siswa_laki")]
    out = write_rejected(plan, tmp_path / "ditolak.xlsx")
    sheet = load_workbook(out)["Data"]
    assert sheet.cell(1, 1).value == header[0] and sheet.max_row == 2


def test_a_kobo_export_is_read_on_the_fast_path_though_wider_than_64_columns(tmp_path: Path) -> None:
    """About 75 columns (the server's own, the geopoint's parts): the size check needs no exact parse (speed)."""
    import zipfile

    from bakti_desktop.spreadsheets import workbook

    path = write_export(rows(), tmp_path / "kobo.xlsx", "kobo")
    header, _data = export_rows(rows(), "kobo")
    assert len(header) > 64
    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        assert workbook.xlsx_extent(path, archive, member) is None


def test_a_submission_edited_to_name_another_school_is_said_not_hidden(db: Database, tmp_path: Path) -> None:
    """An edit on the server that changes the school (NPSN): the row is a new survey, the first one stays, and
    the preview warns, naming the row and the survey stored before."""
    from openpyxl import Workbook

    source = rows()
    apply_import(db, plan_import(db, write_export(source, tmp_path / "first.csv", "central")))
    header, data = export_rows(source, "central")
    old_npsn = data[3][header.index("sekolah-npsn")]
    data[3][header.index("meta-instanceID")] = "uuid:0f0f0f0f-0000-4000-8000-000000000004"
    data[3][header.index("sekolah-npsn")] = "40399999"
    book = Workbook()
    book.active.append(header)
    for row in data:
        book.active.append(row)
    book.save(tmp_path / "edited.xlsx")
    plan = plan_import(db, tmp_path / "edited.xlsx")
    assert len(plan.new) == 1 and any(old_npsn in warning and "40399999" not in warning.split("(")[-1]
                                      for warning in plan.warnings)
