"""What a workspace declares so that the window, the command line, the demo, the labels and the laptop
sync serve it without knowing it. The list of workspaces is ``bakti_desktop/workspaces.py``.

A workspace (``bakti_desktop/<name>/workspace.py``) is one :class:`Workspace` value. Every field is
required: a declaration that omits a hook does not construct, and ``tests/bakti_desktop/test_workspaces.py``
checks what each one names. Declarations are cheap to import — no SQLAlchemy, no models — because the
window paints its tabs from the registry before the database layer loads and a command loads only the
workspace it runs: what is heavy is named by an import path (``"module"`` or ``"module:attribute"``) or
reached through a function that imports when called.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from bakti_desktop.i18n import language

if TYPE_CHECKING:
    import argparse

    from bakti_desktop.codes import Code

    from sqlalchemy import Connection, Table

    from bakti_desktop.storage.database import Database

    Handler = Callable[[argparse.Namespace], int]


def resolve(path: str) -> Any:
    """The object an import path names: ``"package.module"`` or ``"package.module:attribute"``."""
    module, _, attribute = path.partition(":")
    found = importlib.import_module(module)
    return getattr(found, attribute) if attribute else found


@dataclass(frozen=True, kw_only=True)
class Labels:
    """Names for people of a workspace's stored columns and codes (the history and the package conflicts).

    ``column(table, key)`` is the column's name in the current language, or None when it has none
    (it is then shown made readable); ``value(table, key, value)`` is a stored value's name, or None;
    ``codes(table, key)`` is the :class:`~bakti_desktop.codes.Code` set the column stores, or None.
    """

    column: Callable[[str, str], str | None]
    value: Callable[[str, str, Any], str | None]
    codes: Callable[[str, str], type[Code] | None]


def named_columns(names: Mapping[str, tuple[str, str]],
                  codes: Callable[[str, str], type[Code] | None]) -> Labels:
    """Labels from a table of ``column → (English, Indonesian)`` (the same name means the same thing in
    every table of the workspace) and ``codes(table, column)``: the :class:`~bakti_desktop.codes.Code` set
    that column stores (its members name the codes in the current language), or None."""

    def column(_table: str, key: str) -> str | None:
        if key not in names:
            return None
        english, indonesian = names[key]
        return indonesian if language() == "id" else english

    def value(table: str, key: str, stored: Any) -> str | None:
        code_set = codes(table, key)
        if code_set is None or not code_set.known(stored):  # an unknown code is shown as stored
            return None
        return str(code_set.label_of(stored))

    return Labels(column=column, value=value, codes=codes)


@dataclass(frozen=True, kw_only=True)
class Sync:
    """How a laptop package (``bakti_desktop/sync/package.py``) exchanges the workspace's records.

    * ``natural_keys``: table → columns that identify a record besides its UUID (a school's NPSN): a
      record entered on two laptops separately is matched by them and treated as one record.
    * ``derived``: table → columns computed from the others with this database's settings; they are
      never exchanged but recomputed here by ``derive(conn)(table, values)`` (None when nothing is derived).
    * ``check(table, values)``: why a record from a package is refused (the rules of the workspace's form
      and editors), as a list of sentences; empty when it may come in.
    * ``trashed(conn, tables)``: the UUIDs of the workspace's records in the trash (a record deleted here
      is not brought back by a package): :func:`in_trash` unless the workspace keeps them otherwise.
    * ``describe(conn, table, values)``: the name of a record for people, when its own columns do not
      give one (a survey is named by its school and year); None to use the record's title or name.
    * ``attachments``: import path of a module sending the files the records name (``members``,
      ``check``, ``store``: see ``bakti_desktop/twinning/attachments.py``), or None.
    """

    natural_keys: Mapping[str, tuple[str, ...]]
    derived: Mapping[str, frozenset[str]]
    derive: Callable[[Connection], Callable[[str, dict[str, Any]], dict[str, Any]]] | None
    check: Callable[[str, dict[str, Any]], list[str]]
    trashed: Callable[[Connection, frozenset[str]], set[str]]
    describe: Callable[[Connection, str, dict[str, Any]], str | None] | None
    attachments: str | None


def in_trash(conn: Connection, tables: frozenset[str]) -> set[str]:
    """The UUIDs of the records of ``tables`` in the trash (deleted ones, and those they owned)."""
    from bakti_desktop.storage.trash import trashed_uuids

    return trashed_uuids(conn, tables)


@dataclass(frozen=True, kw_only=True)
class Workspace:
    """One workspace: its records, its tab, its commands, its demo, its labels and its exchange hooks.

    * ``name``: the package name in the core and the interface (``bakti_desktop/<name>``, ``ui/<name>``),
      also the main window's attribute for its page.
    * ``title()``: the tab's title in the current language.
    * ``models``: import path of the module defining its tables (every ``Record`` subclass there is one
      of its record kinds).
    * ``tab``: import path of its page class (``"ui.<name>.page:Page"``), built as ``Page(db, window)``;
      the page offers ``refresh()`` and ``editors()``. The core never imports it.
    * ``commands``: import path of ``add_commands(subparsers) -> {command: handler}``.
    * ``load_demo(db)``: loads its demonstration data; returns one line saying what was added.
    """

    name: str
    title: Callable[[], str]
    models: str
    tab: str
    commands: str
    load_demo: Callable[[Database], str]
    labels: Labels
    sync: Sync

    def tables(self) -> frozenset[str]:
        """The names of its record tables (loads its models)."""
        return _tables(self.models)


@cache
def _tables(models: str) -> frozenset[str]:
    from bakti_desktop.storage.base import Base, Record

    importlib.import_module(models)
    return frozenset(cast("Table", m.local_table).name for m in Base.registry.mappers
                     if m.class_.__module__ == models and issubclass(m.class_, Record))
