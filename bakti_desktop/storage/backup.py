"""Backups: a consistent copy of the database while it may be in use.

From SQLite the copy uses SQLite's online backup API; from PostgreSQL it is a
new SQLite file holding the same rows (a snapshot anyone can open).
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, insert, select
from sqlalchemy.exc import DBAPIError

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.paths import backup_dir

if TYPE_CHECKING:
    from bakti_desktop.storage.database import Database

KEEP_AUTOMATIC = 10


def sqlite_online_backup(source: Path, destination: Path, *, check: bool = False) -> None:
    """Copy ``source`` to ``destination`` page by page, consistent even during writes.

    With ``check`` the source is first verified (``PRAGMA integrity_check``): a damaged database is refused
    instead of being copied as if it were a good backup. Nothing is left at ``destination`` on failure.
    """
    from bakti_desktop.errors import explain_os_error
    from bakti_desktop.storage.database import explain

    tmp = destination.with_name(destination.name + ".part")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5)
        try:
            if check:
                _check_integrity(src, source)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        tmp.replace(destination)
    except sqlite3.DatabaseError as error:
        raise explain(error, str(destination if "disk" in str(error).lower() else source)) from error
    except OSError as error:
        raise explain_os_error(error, destination) from error
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def _check_integrity(connection: sqlite3.Connection, source: Path) -> None:
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError:
        problems = ["malformed"]
    if problems != ["ok"]:
        raise UserError(msg(en="{p} is damaged ({why}); it was not copied. Restore an earlier backup from the backup folder.",
                            id="{p} rusak ({why}); tidak disalin. Pulihkan cadangan sebelumnya dari folder cadangan.",
                            p=source, why=problems[0][:120]))


def backup_database(db: Database, destination: Path) -> Path:
    """Write a backup of ``db`` to ``destination`` (an SQLite file)."""
    destination = Path(destination).expanduser().resolve()
    if not destination.parent.exists():
        raise UserError(msg(en="The folder {f} does not exist.", id="Folder {f} tidak ada.", f=destination.parent))
    if db.path is not None and destination == db.path:
        raise UserError(msg(en="A backup cannot overwrite the open database.",
                            id="Cadangan tidak boleh menimpa database yang sedang dibuka."))
    if db.path is not None:
        sqlite_online_backup(db.path, destination, check=True)
    else:
        snapshot_to_sqlite(db, destination)
    return destination


def snapshot_to_sqlite(db: Database, destination: Path) -> None:
    """Copy every table of a server database into a new SQLite file."""
    import bakti_desktop.models  # noqa: F401 - every table, also those of workspaces this command did not load
    from bakti_desktop.storage import migrate
    from bakti_desktop.storage.base import Base

    from bakti_desktop.errors import explain_os_error
    from bakti_desktop.storage.database import explain

    tmp = destination.with_name(destination.name + ".part")
    tmp.unlink(missing_ok=True)
    target = create_engine(f"sqlite:///{tmp}")
    try:
        with db.engine.connect() as source, target.begin() as out:
            Base.metadata.create_all(out)
            migrate.stamp_head(out)
            for table in Base.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in source.execute(select(table))]
                if rows:
                    out.execute(insert(table), rows)
        target.dispose()
        tmp.replace(destination)
    except OSError as error:
        raise explain_os_error(error, destination) from error
    except DBAPIError as error:
        raise explain(error, str(destination)) from error
    finally:
        target.dispose()
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def automatic_backup(path: Path, reason: str) -> Path:
    """Copy the SQLite file at ``path`` into the backup folder and prune old copies."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    destination = backup_dir() / f"{path.stem}-{stamp}-{reason}.sqlite"
    sqlite_online_backup(path, destination)
    prune(path.stem)
    return destination


def prune(stem: str, keep: int = KEEP_AUTOMATIC) -> None:
    copies = sorted(backup_dir().glob(f"{stem}-*.sqlite"))
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)


def daily_backup(path: Path) -> Path | None:
    """On the first start of a day, copy the SQLite file to the backup folder (keeping the last ones)."""
    from datetime import date

    if not path.exists() or path.stat().st_size == 0:
        return None
    today = date.today().strftime("%Y%m%d")
    if any(backup_dir().glob(f"{path.stem}-{today}-*-harian.sqlite")):
        return None
    return automatic_backup(path, reason="harian")


def restore_backup(db: Database, backup: Path) -> Path:
    """Replace the open SQLite database by ``backup``; the current file is backed up first.

    The caller closes ``db`` before and reopens the file after. Returns the
    safety copy of the database as it was.
    """
    from bakti_desktop.storage.database import _check_sqlite_file

    backup = Path(backup)
    if db.path is None:
        raise UserError(msg(en="A backup can be restored into a database file only, not into a server.",
                            id="Cadangan hanya dapat dipulihkan ke berkas database, bukan ke server."))
    if not backup.is_file():
        raise UserError(msg(en="The file {p} does not exist.", id="Berkas {p} tidak ada.", p=backup))
    _check_sqlite_file(backup)
    safety = automatic_backup(db.path, reason="sebelum-pemulihan")
    db.close()
    tmp = db.path.with_name(db.path.name + ".restore")
    sqlite_online_backup(backup, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(db.path) + suffix).unlink(missing_ok=True)
    tmp.replace(db.path)
    return safety
