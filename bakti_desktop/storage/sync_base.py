"""The base of each exchanged record: its content digest when it last left or entered this database.

A laptop package (``bakti_desktop/sync/package.py``) compares a record's digest here, ours and theirs
to tell "changed only there" from "changed on both sides". The table belongs to storage so that the
models of every table load without the sync code.
"""

from __future__ import annotations

from sqlalchemy import Connection, String, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from bakti_desktop.storage.base import Base


class SyncBase(Base):
    """The content digest of a record when it last left or entered this database in a package."""

    __tablename__ = "sync_base"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


def read_bases(conn: Connection) -> dict[str, str]:
    """UUID → digest of every record exchanged so far."""
    return dict(conn.execute(select(SyncBase.uuid, SyncBase.digest)).all())


def set_bases(conn: Connection, bases: dict[str, str]) -> None:
    """Record ``bases`` (UUID → digest) as the state both sides now agree on."""
    items = list(bases.items())
    for i in range(0, len(items), 500):
        chunk = dict(items[i : i + 500])
        conn.execute(delete(SyncBase).where(SyncBase.uuid.in_(list(chunk))))
        conn.execute(insert(SyncBase), [{"uuid": u, "digest": d} for u, d in chunk.items()])
