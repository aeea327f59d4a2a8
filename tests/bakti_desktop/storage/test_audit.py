"""Every create, update and delete leaves an entry: who, when, which record, which fields."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bakti_desktop.mapping.importer import apply_import, plan_import
from bakti_desktop.pksai import service as pksai_service
from bakti_desktop.pksai.models import Forum
from bakti_desktop.storage.audit import latest
from tests.helpers import record, run_cli, write_workbook


def test_orm_changes_are_recorded(db) -> None:  # type: ignore[no-untyped-def]
    forum_id = pksai_service.create_forum(db, "Forum uji", "73.06")
    meeting_id, _ = pksai_service.create_meeting(db, forum_id, "Rapat pertama", date(2024, 1, 10))
    pksai_service.update_meeting(db, meeting_id, {"place": "Aula Dinas Sosial", "title": "Rapat perdana"})
    pksai_service.delete_meeting(db, meeting_id)
    entries = latest(db, limit=10)
    actions = [(e["action"], e["table"]) for e in entries]
    assert actions[:3] == [("delete", "pksai_meeting"), ("update", "pksai_meeting"), ("create", "pksai_meeting")]
    update = entries[1]
    assert update["changes"]["title"] == ["Rapat pertama", "Rapat perdana"]
    assert update["changes"]["place"] == [None, "Aula Dinas Sosial"]
    assert "version" not in update["changes"] and update["user"]
    with db.session() as session:
        forum = session.get(Forum, forum_id)
        assert entries[-1]["record_uuid"] == forum.uuid


def test_imports_are_recorded_with_their_changes(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_workbook(tmp_path / "survei.xlsx", [record(npsn="40300001")])
    batch = apply_import(db, plan_import(db, path))["batch"]
    created = latest(db, limit=5)
    assert {(e["action"], e["table"]) for e in created} == {("create", "school"), ("create", "survey")}
    assert created[0]["note"] == f"impor #{batch}: survei.xlsx"  # the import's number, to undo it
    assert {e["batch"] for e in created} == {batch}
    write_workbook(path, [record(npsn="40300001", sarana_cuci_tangan=7)])
    second = apply_import(db, plan_import(db, path))["batch"]
    update = latest(db, limit=1)[0]
    assert (update["action"], update["table"], update["batch"]) == ("update", "survey", second) and second != batch
    assert update["changes"]["sarana_cuci_tangan"] == [3, 7]


def test_audit_command_prints_json(capsys, db_target: str) -> None:  # type: ignore[no-untyped-def]
    assert run_cli(capsys, "--db", db_target, "demo").returncode == 0
    result = run_cli(capsys, "--db", db_target, "audit", "--limit", "3", "--json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert len(entries) == 3 and all({"at", "user", "action", "table", "changes"} <= set(e) for e in entries)


def test_bulk_imports_record_each_created_record_once(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from bakti_desktop.mapping.models import School
    from bakti_desktop.storage.audit import history

    first = write_workbook(tmp_path / "a.xlsx", [record(npsn="40300001"), record(npsn="40300002")])
    apply_import(db, plan_import(db, first))
    second = write_workbook(tmp_path / "b.xlsx", [record(npsn="40300003"), record(npsn="40300001", jamban_guru=4,
                                                                                    tahun=2025)])
    apply_import(db, plan_import(db, second))
    created = [e for e in latest(db, limit=100) if e["action"] == "create"]
    assert len(created) == 4  # one per table and import, however many records
    with db.engine.connect() as conn:
        schools = dict(conn.execute(select(School.npsn, School.id)).all())
    expected = {"40300001": ["impor #1: a.xlsx", "impor #1: a.xlsx", "impor #2: b.xlsx"],  # the school, its two surveys
                "40300002": ["impor #1: a.xlsx", "impor #1: a.xlsx"], "40300003": ["impor #2: b.xlsx", "impor #2: b.xlsx"]}
    for npsn, notes in expected.items():
        entries = [e for e in history(db, School, schools[npsn]) if e["action"] == "create"]
        assert sorted(e["note"] for e in entries) == notes, npsn
        assert sorted(e["table"] for e in entries).count("school") == 1


def test_a_batch_entry_does_not_claim_a_later_record_with_a_reused_id(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import delete, select

    from bakti_desktop.mapping import service
    from bakti_desktop.mapping.models import School
    from bakti_desktop.storage.audit import history

    path = write_workbook(tmp_path / "a.xlsx", [record(npsn="40300001"), record(npsn="40300002")])
    apply_import(db, plan_import(db, path))
    with db.engine.begin() as conn:
        last = conn.execute(select(School.id).where(School.npsn == "40300002")).scalar_one()
        conn.execute(delete(School).where(School.id == last))  # SQLite hands the highest id out again
    service.save_record(db, record(npsn="40300009", nama_sekolah="SD Baru"))
    with db.engine.connect() as conn:
        new_id = conn.execute(select(School.id).where(School.npsn == "40300009")).scalar_one()
    notes = {e["note"] for e in history(db, School, new_id) if e["action"] == "create"}
    assert "impor #1: a.xlsx" not in notes
    if db.engine.dialect.name == "sqlite":
        assert new_id == last  # the case this test is about did happen


def test_history_covers_a_record_and_what_it_owns(db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.pksai.models import Meeting
    from bakti_desktop.storage.audit import history

    forum_id = pksai_service.create_forum(db, "Forum uji", "73.06")
    meeting_id, _ = pksai_service.create_meeting(db, forum_id, "Rapat pertama", date(2024, 1, 10))
    pksai_service.set_decisions(db, meeting_id, ["Keputusan satu", "Keputusan dua"])
    pksai_service.update_meeting(db, meeting_id, {"place": "Aula"})
    other, _ = pksai_service.create_meeting(db, forum_id, "Rapat lain", date(2024, 2, 10))
    entries = history(db, Meeting, meeting_id)
    tables = sorted(e["table"] for e in entries)
    assert tables.count("pksai_decision") == 2 and "pksai_meeting" in tables
    assert not any(e["table"] == "pksai_meeting" and e["record_id"] == other for e in entries)
    assert history(db, Meeting, 999_999) == []
