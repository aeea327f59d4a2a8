"""GUI fixtures: an application named like the real one, private settings, Indonesian."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bakti_desktop import APP_ID, ORG_NAME


@pytest.fixture(autouse=True)
def private_settings(qapp, tmp_path: Path):  # type: ignore[no-untyped-def]
    qapp.setOrganizationName(ORG_NAME)
    qapp.setApplicationName(APP_ID)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings().clear()
    from ui import i18n

    i18n.install("id")
    yield
    QSettings().clear()
