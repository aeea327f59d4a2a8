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

It writes with Core: executemany for the previous values, and on SQLite ``INSERT … SELECT`` for the trash
and the delete entries, so the records it removes never go through Python; undoing a first import of
20,000 rows takes under twice as long as writing them (BENCHMARKS.md). A killed process leaves the
database as it was.
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
    ColumnElement,
    Connection,
    DateTime,
    RowMapping,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    text,
    update,
)

from bakti_desktop.errors import UserError
from bakti_desktop.faults import fault_point
from bakti_desktop.gcpause import no_cycle_collection
from bakti_desktop.i18n import msg
from bakti_desktop.mapping.models import ImportBatch, School, Survey
from bakti_desktop.storage.audit import ENTRY_COLUMNS, AuditEntry, write_entries
from bakti_desktop.storage.base import current_user, utcnow
from bakti_desktop.storage.bulk import bulk_insert, indexes_rebuilt_after, lookup, one_of
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.jsonvalues import decode, dumps, encode

TABLES: dict[str, Table] = {"school": School.__table__, "survey": Survey.__table__}
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
    with no_cycle_collection():  # tens of thousands of small records and no cycles, as in the import
        return _undo_import(db, batch_id, dry_run)


def _undo_import(db: Database, batch_id: int, dry_run: bool) -> dict[str, Any]:
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
    # Changed since: a later entry names it. Read them all when there are fewer of them than records to look up.
    later_entries = select(AuditEntry.record_uuid).where(AuditEntry.id > last_entry)
    if conn.execute(select(func.count()).select_from(later_entries.subquery())).scalar_one() <= len(uuids):
        later = {uuid for (uuid,) in conn.execute(later_entries).all()}
    else:
        later = {uuid for (uuid,) in lookup(conn, later_entries, AuditEntry.record_uuid, uuids)}

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
            # (a key that is no column — the NPSNs of a survey moved to another school — is there for people)
            changes = {k: (decode(old, table.c[k].type), decode(new, table.c[k].type))
                       for k, (old, new) in json.loads(entry.changes).items() if k in table.c}
            if entry.record_uuid in later or any(_differs(record[k], new) for k, (_old, new) in changes.items()):
                conflict(table_name, record, entry.record_id, "changed")
            else:
                plan.restore[table_name].append((record, {k: old for k, (old, _new) in changes.items()}))
    _moved_back(conn, plan, conflict)

    # Surveys it added: to the trash, unless changed since; with their school when it created it and nothing else uses it.
    unchanged = {name: [r for r in rows if r["version"] == 1 and r["uuid"] not in later] for name, rows in created.items()}
    names.update({r["id"]: (r["npsn"], r["nama_sekolah"]) for r in created["school"]})
    names.update(_school_names(conn, [r["school_id"] for r in created["survey"] if r["school_id"] not in names]))
    for name, rows in created.items():
        if len(unchanged[name]) < len(rows):
            kept = {r["id"] for r in unchanged[name]}
            for record in rows:
                if record["id"] not in kept:
                    conflict(name, record, record["id"], "changed")
    removable = {r["id"]: r for r in unchanged["survey"]}
    owned: dict[int, list[Any]] = {r["id"]: [] for r in unchanged["school"]}  # the surveys of each school it created
    used: set[int] = set()  # those of these schools another survey uses
    leaving = {record["id"] for record, values in plan.restore["survey"] if "school_id" in values}  # moved back
    if owned:
        query = select(Survey.id, Survey.school_id).where(_among(conn, Survey.__table__.c.school_id, sorted(owned)))
        for survey_id, school_id in conn.execute(query).all():
            record = removable.get(survey_id)
            if record is None:
                if survey_id not in leaving:
                    used.add(school_id)
            else:
                owned[school_id].append(record)
    plan.schools = [(school, owned[school["id"]]) for school in unchanged["school"] if school["id"] not in used]
    plan.schools_kept = len(created["school"]) - len(plan.schools)
    removed = owned.keys() - used
    plan.surveys = [r for r in unchanged["survey"] if r["school_id"] not in removed]
    return plan


