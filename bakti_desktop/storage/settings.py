"""Settings that belong to the data (benchmark ratios, unit costs, user name).

They live in the database so that every laptop working on the same data uses
the same benchmark. Interface preferences (language, window geometry) are the
GUI's and live in QSettings.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from bakti_desktop.storage.base import Base

if TYPE_CHECKING:
    from bakti_desktop.storage.database import Database

HOME_KABUPATEN_KEY = "home.kabupaten"  # the district this laptop works for (chosen on the first-run screen)


class AppSetting(Base):
    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(AppSetting, key)
    return json.loads(row.value) if row is not None else default


def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(AppSetting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(AppSetting(key=key, value=encoded))
    else:
        row.value = encoded



def read_setting(db: Database, key: str, default: Any = None) -> Any:
    """A setting's stored value (``default`` when it was never set), in a transaction of its own."""
    with db.session() as session:
        return get_setting(session, key, default)


def write_setting(db: Database, key: str, value: Any) -> None:
    """Store a setting, in a transaction of its own."""
    with db.session() as session:
        set_setting(session, key, value)


def home_kabupaten(db: Database) -> str | None:
    """The kabupaten/kota code this laptop works for, or None when none was chosen."""
    code = read_setting(db, HOME_KABUPATEN_KEY)
    return str(code) if code else None


def set_home_kabupaten(db: Database, code: str | None) -> None:
    write_setting(db, HOME_KABUPATEN_KEY, code)
