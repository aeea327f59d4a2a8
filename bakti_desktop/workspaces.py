"""The workspaces, in the order of the window's tabs. Adding one: its packages and one line here.

The window builds a tab per entry (``ui/main_window.py``), the command line adds each one's commands
(``bakti_desktop/cli.py``), ``bakti_desktop/models.py`` loads their tables, the demo loads each one's
data, ``bakti_desktop/labels.py`` asks each one for its names, and the laptop sync takes their keys,
derived columns, checks and files (``bakti_desktop/sync/package.py``). What a workspace declares is
described in ``bakti_desktop/workspace.py``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from bakti_desktop.mapping.workspace import WORKSPACE as MAPPING
from bakti_desktop.pksai.workspace import WORKSPACE as PKSAI
from bakti_desktop.sss.workspace import WORKSPACE as SSS
from bakti_desktop.twinning.workspace import WORKSPACE as TWINNING
from bakti_desktop.workspace import Workspace

if TYPE_CHECKING:
    from sqlalchemy import Table

WORKSPACES: tuple[Workspace, ...] = (MAPPING, SSS, TWINNING, PKSAI)


def workspace_of(table: str) -> Workspace | None:
    """The workspace whose records live in ``table``, or None (a table of storage's own)."""
    return _by_table().get(table)


@cache
def _by_table() -> dict[str, Workspace]:
    return {table: workspace for workspace in WORKSPACES for table in workspace.tables()}


def derived_columns(table: str) -> frozenset[str]:
    """The columns of ``table`` that are computed, never exchanged nor checked as typed."""
    workspace = workspace_of(table)
    return workspace.sync.derived.get(table, frozenset()) if workspace is not None else frozenset()


def natural_key(table: str) -> tuple[str, ...]:
    """The columns that identify a record of ``table`` besides its UUID (empty when there are none)."""
    workspace = workspace_of(table)
    return tuple(workspace.sync.natural_keys.get(table, ())) if workspace is not None else ()


def record_tables() -> list[Table]:
    """The tables of user records of every workspace, parents before children."""
    import bakti_desktop.models  # noqa: F401 - registers every table
    from bakti_desktop.storage.base import Base

    names = set(_by_table())
    return [t for t in Base.metadata.sorted_tables if t.name in names]
