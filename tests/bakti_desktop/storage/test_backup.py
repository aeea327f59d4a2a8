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
