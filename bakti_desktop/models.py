"""Loads every model so that ``Base.metadata`` knows all tables: storage's own and each workspace's
(bakti_desktop/workspaces.py), then declares the CHECK constraints of new databases."""

import importlib

from bakti_desktop.storage import audit, rules, settings, sync_base, trash
from bakti_desktop.storage.base import Base
from bakti_desktop.workspaces import WORKSPACES

for _workspace in WORKSPACES:
    importlib.import_module(_workspace.models)

rules.check_constraints(Base.metadata)  # the CHECK constraints of new databases (migration 0013 for older ones)
rules.install_guard()

__all__ = ["audit", "settings", "sync_base", "trash"]
