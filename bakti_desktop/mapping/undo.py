"""Import batches and undoing an import (docs/domain-rules.md §3.7).

Every survey import that writes is one batch (:class:`~bakti_desktop.mapping.models.ImportBatch`): its
id is recorded on every audit entry the writer makes for it (``audit_entry.batch_id``), which says what
it did — the schools and surveys it created (one batch entry per table: ids and creation time) and
those it changed, with each field's previous and new value. :func:`undo_import` reads that back and, in
ONE transaction:

* moves the surveys it added to the trash (a school it created, with those surveys, when nothing else
  uses the school: no other survey), where they can be restored like any deleted record;
* gives the surveys and schools it changed their previous values back;
* leaves alone every record changed after the import (a later audit entry names it, its values are no
  longer those the import wrote, or it is gone): these are listed as conflicts, never overwritten;
* marks the batch undone (a second undo changes nothing and says so).

It writes with Core and executemany, like the import (:mod:`storage.bulk`), so undoing 20,000 rows
takes about as long as writing them. A killed process leaves the database as it was.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    RowMapping,
    Table,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)

from bakti_desktop.errors import UserError
from bakti_desktop.faults import fault_point
from bakti_desktop.i18n import msg
from bakti_desktop.mapping.models import ImportBatch, School, Survey
from bakti_desktop.storage.audit import ENTRY_COLUMNS, AuditEntry, write_entries
from bakti_desktop.storage.base import current_user, utcnow
from bakti_desktop.storage.bulk import LOOKUP_ROWS, bulk_insert, indexes_rebuilt_after, lookup
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.jsonvalues import decode, dumps, encode

TABLES: dict[str, Table] = {"school": School.__table__, "survey": Survey.__table__}
DELETE_ROWS = LOOKUP_ROWS  # ids per DELETE … IN (…): well within every limit on parameters
CLASSES = {"school": "bakti_desktop.mapping.models.School", "survey": "bakti_desktop.mapping.models.Survey"}


# -- the batch, as the import writes it ------------------------------------------------------------------


def start_batch(conn: Connection, source: str, sheets: Sequence[str]) -> int:
    """A new batch for an import about to write (in its transaction); returns its id."""
    done = conn.execute(insert(ImportBatch).values(
        at=utcnow(), user=current_user(), source=source[:300], sheets="\n".join(sheets)[:500], added=0, updated=0,
        unchanged=0, rejected=0, schools_added=0, schools_updated=0))
    key = done.inserted_primary_key
    if key is None:
        raise RuntimeError("the new batch has no id")
    return int(key[0])


def finish_batch(conn: Connection, batch: int, done: Any, unchanged: int, rejected: int) -> None:
    """Record what the import did (``done``: the writer's :class:`~bakti_desktop.mapping.writer.WriteResult`)."""
    conn.execute(update(ImportBatch).where(ImportBatch.id == batch).values(
        added=done.added, updated=done.updated, unchanged=unchanged, rejected=rejected,
        schools_added=done.schools_added, schools_updated=done.schools_updated))


def _batch_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "at": row.at, "user": row.user, "source": row.source,
            "sheets": [s for s in (row.sheets or "").split("\n") if s], "added": row.added, "updated": row.updated,
            "unchanged": row.unchanged, "rejected": row.rejected, "schools_added": row.schools_added,
            "schools_updated": row.schools_updated, "undone_at": row.undone_at, "undone_by": row.undone_by}


