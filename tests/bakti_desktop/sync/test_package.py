"""Laptop exchange: added, identical, updated, kept, conflicts never applied silently, twice changes nothing.

The "office" database is the test's database (SQLite, or the PostgreSQL server in CI); the
"laptop" is a SQLite file of its own.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bakti_desktop.demo import load_demo
from bakti_desktop.errors import UserError
from bakti_desktop.sync.package import export_package, import_package
from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.storage.audit import AuditEntry
from bakti_desktop.storage.base import set_user_name
from bakti_desktop.storage.database import Database, open_database
from bakti_desktop.twinning import evidence
from bakti_desktop.twinning.models import Evidence
from tests.helpers import record, run_cli


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    (tmp_path / "laptop").mkdir()
    database = open_database(tmp_path / "laptop" / "laptop.sqlite")
    yield database
    database.close()
    set_user_name(None)


def _count(db: Database, model: type) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _survey(db: Database, npsn: str) -> Survey:
    with db.session() as session:
        survey = session.scalar(select(Survey).join(School).where(School.npsn == npsn))
        session.expunge(survey)
        return survey


def test_round_trip_adds_everything_and_twice_changes_nothing(db: Database, laptop: Database, tmp_path: Path) -> None:
    load_demo(laptop)
    package = tmp_path / "paket.bakti"
    sent = export_package(laptop, package)
    first = import_package(db, package)
    assert first.added == sent["records"] and not first.conflicts and not first.skipped
    for model in (School, Survey, Evidence):
        assert _count(db, model) == _count(laptop, model)
    with db.session() as session:  # the evidence files came along and are intact
        for row in session.scalars(select(Evidence)):
            assert evidence.verify(db, row.sha256, row.extension) is None
    audit_before = _count(db, AuditEntry)
    again = import_package(db, package)
    assert (again.added, again.updated, again.kept, again.conflicts) == (0, 0, 0, [])
    assert again.identical == sent["records"]
    assert _count(db, AuditEntry) == audit_before  # nothing was written


def test_their_change_updates_ours_my_change_is_kept(db: Database, laptop: Database, tmp_path: Path) -> None:
    mapping_service.save_record(laptop, record(npsn="40300001"))
    mapping_service.save_record(laptop, record(npsn="40300002"))
    export_package(laptop, tmp_path / "1.bakti")
    import_package(db, tmp_path / "1.bakti")
    # The laptop corrects one survey; the office corrects the other.
    mapping_service.save_record(laptop, record(npsn="40300001", jamban_guru=4))
    mapping_service.save_record(db, record(npsn="40300002", jamban_guru=6))
    export_package(laptop, tmp_path / "2.bakti")
    result = import_package(db, tmp_path / "2.bakti")
    assert (result.updated, result.kept, result.conflicts) == (1, 1, [])
    assert _survey(db, "40300001").jamban_guru == 4  # theirs came in
    assert _survey(db, "40300002").jamban_guru == 6  # ours is newer and stays
    assert _survey(db, "40300001").build_teachers == 0  # derived columns recomputed here


def test_changes_on_both_sides_are_conflicts_until_resolved(db: Database, laptop: Database, tmp_path: Path) -> None:
    mapping_service.save_record(laptop, record(npsn="40300001"))
    export_package(laptop, tmp_path / "1.bakti")
    import_package(db, tmp_path / "1.bakti")
    set_user_name("Sanitarian Bone")
    mapping_service.save_record(laptop, record(npsn="40300001", jamban_guru=4))
    set_user_name("Pokja")
    mapping_service.save_record(db, record(npsn="40300001", jamban_guru=7))
    export_package(laptop, tmp_path / "2.bakti")
    result = import_package(db, tmp_path / "2.bakti")
    assert len(result.conflicts) == 1 and result.updated == 0
    conflict = result.conflicts[0]
    assert conflict.table == "survey" and conflict.fields["jamban_guru"] == (7, 4)
    assert (conflict.ours_by, conflict.theirs_by) == ("Pokja", "Sanitarian Bone")
    assert _survey(db, "40300001").jamban_guru == 7  # never overwritten silently
    assert len(import_package(db, tmp_path / "2.bakti").conflicts) == 1  # still listed, still not applied
    # The user keeps theirs for this one.
    resolved = import_package(db, tmp_path / "2.bakti", resolutions={conflict.uuid: "theirs"})
    assert resolved.resolved == 1 and not resolved.conflicts
    assert _survey(db, "40300001").jamban_guru == 4
    assert not import_package(db, tmp_path / "2.bakti").conflicts


def test_keeping_mine_settles_the_conflict(db: Database, laptop: Database, tmp_path: Path) -> None:
    mapping_service.save_record(laptop, record(npsn="40300001"))
    export_package(laptop, tmp_path / "1.bakti")
    import_package(db, tmp_path / "1.bakti")
    mapping_service.save_record(laptop, record(npsn="40300001", jamban_guru=4))
    mapping_service.save_record(db, record(npsn="40300001", jamban_guru=7))
    export_package(laptop, tmp_path / "2.bakti")
    uuid = import_package(db, tmp_path / "2.bakti").conflicts[0].uuid
    import_package(db, tmp_path / "2.bakti", resolutions={uuid: "mine"})
    assert _survey(db, "40300001").jamban_guru == 7
    again = import_package(db, tmp_path / "2.bakti")
    assert not again.conflicts and again.kept == 1


def test_the_same_school_entered_on_two_laptops_is_not_doubled(db: Database, laptop: Database, tmp_path: Path) -> None:
    mapping_service.save_record(laptop, record(npsn="40300001", tahun=2023, tanggal_survei="14/09/2023"))
    mapping_service.save_record(db, record(npsn="40300001", tahun=2024, tanggal_survei="14/09/2024"))
    export_package(laptop, tmp_path / "1.bakti")
    result = import_package(db, tmp_path / "1.bakti")
    assert not result.conflicts and result.identical == 1 and result.added == 1  # same school; the 2023 survey
    assert _count(db, School) == 1 and _count(db, Survey) == 2


def test_a_record_deleted_here_is_not_brought_back(db: Database, laptop: Database, tmp_path: Path) -> None:
    mapping_service.save_record(laptop, record(npsn="40300001"))
    export_package(laptop, tmp_path / "1.bakti")
    import_package(db, tmp_path / "1.bakti")
    mapping_service.delete_survey(db, _survey(db, "40300001").id)
    result = import_package(db, tmp_path / "1.bakti")
    assert result.added == 0 and [s["table"] for s in result.skipped] == ["survey"]
    assert "sampah" in result.skipped[0]["reason"] or "trash" in result.skipped[0]["reason"]
    assert _count(db, Survey) == 0


def test_since_sends_the_changed_records_with_what_they_belong_to(laptop: Database, tmp_path: Path) -> None:
    from datetime import date, timedelta

    from bakti_desktop.storage.base import utcnow

    mapping_service.save_record(laptop, record(npsn="40300001"))
    with laptop.engine.begin() as conn:  # the school was registered long ago
        conn.execute(School.__table__.update().values(updated_at=utcnow() - timedelta(days=400)))
        conn.execute(Survey.__table__.update().values(updated_at=utcnow() - timedelta(days=400)))
    assert export_package(laptop, tmp_path / "none.bakti", since=date.today())["records"] == 0
    mapping_service.save_record(laptop, record(npsn="40300001", jamban_guru=3))
    with zipfile.ZipFile(export_package(laptop, tmp_path / "new.bakti", since=date.today())["file"]) as zf:
        tables = sorted(r["table"] for r in json.loads(zf.read("records.json")))
    assert tables == ["school", "survey"]  # the changed survey, and its school so it can be placed


def test_bad_packages_get_a_clear_error_and_change_nothing(db: Database, tmp_path: Path) -> None:
    not_zip = tmp_path / "rusak.bakti"
    not_zip.write_bytes(b"bukan paket")
    with pytest.raises(UserError, match="bukan paket pertukaran"):
        import_package(db, not_zip)
    foreign = tmp_path / "lain.bakti"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "lain"}))
        zf.writestr("records.json", "[]")
    with pytest.raises(UserError, match="bukan paket pertukaran"):
        import_package(db, foreign)
    hostile = tmp_path / "aneh.bakti"
    with zipfile.ZipFile(hostile, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "bakti-paket", "format_version": 1}))
        zf.writestr("records.json", json.dumps([{"table": "school", "uuid": "../../etc/passwd", "values": {}},
                                                 {"table": "audit_entry", "uuid": "x"}, "teks"]))
    result = import_package(db, hostile)
    assert result.added == 0 and len(result.skipped) == 3
    assert _count(db, School) == 0


def test_cli_reports_conflicts_as_json_and_leaves_them(capsys, db_target: str, laptop: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office = open_database(db_target)
    try:
        mapping_service.save_record(laptop, record(npsn="40300001"))
        export_package(laptop, tmp_path / "1.bakti")
        import_package(office, tmp_path / "1.bakti")
        mapping_service.save_record(laptop, record(npsn="40300001", jamban_guru=4))
        mapping_service.save_record(office, record(npsn="40300001", jamban_guru=7))
    finally:
        office.close()
    out = tmp_path / "2.bakti"
    assert run_cli(capsys, "--db", str(tmp_path / "laptop" / "laptop.sqlite"), "export-package", str(out)).returncode == 0
    result = run_cli(capsys, "--db", db_target, "import-package", str(out), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == 0 and len(report["conflicts"]) == 1
    assert report["conflicts"][0]["fields"]["jamban_guru"] == {"ours": 7, "theirs": 4}
    bad = run_cli(capsys, "--db", db_target, "import-package", str(tmp_path / "x.bakti"))
    assert bad.returncode == 1 and "tidak ditemukan" in bad.stderr


def test_import_batches_stay_on_their_laptop_and_a_merged_change_is_never_undone(
        db: Database, laptop: Database, tmp_path: Path) -> None:
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from bakti_desktop.mapping.models import ImportBatch
    from bakti_desktop.mapping.undo import undo_import
    from bakti_desktop.workspaces import record_tables
    from tests.helpers import write_workbook

    assert "import_batch" not in {t.name for t in record_tables()}  # a batch is this database's history
    book = write_workbook(tmp_path / "survei.xlsx", [record(npsn="40300001"), record(npsn="40300002")])
    batch = apply_import(laptop, plan_import(laptop, book))["batch"]
    export_package(laptop, tmp_path / "1.bakti")
    assert import_package(db, tmp_path / "1.bakti").added == 4  # two schools, two surveys
    assert _count(db, ImportBatch) == 0
    # The laptop's batch: one survey corrected at the office, merged back into the laptop since.
    mapping_service.save_record(db, record(npsn="40300001", jamban_guru=5))
    export_package(db, tmp_path / "2.bakti")
    import_package(laptop, tmp_path / "2.bakti")
    done = undo_import(laptop, batch)
    assert [(c["npsn"], c["reason"]) for c in done["conflicts"]] == [("40300001", "changed")]
    assert _survey(laptop, "40300001").jamban_guru == 5 and done["surveys_trashed"] == 1
    # The undone survey is in the laptop's trash: the office's package does not bring it back.
    assert import_package(laptop, tmp_path / "2.bakti").added == 0
