"""Shared fixtures: a private data folder per test and a fresh database.

With ``BAKTI_TEST_DATABASE_URL`` set (CI's PostgreSQL pass), the ``db``
fixture opens that server after emptying its schema, so the same tests run on
both engines.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SERVER_URL = os.environ.get("BAKTI_TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder, language and settings."""
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setenv("BAKTI_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from bakti_desktop.i18n import set_language

    set_language("id")
    return folder


def _empty_server(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def db_target(tmp_path: Path) -> str:
    """Where a test's database lives: a new SQLite file, or the emptied test server."""
    if SERVER_URL:
        _empty_server(SERVER_URL)
        return SERVER_URL
    return str(tmp_path / "test.sqlite")


@pytest.fixture(scope="session")
def new_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, empty SQLite database made once by ``open_database``; the ``db`` fixture starts from a copy.

    Creating the tables costs about a tenth of a second, copying the file a millisecond: most tests need
    a fresh database, not the creation itself (which the tests that open new paths cover).
    """
    from bakti_desktop.storage.database import open_database

    path = tmp_path_factory.mktemp("new-database") / "new.sqlite"
    open_database(path).close()
    return path


@pytest.fixture
def db(db_target: str, request: pytest.FixtureRequest) -> Iterator[Database]:  # noqa: F821
    from bakti_desktop.storage.database import open_database

    if not SERVER_URL and not Path(db_target).exists():
        shutil.copyfile(request.getfixturevalue("new_database_file"), db_target)
    database = open_database(db_target)
    yield database
    database.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "db" in getattr(item, "fixturenames", ()) or "db_target" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def other(db_target: str, db: Database) -> Iterator[Database]:  # noqa: F821
    """A second person's connection to the test's database (as another laptop or server user would have)."""
    from bakti_desktop.storage.base import set_user_name
    from bakti_desktop.storage.database import open_database

    second = open_database(db_target)
    yield second
    second.close()
    set_user_name(None)
