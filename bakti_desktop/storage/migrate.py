"""Alembic, driven from code: the migrations ship inside this package.

Alembic is imported only when a database is created or upgraded: opening a database that is already
at :data:`HEAD_REVISION` reads its revision with one plain query (see ``storage.database``), which keeps
a short command's start-up close to a bare SQLAlchemy script's.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
# The newest migration's revision. A new migration in migrations/versions sets it to its own revision
# (tests/bakti_desktop/storage/test_database.py checks it against Alembic's head).
HEAD_REVISION = "0016"


def config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def head_revision() -> str:
    """The head revision as Alembic finds it in the migration scripts (loads Alembic and the scripts)."""
    head = _script().get_current_head()
    assert head is not None
    return head


def is_known(revision: str | None) -> bool:
    if revision is None:
        return True
    try:
        return _script().get_revision(revision) is not None
    except Exception:
        return False


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def is_current(connection: Connection) -> bool:
    """Whether the database holds exactly the head revision, read with plain SQL: no Alembic, no models."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return False
    revisions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return revisions == [HEAD_REVISION]


def stamp_head(connection: Connection) -> None:
    from alembic import command

    command.stamp(config(connection), "head")


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(config(connection), revision)