def recent_imports(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    """The newest ``limit`` import batches, newest first (times as stored: UTC)."""
    with db.engine.connect() as conn:
        rows = conn.execute(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()
    return [_batch_dict(r) for r in rows]


def batch_json(batch: Mapping[str, Any]) -> dict[str, Any]:
    return {k: encode(v) if isinstance(v, datetime) else v for k, v in batch.items()}


# -- undoing ---------------------------------------------------------------------------------------------


@dataclass
class Conflict:
    """A record the import wrote and someone changed (or deleted) since: the undo leaves it as it is."""

    table: str
    record_id: int
    npsn: str | None
    school: str | None
    year: int | None
    reason: str  # "changed" or "gone"

    def as_json(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.record_id, "npsn": self.npsn, "school": self.school,
                "year": self.year, "reason": self.reason}

    def text(self) -> str:
        what = (msg(en="survey {year} of {name} ({npsn})", id="survei {year} {name} ({npsn})",
                    year=self.year, name=self.school or "?", npsn=self.npsn or "?") if self.table == "survey"
                else msg(en="school {name} ({npsn})", id="sekolah {name} ({npsn})",
                         name=self.school or "?", npsn=self.npsn or "?"))
        if self.reason == "gone":
            return msg(en="{what}: deleted since the import", id="{what}: sudah dihapus sesudah impor", what=what)
        return msg(en="{what}: changed since the import, left as it is",
                   id="{what}: diubah sesudah impor, dibiarkan", what=what)


@dataclass
class _Plan:
    """What undoing a batch does, worked out from its audit entries and the records as they are now."""

    surveys: list[RowMapping] = field(default_factory=list)  # added surveys to trash on their own
    schools: list[tuple[RowMapping, list[RowMapping]]] = field(default_factory=list)  # created schools to trash, with their surveys
    restore: dict[str, list[tuple[RowMapping, dict[str, Any]]]] = field(
        default_factory=lambda: {"school": [], "survey": []})  # (record now, {column: previous value})
    schools_kept: int = 0  # schools it created that something else uses now
    conflicts: list[Conflict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"surveys_trashed": len(self.surveys) + sum(len(s) for _school, s in self.schools),
                "surveys_restored": len(self.restore["survey"]), "schools_removed": len(self.schools),
                "schools_restored": len(self.restore["school"]), "schools_kept": self.schools_kept}


def undo_import(db: Database, batch_id: int, *, dry_run: bool = False) -> dict[str, Any]:
    """Revert import batch ``batch_id`` in one transaction (see the module's documentation); return what it did.

    ``dry_run`` works out the same and writes nothing. A batch already undone is left as it is: the
    answer says so (``already_undone``) and repeats what the first undo did.
    """
    now, user = utcnow(), current_user()
    with db.engine.begin() as conn:
        row = conn.execute(select(ImportBatch).where(ImportBatch.id == batch_id)).one_or_none()
        if row is None:
            raise UserError(msg(en="There is no import number {n}.", id="Tidak ada impor nomor {n}.", n=batch_id))
        batch = _batch_dict(row)
        if row.undone_at is None and not dry_run:
            # Claimed first: the write lock is held from here, and a second undo at the same time finds it claimed.
            claimed = conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id, ImportBatch.undone_at.is_(None))
                                   .values(undone_at=now, undone_by=user)).rowcount
        else:
            claimed = 0
        if row.undone_at is not None or (not dry_run and claimed != 1):
            earlier = json.loads(row.undo_result or "{}")
            return {**earlier, "batch": batch_json(batch), "dry_run": dry_run, "already_undone": True}
        plan = _plan(conn, batch_id)
        result = {"batch": batch_json(batch), "dry_run": dry_run, "already_undone": False, **plan.counts(),
                  "conflicts": [c.as_json() for c in plan.conflicts]}
        if dry_run:
            return result
        _apply(conn, plan, batch_id, row.source, now, user)
        conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(undo_result=dumps(
            {k: v for k, v in result.items() if k not in ("batch", "dry_run", "already_undone")})))
        fault_point("undo-before-commit")  # everything written, nothing committed yet
    batch.update(undone_at=now, undone_by=user)
    result["batch"] = batch_json(batch)
    return result


