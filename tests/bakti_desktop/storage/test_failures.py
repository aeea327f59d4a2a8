"""A killed process, a full disk, a read-only file: the database stays as it was, the message is clear."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bakti_desktop.demo import load_demo
from bakti_desktop.errors import DatabaseError
from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.storage.audit import AuditEntry
from bakti_desktop.storage.database import Database, open_database
from tests.helpers import index_definitions, record, run_cli, write_workbook

ROOT = Path(__file__).resolve().parents[3]


def _fingerprint(db: Database) -> str:
    """A digest of every survey, school and audit row and of the tables' indexes: equal means unchanged."""
    digest = hashlib.sha256()
    for model in (School, Survey, AuditEntry):
        digest.update(repr(index_definitions(db, model.__tablename__)).encode())
    with db.engine.connect() as conn:
        for model in (School, Survey, AuditEntry):
            for row in conn.execute(select(model.__table__).order_by(model.__table__.c.id)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _workbook(tmp_path: Path, count: int) -> Path:
    rows = [record(npsn=f"4{i:07d}") for i in range(count)]
    rows.append(record(npsn="40300001", jamban_guru=9))  # and an update of an existing survey
    return write_workbook(tmp_path / "besar.xlsx", rows)


def _cli(db_target: str, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--db", db_target, *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "BAKTI_DATA_DIR": str(tmp_path), **env})


def test_killed_during_an_import_leaves_the_database_as_it_was(db_target: str, db: Database, tmp_path: Path) -> None:
    load_demo(db)
    mapping_service.save_record(db, record(npsn="40300001"))
    before = _fingerprint(db)
    book = _workbook(tmp_path, 800)
    killed = _cli(db_target, tmp_path, "import-survey", str(book), BAKTI_FAULT="import-before-commit")
    assert killed.returncode == -9, killed.stderr  # SIGKILL after every row was written, before the commit
    reopened = open_database(db_target)
    try:
        assert _fingerprint(reopened) == before
        if reopened.path is not None:
            with reopened.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        reopened.close()
    done = _cli(db_target, tmp_path, "import-survey", str(book))  # the same import, not killed, does change it
    assert done.returncode == 0, done.stderr
    assert _fingerprint(db) != before


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are a POSIX feature")
def test_a_full_disk_during_an_import_changes_nothing(tmp_path: Path) -> None:
    import resource
    import signal

    target = tmp_path / "penuh.sqlite"
    db = open_database(target)
    load_demo(db)
    before = _fingerprint(db)
    db.close()
    book = _workbook(tmp_path, 3000)
    limit = target.stat().st_size + 256 * 1024  # the disk fills up part-way through the write

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([sys.executable, "main.py", "--db", str(target), "import-survey", str(book)], cwd=ROOT,
                            capture_output=True, text=True, preexec_fn=small_disk,
                            env={**os.environ, "BAKTI_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 1
    assert "penuh" in result.stderr or "tidak dapat ditulis atau dibaca" in result.stderr, result.stderr
    assert "Kesalahan tak terduga" not in result.stderr
    reopened = open_database(target)
    try:
        assert _fingerprint(reopened) == before
        with reopened.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        reopened.close()


def test_a_read_only_database_can_be_read_and_refuses_saves_clearly(tmp_path: Path) -> None:
    target = tmp_path / "cd.sqlite"
    db = open_database(target)
    mapping_service.save_record(db, record(npsn="40300001"))
    db.close()
    read_only = open_database(target, read_only=True)
    try:
        assert read_only.read_only and mapping_service.years(read_only) == [2020]
        with pytest.raises(DatabaseError, match="hanya-baca"):
            mapping_service.save_record(read_only, record(npsn="40300002"))
        assert mapping_service.years(read_only) == [2020]
    finally:
        read_only.close()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="permissions do not bind the superuser")
def test_a_file_without_write_permission_is_opened_read_only(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "terkunci.sqlite"
    open_database(target).close()
    target.chmod(0o444)
    result = run_cli(capsys, "--db", str(target), "import-survey", str(_workbook(tmp_path, 3)))
    assert result.returncode == 1 and "hanya-baca" in result.stderr


def test_killed_during_an_undo_leaves_the_database_as_it_was(db_target: str, db: Database, tmp_path: Path) -> None:
    import json

    from bakti_desktop.mapping.models import ImportBatch
    from bakti_desktop.storage.trash import TrashItem

    mapping_service.save_record(db, record(npsn="40300001"))
    done = _cli(db_target, tmp_path, "import-survey", str(_workbook(tmp_path, 300)), "--json")
    assert done.returncode == 0, done.stderr
    batch = str(json.loads(done.stdout)["batch"])

    def fingerprint() -> str:
        digest = hashlib.sha256(_fingerprint(db).encode())
        with db.engine.connect() as conn:
            for model in (TrashItem, ImportBatch):
                for row in conn.execute(select(model.__table__).order_by(model.__table__.c.id)):
                    digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()

    before = fingerprint()
    killed = _cli(db_target, tmp_path, "undo-import", batch, BAKTI_FAULT="undo-before-commit")
    assert killed.returncode == -9, killed.stderr  # SIGKILL with everything undone, nothing committed
    assert fingerprint() == before
    undone = _cli(db_target, tmp_path, "undo-import", batch, "--json")  # the same undo, not killed, does it
    assert undone.returncode == 0, undone.stderr
    assert json.loads(undone.stdout)["surveys_trashed"] == 300 and fingerprint() != before
