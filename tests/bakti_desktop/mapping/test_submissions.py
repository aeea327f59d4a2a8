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
    header, data = _export_with(source, tmp_path / "edited.xlsx", {3: {"survei-siswa_laki": 999}})
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


def _export_with(source: list[dict[str, Any]], path: Path, edits: dict[int, dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """The ODK Central export of ``source`` with rows edited on the server (row index → {column: value}; each
    edited row gets a new instance ID, its KEY stays), saved as ``path``; returns (header, rows)."""
    from openpyxl import Workbook

    header, data = export_rows(source, "central")
    for index, changes in edits.items():
        data[index][header.index("meta-instanceID")] = f"uuid:0f0f0f0f-0000-4000-8000-{index:012d}"
        for column, value in changes.items():
            data[index][header.index(column)] = value
    book = Workbook()
    book.active.append(header)
    for row in data:
        book.active.append(row)
    book.save(path)
    return header, data


def _survey_of(db: Database, submission: str) -> dict[str, Any]:
    """The one survey holding ``submission``, with its school's NPSN and name."""
    with db.engine.connect() as conn:
        found = conn.execute(select(Survey.__table__, School.npsn, School.nama_sekolah).join(School).where(
            Survey.submission_id == submission)).mappings().all()
    assert len(found) == 1, found
    return dict(found[0])


def _first_import(db: Database, tmp_path: Path) -> tuple[list[dict[str, Any]], list[str], list[list[Any]]]:
    source = rows()
    apply_import(db, plan_import(db, write_export(source, tmp_path / "first.csv", "central")))
    header, data = export_rows(source, "central")
    return source, header, data


def test_a_submission_edited_to_name_another_school_moves_its_survey(db: Database, tmp_path: Path) -> None:
    """An edit on the server that changes the school (NPSN): the survey stored from the submission moves to the
    new school (created, with the row's values) and takes the new values; the preview says so; the audit entry
    records the old and new school; no second survey."""
    from bakti_desktop.mapping.undo import undo_import

    source, header, data = _first_import(db, tmp_path)
    submission = data[3][header.index("KEY")].removeprefix("uuid:")
    before = _survey_of(db, submission)
    _export_with(source, tmp_path / "edited.xlsx", {3: {"sekolah-npsn": "40399999", "sekolah-nama_sekolah":
                                                        "SD Negeri Pindahan", "survei-siswa_laki": 999}})
    plan = plan_import(db, tmp_path / "edited.xlsx")
    assert (len(plan.new), len(plan.update), len(plan.unchanged), plan.rejected) == (0, 1, 39, [])
    key = plan.update[0].key
    assert plan.moves[key].survey_id == before["id"] and not plan.replacing
    assert plan.changes[key].moved_from == (before["npsn"], 2020)
    assert ("school", "npsn", before["npsn"], "40399999") in plan.changes[key].fields
    assert any(f"NPSN {before['npsn']} 2020 → NPSN 40399999 2020" in warning for warning in plan.warnings)
    result = apply_import(db, plan)
    assert (result["imported"], result["updated"], result["unchanged"]) == (0, 1, 39)
    after = _survey_of(db, submission)
    assert (after["id"], after["uuid"], after["npsn"], after["nama_sekolah"], after["year"], after["siswa_laki"],
            after["submission_instance"], after["version"]) == (
        before["id"], before["uuid"], "40399999", "SD Negeri Pindahan", 2020, 999,
        "0f0f0f0f-0000-4000-8000-000000000003", before["version"] + 1)
    with db.engine.connect() as conn:
        assert conn.execute(select(Survey.id)).all().__len__() == 40  # moved, not added
        old_school = conn.execute(select(School.id).where(School.npsn == before["npsn"])).scalar_one()
        assert conn.execute(select(Survey.id).where(Survey.school_id == old_school)).all() == []
        entry = conn.execute(select(AuditEntry.changes).where(
            AuditEntry.batch_id == result["batch"], AuditEntry.record_uuid == before["uuid"])).scalar_one()
    import json

    changes = json.loads(entry)
    assert changes["school_id"] == [before["school_id"], after["school_id"]]
    assert changes["npsn"] == [before["npsn"], "40399999"] and changes["siswa_laki"][1] == 999
    assert changes["submission_instance"][1] == "0f0f0f0f-0000-4000-8000-000000000003"

    undone = undo_import(db, result["batch"])  # the survey goes back to its school with its values
    assert undone["schools_removed"] == 1 and not undone["conflicts"]
    back = _survey_of(db, submission)
    assert {k: v for k, v in back.items() if k not in ("version", "updated_at", "updated_by")} == \
        {k: v for k, v in before.items() if k not in ("version", "updated_at", "updated_by")}
    with db.engine.connect() as conn:
        assert conn.execute(select(School.id).where(School.npsn == "40399999")).first() is None


def test_a_submission_edited_to_name_another_year_moves_its_survey_and_the_register_follows(
        db: Database, tmp_path: Path) -> None:
    """The year changed on the server: the survey moves to that year, and the school takes the row's values
    (§3.3: its newest survey is now this one, the survey's own earlier year no longer counts)."""
    from bakti_desktop.mapping.undo import undo_import

    source, header, data = _first_import(db, tmp_path)
    submission = data[5][header.index("KEY")].removeprefix("uuid:")
    before = _survey_of(db, submission)
    _export_with(source, tmp_path / "edited.xlsx", {5: {"survei-tahun": 2021, "survei-tanggal_survei": "2021-03-10",
                                                        "sekolah-nama_sekolah": "SD Tahun Baru"}})
    plan = plan_import(db, tmp_path / "edited.xlsx")
    assert len(plan.moves) == 1 and ("school", "nama_sekolah", before["nama_sekolah"], "SD Tahun Baru") in \
        next(iter(plan.changes.values())).fields
    batch = apply_import(db, plan)["batch"]
    after = _survey_of(db, submission)
    assert (after["id"], after["npsn"], after["year"], after["nama_sekolah"]) == (
        before["id"], before["npsn"], 2021, "SD Tahun Baru")
    with db.engine.connect() as conn:
        assert conn.execute(select(Survey.id).join(School).where(School.npsn == before["npsn"])).all() == [
            (before["id"],)]
    undo_import(db, batch)
    back = _survey_of(db, submission)
    assert (back["year"], back["nama_sekolah"], back["tanggal_survei"]) == (
        2020, before["nama_sekolah"], before["tanggal_survei"])


def test_a_submission_edited_to_name_a_school_and_year_holding_another_survey_is_rejected(
        db: Database, tmp_path: Path) -> None:
    """Never overwritten silently: the row is rejected, naming the row, the submission and both surveys, and the
    rejected-rows workbook carries it; both surveys stay as they were."""
    source, header, data = _first_import(db, tmp_path)
    submission = data[3][header.index("KEY")].removeprefix("uuid:")
    other_npsn = data[20][header.index("sekolah-npsn")]  # a survey the edited export does not hold
    before, other = _survey_of(db, submission), stored(db)[(other_npsn, 2020)]
    _export_with(source[:10], tmp_path / "edited.xlsx", {3: {"sekolah-npsn": other_npsn, "survei-siswa_laki": 999}})
    plan = plan_import(db, tmp_path / "edited.xlsx")
    assert [(r.row, r.column) for r in plan.rejected] == [(5, "npsn")] and not plan.moves
    message = plan.rejected[0].message
    assert all(part in message for part in ("5", submission, other_npsn, before["npsn"]))
    assert (len(plan.new), len(plan.update), len(plan.unchanged)) == (0, 0, 9)
    sheet = load_workbook(write_rejected(plan, tmp_path / "ditolak.xlsx"))["Data"]
    assert sheet.max_row == 2 and sheet.cell(2, header.index("KEY") + 1).value == f"uuid:{submission}"
    assert sheet.cell(2, header.index("survei-siswa_laki") + 1).value == 999
    apply_import(db, plan)
    assert _survey_of(db, submission)["npsn"] == before["npsn"] and stored(db)[(other_npsn, 2020)] == other


def test_a_submission_moving_away_from_a_school_and_year_another_row_names_is_rejected(
        db: Database, tmp_path: Path) -> None:
    """Row 5's submission now names a new school while row 6 (another submission, edited too) names row 5's old
    school and year: neither survey moves over or away from the other; both rows are rejected."""
    source, header, data = _first_import(db, tmp_path)
    old_npsn = data[3][header.index("sekolah-npsn")]
    _export_with(source, tmp_path / "edited.xlsx", {3: {"sekolah-npsn": "40399999"}, 4: {"sekolah-npsn": old_npsn}})
    plan = plan_import(db, tmp_path / "edited.xlsx")
    assert sorted(r.row for r in plan.rejected) == [5, 6] and not plan.moves




def _backdate(db: Database, days: int) -> None:
    """The surveys and schools as if stored ``days`` days ago."""
    from datetime import timedelta

    from bakti_desktop.storage.base import utcnow

    with db.engine.begin() as conn:
        for model in (Survey, School):
            conn.execute(model.__table__.update().values(updated_at=utcnow() - timedelta(days=days),
                                                         updated_by="kemarin"))


@pytest.mark.parametrize("bound", [True, False], ids=["rows-bound-as-one", "statement-per-row"])
def test_a_submission_stored_on_an_unchanged_survey_is_a_change_of_it(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: bool) -> None:
    """Surveys imported from the workbook, their values unchanged in the export, take their submissions: a new
    version, who and when, an audit entry of the batch; undoing the import takes the submission back."""
    from bakti_desktop.mapping import importer
    from bakti_desktop.mapping.undo import undo_import
    from bakti_desktop.storage.base import current_user

    if not bound:
        monkeypatch.setattr(importer, "_submissions_bound", lambda conn, rows: None)
    source = rows()[:6]
    apply_import(db, plan_import(db, write_workbook(tmp_path / "survei.xlsx", source)))
    _backdate(db, 3)
    with db.engine.connect() as conn:
        before = {r.uuid: r for r in conn.execute(select(Survey.__table__))}
    result = apply_import(db, plan_import(db, write_export(source, tmp_path / "kobo.xlsx", "kobo")))
    assert (result["imported"], result["updated"], result["unchanged"]) == (0, 0, 6)
    with db.engine.connect() as conn:
        after = {r.uuid: r for r in conn.execute(select(Survey.__table__))}
        entries = {r.record_uuid: r for r in conn.execute(select(AuditEntry).where(
            AuditEntry.batch_id == result["batch"], AuditEntry.table_name == "survey"))}
    assert after.keys() == before.keys() == entries.keys()
    for uuid, survey in after.items():
        assert survey.submission_id and survey.version == before[uuid].version + 1
        assert survey.updated_by == current_user() and survey.updated_at > before[uuid].updated_at
        assert entries[uuid].action == "update" and '"submission_id": [null, ' in entries[uuid].changes
    undone = undo_import(db, result["batch"])
    assert undone["surveys_restored"] == 6 and not undone["conflicts"]
    with db.engine.connect() as conn:
        assert set(conn.execute(select(Survey.submission_id, Survey.submission_instance)).all()) == {(None, None)}


def test_a_package_exported_after_such_an_import_carries_the_submissions(db: Database, tmp_path: Path) -> None:
    """The laptop imported the workbook days ago and the office has its surveys; today the laptop imports the
    phone form's export of the same surveys (values unchanged): a package of today's changes carries the
    submissions, and merging it stores them in the office."""
    from datetime import date

    from bakti_desktop.storage.base import current_user, utcnow
    from bakti_desktop.storage.database import open_database
    from bakti_desktop.sync.package import export_package, import_package

    (tmp_path / "laptop").mkdir()
    laptop = open_database(tmp_path / "laptop" / "laptop.sqlite")
    try:
        source = rows()[:5]
        apply_import(laptop, plan_import(laptop, write_workbook(tmp_path / "survei.xlsx", source)))
        _backdate(laptop, 3)
        export_package(laptop, tmp_path / "semua.bakti")
        assert import_package(db, tmp_path / "semua.bakti").added == 10  # 5 schools, 5 surveys
        apply_import(laptop, plan_import(laptop, write_export(source, tmp_path / "kobo.xlsx", "kobo")))
        today: date = utcnow().date()
        sent = export_package(laptop, tmp_path / "hari-ini.bakti", since=today)
        assert sent["records"] >= 5
        merged = import_package(db, tmp_path / "hari-ini.bakti")
        assert merged.updated == 5 and not merged.conflicts
        with laptop.engine.connect() as conn:
            on_laptop = set(conn.execute(select(Survey.uuid, Survey.submission_id, Survey.submission_instance)).all())
    finally:
        laptop.close()
    with db.engine.connect() as conn:
        in_office = set(conn.execute(select(Survey.uuid, Survey.submission_id, Survey.submission_instance)).all())
        changed_by = set(conn.execute(select(Survey.updated_by)).scalars())
    assert in_office == on_laptop and all(submission for _uuid, submission, _instance in in_office)
    assert changed_by == {current_user()}  # who stored the submissions, not who imported the workbook
