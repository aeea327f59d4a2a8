from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bakti_desktop.mapping import demo
from bakti_desktop.mapping.models import Survey
from bakti_desktop.storage.backup import backup_database
from bakti_desktop.storage.database import open_database


def test_backup_round_trip(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo.load(db)
    out = backup_database(db, tmp_path / "copy.sqlite")
    copy = open_database(out)
    with db.engine.connect() as a, copy.engine.connect() as b:
        query = select(func.count(Survey.id), func.sum(Survey.siswa_laki), func.sum(Survey.build_girls))
        assert a.execute(query).one() == b.execute(query).one()
        assert a.execute(query).one()[0] > 0
    copy.close()


def test_daily_backup_once_a_day_and_restore(tmp_path: Path) -> None:
    from bakti_desktop.paths import backup_dir
    from bakti_desktop.storage.backup import daily_backup, restore_backup

    path = tmp_path / "kerja.sqlite"
    db = open_database(path)
    demo.load(db)
    first = daily_backup(path)
    assert first is not None and first.parent == backup_dir()
    assert daily_backup(path) is None  # once a day
    with db.engine.begin() as conn:
        conn.execute(Survey.__table__.delete())
    safety = restore_backup(db, first)
    again = open_database(path)
    with again.engine.connect() as conn:
        assert conn.execute(select(func.count(Survey.id))).scalar() == 360
    again.close()
    check = open_database(safety)  # the state just before restoring (no surveys) was kept too
    with check.engine.connect() as conn:
        assert conn.execute(select(func.count(Survey.id))).scalar() == 0
    check.close()
