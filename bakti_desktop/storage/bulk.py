"""Writing many rows fast: one prepared INSERT run by the driver's executemany.

SQLAlchemy's Core insert with a list of dictionaries processes every value
in Python; for an import of 20,000 surveys that alone costs more than reading
the workbook. Here rows are plain lists in a given column order, date
columns are converted for SQLite (ISO text, as SQLAlchemy's own Date type
stores them) and the driver does the rest, inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    Column,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Select,
    Table,
    any_,
    bindparam,
    func,
    literal,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute

from bakti_desktop.storage.jsonvalues import encode


def fast_sqlite_binding() -> None:
    """Tell Python's sqlite3 driver how to bind ``None`` and booleans without searching for an adapter.

    The driver binds exact ints, floats and strings directly; for anything else it looks for an
    adapter and, finding none, asks the value for ``__conform__`` and swallows the AttributeError
    before binding it as it would have anyway (NULL; 0/1). That search costs several times the
    binding itself, and a survey row holds dozens of blank and yes/no cells: an import of 20,000
    surveys spent a third of its insert time there. These adapters give the same values the
    driver would bind (a blank stays NULL, ``True`` is 1), only directly. Process-wide, harmless
    for any other use of sqlite3.
    """
    import sqlite3

    # a C function of one argument that returns None (typeshed's register_adapter wants a one-overload callable)
    sqlite3.register_adapter(type(None), {}.get)  # type: ignore[arg-type]
    sqlite3.register_adapter(bool, int)


def _driver(conn: Connection) -> Any:
    """The DB-API connection under ``conn`` (there is one: ``conn`` is open and in use)."""
    driver = conn.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection is closed")
    return driver


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: list[list[Any]],
                checked: bool = False) -> None:
    """Insert ``rows`` (lists of values in ``columns`` order) into ``table`` on ``conn``.

    ``checked``: every value has already been held to the bounds of :mod:`storage.rules` (the survey
    validator uses them), which the table's CHECK constraints repeat; SQLite then skips the constraints
    for these rows, which would check each value a second time (a fifth of a 20,000-row import). They
    still hold every other write, and ``tests/bakti_desktop/mapping/test_bounds.py`` checks, with
    SQLite's own ``quick_check``, that whatever the validator lets through satisfies them.
    """
    if not rows:
        return
    preparer = conn.dialect.identifier_preparer
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {preparer.format_table(table)} ({', '.join(preparer.quote(c) for c in columns)}) "
           f"VALUES ({', '.join([marker] * len(columns))})")
    if conn.dialect.name == "sqlite":
        # Dates as SQLAlchemy stores them (ISO text); None and booleans: see fast_sqlite_binding.
        dated = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, (Date, DateTime))]
        seen: dict[Any, Any] = {}  # dates repeat a lot (one timestamp per import, survey days)
        for row in rows:
            for i in dated:
                value = row[i]
                text = seen.get(value)
                if text is None:
                    text = seen[value] = encode(value, " ")  # as SQLAlchemy's DateTime writes it
                row[i] = text
    cursor = _driver(conn).cursor()
    skip_checks = checked and conn.dialect.name == "sqlite"
    try:
        if skip_checks:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.executemany(sql, rows)
    except Exception as error:  # the driver's own errors: the engine's hook that explains them is bypassed here
        from bakti_desktop.storage.database import explain_at_work, where_of

        known = explain_at_work(error, where_of(conn.engine))
        if known is not None:
            raise known from error
        raise
    finally:
        if skip_checks:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
        cursor.close()


EMPTY_CHECK_ROWS = 100  # keys from which a lookup first asks whether the table holds any row at all
LOOKUP_ROWS = 5000  # values per IN (…) list where they cannot be bound as one: well within every limit on parameters


def lookup(conn: Connection, query: Select[*tuple[Any, ...]], column: ColumnElement[Any] | InstrumentedAttribute[Any],
           values: Sequence[Any]) -> Iterator[Any]:
    """The rows of ``query`` whose ``column`` is one of ``values`` (thousands of them).

    The values are bound as one parameter: a JSON array read by ``json_each`` on SQLite, an array
    on PostgreSQL. ``column.in_(list)`` would coerce every value, render a placeholder for each
    and compile the statement again for every chunk: for the 20,000 schools of an import, more than
    the query itself. Elsewhere, or on a SQLite without JSON, it falls back to chunked IN lists.
    """
    values = list(values)
    if not values:
        return
    plain = column.__clause_element__() if hasattr(column, "__clause_element__") else column  # School.npsn → its Column
    if len(values) > EMPTY_CHECK_ROWS and isinstance(plain, Column) and isinstance(plain.table, Table):
        # A first import looks up thousands of keys in an empty table (binding them costs more than the
        # query): a one-row probe answers first. A row must exist in the column's table to match.
        if conn.execute(select(literal(1)).select_from(plain.table).limit(1)).first() is None:
            return
    condition = one_of(conn, column, values)
    if condition is not None:
        yield from conn.execute(query.where(condition))
    else:
        statement = query.where(column.in_(bindparam("keys", expanding=True)))
        for start in range(0, len(values), LOOKUP_ROWS):
            yield from conn.execute(statement, {"keys": values[start : start + LOOKUP_ROWS]})


def one_of(conn: Connection, column: ColumnElement[Any] | InstrumentedAttribute[Any],
           values: Sequence[Any]) -> ColumnElement[bool] | None:
    """``column`` is one of ``values``, the values bound as one parameter: a JSON array read by ``json_each``
    on SQLite, an array on PostgreSQL. None elsewhere (or on a SQLite without JSON): the caller lists them."""
    if conn.dialect.name == "sqlite" and _sqlite_has_json():
        return column.in_(select(func.json_each(bindparam(None, json.dumps(list(values)))).table_valued("value").c.value))
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return None


@cache
def _sqlite_has_json() -> bool:
    """Whether this process's SQLite library has the JSON functions (asked once)."""
    import sqlite3

    try:
        sqlite3.connect(":memory:").execute("SELECT json_array()").close()
    except sqlite3.OperationalError:
        return False
    return True


@contextmanager
def indexes_rebuilt_after(conn: Connection, table: Table, incoming: int) -> Iterator[None]:
    """Within the caller's transaction: when ``incoming`` rows will outnumber those in ``table``,
    drop its plain (non-unique) indexes for the inserts and build them again afterwards.

    Building an index from the finished table sorts once; keeping it up to date row by row
    costs more as soon as most rows are new (a first import of a district: a fifth of the
    insert time). Only on SQLite, whose DDL is part of the transaction and which is used by one
    laptop: on a shared server dropping an index would block every other user. The indexes are
    rebuilt from their own stored definitions, so nothing about them changes; a failure or a
    killed process rolls the drop back with everything else.
    """
    from bakti_desktop.storage.audit import last_id

    if conn.dialect.name != "sqlite" or incoming <= last_id(conn, table):
        yield  # the highest id is at least the row count: a cheap, cautious test
        return
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table.name,),
    ).all()
    plain = [(name, sql) for name, sql in indexes if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
    driver = _driver(conn)
    if not driver.in_transaction:
        # Python's sqlite3 (before 3.12) opens the transaction only at the first INSERT, UPDATE or
        # DELETE and runs anything else, DROP INDEX included, on its own: open it now, or a failure
        # would leave the table without its indexes.
        driver.execute("BEGIN")
    preparer = conn.dialect.identifier_preparer
    for name, _sql in plain:
        conn.exec_driver_sql(f"DROP INDEX {preparer.quote(name)}")
    yield
    for _name, sql in plain:
        conn.exec_driver_sql(sql)