def _plan(conn: Connection, batch_id: int) -> _Plan:
    plan = _Plan()
    entries = conn.execute(select(AuditEntry).where(AuditEntry.batch_id == batch_id).order_by(AuditEntry.id)).all()
    if not entries:
        return plan
    last_entry = entries[-1].id
    created: dict[str, list[Any]] = {"school": [], "survey": []}  # RowMappings, then dictionaries
    updated: dict[str, list[Any]] = {"school": [], "survey": []}
    for entry in entries:
        if entry.table_name not in TABLES:
            continue
        table = TABLES[entry.table_name]
        if entry.action == "create" and entry.last_record_id is not None:
            created[entry.table_name] += _created(conn, table, entry)
        elif entry.action == "update":
            updated[entry.table_name].append(entry)
    uuids = [r["uuid"] for rows in created.values() for r in rows] + [e.record_uuid for es in updated.values() for e in es]
    later = {uuid for (uuid,) in lookup(conn, select(AuditEntry.record_uuid).where(AuditEntry.id > last_entry),
                                        AuditEntry.record_uuid, uuids)}  # changed since: a later entry names it

    names: dict[int, tuple[str, str]] = {}  # school id → (NPSN, name), for the conflicts

    def conflict(table: str, record: Any, record_id: int, reason: str) -> None:  # a RowMapping or a dict
        school_id = None if record is None else (record["id"] if table == "school" else record["school_id"])
        npsn, name = names.get(school_id, (None, None)) if school_id is not None else (None, None)
        if table == "school" and record is not None:
            npsn, name = record["npsn"], record["nama_sekolah"]
        plan.conflicts.append(Conflict(table, record_id, npsn, name, None if record is None or table == "school"
                                       else record["year"], reason))

    # Surveys and schools it changed: their previous values, unless changed since.
    for table_name in ("school", "survey"):
        table = TABLES[table_name]
        entries_of = updated[table_name]
        now = {r["id"]: r for r in (x._mapping for x in lookup(conn, select(table), table.c.id,
                                                                [e.record_id for e in entries_of]))}
        if table_name == "survey":
            names.update(_school_names(conn, [r["school_id"] for r in now.values()]))
        for entry in entries_of:
            record = now.get(entry.record_id)
            if record is None:
                conflict(table_name, None, entry.record_id, "gone")
                continue
            changes = {k: (decode(old, table.c[k].type), decode(new, table.c[k].type))
                       for k, (old, new) in json.loads(entry.changes).items()}
            if entry.record_uuid in later or any(_differs(record[k], new) for k, (_old, new) in changes.items()):
                conflict(table_name, record, entry.record_id, "changed")
            else:
                plan.restore[table_name].append((record, {k: old for k, (old, _new) in changes.items()}))

    # Surveys it added: to the trash, unless changed since; with their school when it created it and nothing else uses it.
    unchanged = {name: [r for r in rows if r["version"] == 1 and r["uuid"] not in later] for name, rows in created.items()}
    names.update({r["id"]: (r["npsn"], r["nama_sekolah"]) for r in created["school"]})
    names.update(_school_names(conn, [r["school_id"] for r in created["survey"] if r["school_id"] not in names]))
    for name, rows in created.items():
        kept = {r["id"] for r in unchanged[name]}
        for record in rows:
            if record["id"] not in kept:
                conflict(name, record, record["id"], "changed")
    removable = {r["id"]: r for r in unchanged["survey"]}
    new_schools = {r["id"]: r for r in unchanged["school"]}
    surveys_of: dict[int, list[int]] = defaultdict(list)  # every survey of the schools it created, by school
    if new_schools:
        for survey_id, school_id in lookup(conn, select(Survey.id, Survey.school_id), Survey.school_id, list(new_schools)):
            surveys_of[school_id].append(survey_id)
    with_school: set[int] = set()
    for school_id, school in new_schools.items():
        own = surveys_of.get(school_id, [])
        if all(s in removable for s in own):
            plan.schools.append((school, [removable[s] for s in own]))
            with_school.update(own)
    plan.schools_kept = len(created["school"]) - len(plan.schools)
    plan.surveys = [r for r in unchanged["survey"] if r["id"] not in with_school]
    return plan


KEPT = {"school": ("id", "uuid", "version", "npsn", "nama_sekolah"),  # what the undo reads of a record it removes
        "survey": ("id", "uuid", "version", "school_id", "year")}


def _created(conn: Connection, table: Table, entry: Any) -> list[dict[str, Any]]:
    """The records of ``table`` a batch entry created that are still stored: the columns of :data:`KEPT`, and
    ``values``, the record's values as JSON the way the trash stores them (:func:`trash.serialize`), blanks
    left out (a blank column of these tables has no default: left out, it is restored blank).

    Thousands of records: on SQLite the database writes the JSON itself (``json_object``; dates as the text
    it stores, which :func:`jsonvalues.decode` reads back; yes/no as true/false); elsewhere Python does.
    """
    where = (table.c.id.between(entry.record_id, entry.last_record_id), table.c.created_at == entry.at)
    kept = [table.c[k] for k in KEPT[table.name]]
    if conn.dialect.name == "sqlite":
        quote = conn.dialect.identifier_preparer.quote
        pairs = []
        for column in table.c:
            name = quote(column.name)
            value = (f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN json('true') ELSE json('false') END"
                     if isinstance(column.type, Boolean) else name)
            pairs.append(f"'{column.name}', {value}")
        values = text(f"json_patch('{{}}', json_object({', '.join(pairs)}))")
        result = conn.execute(select(*kept, values).where(*where))
        return [{**dict(zip(KEPT[table.name], row)), "values": row[-1]} for row in result]
    keys = [c.name for c in table.c]
    result = conn.execute(select(*kept, *table.c).where(*where))
    size = len(kept)
    return [{**dict(zip(KEPT[table.name], row)),
             "values": dumps({k: v for k, v in zip(keys, row[size:]) if v is not None})} for row in result]


