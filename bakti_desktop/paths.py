"""Where the program keeps its files: data, logs, resources.

The user folders come from platformdirs; ``BAKTI_DATA_DIR`` overrides the data
folder (tests and portable installs use it). Resources are found next to the
source tree or inside a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bakti_desktop import APP_ID, ORG_NAME


def data_dir() -> Path:
    """The folder holding the default database, backups and evidence files."""
    override = os.environ.get("BAKTI_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_ID, ORG_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """The folder for the error log."""
    override = os.environ.get("BAKTI_DATA_DIR")
    if override:
        path = Path(override) / "logs"
    else:
        from platformdirs import user_log_dir

        path = Path(user_log_dir(APP_ID, ORG_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    """The SQLite file used when no ``--db`` is given."""
    return data_dir() / "bakti.sqlite"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The ``resources/`` folder, in the source tree or in a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def font_path(name: str) -> Path:
    return resources_dir() / "fonts" / name
