"""Opening a database: SQLite file or PostgreSQL URL, checked and migrated.

``open_database`` is the only way the program gets a database. It turns every
way this can fail (missing folder, a file that is not a database, a locked
file, a database from a newer version) into a :class:`DatabaseError` with a
message for the user, and brings an older database up to date after copying
it to the backup folder.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bakti_desktop.errors import DatabaseError, NewerDatabaseError
from bakti_desktop.i18n import msg
from bakti_desktop.storage import migrate
from bakti_desktop.storage.base import Base
from bakti_desktop.storage.bulk import fast_sqlite_binding

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class _Sessions(sessionmaker[Session]):
    """A session factory that first registers the audit trail's listeners (``storage.audit``).

    Opening a database does not import the audit module (nor every model): a short read-only command
    starts faster. Every session is made here, so no change escapes the audit trail.
    """

    def __call__(self, **local_kw: Any) -> Session:
        import bakti_desktop.storage.audit  # noqa: F401 - the flush listeners that stamp and record changes

        return super().__call__(**local_kw)


@dataclass
class Database:
    """An open, up-to-date database."""

    engine: Engine
    url: str
    path: Path | None  # the SQLite file, or None on a server
    sessions: sessionmaker[Session]
    read_only: bool = False  # a SQLite file that cannot be written: readable, saves refused

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        """What the status bar shows: the file path, or the server without password."""
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except StaleDataError:
            session.rollback()
            from bakti_desktop.storage.locking import ChangedElsewhere

            raise ChangedElsewhere(None, None) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _is_url(target: str) -> bool:
    return "://" in target


fast_sqlite_binding()


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        # A read-only folder cannot hold the WAL files; the default journal still works.
        pass
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _check_sqlite_file(path: Path) -> None:
    if not path.parent.exists():
        raise DatabaseError(
            msg(
                en="The folder {folder} does not exist.",
                id="Folder {folder} tidak ada.",
                folder=path.parent,
            )
        )
    if path.is_dir():
        raise DatabaseError(
            msg(en="{path} is a folder, not a database file.", id="{path} adalah folder, bukan berkas database.", path=path)
        )
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER:
            raise DatabaseError(
                msg(
                    en="{path} is not a BaKTI Desktop database (not an SQLite file).",
                    id="{path} bukan database BaKTI Desktop (bukan berkas SQLite).",
                    path=path,
                )
            )


def _listen_for_storage_errors(engine: Engine, where: str) -> None:
    """Storage errors met while working become :func:`explain`'s message; the transaction rolls back as usual."""

    @event.listens_for(engine, "handle_error")
    def _translate(context: Any) -> None:
        error = context.original_exception
        known = explain_at_work(error, where)
        if known is not None:
            raise known from error


