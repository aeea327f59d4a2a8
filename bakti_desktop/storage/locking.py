"""Optimistic locking: a save over someone else's newer change is refused, never silently lost.

Every record has a ``version`` that each update raises. An editor remembers
the version it loaded and passes it to the save. The save starts with
:func:`claim`: a conditional ``UPDATE … WHERE id = ? AND version = ?`` that
matches nothing when the stored version has moved on (the save is then refused
with :class:`ChangedElsewhere`, naming who changed the record and when) and
otherwise locks the record until the save commits: the row on PostgreSQL, the
database's write lock on SQLite. A second save racing from another process
waits for the first and then finds the version moved on, so two saves that
loaded the same version can never both win, whatever they change (the record
itself, or only its rows: sections' revisions, a programme's topics, a
document's programme table). :func:`touch` raises the version of a record
whose rows changed while its own columns did not.

A last guard works at flush: the mapper's ``version_id_col`` makes every ORM
UPDATE conditional on the version read in the same transaction (the loser's
flush raises ``StaleDataError``, turned into :class:`ChangedElsewhere` by
:meth:`Database.session`).
"""

from __future__ import annotations

from datetime import datetime, UTC
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg

R = TypeVar("R")


def local_time(moment: datetime | None) -> str:
    """A stored (UTC) time as the user's local date and time, in the one format of tables (``reports.format``)."""
    if moment is None:
        return "?"
    from bakti_desktop.reports.format import datetime_short

    return datetime_short(moment.replace(tzinfo=UTC).astimezone())


class ChangedElsewhere(UserError):
    """The record was changed by someone else since it was loaded; nothing was saved."""

    def __init__(self, who: str | None, when: datetime | None, version: int | None = None) -> None:
        self.who, self.when, self.version = who, when, version
        if who:
            text = msg(
                en="Not saved: this record was changed by {who} at {when} after you opened it. "
                "Reload it to see their change, or compare it with yours.",
                id="Tidak disimpan: data ini diubah oleh {who} pada {when} setelah Anda membukanya. "
                "Muat ulang untuk melihat perubahannya, atau bandingkan dengan isian Anda.",
                who=who, when=local_time(when))
        else:
            text = msg(
                en="Not saved: this record was changed by someone else at the same moment. "
                "Reload it to see their change, or compare it with yours.",
                id="Tidak disimpan: data ini baru saja diubah oleh pengguna lain. "
                "Muat ulang untuk melihat perubahannya, atau bandingkan dengan isian Anda.")
        super().__init__(text)


def check_version(record: Any, expected: int | None) -> None:
    """Refuse to save over ``record`` if its stored version is not the ``expected`` one (None: no check)."""
    if expected is not None and record.version != expected:
        raise ChangedElsewhere(record.updated_by, record.updated_at, record.version)


def claim(session: Session, model: type[R], record_id: int, expected: int | None) -> R | None:
    """Lock a record for the rest of ``session``'s transaction, refusing if it is no longer at ``expected``.

    The first statement a save runs (before anything it writes): on SQLite it takes the write lock
    then, so the check and the save see the same database; on PostgreSQL it locks the row, and a
    racing save waits, re-reads the version and is refused. ``expected`` None (a save that loaded
    nothing: the command line, an import) locks without checking. Returns the record as stored now
    (loaded afresh), or None if it no longer exists.
    """
    table = model.__table__  # type: ignore[attr-defined]
    condition = [table.c.id == record_id]
    if expected is not None:
        condition.append(table.c.version == expected)
    result = session.execute(update(table).where(*condition).values(version=table.c.version))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        row = session.execute(select(table.c.version, table.c.updated_by, table.c.updated_at)
                              .where(table.c.id == record_id)).first()
        if row is None:
            return None
        raise ChangedElsewhere(row.updated_by, row.updated_at, row.version)
    return session.get(model, record_id, populate_existing=True)


def touch(record: Any, who: str | None = None) -> None:
    """Mark ``record`` changed (who, when; the flush raises its version): its rows changed, not its columns."""
    from bakti_desktop.storage.base import current_user, utcnow

    record.updated_at = utcnow()
    record.updated_by = who or current_user()


def stored(db: Any, model: type, record_id: int, keys: list[str]) -> tuple[int, dict[str, Any]] | None:
    """(version, values of ``keys``) of a record as stored now, or None if it is gone."""
    with db.session() as session:
        record = session.get(model, record_id)
        if record is None:
            return None
        return record.version, {key: getattr(record, key) for key in keys}