def _moved_back(conn: Connection, plan: _Plan, conflict: Any) -> None:
    """Surveys the import moved to another school or year (a phone-form submission edited on the server) go back
    to their school and year, unless another survey is stored there now: then they stay, as a conflict."""
    moving = [(record, values) for record, values in plan.restore["survey"] if "school_id" in values or "year" in values]
    if not moving:
        return
    wanted = {(values.get("school_id", record["school_id"]), values.get("year", record["year"])): record["id"]
              for record, values in moving}
    query = select(Survey.id, Survey.school_id, Survey.year)
    taken = {(r.school_id, r.year) for r in lookup(conn, query, Survey.school_id, sorted({k[0] for k in wanted}))
             if wanted.get((r.school_id, r.year)) not in (None, r.id)}
    if not taken:
        return
    kept = []
    for record, values in plan.restore["survey"]:
        if (values.get("school_id", record["school_id"]), values.get("year", record["year"])) in taken:
            conflict("survey", record, record["id"], "changed")
        else:
            kept.append((record, values))
    plan.restore["survey"] = kept


KEPT = {"school": ("id", "uuid", "version", "npsn", "nama_sekolah"),  # what the undo reads of a record it removes
        "survey": ("id", "uuid", "version", "school_id", "year")}


def _created(conn: Connection, table: Table, entry: Any) -> list[dict[str, Any]]:
    """The records of ``table`` a batch entry created that are still stored: the columns of :data:`KEPT`.

    Only these: the values of those that go to the trash are read when they are moved (:func:`_trash`).
    """
    where = (table.c.id.between(entry.record_id, entry.last_record_id), table.c.created_at == entry.at)
    names = KEPT[table.name]
    return [dict(zip(names, row)) for row in conn.execute(select(*(table.c[k] for k in names)).where(*where)).all()]


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
    write_entries(conn, audit)
    # Added surveys (and created schools with theirs) to the trash, then out of their tables.
    gone = {"survey": sorted([r["id"] for r in plan.surveys] + [s["id"] for _school, surveys in plan.schools
                                                                for s in surveys]),
            "school": sorted(school["id"] for school, _surveys in plan.schools)}
    _trash(conn, plan, now, user)
    with ExitStack() as rebuilt:
        for table_name, ids in gone.items():
            if not ids:
                continue
            table = TABLES[table_name]
            # One "delete" entry per record (its values are in the trash), copied from the records themselves.
            columns = AuditEntry.__table__.c
            conn.execute(insert(AuditEntry.__table__).from_select(
                [columns[c] for c in ENTRY_COLUMNS],
                select(literal(now, DateTime()), literal(user, String()), literal("delete", String()),
                       literal(table_name, String()), table.c.id, table.c.uuid, literal("{}", String()),
                       literal(note, String()), null()).where(_among(conn, table.c.id, ids)).order_by(table.c.id)))
            # Deleting most of a table (the undo of a first import): its plain indexes are dropped and rebuilt
            # from what stays, as the import did for its inserts (the test is "more than the highest id").
            rebuilt.enter_context(indexes_rebuilt_after(conn, table, 2 * len(ids)))
            conn.execute(delete(table).where(_among(conn, table.c.id, ids)))


RUNS = 32  # runs of consecutive ids up to which a set of ids is selected by ranges


def _runs(ids: Sequence[int]) -> list[tuple[int, int]] | None:
    """Sorted, distinct ``ids`` as runs of consecutive ids (first, last), or None when there are more than
    :data:`RUNS`."""
    if not ids:
        return []
    if RUNS and ids[-1] - ids[0] + 1 == len(ids):
        return [(ids[0], ids[-1])]  # the usual case: the records one import wrote, nothing between them
    runs: list[tuple[int, int]] = []
    first = previous = ids[0]
    for i in ids[1:]:
        if i != previous + 1:
            runs.append((first, previous))
            if len(runs) >= RUNS:
                return None
            first = i
        previous = i
    runs.append((first, previous))
    return runs if len(runs) <= RUNS else None


