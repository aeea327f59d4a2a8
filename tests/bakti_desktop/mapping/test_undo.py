"""Updates shown before they happen, and undoing an import (issue #20)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bakti_desktop.mapping import service, undo
from bakti_desktop.mapping.importer import apply_import, plan_import, write_rejected
from bakti_desktop.mapping.models import ImportBatch, School, Survey
from bakti_desktop.mapping.undo import recent_imports, undo_import
from bakti_desktop.storage import trash
from bakti_desktop.storage.audit import AuditEntry
from tests.helpers import record, run_cli, write_workbook


def _surveys(db) -> dict[tuple[str, int], dict]:  # type: ignore[no-untyped-def]
    """Every stored survey with its school's values, by (NPSN, year), without the bookkeeping columns."""
    skip = {"id", "school_id", "uuid", "created_at", "updated_at", "updated_by", "version"}
    with db.engine.connect() as conn:
        rows = conn.execute(select(Survey.__table__, School.__table__.c.npsn, School.__table__.c.nama_sekolah,
                                   School.__table__.c.jenjang).join(School)).mappings().all()
    return {(r["npsn"], r["year"]): {k: v for k, v in r.items() if k not in skip} for r in rows}


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _stored(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two schools stored before the import under test."""
    apply_import(db, plan_import(db, write_workbook(tmp_path / "awal.xlsx", [
        record(npsn="69400000", nama_sekolah="SD NEGERI 000 Gantarang", siswa_laki=44, siswa_perempuan=78),
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang"),
    ])))


# -- what an update would change ---------------------------------------------------------------------------


def test_the_plan_lists_each_field_an_update_changes(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    book = write_workbook(tmp_path / "ubah.xlsx", [
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", jamban_guru=4, siswa_laki=130),
        record(npsn="69400002", nama_sekolah="SD Baru"),
    ])
    plan = plan_import(db, book)
    assert [g.row for g in plan.update] == [2] and plan.replacing == []
    fields = {key: (old, new) for _table, key, old, new in plan.changes[(None, 2)].fields}
    assert fields == {"jamban_guru": (1, 4), "siswa_laki": (120, 130)}
    change = plan.as_json()["changes"][0]
    assert change["row"] == 2 and change["npsn"] == "69400001" and change["replaces"] is False
    assert {f["field"]: (f["stored"], f["new"]) for f in change["fields"]} == {"jamban_guru": (1, 4),
                                                                               "siswa_laki": (120, 130)}
    assert all(f["label"] and f["label"] != f["field"] for f in change["fields"])  # the form's labels


def test_a_duplicate_npsn_coming_back_is_flagged_and_skipped_unless_replaced(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The case: a workbook with two schools under one NPSN; the second is rejected as a duplicate …
    book = write_workbook(tmp_path / "asli.xlsx", [
        record(npsn="69400000", nama_sekolah="SD NEGERI 000 Gantarang", siswa_laki=44, siswa_perempuan=78),
        record(npsn="69400000", nama_sekolah="SD NEGERI 343 Gantarang", siswa_laki=194, siswa_perempuan=135),
    ])
    plan = plan_import(db, book)
    apply_import(db, plan)
    errors = write_rejected(plan, tmp_path / "ditolak.xlsx")
    # … and the rejected-rows workbook, re-imported as the guide suggests, would overwrite the first school.
    again = plan_import(db, errors)
    assert len(again.update) == 1 and again.replacing == [(None, 2)]
    assert again.as_json()["changes"][0]["replaces"] is True
    result = apply_import(db, again)  # not chosen: left out
    assert result["updated"] == 0 and [s["row"] for s in result["skipped"]] == [2]
    stored = _surveys(db)[("69400000", 2020)]
    assert (stored["nama_sekolah"], stored["siswa_laki"], stored["siswa_perempuan"]) == ("SD NEGERI 000 Gantarang", 44, 78)
    result = apply_import(db, plan_import(db, errors), replace=[(None, 2)])  # the user chose to replace it
    assert result["updated"] == 1 and result["skipped"] == []
    assert _surveys(db)[("69400000", 2020)]["siswa_laki"] == 194


def test_the_rejected_rows_workbook_carries_each_reason(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    plan = plan_import(db, write_workbook(tmp_path / "a.xlsx", [record(npsn="1"), record(npsn="40300002", siswa_laki="x")]))
    sheet = load_workbook(write_rejected(plan, tmp_path / "r.xlsx")).active
    header = [c.value for c in sheet[1]]
    reasons = [row[header.index("Alasan Penolakan")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(reasons) == 2 and all(reasons) and reasons == [r.message for r in plan.rejected]


# -- undo --------------------------------------------------------------------------------------------------


def test_undo_restores_the_database_as_it_was(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    before, schools_before = _surveys(db), _count(db, School)
    book = write_workbook(tmp_path / "impor.xlsx", [
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", jamban_guru=4, siswa_laki=130),
        record(npsn="69400002", nama_sekolah="SD Baru"),
        record(npsn="69400003", nama_sekolah="SD Baru 2", tanggal_survei="14/09/2021"),
    ])
    result = apply_import(db, plan_import(db, book))
    batch = result["batch"]
    assert (result["imported"], result["updated"]) == (2, 1)
    [listed, *_] = recent_imports(db)
    assert listed["id"] == batch and listed["source"] == "impor.xlsx" and listed["sheets"] == ["Data"]
    assert (listed["added"], listed["updated"], listed["schools_added"]) == (2, 1, 2) and listed["undone_at"] is None
    with db.engine.connect() as conn:  # the audit trail names the batch
        entries = conn.execute(select(AuditEntry.action, AuditEntry.table_name).where(AuditEntry.batch_id == batch)).all()
    assert sorted(entries) == [("create", "school"), ("create", "survey"), ("update", "survey")]

    preview = undo_import(db, batch, dry_run=True)
    assert (preview["surveys_trashed"], preview["surveys_restored"], preview["schools_removed"]) == (2, 1, 2)
    assert _surveys(db) != before  # a dry run writes nothing

    done = undo_import(db, batch)
    assert (done["surveys_trashed"], done["surveys_restored"], done["schools_removed"]) == (2, 1, 2)
    assert done["conflicts"] == [] and not done["already_undone"]
    assert _surveys(db) == before and _count(db, School) == schools_before
    labels = [item["label"] for item in trash.items(db)]
    assert len(labels) == 2 and all("SD Baru" in label for label in labels)  # each new school with its survey
    assert recent_imports(db)[0]["undone_at"] is not None

    fingerprint = (_surveys(db), _count(db, AuditEntry), len(trash.items(db)))
    again = undo_import(db, batch)  # twice: nothing more
    assert again["already_undone"] and again["surveys_trashed"] == 2
    assert (_surveys(db), _count(db, AuditEntry), len(trash.items(db))) == fingerprint

    trash.restore(db, trash.items(db)[0]["id"])  # what went to the trash comes back whole
    assert len(_surveys(db)) == len(before) + 1


def test_records_changed_after_the_import_are_left_alone(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    book = write_workbook(tmp_path / "impor.xlsx", [
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", jamban_guru=4),  # updated, then edited by hand
        record(npsn="69400000", nama_sekolah="SD NEGERI 000 Gantarang", siswa_laki=45, siswa_perempuan=78),  # updated
        record(npsn="69400002", nama_sekolah="SD Baru"),  # added, then edited by hand
        record(npsn="69400003", nama_sekolah="SD Baru 3"),  # added, a later survey year added to its school
        record(npsn="69400004", nama_sekolah="SD Baru 4"),  # added, untouched
    ])
    batch = apply_import(db, plan_import(db, book))["batch"]
    by_key = {(r["npsn"], r["year"]): r for r in service_rows(db)}
    service.save_record(db, record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", jamban_guru=7),
                        loaded=(by_key[("69400001", 2020)]["id"], by_key[("69400001", 2020)]["version"]))
    service.save_record(db, record(npsn="69400002", nama_sekolah="SD Baru", jamban_guru=3),
                        loaded=(by_key[("69400002", 2020)]["id"], by_key[("69400002", 2020)]["version"]))
    service.save_record(db, record(npsn="69400003", nama_sekolah="SD Baru 3", tanggal_survei="01/08/2021"))
    done = undo_import(db, batch)
    conflicts = {(c["npsn"], c["table"], c["reason"]) for c in done["conflicts"]}
    assert ("69400001", "survey", "changed") in conflicts and ("69400002", "survey", "changed") in conflicts
    after = _surveys(db)
    assert after[("69400001", 2020)]["jamban_guru"] == 7  # never overwritten
    assert after[("69400002", 2020)]["jamban_guru"] == 3
    assert after[("69400000", 2020)]["siswa_laki"] == 44  # restored
    assert ("69400004", 2020) not in after  # trashed with its school
    assert ("69400003", 2020) not in after and ("69400003", 2021) in after  # its survey trashed, the school kept
    assert done["schools_kept"] == 2  # 69400002 (its survey kept) and 69400003 (another survey uses it)


def service_rows(db) -> list[dict]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(Survey.id, Survey.version, Survey.year, School.npsn)
                                              .join(School)).mappings()]


def test_an_unknown_batch_is_one_sentence(db, capsys) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(capsys, "--db", _where(db), "undo-import", "99")
    assert result.returncode == 1 and "99" in result.stderr and "Traceback" not in result.stderr


def _where(db) -> str:  # type: ignore[no-untyped-def]
    """What ``--db`` takes for the test database: its file, or the test server's URL."""
    return str(db.path) if db.path is not None else db.engine.url.render_as_string(hide_password=False)


def test_cli_import_reports_changes_batch_and_undo(db, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _stored(db, tmp_path)
    before = _surveys(db)
    book = write_workbook(tmp_path / "impor.xlsx", [
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", jamban_guru=4),
        record(npsn="69400000", nama_sekolah="SD NEGERI 343 Gantarang", siswa_laki=194),  # another school's name
        record(npsn="69400002", nama_sekolah="SD Baru"),
    ])
    dry = run_cli(capsys, "--db", _where(db), "import-survey", str(book), "--dry-run")
    assert dry.returncode == 0 and "69400001" in dry.stdout and "--replace" in dry.stdout
    out = json.loads(run_cli(capsys, "--db", _where(db), "import-survey", str(book), "--dry-run", "--json").stdout)
    assert "batch" not in out and {c["npsn"]: c["replaces"] for c in out["changes"]} == {"69400001": False,
                                                                                         "69400000": True}
    assert _surveys(db) == before
    result = run_cli(capsys, "--db", _where(db), "import-survey", str(book), "--json")
    out = json.loads(result.stdout)
    assert out["updated"] == 1 and [s["npsn"] for s in out["skipped"]] == ["69400000"] and isinstance(out["batch"], int)
    assert _surveys(db)[("69400000", 2020)]["siswa_laki"] == 44
    batch = str(out["batch"])
    dry = json.loads(run_cli(capsys, "--db", _where(db), "undo-import", batch, "--dry-run", "--json").stdout)
    assert dry["dry_run"] and dry["surveys_trashed"] == 1 and dry["surveys_restored"] == 1
    text = run_cli(capsys, "--db", _where(db), "undo-import", batch)
    assert text.returncode == 0 and _surveys(db) == before
    again = run_cli(capsys, "--db", _where(db), "undo-import", batch, "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["already_undone"] is True
    # --replace writes the flagged row
    out = json.loads(run_cli(capsys, "--db", _where(db), "import-survey", str(book), "--replace", "--json").stdout)
    assert out["updated"] == 2 and out["skipped"] == []
    assert _surveys(db)[("69400000", 2020)]["siswa_laki"] == 194
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ImportBatch)).scalar_one() == 3


def _two_sheets(tmp_path: Path, first: list, second: list) -> Path:  # type: ignore[type-arg]
    """A workbook with sheets "Bone" and "Bulukumba", each from ``write_workbook``."""
    from openpyxl import load_workbook

    book = write_workbook(tmp_path / "dua.xlsx", first, sheet_name="Bone")
    other = load_workbook(write_workbook(tmp_path / "b.xlsx", second, sheet_name="Bulukumba"))["Bulukumba"]
    workbook = load_workbook(book)
    sheet = workbook.create_sheet("Bulukumba")
    for row in other.iter_rows(values_only=True):
        sheet.append(row)
    workbook.save(book)
    return book


def test_rows_of_the_same_number_on_two_sheets_keep_their_own_changes(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Row 2 of "Bone" names another school under a stored NPSN; row 2 of "Bulukumba" is a plain update. Keyed by
    # row number alone, the second hid the first: no replacement was flagged and it would have been written unasked.
    _stored(db, tmp_path)
    book = _two_sheets(tmp_path,
                       [record(npsn="69400000", nama_sekolah="SD NEGERI 343 Gantarang", siswa_laki=194)],
                       [record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", siswa_laki=130)])
    plan = plan_import(db, book, sheets=["Bone", "Bulukumba"])
    assert set(plan.changes) == {("Bone", 2), ("Bulukumba", 2)}
    assert plan.replacing == [("Bone", 2)]
    assert {(c["sheet"], c["row"]) for c in plan.as_json()["changes"]} == {("Bone", 2), ("Bulukumba", 2)}
    result = apply_import(db, plan)  # the replacement not chosen: only the plain update is written
    assert result["updated"] == 1 and [(s["sheet"], s["row"]) for s in result["skipped"]] == [("Bone", 2)]
    stored = _surveys(db)
    assert stored[("69400000", 2020)]["siswa_laki"] == 44
    assert stored[("69400001", 2020)]["siswa_laki"] == 130


def _rows(db) -> dict[tuple[str, int], tuple[dict, dict]]:  # type: ignore[no-untyped-def]
    """Every stored survey and its school, every column (ids, UUIDs, times, versions), by (NPSN, year)."""
    with db.engine.connect() as conn:
        schools = {r["id"]: dict(r) for r in conn.execute(select(School.__table__)).mappings()}
        return {(schools[r["school_id"]]["npsn"], r["year"]): (dict(r), schools[r["school_id"]])
                for r in conn.execute(select(Survey.__table__)).mappings()}


@pytest.mark.parametrize("runs", [undo.RUNS, 0])  # records chosen by ranges of ids, or by a list of them
def test_everything_an_undo_trashes_comes_back_exactly(db, tmp_path: Path, monkeypatch, runs: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(undo, "RUNS", runs)
    _stored(db, tmp_path)
    book = write_workbook(tmp_path / "impor.xlsx", [
        record(npsn="69400002", nama_sekolah="SD Baru", lintang=-4.54, bujur=120.33, catatan='kutip " dan \\ garis',
               phbs_1="Ya", phbs_2="Tidak", enumerator="Ibu Ani", anggaran_rp="Rp 1.500.000,00"),
        record(npsn="69400002", nama_sekolah="SD Baru", tanggal_survei="02/08/2021", siswa_laki=0),  # its second survey
        record(npsn="69400001", nama_sekolah="SD NEGERI 001 Gantarang", tanggal_survei="03/08/2021"),  # a new year
    ])
    batch = apply_import(db, plan_import(db, book))["batch"]
    imported = _rows(db)
    assert len(imported) == 5
    done = undo_import(db, batch)
    assert (done["surveys_trashed"], done["schools_removed"]) == (3, 1) and done["conflicts"] == []
    assert set(_rows(db)) == {("69400000", 2020), ("69400001", 2020)}
    with db.engine.connect() as conn:  # one "delete" entry per record, naming it
        deleted = conn.execute(select(AuditEntry.table_name, AuditEntry.record_uuid)
                               .where(AuditEntry.action == "delete")).all()
    assert sorted(deleted) == sorted([("survey", imported[k][0]["uuid"]) for k in
                                      [("69400002", 2020), ("69400002", 2021), ("69400001", 2021)]]
                                     + [("school", imported[("69400002", 2020)][1]["uuid"])])
    items = trash.items(db)
    assert sorted(item["table_name"] for item in items) == ["school", "survey"]
    assert any("69400002" in item["label"] and "SD Baru" in item["label"] for item in items)
    assert any("2021" in item["label"] and "69400001" in item["label"] for item in items)
    for item in items:
        trash.restore(db, item["id"])
    assert _rows(db) == imported  # every column of every record, as the import wrote it
    assert trash.items(db) == []
