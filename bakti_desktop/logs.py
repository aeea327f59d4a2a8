"""The log file: where unexpected errors are written, for the CLI and the window alike."""

from __future__ import annotations

import logging
from pathlib import Path


def setup_logging() -> Path | None:
    """Send log records (INFO and up) to bakti.log in the user's log folder; returns its path."""
    try:
        from bakti_desktop.paths import log_dir

        path = log_dir() / "bakti.log"
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
