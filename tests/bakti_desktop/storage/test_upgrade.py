"""An older database is copied to the backup folder, then upgraded in place."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect

from bakti_desktop.paths import backup_dir
from bakti_desktop.storage import migrate
from bakti_desktop.storage.database import open_database


def test_every_older_revision_upgrades_with_a_backup(tmp_path: Path) -> None:
    script = migrate._script()
    older = [r.revision for r in script.walk_revisions() if r.revision != migrate.head_revision()]
    assert older, "there is at least one older revision to upgrade from"
    for revision in older:
        path = tmp_path / f"old-{revision}.sqlite"
        engine = create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            migrate.upgrade(conn, revision)
        engine.dispose()
        before = set(backup_dir().glob(f"old-{revision}-*.sqlite"))
        db = open_database(path)
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert "pksai_meeting" in inspect(conn).get_table_names()
        db.close()
        copies = set(backup_dir().glob(f"old-{revision}-*.sqlite")) - before
        assert len(copies) == 1
        copy = create_engine(f"sqlite:///{copies.pop()}")
        with copy.connect() as conn:
            assert migrate.current_revision(conn) == revision  # the copy is the database as it was
        copy.dispose()