def _among(conn: Connection, column: ColumnElement[Any], ids: Sequence[int]) -> ColumnElement[bool]:
    """``column`` is one of ``ids`` (sorted, thousands of them), as one condition with its values bound.

    Ids written by one import are mostly consecutive: a few ranges. Otherwise the ids are bound as one
    parameter (a JSON array read by ``json_each`` on SQLite, an array on PostgreSQL), as :func:`bulk.lookup`
    does.
    """
    runs = _runs(ids)
    if runs is not None:
        return or_(*(column == a if a == b else column.between(a, b) for a, b in runs))
    bound = one_of(conn, column, ids)
    return bound if bound is not None else column.in_(list(ids))


def _among_sqlite(column: str, ids: Sequence[int], params: dict[str, Any], prefix: str) -> str:
    """:func:`_among` as SQLite's SQL text for a qualified ``column``, its values added to ``params``."""
    runs = _runs(ids)
    if runs is None:
        params[prefix] = json.dumps(list(ids))
        return f"{column} IN (SELECT value FROM json_each(:{prefix}))"
    for n, (first, last) in enumerate(runs):
        params[f"{prefix}_{n}a"], params[f"{prefix}_{n}b"] = first, last
    return "(" + " OR ".join(f"{column} BETWEEN :{prefix}_{n}a AND :{prefix}_{n}b" for n in range(len(runs))) + ")"


def _trash(conn: Connection, plan: _Plan, now: datetime, user: str) -> None:
    """The surveys and schools of ``plan`` as trash items, in the form :func:`trash.serialize` gives them (a
    school holds its surveys), blanks left out (a blank column of these tables has no default: left out, it
    is restored blank). Surveys first, then schools, each in the order of their ids.

    Tens of thousands of records: on SQLite the database copies them into the trash itself (one
    ``INSERT … SELECT`` for the surveys, one for the schools with theirs), the JSON written by
    :func:`_values_sql`, so it never goes through Python; elsewhere Python reads them and writes the JSON.
    """
    surveys = sorted(r["id"] for r in plan.surveys)
    schools = sorted(school["id"] for school, _surveys in plan.schools)
    # A school's label, its values put in for each: the parts of the message around them, then their names.
    parts = msg(en="School {npsn} — {name} ({n} surveys)", id="Sekolah {npsn} — {name} ({n} survei)",
                npsn="\0npsn\0", name="\0name\0", n="\0n\0").split("\0")
    if conn.dialect.name == "sqlite":
        _trash_sqlite(conn, surveys, schools, parts, now, user)
    else:
        _trash_python(conn, surveys, schools, parts, now, user)


def _trash_python(conn: Connection, surveys: list[int], schools: list[int], parts: list[str], now: datetime,
                  user: str) -> None:
    from bakti_desktop.storage.trash import TrashItem

    items: list[list[Any]] = []
    rows = {r.id: r._mapping for r in lookup(conn, select(Survey.__table__), Survey.id, surveys)}
    names = _school_names(conn, [r["school_id"] for r in rows.values()])
    for survey_id in surveys:
        record = rows[survey_id]
        school = names.get(record["school_id"], ("?", "?"))
        items.append([now, user, "survey", f"Survei {record['year']} — {school[1]} ({school[0]})"[:300],
                      _trash_data("survey", record)])
    school_rows = {r.id: r._mapping for r in lookup(conn, select(School.__table__), School.id, schools)}
    owned: dict[int, list[Any]] = defaultdict(list)
    for r in lookup(conn, select(Survey.__table__).order_by(Survey.id), Survey.school_id, schools):
        owned[r.school_id].append(r._mapping)
    for school_id in schools:
        record, children = school_rows[school_id], owned[school_id]
        values = {"npsn": record["npsn"], "name": record["nama_sekolah"], "n": str(len(children))}
        label = "".join(values[part] if i % 2 else part for i, part in enumerate(parts))
        items.append([now, user, "school", label[:300], _trash_data("school", record, children)])
    bulk_insert(conn, TrashItem.__table__, ["deleted_at", "deleted_by", "table_name", "label", "data"], items)


