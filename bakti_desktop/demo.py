"""Demonstration data of every workspace, drawn from the BaKTI seed report."""

from __future__ import annotations

from bakti_desktop.storage.database import Database
from bakti_desktop.workspaces import WORKSPACES


def load_demo(db: Database) -> list[str]:
    """Load all demo data into ``db``; returns one report line per workspace."""
    return [workspace.load_demo(db) for workspace in WORKSPACES]
