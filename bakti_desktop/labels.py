"""Stored columns and values named for people.

The audit trail and the conflicts of a laptop package record changes by column name and stored
value (``jamban_guru``, ``leher_angsa``, ``True``); the history dialog and the package dialog show
them through these functions, which ask the workspace the table belongs to (its ``labels`` in
bakti_desktop/workspaces.py): the survey form's label and the choice's name in the current language
for the mapping, the names their editors use for the others, and codes (statuses, stages, kinds, service
levels) by the names their :class:`~bakti_desktop.codes.Code` set declares, the same names the editors,
exports and command line use. A column without a name is shown made readable (``meeting_date`` → "Meeting date").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bakti_desktop.workspaces import workspace_of

if TYPE_CHECKING:
    from bakti_desktop.codes import Code


def code_set(table: str, key: str) -> type[Code] | None:
    """The code set (with its names) that column ``key`` of ``table`` stores, or None."""
    workspace = workspace_of(table)
    return workspace.labels.codes(table, key) if workspace is not None else None


def column_label(table: str, key: str) -> str:
    """The name of column ``key`` of ``table`` for people."""
    workspace = workspace_of(table)
    named = workspace.labels.column(table, key) if workspace is not None else None
    return named if named is not None else key.replace("_", " ").capitalize()


def column_value(table: str, key: str, value: Any) -> Any:
    """A stored value as people know it: a choice's name, a service level's name; anything else as stored."""
    if value is None:
        return value
    workspace = workspace_of(table)
    named = workspace.labels.value(table, key, value) if workspace is not None else None
    return named if named is not None else value
