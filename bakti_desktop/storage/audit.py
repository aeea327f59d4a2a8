"""The audit trail: who created, changed or deleted which record, when, and which fields.

Every change made through an ORM session is recorded by a flush listener;
the bulk paths that write with Core (the workbook import) record their
entries themselves with :func:`write_entries`. Entries are never changed.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Table, Text, event, func, insert, inspect, literal, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bakti_desktop.storage.base import Base, Record, current_user, utcnow

SKIPPED = frozenset({"updated_at", "updated_by", "version", "created_at"})


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # not indexed: the newest entries are the highest ids
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(Integer)
    record_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    changes: Mapped[str] = mapped_column(Text, default="{}")  # {"field": [old, new]}
    note: Mapped[str | None] = mapped_column(String(300))


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _columns(obj: Record) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs if attr.key not in SKIPPED]


def _entry(obj: Record, action: str, changes: dict[str, list[Any]], user: str, when: datetime) -> dict[str, Any]:
    return {"at": when, "user": user, "action": action, "table_name": obj.__tablename__,  # type: ignore[attr-defined]
            "record_id": obj.id, "record_uuid": obj.uuid, "changes": json.dumps(changes, default=str), "note": None}


@event.listens_for(Session, "before_flush")
def _stamp(session: Session, _context: Any, _instances: Any) -> None:
    """Every changed record says who changed it last and when (what "changed by X at T" shows)."""
    user, when = current_user(), utcnow()
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj, include_collections=False):
            state = inspect(obj)
            if not state.attrs.updated_by.history.has_changes():
                obj.updated_by = user
            if not state.attrs.updated_at.history.has_changes():
                obj.updated_at = when


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    """Record the flushed changes (the session's lists still show what was flushed)."""
    rows: list[dict[str, Any]] = []
    user, when = current_user(), utcnow()
    for obj in session.new:
        if isinstance(obj, Record):
            state = inspect(obj)
            rows.append(_entry(obj, "create", {k: [None, _plain(state.attrs[k].value)] for k in _columns(obj)
                                               if state.attrs[k].value is not None}, user, when))
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj, include_collections=False):
            state = inspect(obj)
            changes = {}
            for key in _columns(obj):
                history = state.attrs[key].history
                if history.has_changes():
                    old = history.deleted[0] if history.deleted else None
                    new = history.added[0] if history.added else None
                    if old != new:
                        changes[key] = [_plain(old), _plain(new)]
            if changes:
                rows.append(_entry(obj, "update", changes, getattr(obj, "updated_by", None) or user, when))
    for obj in session.deleted:
        if isinstance(obj, Record):
            state = inspect(obj)
            rows.append(_entry(obj, "delete", {k: [_plain(state.attrs[k].value), None] for k in _columns(obj)
                                               if state.attrs[k].value is not None}, user, when))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


ENTRY_COLUMNS = ["at", "user", "action", "table_name", "record_id", "record_uuid", "changes", "note"]


def write_entries(conn: Any, rows: list[dict[str, Any]]) -> None:
    """Entries for changes written with Core (each row: action, table_name, record_id, record_uuid, changes, note)."""
    from bakti_desktop.storage.bulk import bulk_insert

    if not rows:
        return
    user, when = current_user(), utcnow()
    bulk_insert(conn, AuditEntry.__table__, ENTRY_COLUMNS, [
        [when, user, r["action"], r["table_name"], r.get("record_id"), r.get("record_uuid"),
         json.dumps({k: [_plain(a), _plain(b)] for k, (a, b) in r["changes"].items()}) if r.get("changes") else "{}",
         r.get("note")]
        for r in rows])


def last_id(conn: Any, table: Table) -> int:
    """The highest id in ``table`` (0 when empty): rows inserted afterwards have higher ids."""
    return conn.execute(select(func.max(table.c.id))).scalar() or 0


def record_inserted(conn: Any, table: Table, after_id: int, when: datetime, user: str, note: str) -> int:
    """"create" entries for the rows the caller bulk-inserted into ``table``, in one statement.

    The rows are those with an id above ``after_id`` written at ``when`` by ``user`` (the
    timestamp and user of the caller's bulk insert), so another session's inserts are never
    counted. Returns the number of entries.
    """
    source = select(
        literal(when, DateTime), literal(user, String), literal("create", String), literal(table.name, String),
        table.c.id, table.c.uuid, literal("{}", Text), literal(note, String),
    ).where(table.c.id > after_id, table.c.created_at == when, table.c.updated_by == user)
    return conn.execute(insert(AuditEntry).from_select(ENTRY_COLUMNS, source)).rowcount


def latest(db: Any, limit: int = 50, record_uuids: list[str] | None = None) -> list[dict[str, Any]]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if record_uuids is not None:
        stmt = stmt.where(AuditEntry.record_uuid.in_(record_uuids))
    with db.engine.connect() as conn:
        return [{"at": r.at.isoformat(sep=" ", timespec="seconds"), "user": r.user, "action": r.action,
                 "table": r.table_name, "record_id": r.record_id, "record_uuid": r.record_uuid,
                 "changes": json.loads(r.changes or "{}"), "note": r.note}
                for r in conn.execute(stmt).all()]


def history(db: Any, model: type, record_id: int, limit: int = 300) -> list[dict[str, Any]]:
    """The audit entries of a record and of everything it owns (a meeting's attendance, an item's notes, …)."""
    uuids: list[str] = []

    def collect(obj: Any) -> None:
        uuids.append(obj.uuid)
        for rel in inspect(obj).mapper.relationships:
            if rel.cascade.delete and rel.uselist:
                for child in getattr(obj, rel.key):
                    if isinstance(child, Record):
                        collect(child)

    with db.session() as session:
        record = session.get(model, record_id)
        if record is None:
            return []
        collect(record)
    return latest(db, limit=limit, record_uuids=uuids)
