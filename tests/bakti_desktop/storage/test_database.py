"""Opening databases: create and stamp, refuse what is not ours, explain errors."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bakti_desktop.errors import DatabaseError, NewerDatabaseError
from bakti_desktop.storage import database, migrate
from bakti_desktop.storage.base import Base
from bakti_desktop.storage.database import open_database


def test_new_database_is_created_and_stamped(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        tables = set(inspect(conn).get_table_names())
    assert {"school", "survey", "app_setting"} <= tables


def test_the_head_revision_known_without_alembic_is_alembics_head() -> None:
    """Opening a current database compares its revision with ``HEAD_REVISION`` without loading Alembic:
    a new migration must update it."""
    assert migrate.head_revision() == migrate.HEAD_REVISION


def test_only_a_database_at_the_head_revision_skips_the_migration_step(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        assert migrate.is_current(conn)
        conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
        assert not migrate.is_current(conn)
        conn.execute(text("DROP TABLE alembic_version"))
        assert not migrate.is_current(conn)
    engine.dispose()


def test_migrations_build_exactly_the_models(db_target: str, tmp_path: Path) -> None:
    """Running every migration on an empty database gives the schema of the models."""
    import bakti_desktop.models  # noqa: F401

    url = db_target if "://" in db_target else f"sqlite:///{db_target}"
    engine = create_engine(url)
    with engine.begin() as conn:
        migrate.upgrade(conn)
    with engine.connect() as conn, warnings.catch_warnings():
        # Expression indexes cannot be reflected (nor compared); they are checked by name below.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        indexes = {i["name"] for i in inspect(conn).get_indexes("survey")}
    engine.dispose()
    assert [d for d in diff if not (d[0] == "remove_index" and d[1].name in ("ix_survey_students", "ix_survey_build"))] == []
    if engine.dialect.name == "postgresql":
        assert {"ix_survey_students", "ix_survey_build"} <= indexes


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = open_database(tmp_path / "p.sqlite")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == database.BUSY_TIMEOUT_MS
    db.close()


def test_database_from_a_newer_version_is_refused(db_target: str) -> None:
    db = open_database(db_target)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    db.close()
    with pytest.raises(NewerDatabaseError, match="lebih baru"):
        open_database(db_target)


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("this is a letter, not a database\n" * 20)
    with pytest.raises(DatabaseError, match="bukan database"):
        open_database(path)
    assert path.read_text().startswith("this is a letter")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="tidak ada"):
        open_database(tmp_path / "nowhere" / "db.sqlite")


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(DatabaseError, match="bukan buatan BaKTI"):
        open_database(path)


def test_locked_database_gets_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.sqlite"
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE other_program (id INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="dikunci"):
            open_database(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
