"""The audit trail: who created, changed or deleted which record, when, and which fields.

Every change made through an ORM session is recorded by a flush listener;
the bulk paths that write with Core (the workbook import) record their
entries themselves with :func:`write_entries`, and the records they create
with one entry per batch (:func:`record_inserted`). Entries are never changed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Table, Text, event, func, insert, inspect, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from bakti_desktop.storage.base import Base, Record, current_user, utcnow
from bakti_desktop.storage.jsonvalues import dumps, encode

SKIPPED = frozenset({"updated_at", "updated_by", "version", "created_at"})


class AuditEntry(Base):
    """One change: of one record (``record_uuid``), or the creation of a batch of records.

    A batch entry (written by :func:`record_inserted`) has no UUID; it names the ids
    ``record_id``..``last_record_id`` of ``table_name`` and covers those of them created at its
    time ``at`` (another session's rows may have ids in between; they were created at another time).
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        # The few batch entries, found by the creation time of the records a history shows.
        Index("ix_audit_entry_batch", "at", sqlite_where=text("last_record_id IS NOT NULL"),
              postgresql_where=text("last_record_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # indexed for batch entries only: the newest entries are the highest ids
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(Integer)
    last_record_id: Mapped[int | None] = mapped_column(Integer)  # a batch: records record_id..last_record_id
    record_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    changes: Mapped[str] = mapped_column(Text, default="{}")  # {"field": [old, new]}
    note: Mapped[str | None] = mapped_column(String(300))
    batch_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the survey import that wrote it (import_batch)


def _columns(obj: Record) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs if attr.key not in SKIPPED]


def _entry(obj: Record, action: str, changes: dict[str, list[Any]], user: str, when: datetime) -> dict[str, Any]:
    return {"at": when, "user": user, "action": action, "table_name": obj.__tablename__,  # type: ignore[attr-defined]
            "record_id": obj.id, "record_uuid": obj.uuid, "changes": dumps(changes, lenient=True), "note": None}


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
            rows.append(_entry(obj, "create", {k: [None, encode(state.attrs[k].value)] for k in _columns(obj)
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
                        changes[key] = [encode(old), encode(new)]
            if changes:
                rows.append(_entry(obj, "update", changes, getattr(obj, "updated_by", None) or user, when))
    for obj in session.deleted:
        if isinstance(obj, Record):
            state = inspect(obj)
            rows.append(_entry(obj, "delete", {k: [encode(state.attrs[k].value), None] for k in _columns(obj)
                                               if state.attrs[k].value is not None}, user, when))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


ENTRY_COLUMNS = ["at", "user", "action", "table_name", "record_id", "record_uuid", "changes", "note", "batch_id"]


def write_entries(conn: Any, rows: list[dict[str, Any]]) -> None:
    """Entries for changes written with Core (each row: action, table_name, record_id, record_uuid, changes, note,
    and the import batch that wrote it, ``batch_id``, when there is one)."""
    from bakti_desktop.storage.bulk import bulk_insert

    if not rows:
        return
    user, when = current_user(), utcnow()
    bulk_insert(conn, AuditEntry.__table__, ENTRY_COLUMNS, [
        [when, user, r["action"], r["table_name"], r.get("record_id"), r.get("record_uuid"),
         dumps({k: [encode(a), encode(b)] for k, (a, b) in r["changes"].items()}, lenient=True) if r.get("changes") else "{}",
         r.get("note"), r.get("batch_id")]
        for r in rows])


def last_id(conn: Any, table: Table) -> int:
    """The highest id in ``table`` (0 when empty): rows inserted afterwards have higher ids."""
    return conn.execute(select(func.max(table.c.id))).scalar() or 0


def record_inserted(conn: Any, table: Table, after_id: int, when: datetime, user: str, note: str | None,
                    batch_id: int | None = None) -> int:
    """One "create" entry for the rows the caller bulk-inserted into ``table``; returns their number.

    The rows are those with an id above ``after_id`` written at ``when`` by ``user`` (the
    timestamp and user of the caller's bulk insert), so another session's inserts are never
    counted. One entry for the batch, not one per row: an import of 20,000 schools would
    otherwise write 40,000 entries, a good part of its time. :func:`history` finds it for each
    record by the record's id and creation time.
    """
    first, last, count = conn.execute(
        select(func.min(table.c.id), func.max(table.c.id), func.count()).where(
            table.c.id > after_id, table.c.created_at == when, table.c.updated_by == user)
    ).one()
    if count:
        conn.execute(insert(AuditEntry).values(
            at=when, user=user, action="create", table_name=table.name, record_id=first, last_record_id=last,
            record_uuid=None, changes="{}", note=note, batch_id=batch_id))
    return int(count)


def _as_dict(r: Any) -> dict[str, Any]:
    return {"at": r.at.isoformat(sep=" ", timespec="seconds"), "user": r.user, "action": r.action,
            "table": r.table_name, "record_id": r.record_id, "last_record_id": r.last_record_id,
            "record_uuid": r.record_uuid, "changes": json.loads(r.changes or "{}"), "note": r.note,
            "batch": r.batch_id}


def latest(db: Any, limit: int = 50) -> list[dict[str, Any]]:
    """The newest ``limit`` entries, newest first."""
    with db.engine.connect() as conn:
        return [_as_dict(r) for r in conn.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))]


def history(db: Any, model: type, record_id: int, limit: int = 300) -> list[dict[str, Any]]:
    """The audit entries of a record and of everything it owns (a meeting's attendance, an item's notes, …),
    newest first: its own entries and the batch entries that created it."""
    records: list[Any] = []

    def collect(obj: Any) -> None:
        records.append(obj)
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
        ids_created: dict[tuple[str, datetime], list[int]] = {}  # (table, creation time) → ids
        for r in records:
            ids_created.setdefault((r.__tablename__, r.created_at), []).append(r.id)
        uuids = [r.uuid for r in records]
    with db.engine.connect() as conn:
        found = list(conn.execute(select(AuditEntry).where(AuditEntry.record_uuid.in_(uuids))
                                  .order_by(AuditEntry.id.desc()).limit(limit)))
        batches = conn.execute(select(AuditEntry).where(
            AuditEntry.last_record_id.is_not(None), AuditEntry.at.in_(sorted({at for _table, at in ids_created}))))
        found += [b for b in batches
                  if any(b.record_id <= i <= b.last_record_id for i in ids_created.get((b.table_name, b.at), ()))]
    found.sort(key=lambda r: r.id, reverse=True)
    return [_as_dict(r) for r in found[:limit]]
