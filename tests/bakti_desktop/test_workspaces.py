"""The registry of workspaces: every workspace declares every hook, and what it names exists."""

from __future__ import annotations

import argparse
import dataclasses
import inspect

import pytest

from bakti_desktop.i18n import set_language
from bakti_desktop.workspace import Sync, Workspace, resolve
from bakti_desktop.workspaces import WORKSPACES, record_tables, workspace_of


def test_a_workspace_that_omits_a_hook_is_refused() -> None:
    declared = dataclasses.asdict(WORKSPACES[0].sync)
    for hook in declared:
        with pytest.raises(TypeError):
            Sync(**{k: v for k, v in declared.items() if k != hook})
    fields = {f.name: getattr(WORKSPACES[0], f.name) for f in dataclasses.fields(Workspace)}
    for hook in fields:
        with pytest.raises(TypeError):
            Workspace(**{k: v for k, v in fields.items() if k != hook})


def test_every_record_table_belongs_to_one_workspace() -> None:
    import bakti_desktop.models  # noqa: F401 - every table
    from bakti_desktop.storage.base import Base, Record

    records = {m.local_table.name for m in Base.registry.mappers if issubclass(m.class_, Record)}
    owned = [table for workspace in WORKSPACES for table in workspace.tables()]
    assert sorted(owned) == sorted(records) and len(owned) == len(set(owned))
    assert {t.name for t in record_tables()} == records
    assert all(workspace_of(table) is not None for table in records)
    assert workspace_of("audit_entry") is None and workspace_of("sync_base") is None


def test_names_and_titles() -> None:
    names = [w.name for w in WORKSPACES]
    assert len(set(names)) == len(names)
    for workspace in WORKSPACES:
        assert workspace.models == f"bakti_desktop.{workspace.name}.models"
        assert workspace.tab.startswith(f"ui.{workspace.name}.") and ":" in workspace.tab  # resolved in tests/ui
        set_language("en")
        english = workspace.title()
        set_language("id")
        assert english and workspace.title() and english != workspace.title()


def test_each_workspace_adds_its_commands() -> None:
    sub = argparse.ArgumentParser().add_subparsers(dest="command")
    seen: set[str] = set()
    for workspace in WORKSPACES:
        handlers = resolve(workspace.commands)(sub)
        assert handlers and not set(handlers) & seen and all(callable(h) for h in handlers.values())
        assert set(handlers) <= set(sub.choices)
        seen |= set(handlers)


def test_the_exchange_hooks_name_real_columns() -> None:
    tables = {t.name: t for t in record_tables()}
    for workspace in WORKSPACES:
        sync, own = workspace.sync, workspace.tables()
        for table, columns in sync.natural_keys.items():
            assert table in own and set(columns) <= set(tables[table].columns.keys()), (table, columns)
        for table, columns in sync.derived.items():
            assert table in own and columns and columns <= set(tables[table].columns.keys()), (table, columns)
        assert (sync.derive is None) == (not sync.derived), workspace.name  # derived columns need a deriver
        for hook in (sync.check, sync.trashed, workspace.load_demo, workspace.labels.column, workspace.labels.value):
            assert callable(hook)
        assert sync.describe is None or callable(sync.describe)
        if sync.attachments is not None:
            module = resolve(sync.attachments)
            assert all(callable(getattr(module, name, None)) for name in ("members", "check", "store"))
        assert list(inspect.signature(sync.check).parameters) == ["table", "values"]


def test_the_checks_refuse_what_the_editors_refuse() -> None:
    by_name = {w.name: w for w in WORKSPACES}
    assert by_name["pksai"].sync.check("pksai_attendance_count", {"male": -1, "female": 0})
    assert by_name["pksai"].sync.check("pksai_attendance_count", {"male": 1, "female": 2}) == []
    assert by_name["mapping"].sync.check("school", {"npsn": "1", "nama_sekolah": "SD", "jenjang": "SD"})
