"""An older database is copied to the backup folder, then upgraded in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from bakti_desktop.paths import backup_dir
from bakti_desktop.storage import migrate
from bakti_desktop.storage.database import open_database


# Newest first: the database of the previous version is upgraded in every run, the older ones (a
# migration more each) with -m slow.
OLDER = [r.revision for r in migrate._script().walk_revisions() if r.revision != migrate.head_revision()]


@pytest.mark.parametrize("revision", [OLDER[0], *(pytest.param(r, marks=pytest.mark.slow) for r in OLDER[1:])])
def test_an_older_revision_upgrades_with_a_backup(tmp_path: Path, revision: str) -> None:
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
