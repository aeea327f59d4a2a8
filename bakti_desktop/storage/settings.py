"""Settings that belong to the data (benchmark ratios, unit costs, user name).

They live in the database so that every laptop working on the same data uses
the same benchmark. Interface preferences (language, window geometry) are the
GUI's and live in QSettings.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from bakti_desktop.storage.base import Base


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

