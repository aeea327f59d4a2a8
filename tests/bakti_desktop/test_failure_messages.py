"""Every failure is one sentence (issue 17, item 6): exit 1, no traceback, no partial file, nothing lost.

The commands run in-process through ``cli.main``; full disks and read-only folders are simulated by the
``OSError`` the operating system raises for them.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from bakti_desktop import cli
from bakti_desktop.errors import DatabaseError, UserError
from bakti_desktop.reports.output import write_atomically
from tests.helpers import record, write_workbook


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _one_sentence(err: str) -> None:
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "Kesalahan tak terduga" not in err, err


def test_the_rejected_rows_never_overwrite_the_workbook_read(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = write_workbook(tmp_path / "w.xlsx", [record(), record(npsn="x")])
    before = book.read_bytes()
    code, _out, err = _run(capsys, "--db", str(tmp_path / "a.sqlite"), "import-survey", str(book), "--dry-run",
                           "--errors", str(book))
    assert code == 1
    _one_sentence(err)
    assert book.read_bytes() == before


def test_an_export_never_replaces_the_open_database(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "x.bakti"
    assert _run(capsys, "--db", str(database), "demo")[0] == 0
    before = database.read_bytes()
    code, _out, err = _run(capsys, "--db", str(database), "export-package", str(database))
    assert code == 1
    _one_sentence(err)
    assert database.read_bytes() == before


def test_the_rejected_rows_are_written_before_the_import(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A failure writing the rejected rows leaves the database untouched (it used to fail after the commit)."""
    import bakti_desktop.mapping.importer as importer

    book = write_workbook(tmp_path / "w.xlsx", [record(), record(npsn="x")])

    def full(_plan, out):  # type: ignore[no-untyped-def]
        raise UserError("disk penuh")

    monkeypatch.setattr(importer, "write_rejected", full)
    database = tmp_path / "a.sqlite"
    code, _out, _err = _run(capsys, "--db", str(database), "import-survey", str(book), "--errors",
                           str(tmp_path / "ditolak.xlsx"))
    assert code == 1
    code, out, _err = _run(capsys, "--db", str(database), "summary", "--json")
    assert code == 0 and '"schools": 1' not in out


@pytest.mark.parametrize("argument", [["summary", "--year", "1" + "0" * 20], ["export-minutes", "x.pdf", "--meeting", "9" * 30],
                                      ["audit", "--limit", "-5"]])
def test_numbers_out_of_range_are_one_sentence(capsys, tmp_path: Path, argument: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = _run(capsys, "--db", str(tmp_path / "a.sqlite"), *argument)
    assert code == 1
    _one_sentence(err)
    assert "harus antara" in err
    assert not (tmp_path / "x.pdf").exists()


def test_an_unsupported_database_url_is_one_sentence(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = _run(capsys, "--db", "mysql://user@localhost/bakti", "summary")
    assert code == 1
    _one_sentence(err)
    assert "PostgreSQL" in err


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_failed_write_leaves_the_earlier_file_and_no_part(tmp_path: Path, number: int) -> None:
    out = tmp_path / "laporan.xlsx"
    out.write_bytes(b"earlier")

    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(number, "simulated", str(tmp))

    with pytest.raises(UserError) as raised:
        write_atomically(out, write)
    assert str(out) in str(raised.value) and "\n" not in str(raised.value)
    assert out.read_bytes() == b"earlier"
    assert not list(tmp_path.glob("*.part"))


def test_a_full_disk_during_an_export_command_is_one_sentence(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "a.sqlite"
    assert _run(capsys, "--db", str(database), "demo")[0] == 0
    real_replace = Path.replace

    def full(self: Path, target):  # type: ignore[no-untyped-def]
        if self.name.endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", full)
    for out in ("p.xlsx", "s.docx", "r.pdf"):
        command = {"p.xlsx": "export-mapping", "s.docx": "export-sss", "r.pdf": "export-rktl"}[out]
        code, _o, err = _run(capsys, "--db", str(database), command, str(tmp_path / out))
        assert code == 1, out
        _one_sentence(err)
        assert not list(tmp_path.glob("*.part")) and not (tmp_path / out).exists()


def _damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for offset in range(4096, size, 4096):  # every page but the header: the tables are gone
            handle.seek(offset + 100)
            handle.write(b"\xde\xad" * 200)


def test_backup_refuses_a_damaged_database(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "a.sqlite"
    assert _run(capsys, "--db", str(database), "demo")[0] == 0
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file, which is then damaged
    conn.close()
    _damage(database)
    out = tmp_path / "copy.sqlite"
    code, _o, err = _run(capsys, "--db", str(database), "backup", str(out))
    assert code == 1
    _one_sentence(err)
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_a_failed_backup_leaves_no_part_file(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "a.sqlite"
    assert _run(capsys, "--db", str(database), "demo")[0] == 0
    real_replace = Path.replace

    def full(self: Path, target):  # type: ignore[no-untyped-def]
        if self.name.endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", full)
    out = tmp_path / "copy.sqlite"
    code, _o, err = _run(capsys, "--db", str(database), "backup", str(out))
    assert code == 1
    _one_sentence(err)
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_a_database_on_a_read_only_medium_opens_for_reading(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.summary import summary
    from bakti_desktop.storage import database as storage
    from bakti_desktop.storage.database import open_database

    path = tmp_path / "a.sqlite"
    from bakti_desktop.demo import load_demo

    db = open_database(path)
    load_demo(db)
    db.close()
    monkeypatch.setattr(storage, "_on_read_only_medium", lambda p: True)
    db = open_database(path)
    try:
        assert db.read_only and "immutable=1" in str(db.engine.url)
        assert summary(db, by="kabupaten")["groups"]
    finally:
        db.close()


@pytest.mark.parametrize("reason", ["server closed the connection unexpectedly", "database is locked",
                                    "database or disk is full", "database disk image is malformed"])
def test_storage_errors_at_work_are_explained(reason: str) -> None:
    from bakti_desktop.storage.database import explain_at_work

    explained = explain_at_work(sqlite3.OperationalError(reason), "bakti.sqlite")
    assert isinstance(explained, DatabaseError) and "bakti.sqlite" in str(explained)
    assert explain_at_work(sqlite3.OperationalError("no such column: x"), "bakti.sqlite") is None


def test_the_bulk_writer_explains_a_locked_database(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from bakti_desktop.storage import database as storage
    from bakti_desktop.storage.database import open_database

    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "a.sqlite"
    db = open_database(path)
    book = write_workbook(tmp_path / "w.xlsx", [record(npsn=f"403{i:05d}") for i in range(30)])
    plan = plan_import(db, book)
    other = sqlite3.connect(path, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseError):
            apply_import(db, plan)
    finally:
        other.rollback()
        other.close()
        db.close()


def test_overlapping_imports_of_the_same_schools(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two previews made before either import was applied: the second write finds the surveys stored and
    updates them (it used to end in a raw IntegrityError)."""
    from bakti_desktop.mapping.importer import apply_import, plan_import

    rows = [record(npsn=f"403{i:05d}") for i in range(5)]
    first = plan_import(db, write_workbook(tmp_path / "a.xlsx", rows))
    second = plan_import(db, write_workbook(tmp_path / "b.xlsx", [dict(r, siswa_laki=99) for r in rows]))
    assert apply_import(db, first)["imported"] == 5
    result = apply_import(db, second)
    assert (result["imported"], result["updated"]) == (0, 5)
    from sqlalchemy import func, select

    from bakti_desktop.mapping.models import Survey

    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Survey)) == 5
        assert set(session.scalars(select(Survey.siswa_laki))) == {99}