def _trash_sqlite(conn: Connection, surveys: list[int], schools: list[int], parts: list[str], now: datetime,
                  user: str) -> None:
    into = "INSERT INTO trash_item (deleted_at, deleted_by, table_name, label, data) "
    params: dict[str, Any] = {"at": encode(now, " "), "by": user}  # the time as bulk_insert writes it
    for name in ("survey", "school"):
        params[name] = f'{{"class":{json.dumps(CLASSES[name])},"values":'
    survey_data = f"""(:survey || {_values_sql(Survey.__table__, 's')} || ',"children":{{}}}}')"""
    if surveys:
        conn.execute(text(
            f"{into}SELECT :at, :by, 'survey', substr('Survei ' || s.year || ' — ' || coalesce(c.nama_sekolah, '?')"
            f" || ' (' || coalesce(c.npsn, '?') || ')', 1, 300), {survey_data} FROM survey AS s"
            f" LEFT JOIN school AS c ON c.id = s.school_id WHERE {_among_sqlite('s.id', surveys, params, 'sv')}"
            " ORDER BY s.id"), params)
    if not schools:
        return
    owned = (f"coalesce((SELECT group_concat(d, ',') FROM (SELECT {survey_data} AS d FROM survey AS s"
             " WHERE s.school_id = c.id ORDER BY s.id)), '')")
    fields = {"npsn": "c.npsn", "name": "c.nama_sekolah", "n": "(SELECT count(*) FROM survey AS s WHERE s.school_id = c.id)"}
    label = []
    for i, part in enumerate(parts):
        if i % 2:
            label.append(fields[part])
        elif part:
            params[f"p{i}"] = part
            label.append(f":p{i}")
    conn.execute(text(
        f"{into}SELECT :at, :by, 'school', substr({' || '.join(label)}, 1, 300), :school"
        f""" || {_values_sql(School.__table__, 'c')} || ',"children":{{"surveys":[' || {owned} || ']}}}}'"""
        f" FROM school AS c WHERE {_among_sqlite('c.id', schools, params, 'sc')} ORDER BY c.id"), params)


ARGUMENTS = 100  # values per printf(): SQLite allows 127 arguments to a function


def _values_sql(table: Table, alias: str) -> str:
    """SQLite's JSON object of a record's values (``alias`` naming the record) as the trash stores them, blanks
    left out: texts, numbers and dates as ``json_quote`` writes them (dates as the text SQLite stores, which
    :func:`jsonvalues.decode` reads back), yes/no as true/false.

    Built by ``printf`` in one pass: for the tens of thousands of records of an import, faster than
    ``json_object`` with ``json_patch`` dropping the blanks (which parses the object again).
    """
    formats: list[str] = []
    values: list[str] = []
    for column in table.c:
        name, key = f"{alias}.{column.name}", json.dumps(column.name)
        if isinstance(column.type, Boolean):
            formats.append("%s")
            # "\\:" for ":" before a word: the statement is SQLAlchemy's text(), which reads ":true" as a parameter
            values.append(f"CASE WHEN {name} IS NULL THEN '' WHEN {name} THEN ',{key}\\:true' ELSE ',{key}\\:false' END")
        elif column.nullable:
            formats.append("%s")
            values.append(f"CASE WHEN {name} IS NULL THEN '' ELSE ',{key}:' || json_quote({name}) END")
        else:
            formats.append(f",{key}:%s")
            values.append(f"json_quote({name})")
    parts = [f"printf('{''.join(formats[i : i + ARGUMENTS])}', {', '.join(values[i : i + ARGUMENTS])})"
             for i in range(0, len(values), ARGUMENTS)]
    return f"('{{' || substr({' || '.join(parts)}, 2) || '}}')"


def _trash_data(table_name: str, record: Any, children: Sequence[Any] = ()) -> str:  # RowMappings
    """A record (and the surveys a school takes with it) as the trash stores it (:func:`trash.serialize`)."""
    values = dumps({k: v for k, v in record.items() if v is not None})
    owned = '{"surveys":[' + ",".join(_trash_data("survey", child) for child in children) + "]}" if table_name == "school" else "{}"
    return f'{{"class":{json.dumps(CLASSES[table_name])},"values":{values},"children":{owned}}}'
