"""Loading a record by id when it must exist (the user is working on it)."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from bakti_desktop.errors import RecordGone
from bakti_desktop.i18n import msg

R = TypeVar("R")


def must_get(session: Session, model: type[R], record_id: int | None, *, en: str, id: str) -> R:  # noqa: A002
    """``session.get(model, record_id)``, or :class:`RecordGone` with the message ``en``/``id`` if it is gone.

    Gone: deleted (or moved to the trash) in another window or by another user since it was shown.
    """
    record = session.get(model, record_id) if record_id is not None else None
    if record is None:
        raise RecordGone(msg(en=en, id=id))
    return record
