"""Declarative base shared by every workspace's models.

Constraints get stable names (needed by Alembic's batch mode on SQLite), and
every record a user creates carries a UUID (so that data from several laptops
can be merged), timestamps, the name of who changed it last and a version
counter used for optimistic locking on a shared server (see
:mod:`bakti_desktop.storage.locking`).
"""

from __future__ import annotations

import getpass
import os
import uuid
from datetime import datetime, UTC
from typing import ClassVar

from sqlalchemy import DateTime, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))  # the version nibble of byte 6
_VARIANT_RFC = bytes((b & 0x3F) | 0x80 for b in range(256))  # the variant bits of byte 8


def new_uuids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as text, from one read of the system's random source.

    The same values as ``str(uuid.uuid4())``, made about ten times faster for bulk writes.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_VARIANT_RFC)
    text = raw.hex()
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in (text[i : i + 32] for i in range(0, 32 * count, 32))]


_user_name: str | None = None


def set_user_name(name: str | None) -> None:
    """The name recorded in the audit trail and in "changed by" (the program's setting)."""
    global _user_name
    _user_name = (name or "").strip()[:100] or None


def current_user() -> str:
    """Who is working: the name set in the program, else ``BAKTI_USER``, else the system's user name."""
    if _user_name:
        return _user_name
    if os.environ.get("BAKTI_USER", "").strip():
        return os.environ["BAKTI_USER"].strip()[:100]
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name on some systems
        return "pengguna"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __table__: ClassVar[Table]  # every model here maps one table (SQLAlchemy types it as any FromClause)


class Record:
    """Columns every user-created record has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100), default=current_user)
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        # Every UPDATE says "WHERE version = <the version read>" and raises the version: a save
        # over someone else's change made meanwhile updates nothing and is refused (StaleDataError).
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
