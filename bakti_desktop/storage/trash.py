"""The trash: deleting moves a record (with everything that belongs to it) here, from where it can be restored.

A record is stored as JSON with its column values and, recursively, the
records its relationships own (those deleted with it: a meeting's agenda and
attendance, a section's revisions). Restoring puts them back with their ids
and UUIDs, so links from elsewhere hold again. Emptying the trash is final.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, DateTime, Integer, String, Table, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy import inspect as sa_inspect

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.storage.base import Base, current_user, utcnow
from bakti_desktop.storage.jsonvalues import decode, dumps, encode, loads


class TrashItem(Base):
    __tablename__ = "trash_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_by: Mapped[str] = mapped_column(String(100))
    table_name: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(300))
    data: Mapped[str] = mapped_column(Text)


def _decode(value: Any, column_type: Any) -> Any:
    """A value of the entry read back for its column (entries of earlier versions tag their dates)."""
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("$d", "$dt"):
        value = next(iter(value.values()))  # {"$d": "2020-10-08"}
    return decode(value, column_type)


def _owned(obj: Any) -> list[tuple[str, list[Any]]]:
    mapper = sa_inspect(obj).mapper
    out = []
    for rel in mapper.relationships:
        if rel.cascade.delete and rel.uselist:
            out.append((rel.key, list(getattr(obj, rel.key))))
    return out


def serialize(obj: Any) -> dict[str, Any]:
    mapper = sa_inspect(obj).mapper
    return {
        "class": f"{type(obj).__module__}.{type(obj).__name__}",
        "values": {a.key: encode(getattr(obj, a.key)) for a in mapper.column_attrs},
        "children": {key: [serialize(child) for child in children] for key, children in _owned(obj)},
    }


def _class(path: str) -> type:
    import importlib

    module, _, name = path.rpartition(".")
    if not module.startswith("bakti_desktop."):
        raise UserError(msg(en="The trash entry is damaged.", id="Isi tempat sampah rusak."))
    cls: type = getattr(importlib.import_module(module), name)
    return cls


def _rebuild(data: dict[str, Any]) -> Any:
    cls = _class(data["class"])
    columns: Any = sa_inspect(cls).column_attrs
    obj = cls(**{k: _decode(v, columns[k].columns[0].type) for k, v in data["values"].items()})
    for key, children in data["children"].items():
        getattr(obj, key).extend(_rebuild(child) for child in children)
    return obj


def move_to_trash(session: Session, obj: Any, label: str) -> int:
    """Delete ``obj`` (and what it owns), keeping a copy in the trash; returns the trash entry id."""
    entry = TrashItem(deleted_at=utcnow(), deleted_by=current_user(), table_name=obj.__tablename__,
                      label=label[:300], data=dumps(serialize(obj)))
    session.add(entry)
    session.delete(obj)
    session.flush()
    return entry.id


def items(db: Any) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(TrashItem.id, TrashItem.deleted_at, TrashItem.deleted_by, TrashItem.table_name,
                                   TrashItem.label).order_by(TrashItem.id.desc()))
        return [dict(r) for r in rows.mappings()]


def restore(db: Any, trash_id: int) -> None:
    """Put a deleted record back; refused if its parent is gone or its id is taken again."""
    from sqlalchemy.exc import IntegrityError

    with db.session() as session:
        entry = session.get(TrashItem, trash_id)
        if entry is None:
            raise UserError(msg(en="That item is no longer in the trash.", id="Item itu sudah tidak ada di tempat sampah."))
        obj = _rebuild(loads(entry.data))
        session.add(obj)
        try:
            session.flush()
        except IntegrityError:
            raise UserError(msg(
                en="'{label}' cannot be restored: what it belonged to was deleted too, or the same record exists again.",
                id="'{label}' tidak dapat dipulihkan: induknya juga terhapus, atau data yang sama sudah ada lagi.",
                label=entry.label)) from None
        session.delete(entry)


def trashed_uuids(conn: Connection, tables: Collection[str]) -> set[str]:
    """The UUIDs of the records of ``tables`` in the trash: those deleted and those they owned.

    Read from the structure :func:`serialize` writes (each record's class and values, then its owned
    records), not by pattern: a UUID quoted in a note is no deleted record.
    """
    table_of = {f"{m.class_.__module__}.{m.class_.__name__}": cast(Table, m.local_table).name
                for m in Base.registry.mappers}
    found: set[str] = set()

    def walk(node: Any) -> None:
        if not isinstance(node, dict):
            return
        values = node.get("values")
        if table_of.get(str(node.get("class"))) in tables and isinstance(values, dict) and isinstance(values.get("uuid"), str):
            found.add(values["uuid"])
        children = node.get("children")
        for owned in children.values() if isinstance(children, dict) else ():
            for child in owned if isinstance(owned, list) else ():
                walk(child)

    for (data,) in conn.execute(select(TrashItem.data)):
        try:
            walk(loads(data))
        except ValueError:  # a damaged entry holds no record that could be restored
            continue
    return found


def empty(db: Any) -> int:
    """Delete everything in the trash for good; returns how many entries."""
    with db.session() as session:
        count = 0
        for entry in session.scalars(select(TrashItem)):
            session.delete(entry)
            count += 1
        return count
