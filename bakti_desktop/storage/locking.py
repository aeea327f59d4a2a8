"""Optimistic locking: a save over someone else's newer change is refused, never silently lost.

Every record has a ``version`` that each update raises. An editor remembers
the version it loaded and passes it to the save; :func:`check_version` refuses
the save when the stored version has moved on, naming who changed the record
and when. A second guard works inside the database: the mapper's
``version_id_col`` makes every UPDATE conditional on the version read in the
same transaction, so two saves racing on a shared server cannot both win
(the loser's flush raises ``StaleDataError``, turned into
:class:`ChangedElsewhere` by :meth:`Database.session`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg


def local_time(moment: datetime | None) -> str:
    """A stored (UTC) time as the user's local dd/mm/yyyy hh:mm."""
    if moment is None:
        return "?"
    return moment.replace(tzinfo=timezone.utc).astimezone().strftime("%d/%m/%Y %H:%M")


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


def stored(db: Any, model: type, record_id: int, keys: list[str]) -> tuple[int, dict[str, Any]] | None:
    """(version, values of ``keys``) of a record as stored now, or None if it is gone."""
    with db.session() as session:
        record = session.get(model, record_id)
        if record is None:
            return None
        return record.version, {key: getattr(record, key) for key in keys}
