"""The log file: where unexpected errors are written, for the CLI and the window alike."""

from __future__ import annotations

import logging
from pathlib import Path


class _LogFile(logging.FileHandler):
    """The handler :func:`setup_logging` installs (told apart from anyone else's)."""


def setup_logging() -> Path | None:
    """Send log records (INFO and up) to bakti.log in the user's log folder; returns its path.

    Calling it again replaces the earlier log file (a command run in-process after another, with
    another user folder, logs into its own folder and leaves no file open).
    """
    try:
        from bakti_desktop.paths import log_dir

        path = log_dir() / "bakti.log"
        handler = _LogFile(path, encoding="utf-8")
    except OSError:
        return None
    close_logging()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def close_logging() -> None:
    """Remove and close the log file :func:`setup_logging` opened, if any."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _LogFile)]:
        root.removeHandler(handler)
        handler.close()