def make_engine(target: str, read_only: bool = False) -> tuple[Engine, Path | None, str]:
    """An engine for a path or URL, with SQLite tuned for a desktop program."""
    if _is_url(target):
        url = make_url(target)
        if url.get_backend_name() == "sqlite":
            path = Path(url.database or "").expanduser().resolve() if url.database else None
            if path is None:
                raise DatabaseError(msg(en="An in-memory database cannot be used.", id="Database di memori tidak dapat dipakai."))
            return make_engine(str(path), read_only)
        if url.get_backend_name() != "postgresql":
            raise DatabaseError(msg(
                en="{url} cannot be used: only SQLite files and PostgreSQL servers (postgresql+psycopg://…) are supported.",
                id="{url} tidak dapat dipakai: hanya berkas SQLite dan server PostgreSQL (postgresql+psycopg://…) yang didukung.",
                url=url.render_as_string(hide_password=True)))
        if url.get_driver_name() in ("", "psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
        return engine, None, url.render_as_string(hide_password=False)
    path = Path(target).expanduser().resolve()
    _check_sqlite_file(path)
    if read_only or (path.exists() and not os.access(path, os.W_OK)) or _on_read_only_medium(path):
        # A file on a read-only medium or without write permission: opened for reading; saves are refused
        # with a clear message instead of failing half-way. On a read-only medium SQLite could not even
        # create the WAL's shared-memory file to read: nobody can write there, so the file is immutable.
        immutable = "&immutable=1" if _on_read_only_medium(path) else ""
        engine = create_engine(f"sqlite:///file:{path}?mode=ro{immutable}&uri=true",
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine, path, f"sqlite:///{path}"


def _on_read_only_medium(path: Path) -> bool:
    """Whether ``path`` (an existing file) lies on a file system mounted read-only (a CD, a locked card)."""
    try:
        return path.exists() and bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows: the permission check above covers it
        return False


# Low-level errors as the user reads them: (words in the driver's message, also met while working, English,
# Indonesian). Storage errors met while working, not only on opening (full disk, I/O error, read-only
# file, lock), are turned into these messages by the engine's handle_error hook.
_EXPLANATIONS: tuple[tuple[tuple[str, ...], bool, str, str], ...] = (
    (("locked", "busy"), True,
     "The database {db} is locked by another program. Close it and try again.",
     "Database {db} sedang dikunci oleh program lain. Tutup program itu lalu coba lagi."),
    (("disk is full", "disk full", "no space left", "file too large"), True,
     "The disk holding {db} is full: nothing was saved by this action. Free some space and try again.",
     "Disk tempat {db} penuh: tindakan ini tidak menyimpan apa pun. Kosongkan sebagian ruang lalu coba lagi."),
    (("disk i/o error",), True,
     "The disk holding {db} could not be written or read: nothing was saved by this action.",
     "Disk tempat {db} tidak dapat ditulis atau dibaca: tindakan ini tidak menyimpan apa pun."),
    (("could not connect", "connection refused", "connection failed", "server closed the connection",
      "terminating connection", "connection timed out", "consuming input failed", "the connection is closed",
      "connection is lost", "ssl syscall error"), True,
     "The database server {db} cannot be reached: nothing was saved by this action. Check the network and that "
     "the server is running, then try again.",
     "Server database {db} tidak dapat dihubungi: tindakan ini tidak menyimpan apa pun. Periksa jaringan dan "
     "pastikan servernya berjalan, lalu coba lagi."),
    (("not a database", "malformed", "encrypted"), True,
     "{db} is not a BaKTI Desktop database or is damaged.",
     "{db} bukan database BaKTI Desktop atau berkasnya rusak."),
    (("readonly", "read-only", "read only", "unable to open"), True,
     "The database {db} cannot be written (read-only or no permission).",
     "Database {db} tidak dapat ditulis (hanya-baca atau tidak ada izin)."),
)


def _reason(error: BaseException) -> str:
    return str(getattr(error, "orig", error)).strip().splitlines()[0] if str(error) else type(error).__name__


def explain_at_work(error: BaseException, where: str) -> DatabaseError | None:
    """:func:`explain`'s message for a storage problem met while working (locked, full, lost, …), else None.

    For code that talks to the driver directly (the bulk writer), where the engine's hook does not see errors.
    """
    lowered = _reason(error).lower()
    if any(at_work and any(m in lowered for m in markers) for markers, at_work, _en, _id in _EXPLANATIONS):
        return explain(error, where)
    return None


def where_of(engine: Engine) -> str:
    """The database as the messages name it: its file, or the server without password."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return str(url.database or "").removeprefix("file:").split("?")[0]
    return url.render_as_string(hide_password=True)


def explain(error: BaseException, where: str) -> DatabaseError:
    """A user message for a low-level database error."""
    text_ = _reason(error)
    lowered = text_.lower()
    for markers, _at_work, en, id_ in _EXPLANATIONS:
        if any(marker in lowered for marker in markers):
            return DatabaseError(msg(en=en, id=id_, db=where))
    return DatabaseError(
        msg(en="The database {db} cannot be opened: {reason}", id="Database {db} tidak dapat dibuka: {reason}", db=where, reason=text_)
    )


def open_database(target: str | Path, *, backup_before_upgrade: bool = True, read_only: bool = False) -> Database:
    """Open (creating if needed) and migrate the database at ``target``.

    ``target`` is a file path or a SQLAlchemy URL (``postgresql+psycopg://…``). A SQLite file that
    cannot be written (or ``read_only``) is opened for reading only.
    """
    target = str(target)
    engine, path, url = make_engine(target, read_only)
    where = str(path) if path is not None else make_url(url).render_as_string(hide_password=True)
    _listen_for_storage_errors(engine, where)
    try:
        with engine.connect() as connection:
            if not migrate.is_current(connection):  # the usual case needs neither Alembic nor every model
                _migrate(connection, engine, path, backup_before_upgrade)
            connection.commit()
    except DatabaseError:
        engine.dispose()
        raise
    except (OperationalError, DBAPIError, sqlite3.DatabaseError) as error:
        engine.dispose()
        raise explain(error, where) from error
    except SQLAlchemyError as error:
        engine.dispose()
        raise explain(error, where) from error
    except UnicodeDecodeError as error:  # a damaged file whose pages SQLite still hands over, garbled
        engine.dispose()
        raise explain(sqlite3.DatabaseError("database disk image is malformed"), where) from error
    sessions = _Sessions(engine, expire_on_commit=False)
    read_only = path is not None and "mode=ro" in str(engine.url)
    return Database(engine=engine, url=url, path=path, sessions=sessions, read_only=read_only)


def _migrate(connection, engine: Engine, path: Path | None, backup_before_upgrade: bool) -> None:  # type: ignore[no-untyped-def]
    """Create the tables of a new database, or upgrade an older one (after a backup copy)."""
    import bakti_desktop.models  # noqa: F401 - registers every table on Base.metadata

    tables = set(inspect(connection).get_table_names())
    if not tables:
        Base.metadata.create_all(connection)
        migrate.stamp_head(connection)
        return
    if migrate.VERSION_TABLE not in tables:
        raise DatabaseError(
            msg(
                en="This database was not made by BaKTI Desktop.",
                id="Database ini bukan buatan BaKTI Desktop.",
            )
        )
    current = migrate.current_revision(connection)
    if current == migrate.head_revision():
        return
    if not migrate.is_known(current):
        raise NewerDatabaseError(
            msg(
                en="This database was written by a newer version of BaKTI Desktop (revision {rev}). Update the program to open it.",
                id="Database ini ditulis oleh versi BaKTI Desktop yang lebih baru (revisi {rev}). Perbarui program untuk membukanya.",
                rev=current,
            )
        )
    if backup_before_upgrade and path is not None:
        from bakti_desktop.storage.backup import automatic_backup

        connection.commit()
        automatic_backup(path, reason=f"sebelum-migrasi-{current}")
    log.info("upgrading database from %s to %s", current, migrate.head_revision())
    migrate.upgrade(connection)

