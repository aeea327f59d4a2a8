"""Stored values as JSON and back: the one encoding of dates, times, amounts and codes.

The trash keeps deleted records as JSON, a laptop package carries records as JSON, the audit
trail records old and new values as JSON, and the bulk writer hands dates to SQLite as text. They
all write a value with :func:`encode` (or :func:`dumps`) and read it back with :func:`decode`,
which is told the column's type, so a string that looks like a date stays a string:

========================  ==============================================
stored value              JSON
========================  ==============================================
``datetime``              ``"2020-10-08T09:15:00.000000"`` (always with microseconds: lossless, one
                          spelling, so the digests of a package agree between laptops)
``date``                  ``"2020-10-08"``
``time``                  ``"09:15:00"``
``Decimal``               ``"35000000.50"`` (a string: a float would lose digits)
a code (``StrEnum``)      its stored string, ``"terbuka"``
anything else             as it is (str, int, float, bool, None)
========================  ==============================================

``encode(value, sep=" ")`` is the same text with a space, as SQLAlchemy's ``DateTime`` stores it in
SQLite (what :mod:`bakti_desktop.storage.bulk` writes). Reading accepts either separator.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Numeric, Time
from sqlalchemy.types import TypeEngine


def encode(value: Any, sep: str = "T") -> Any:
    """``value`` as a JSON value (see the module's table); ``sep`` between a datetime's date and time."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:  # the usual case, first
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=sep, timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _strict(value: Any) -> Any:
    """json's hook for what it cannot write itself: a stored value, else an error."""
    encoded = encode(value)
    if encoded is value:
        raise TypeError(f"{type(value).__name__} is not a stored value")
    return encoded


def _lenient(value: Any) -> Any:
    encoded = encode(value)
    return str(value) if encoded is value else encoded


def dumps(obj: Any, *, lenient: bool = False, **options: Any) -> str:
    """``json.dumps`` with stored values encoded wherever they are in ``obj`` (``options`` as for json).

    Anything else is an error, unless ``lenient`` (the audit trail, which must never stop a save,
    records it as its ``str``).
    """
    return json.dumps(obj, default=_lenient if lenient else _strict, **options)


def loads(text: str | bytes) -> Any:
    return json.loads(text)


def decode(value: Any, kind: TypeEngine[Any] | type | None = None) -> Any:
    """A JSON value read back as the stored value of a column of type ``kind``.

    ``kind`` is a SQLAlchemy column type (``column.type``) or a Python type (``date``, ``datetime``,
    ``time``, ``Decimal``, a :class:`~bakti_desktop.codes.Code` set). A blank stays None. A JSON
    value that cannot be of that type raises ``TypeError``/``ValueError`` (a Boolean column takes only
    ``true``/``false``: the string "false" is not false).
    """
    if value is None:
        return None
    if isinstance(kind, TypeEngine):
        kind = _python_type(kind)
    if kind is None:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is time:
        return time.fromisoformat(value)
    if kind is Decimal:
        return Decimal(str(value)) if isinstance(value, (str, int)) else Decimal(repr(value))
    if kind is bool:
        if type(value) is not bool:
            raise TypeError(value)
        return value
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    return value


def _python_type(kind: TypeEngine[Any]) -> type | None:
    """The Python type a column type asks the JSON value to be read as (None: as it is)."""
    if isinstance(kind, DateTime):
        return datetime
    if isinstance(kind, Date):
        return date
    if isinstance(kind, Time):
        return time
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Numeric) and kind.asdecimal:
        return Decimal
    return None
