"""Writing many rows fast: one prepared INSERT run by the driver's executemany.

SQLAlchemy's Core insert with a list of dictionaries processes every value
in Python; for an import of 20,000 surveys that alone costs more than reading
the workbook. Here rows are plain lists in a given column order, date
columns are converted for SQLite (ISO text, as SQLAlchemy's own Date type
stores them; booleans as 0/1) and the driver does the rest, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Table


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")  # as SQLAlchemy's DateTime writes it
    if isinstance(value, date):
        return value.isoformat()
    return value


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: list[list[Any]]) -> None:
    """Insert ``rows`` (lists of values in ``columns`` order) into ``table`` on ``conn``."""
    if not rows:
        return
    preparer = conn.dialect.identifier_preparer
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {preparer.format_table(table)} ({', '.join(preparer.quote(c) for c in columns)}) "
           f"VALUES ({', '.join([marker] * len(columns))})")
    if conn.dialect.name == "sqlite":
        # Dates as SQLAlchemy stores them (ISO text); booleans as 0/1 here rather than by the driver,
        # whose adapter lookup for bool makes every yes/no column three times slower to bind.
        dated = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, (Date, DateTime))]
        flags = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, Boolean)]
        seen: dict[Any, Any] = {}  # dates repeat a lot (one timestamp per import, survey days)
        for row in rows:
            for i in dated:
                value = row[i]
                text = seen.get(value)
                if text is None:
                    text = seen[value] = _iso(value)
                row[i] = text
            for i in flags:
                if row[i] is not None:
                    row[i] = 1 if row[i] else 0
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()