def _school_names(conn: Connection, ids: list[int]) -> dict[int, tuple[str, str]]:
    query = select(School.id, School.npsn, School.nama_sekolah)
    return {r.id: (r.npsn, r.nama_sekolah) for r in lookup(conn, query, School.id, list(set(ids)))}


def _differs(now: Any, written: Any) -> bool:
    if isinstance(now, float) or isinstance(written, float):
        return (now is None) != (written is None) or (now is not None and abs(float(now) - float(written)) > 1e-9)
    return bool(now != written)


def _apply(conn: Connection, plan: _Plan, batch_id: int, source: str, now: datetime, user: str) -> None:
    note = f"batal impor #{batch_id}: {source}"[:300]
    audit: list[dict[str, Any]] = []
    # Previous values back, one executemany per set of columns, each conditional on the version read.
    for table_name, restores in plan.restore.items():
        table = TABLES[table_name]
        by_keys: dict[tuple[str, ...], list[tuple[RowMapping, dict[str, Any]]]] = defaultdict(list)
        for record, values in restores:
            by_keys[tuple(sorted(values))].append((record, values))
        for keys, group in by_keys.items():
            statement = update(table).where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version")).values(
                {**{k: bindparam(f"b_{k}") for k in keys}, "updated_at": now, "updated_by": user,
                 "version": table.c.version + 1})
            conn.execute(statement, [{"b_id": r["id"], "b_version": r["version"], **{f"b_{k}": v[k] for k in keys}}
                                     for r, v in group])
            audit += [{"action": "update", "table_name": table_name, "record_id": r["id"], "record_uuid": r["uuid"],
                       "changes": {k: (r[k], v[k]) for k in keys}, "note": note} for r, v in group]
    # Added surveys (and created schools with theirs) to the trash, then out of their tables.
    items: list[list[Any]] = []
    names = _school_names(conn, [r["school_id"] for r in plan.surveys])
    for record in plan.surveys:
        school = names.get(record["school_id"], ("?", "?"))
        items.append([now, user, "survey", f"Survei {record['year']} — {school[1]} ({school[0]})"[:300],
                      _trash_data("survey", record)])
    for school_row, surveys in plan.schools:
        label = msg(en="School {npsn} — {name} ({n} surveys)", id="Sekolah {npsn} — {name} ({n} survei)",
                    npsn=school_row["npsn"], name=school_row["nama_sekolah"], n=len(surveys))
        items.append([now, user, "school", label[:300], _trash_data("school", school_row, surveys)])
    from bakti_desktop.storage.trash import TrashItem

    bulk_insert(conn, TrashItem.__table__, ["deleted_at", "deleted_by", "table_name", "label", "data"], items)
    gone_surveys = [*plan.surveys, *(s for _school, surveys in plan.schools for s in surveys)]
    gone_schools = [school for school, _surveys in plan.schools]
    write_entries(conn, audit)
    with ExitStack() as rebuilt:
        for table_name, records in (("survey", gone_surveys), ("school", gone_schools)):
            if not records:
                continue
            table = TABLES[table_name]
            # Deleting most of a table (the undo of a first import): its plain indexes are dropped and rebuilt
            # from what stays, as the import did for its inserts (the test is "more than the highest id").
            rebuilt.enter_context(indexes_rebuilt_after(conn, table, 2 * len(records)))
            ids = [r["id"] for r in records]
            removal = delete(table).where(table.c.id.in_(bindparam("ids", expanding=True)))
            for start in range(0, len(ids), DELETE_ROWS):
                conn.execute(removal, {"ids": ids[start : start + DELETE_ROWS]})
            # One "delete" entry per record (its values are in the trash), written as the import writes its rows.
            bulk_insert(conn, AuditEntry.__table__, ENTRY_COLUMNS, [
                [now, user, "delete", table_name, r["id"], r["uuid"], "{}", note, None] for r in records])


def _trash_data(table_name: str, record: Any, children: Sequence[Any] = ()) -> str:  # RowMappings
    """A record (and the surveys a school takes with it) as the trash stores it (:func:`trash.serialize`)."""
    owned = '{"surveys":[' + ",".join(_trash_data("survey", child) for child in children) + "]}" if table_name == "school" else "{}"
    return f'{{"class":{json.dumps(CLASSES[table_name])},"values":{record["values"]},"children":{owned}}}'
