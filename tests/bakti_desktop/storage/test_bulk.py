"""Bulk writing helpers: lookups by many keys, indexes rebuilt after a large insert."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from bakti_desktop.mapping.models import School
from bakti_desktop.storage.bulk import LOOKUP_ROWS, bulk_insert, indexes_rebuilt_after, lookup
from bakti_desktop.storage.base import new_uuids, utcnow
from tests.helpers import index_definitions

COLUMNS = ["npsn", "nama_sekolah", "jenjang", "kabupaten_code", "kecamatan_code", "uuid", "created_at", "updated_at",
           "updated_by", "version"]


def _schools(count: int, start: int = 0) -> list[list[object]]:
    now = utcnow()
    return [[f"{40_000_000 + start + i}", f"SD Uji {start + i}", "SD", "73.08", "73.08.01", uuid, now, now, "uji", 1]
            for i, uuid in enumerate(new_uuids(count))]


def _indexes(db) -> list[str]:  # type: ignore[no-untyped-def]
    return index_definitions(db, "school")


def test_indexes_are_the_same_after_a_large_insert(db) -> None:  # type: ignore[no-untyped-def]
    before = _indexes(db)
    assert any("ix_school_kecamatan_code" in definition for definition in before)
    with db.engine.begin() as conn:
        with indexes_rebuilt_after(conn, School.__table__, 300):
            if db.is_sqlite:  # a first import: the plain indexes are dropped while the rows go in
                assert "ix_school_kecamatan_code" not in _names(conn)
            bulk_insert(conn, School.__table__, COLUMNS, _schools(300))
    assert _indexes(db) == before
    if db.is_sqlite:
        with db.engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM school WHERE kecamatan_code = '73.08.01'"))
        assert "ix_school_kecamatan_code" in plan


def test_a_small_insert_into_a_full_table_keeps_the_indexes(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as conn:
        bulk_insert(conn, School.__table__, COLUMNS, _schools(50))
    before = _indexes(db)
    with db.engine.begin() as conn:
        with indexes_rebuilt_after(conn, School.__table__, 10):
            assert "ix_school_kecamatan_code" in _names(conn)
            bulk_insert(conn, School.__table__, COLUMNS, _schools(10, start=1000))
    assert _indexes(db) == before


def _names(conn) -> set[str]:  # type: ignore[no-untyped-def]
    return {i["name"] for i in inspect(conn).get_indexes("school")}


def test_a_failed_insert_leaves_the_indexes_in_place(db) -> None:  # type: ignore[no-untyped-def]
    before = _indexes(db)
    with pytest.raises(RuntimeError), db.engine.begin() as conn:
        with indexes_rebuilt_after(conn, School.__table__, 300):
            bulk_insert(conn, School.__table__, COLUMNS, _schools(300))
            raise RuntimeError("the disk is full")
    assert _indexes(db) == before
    with db.engine.connect() as conn:
        assert conn.execute(select(School.id)).first() is None


@pytest.mark.parametrize("json", [True, False], ids=["one-parameter", "chunked-in-lists"])
def test_lookup_by_more_keys_than_one_statement_takes(db, json: bool, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """All keys bound as one value (JSON on SQLite, an array on PostgreSQL), or IN lists where SQLite has no JSON."""
    from bakti_desktop.storage import bulk

    if not json:
        monkeypatch.setattr(bulk, "_sqlite_has_json", lambda: False)
    count = LOOKUP_ROWS + 7
    with db.engine.begin() as conn:
        bulk_insert(conn, School.__table__, COLUMNS, _schools(count))
    wanted = [f"{40_000_000 + i}" for i in range(0, count, 2)] + ["99999999"]
    query = select(School.npsn, School.id)
    with db.engine.connect() as conn:
        found = dict(lookup(conn, query, School.npsn, wanted))
    assert sorted(found) == sorted(wanted[:-1])
    with db.engine.connect() as conn:
        assert list(lookup(conn, query, School.npsn, [])) == []
        assert dict(lookup(conn, query, School.id, [found["40000000"], -1])) == {"40000000": found["40000000"]}


def test_lookup_in_an_empty_table_sends_one_probe_not_the_keys(db) -> None:  # type: ignore[no-untyped-def]
    """A first import asks about thousands of keys in an empty table; one cheap probe answers."""
    from sqlalchemy import event

    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    keys = [f"{40_000_000 + i}" for i in range(500)]
    query = select(School.npsn, School.id)
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.engine.connect() as conn:
            assert list(lookup(conn, query, School.npsn, keys)) == []
        assert len(statements) == 1 and "LIMIT" in statements[0]  # the probe, not the 500 keys
        with db.engine.begin() as conn:
            bulk_insert(conn, School.__table__, COLUMNS, _schools(1, start=499))
        statements.clear()
        with db.engine.connect() as conn:  # one row: the keys are looked up as before
            assert [npsn for npsn, _id in lookup(conn, query, School.npsn, keys)] == ["40000499"]
        assert len(statements) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_bulk_uuids_are_distinct_random_uuids_as_text() -> None:
    import uuid

    made = new_uuids(2000)
    assert len(set(made)) == 2000
    for text in made:
        value = uuid.UUID(text)
        assert (value.version, value.variant, str(value)) == (4, uuid.RFC_4122, text)
