"""CHECK constraints back the rules in the database, on SQLite and PostgreSQL alike (issue 17)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from bakti_desktop.errors import UserError
from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.storage import migrate, rules
from bakti_desktop.storage.database import Database, open_database
from tests.helpers import record

MIGRATION = Path(migrate.MIGRATIONS_DIR) / "versions" / "0013_check_constraints_back_the_rules.py"


def _migration():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("m0013", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_migration_adds_exactly_the_constraints_new_databases_get() -> None:
    import bakti_desktop.models  # noqa: F401

    assert sorted(_migration().CONSTRAINTS) == sorted(rules.constraint_rows())


def _survey_id(db: Database) -> int:
    mapping_service.save_record(db, record(npsn="40300001"))
    with db.engine.connect() as conn:
        return conn.execute(select(Survey.id)).scalar_one()


@pytest.mark.parametrize(("column", "value"), [("siswa_laki", -5), ("siswa_perempuan", 10**6),
                                               ("jenis_jamban", "roket"), ("catatan", "x" * 501)])
def test_the_database_refuses_what_the_rules_refuse(db: Database, column: str, value: object) -> None:
    survey_id = _survey_id(db)
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(Survey.__table__.update().where(Survey.id == survey_id).values({column: value}))


def test_a_school_needs_an_eight_character_npsn_and_a_known_level(db: Database) -> None:
    row = {"uuid": "00000000-0000-4000-8000-000000000001", "npsn": "40300001", "nama_sekolah": "SD",
           "jenjang": "SD", "kabupaten_code": "73.08", "kecamatan_code": "73.08.01", "version": 1,
           "created_at": None, "updated_at": None, "updated_by": "x"}
    from bakti_desktop.storage.base import utcnow

    row.update(created_at=utcnow(), updated_at=utcnow())
    for bad in ({"npsn": "4030001"}, {"jenjang": "TK"}, {"lintang": 10.0}):
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(insert(School), [{**row, **bad}])
    with db.engine.begin() as conn:
        conn.execute(insert(School), [row])


def test_an_editor_that_misses_a_bound_gets_a_sentence_not_a_database_error(db: Database) -> None:
    from bakti_desktop.pksai import service as pksai
    from bakti_desktop.twinning import service as twinning

    with pytest.raises(UserError, match="name"):
        pksai.create_forum(db, "Forum " + "x" * 400)
    programme = twinning.save_programme(db, {"name": "P", "stage": "implementasi"}, [], [])
    with pytest.raises(UserError, match="male"):
        twinning.save_visit(db, programme, {"kind": "pendampingan", "male": 200_000, "female": 0,
                                            "visit_date": None})


def test_upgrading_keeps_every_row_and_foreign_keys_stay_on(tmp_path: Path) -> None:
    from bakti_desktop.demo import load_demo

    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0012")
    engine.dispose()
    new = open_database(tmp_path / "new.sqlite")
    load_demo(new)
    old_tables = set(inspect(create_engine(f"sqlite:///{path}")).get_table_names())
    tables = [t for t in inspect(new.engine).get_table_names() if t in old_tables and t != "alembic_version"]
    with new.engine.connect() as source, create_engine(f"sqlite:///{path}").begin() as target:
        target.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for table in tables:
            columns = {c["name"] for c in inspect(target).get_columns(table)}
            rows = [{k: v for k, v in r.items() if k in columns} for r in source.execute(text(f"SELECT * FROM {table}")).mappings()]
            if rows:
                target.execute(text(f"INSERT INTO {table} ({', '.join(rows[0])}) VALUES ({', '.join(':' + k for k in rows[0])})"), rows)
        expected = {t: source.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
        # A row stored before the rules (by a hostile package, say) is kept as it is, not guessed at.
        target.execute(text("UPDATE survey SET siswa_laki = -5 WHERE id = (SELECT min(id) FROM survey)"))
    new.close()
    old = open_database(path)  # upgrades 0012 → head, copying each table
    with old.engine.connect() as conn:
        assert {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables} == expected
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.execute(select(func.min(Survey.siswa_laki))).scalar_one() == -5
        names = {c["name"] for c in inspect(conn).get_check_constraints("survey")}
        assert "ck_survey_siswa_laki_range" in names
    with pytest.raises(IntegrityError), old.engine.begin() as conn:
        conn.execute(Survey.__table__.update().values(siswa_laki=-1))
    old.close()


def test_c1_control_characters_are_refused_like_c0() -> None:
    """U+0080–U+009F: a Windows quote decoded with the wrong code page ("\\x92") is not text."""
    from bakti_desktop.storage.rules import control_character

    assert control_character("Jl. Poros\x92") == "U+0092"
    assert control_character("catatan\x85baris", multiline=True) == "U+0085"
    assert control_character("Sekolah ’Harapan’ – 2020") is None  # the real characters are fine
