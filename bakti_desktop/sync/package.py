"""Laptop exchange: a package of records handed from one laptop to another, merged without loss.

``export_package`` writes a ``.bakti`` file (a zip): ``manifest.json``,
``records.json`` — every user record (all four workspaces) with its UUID,
version, who changed it last and when, its values, and its links to other
records by UUID — and the RKTL evidence files the records name.

``import_package`` merges a package in one transaction:

* a record not known here is **added** (with its UUID, so later packages find it);
* a record identical to ours is **skipped**;
* a record changed only on the other side since the two last agreed is
  **updated**; one changed only on our side is **kept** (ours is newer);
* a record changed on **both** sides is a **conflict**: it is listed and left
  as it is, unless the caller resolves it (``theirs`` or ``mine``), as the GUI
  lets the user do per conflict;
* a record whose parent is missing, or that was deleted here (it is in the
  trash), is **skipped** with a reason.

"The two last agreed" is the record's *base*: the digest of its content when
it last left or entered this database in a package (table ``sync_base``).
A school (NPSN), a survey (school and year) or a case figure entered on two
laptops separately has two UUIDs; such records are matched by that natural
key and treated as the same record. Importing the same package twice changes
nothing.

What is particular to a workspace — its natural keys, the columns it derives rather than exchanges, the
checks of its editors, how it finds its records in the trash, the files its records name — comes from
its declaration in the registry (``bakti_desktop/workspaces.py``); this module knows none of them.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.storage.base import current_user, utcnow
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.jsonvalues import decode, encode
from bakti_desktop.storage.rules import one_line
from bakti_desktop.storage.sync_base import read_bases, set_bases
from bakti_desktop.workspace import resolve
from bakti_desktop.workspaces import WORKSPACES, derived_columns, natural_key, record_tables, workspace_of

FORMAT = "bakti-paket"
FORMAT_VERSION = 1
SUFFIX = ".bakti"
# Limits checked before anything is read whole (a damaged or hostile file is refused quickly, in bounded memory).
MAX_MANIFEST_BYTES = 1_000_000
MAX_RECORDS_BYTES = 200_000_000  # records.json, by its size in the zip header and as read
MAX_RECORDS = 500_000
MAX_INVALID = 1_000  # malformed records listed one by one; more than this and the package is damaged
META = ("id", "uuid", "version", "created_at", "updated_at", "updated_by")
LABEL_COLUMNS = ("nama_sekolah", "title", "name", "activity", "text", "category", "description")


def _links(table: Table) -> dict[str, str]:
    """Foreign key column → referenced table."""
    return {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}


def digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _content(row: Any, table: Table, uuids: dict[str, dict[int, str]]) -> dict[str, Any]:
    """A row's values without bookkeeping nor derived columns, with links given as the linked record's UUID."""
    links = _links(table)
    derived = derived_columns(table.name)
    out: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if name in META or name in derived:
            continue
        value = row[name]
        if name in links:
            value = uuids[links[name]].get(value) if value is not None else None
        out[name] = encode(value)
    return out


def _label(conn: Connection, table: Table, row: Any) -> str:
    """A name the user recognises for a stored record: its workspace's, else its title or name."""
    workspace = workspace_of(table.name)
    describe = workspace.sync.describe if workspace is not None else None
    named = describe(conn, table.name, dict(row)) if describe is not None else None
    if named:
        return named
    for key in LABEL_COLUMNS:
        if row.get(key):
            return str(row[key])[:80]
    return table.name


def _uuids(conn: Connection, tables: list[Table]) -> dict[str, dict[int, str]]:
    return {t.name: dict(conn.execute(select(t.c.id, t.c.uuid)).all()) for t in tables}


def _attachments() -> dict[str, ModuleType]:
    """Table → the module sending the files its records name (bakti_desktop/workspace.py, ``Sync.attachments``)."""
    return {table: resolve(workspace.sync.attachments) for workspace in WORKSPACES
            if workspace.sync.attachments is not None for table in workspace.tables()}


# -- export ---------------------------------------------------------------------------------------------


def export_package(db: Database, out: str | Path, since: date | None = None) -> dict[str, Any]:
    """Write the records (changed on or after ``since``, with the records they link to) to ``out``."""
    from bakti_desktop.reports.output import check_output, write_atomically

    out = Path(out)
    check_output(out, (SUFFIX, ".zip"))
    tables = record_tables()
    attachments = _attachments()
    with db.engine.begin() as conn:
        uuids = _uuids(conn, tables)
        rows = _rows_to_send(conn, tables, since)
        records: list[dict[str, Any]] = []
        bases: dict[str, str] = {}
        files: dict[str, Path] = {}  # member name → stored file (a file named by two records goes once)
        for table in tables:
            for row in rows[table.name].values():
                content = _content(row, table, uuids)
                records.append({"table": table.name, "uuid": row["uuid"], "version": row["version"],
                                "updated_at": encode(row["updated_at"]), "updated_by": row["updated_by"],
                                "values": content})
                bases[row["uuid"]] = digest(content)
                if table.name in attachments:
                    files.update(attachments[table.name].members(db, table.name, row))
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "created_at": encode(utcnow()),
                    "created_by": current_user(), "since": encode(since),
                    "records": len(records), "files": len(files)}

        def write(tmp: Path) -> None:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
                zf.writestr("records.json", json.dumps(records, ensure_ascii=False))
                for name, path in files.items():
                    zf.write(path, name)

        write_atomically(out, write)
        set_bases(conn, bases)  # what we sent is now the state both sides agree on
    return {"file": str(out), "records": len(records), "files": len(files)}


def _rows_to_send(conn: Connection, tables: list[Table], since: date | None) -> dict[str, dict[int, Any]]:
    """Table → id → row: every record, or those changed since ``since`` and the records they link to."""
    rows: dict[str, dict[int, Any]] = {}
    for table in tables:
        stmt = select(table).order_by(table.c.id)
        if since is not None:
            stmt = stmt.where(table.c.updated_at >= datetime.combine(since, datetime.min.time()))
        rows[table.name] = {r["id"]: r for r in conn.execute(stmt).mappings()}
    if since is None:
        return rows
    by_name = {t.name: t for t in tables}
    for table in reversed(tables):  # children first: a parent fetched here brings its own parents in turn
        for column, parent in _links(table).items():
            wanted = {r[column] for r in rows[table.name].values() if r[column] is not None}
            parent_table = by_name[parent]
            for chunk in _chunked(sorted(wanted - set(rows[parent]))):
                for r in conn.execute(select(parent_table).where(parent_table.c.id.in_(chunk))).mappings():
                    rows[parent][r["id"]] = r
    return rows


def _chunked(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- import ---------------------------------------------------------------------------------------------


@dataclass
class Conflict:
    """A record changed on both sides since they last agreed."""

    table: str
    uuid: str
    label: str
    fields: dict[str, tuple[Any, Any]]  # column → (ours, theirs)
    ours_by: str
    ours_at: str
    theirs_by: str
    theirs_at: str

    def as_json(self) -> dict[str, Any]:
        return {"table": self.table, "uuid": self.uuid, "label": self.label,
                "fields": {k: {"ours": a, "theirs": b} for k, (a, b) in self.fields.items()},
                "ours": {"by": self.ours_by, "at": self.ours_at}, "theirs": {"by": self.theirs_by, "at": self.theirs_at}}


@dataclass
class PackageResult:
    added: int = 0
    updated: int = 0
    identical: int = 0
    kept: int = 0
    resolved: int = 0
    files: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    by_table: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "identical": self.identical, "kept": self.kept,
                "resolved": self.resolved, "files": self.files, "added_by_table": self.by_table,
                "conflicts": [c.as_json() for c in self.conflicts], "skipped": self.skipped}


class _DryRun(Exception):
    """Raised to roll the transaction back after a trial run."""


def _bad_package(path: Path) -> UserError:
    return UserError(msg(en="{name} is not a BaKTI exchange package (or it is damaged).",
                         id="{name} bukan paket pertukaran BaKTI (atau berkasnya rusak).", name=path.name))


def _too_big(path: Path) -> UserError:
    return UserError(msg(en="{name} is too large for an exchange package (at most {n} records); it is refused.",
                         id="{name} terlalu besar untuk paket pertukaran (paling banyak {n} rekaman); paket ditolak.",
                         name=path.name, n=f"{MAX_RECORDS:,}".replace(",", ".")))


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, at: int) -> int:
    """The index after the whitespace at ``at`` (the pattern also matches nothing, so it always matches)."""
    found = _SPACE.match(text, at)
    return found.end() if found is not None else at


def _elements(text: str, path: Path, limit: int) -> list[Any]:
    """The elements of the JSON array ``text``, decoded one at a time so that a file with more than
    ``limit`` elements, or with more than MAX_INVALID that are not records, is refused early."""
    decoder = json.JSONDecoder()
    at = _skip_space(text, 0)
    if text[at : at + 1] != "[":
        raise _bad_package(path)
    at = _skip_space(text, at + 1)
    out: list[Any] = []
    invalid = 0
    if text[at : at + 1] == "]":
        at += 1
    else:
        while True:
            element, at = decoder.raw_decode(text, at)
            if len(out) >= limit:  # more than the manifest announced, or than any package holds
                raise _too_big(path) if limit == MAX_RECORDS else _bad_package(path)
            if not _shaped(element):
                invalid += 1
                if invalid > MAX_INVALID:
                    raise _bad_package(path)
            out.append(element)
            at = _skip_space(text, at)
            if text[at : at + 1] == ",":
                at = _skip_space(text, at + 1)
                continue
            if text[at : at + 1] == "]":
                at += 1
                break
            raise _bad_package(path)
    if text[_skip_space(text, at):]:
        raise _bad_package(path)
    return out


def _shaped(record: Any) -> bool:
    """A record as the package format writes it: table, UUID and values."""
    return isinstance(record, dict) and isinstance(record.get("table"), str) and \
        isinstance(record.get("uuid"), str) and _UUID.fullmatch(record["uuid"]) is not None and \
        isinstance(record.get("values"), dict)


def read_package(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]], zipfile.ZipFile]:
    """(manifest, records, open zip) of a package; a damaged, foreign or oversized file gives a clear error.

    The sizes in the zip header, the number of records the manifest announces and the records read are
    checked before anything is read whole; two records with the same UUID mean a damaged package.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(msg(en="File not found: {p}", id="Berkas tidak ditemukan: {p}", p=str(path)))
    try:
        zf = zipfile.ZipFile(path)
    except Exception:
        raise _bad_package(path) from None
    try:
        manifest, records = _read(zf, path)
    except BaseException:
        zf.close()
        raise
    return manifest, records, zf


def _read(zf: zipfile.ZipFile, path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        info = zf.getinfo("manifest.json")
        if info.file_size > MAX_MANIFEST_BYTES:
            raise _bad_package(path)
        with zf.open(info) as handle:
            manifest = json.loads(handle.read(MAX_MANIFEST_BYTES + 1))
        info = zf.getinfo("records.json")
    except UserError:
        raise
    except Exception:  # zip, JSON and key errors all mean the same to the user
        raise _bad_package(path) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _bad_package(path)
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise UserError(msg(en="{name}: unknown package format version '{v}'; the package is damaged.",
                            id="{name}: versi format paket '{v}' tidak dikenal; paket rusak.",
                            name=path.name, v=one_line(version)))
    if version > FORMAT_VERSION:
        raise UserError(msg(en="{name} was written by a newer version of the program; update it first.",
                            id="{name} dibuat oleh versi program yang lebih baru; perbarui program dulu.",
                            name=path.name))
    announced = manifest.get("records")
    if announced is not None and (type(announced) is not int or announced < 0):
        raise _bad_package(path)
    if (announced or 0) > MAX_RECORDS or info.file_size > MAX_RECORDS_BYTES:
        raise _too_big(path)
    try:
        with zf.open(info) as handle:
            data = handle.read(MAX_RECORDS_BYTES + 1)
        if len(data) > MAX_RECORDS_BYTES:
            raise _too_big(path)
        records = _elements(data.decode("utf-8"), path, MAX_RECORDS if announced is None else announced)
    except UserError:
        raise
    except (Exception, RecursionError):
        raise _bad_package(path) from None
    del data
    seen: set[str] = set()
    for record in records:
        if _shaped(record):
            if record["uuid"] in seen:
                raise UserError(msg(
                    en="{name}: record {u} appears twice in the package; the package is damaged.",
                    id="{name}: rekaman {u} muncul dua kali di dalam paket; paket rusak.", name=path.name,
                    u=record["uuid"]))
            seen.add(record["uuid"])
    return manifest, records


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")



def import_package(
    db: Database,
    path: str | Path,
    resolutions: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PackageResult:
    """Merge the package at ``path``; ``resolutions`` maps a conflict's UUID to ``"theirs"`` or ``"mine"``.

    With ``dry_run`` nothing is written: the result says what the import would do.
    """
    path = Path(path)
    _manifest, records, zf = read_package(path)
    tables = record_tables()
    result = PackageResult()
    incoming = _by_table(records, {t.name for t in tables}, result)
    tick = _ticks(progress, sum(len(v) for v in incoming.values()))
    try:
        with db.engine.begin() as conn:
            merge = _Merge.start(db, conn, zf, tables, resolutions or {}, result, f"paket: {path.name}"[:300])
            for table in tables:
                if incoming[table.name]:
                    _merge_table(merge, table, incoming[table.name], tick)
            merge.finish(dry_run)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        zf.close()
    return result


def _by_table(records: list[Any], names: set[str], result: PackageResult) -> dict[str, list[dict[str, Any]]]:
    """The package's records by table; those that are no record of a known table are listed as skipped."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for record in records:
        if not _shaped(record) or record["table"] not in names:
            result.skipped.append({"table": one_line(record.get("table") if isinstance(record, dict) else "?"),
                                   "uuid": one_line(record.get("uuid") if isinstance(record, dict) else "?"),
                                   "reason": msg(en="not a valid record", id="bukan rekaman yang sah")})
            continue
        out[record["table"]].append(record)
    return out


def _ticks(progress: Callable[[int, int], None] | None, total: int) -> Callable[[], None]:
    """Called once per record; reports every 500 records to ``progress``."""
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and done % 500 == 0:
            progress(done, total)

    return tick


@dataclass
class _Merge:
    """One package being merged: what this database holds, and what the merge has decided so far."""

    db: Database
    conn: Connection
    zf: zipfile.ZipFile
    resolutions: dict[str, str]
    result: PackageResult
    note: str
    user: str
    bases: dict[str, str]  # UUID → digest when both sides last agreed
    trashed: set[str]  # UUIDs of records deleted here
    uuids: dict[str, dict[int, str]]  # table → id → UUID
    local_ids: dict[str, dict[str, int]]  # table → UUID → id (also their UUID of a record matched by natural key)
    attachments: dict[str, ModuleType]
    pending: dict[str, list[Any]] = field(default_factory=dict)  # attachment module → files checked, to store
    derivers: dict[str, Callable[[str, dict[str, Any]], dict[str, Any]]] = field(default_factory=dict)
    new_bases: dict[str, str] = field(default_factory=dict)
    audit: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, db: Database, conn: Connection, zf: zipfile.ZipFile, tables: list[Table],
              resolutions: dict[str, str], result: PackageResult, note: str) -> _Merge:
        uuids = _uuids(conn, tables)
        trashed = set().union(*(w.sync.trashed(conn, w.tables()) for w in WORKSPACES))
        return cls(db, conn, zf, resolutions, result, note, current_user(), read_bases(conn), trashed, uuids,
                   {name: {u: i for i, u in ids.items()} for name, ids in uuids.items()}, _attachments())

    def skip(self, table: str, uuid: str, reason: str) -> None:
        self.result.skipped.append({"table": table, "uuid": uuid, "reason": reason})

    def derive(self, table: str, values: dict[str, Any]) -> None:
        """Compute the derived columns of a record about to be written, with this database's settings."""
        if not derived_columns(table):
            return
        if table not in self.derivers:
            workspace = workspace_of(table)
            assert workspace is not None and workspace.sync.derive is not None  # a test holds it
            self.derivers[table] = workspace.sync.derive(self.conn)
        values.update(self.derivers[table](table, values))

    def attachment_problem(self, table: str, values: dict[str, Any]) -> str | None:
        """Why the file a record names cannot come in (one bad file skips its own record, nothing else)."""
        module = self.attachments.get(table)
        if module is None:
            return None
        problem: str | None = module.check(self.db, self.zf, table, values, self.pending.setdefault(module.__name__, []))
        return problem

    def finish(self, dry_run: bool) -> None:
        """Store the checked files, record the audit entries and the new bases."""
        from bakti_desktop.storage.audit import write_entries

        modules = {m.__name__: m for m in self.attachments.values()}
        self.result.files = sum(len(files) if dry_run else modules[name].store(self.db, self.zf, files)
                                for name, files in self.pending.items())
        write_entries(self.conn, self.audit)
        set_bases(self.conn, self.new_bases)


@dataclass
class _Incoming:
    """One table of the package against the same table here."""

    table: Table
    links: dict[str, str]  # column → parent table
    natural: tuple[str, ...]
    local_rows: dict[str, Any]  # UUID → our row
    by_natural: dict[tuple[Any, ...], Any]  # natural key → our row, or a row about to be added
    inserts: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, conn: Connection, table: Table) -> _Incoming:
        natural = natural_key(table.name)
        local_rows = {r["uuid"]: r for r in conn.execute(select(table)).mappings()}
        by_natural = {tuple(r[k] for k in natural): r for r in local_rows.values()} if natural else {}
        return cls(table, _links(table), natural, local_rows, by_natural)

    @property
    def name(self) -> str:
        return self.table.name

    def find(self, uuid: str, values: dict[str, Any]) -> Any:
        """Our copy of a record: by UUID, else by natural key (entered on both laptops), else None."""
        local = self.local_rows.get(uuid)
        if local is None and self.natural:
            local = self.by_natural.get(tuple(values.get(k) for k in self.natural))
        return local


def _merge_table(merge: _Merge, table: Table, records: list[dict[str, Any]], tick: Callable[[], None]) -> None:
    incoming = _Incoming.load(merge.conn, table)
    for record in records:
        tick()
        _merge_record(merge, incoming, record)
    _insert(merge, incoming)


def _merge_record(merge: _Merge, incoming: _Incoming, record: dict[str, Any]) -> None:
    """Check one record, then add it, or compare it with our copy."""
    name, uid = incoming.name, record["uuid"]
    values, reason = _checked(name, incoming.table, record)
    reason = reason or _link(merge, incoming, record["values"], values) or merge.attachment_problem(name, values)
    if reason is not None:
        merge.skip(name, uid, reason)
        return
    theirs = _in_our_terms(merge, incoming, record["values"], values)
    merge.derive(name, values)
    local = incoming.find(uid, values)
    if local is None:
        _add(merge, incoming, record, values, digest(theirs))
    elif "id" not in local:  # twice in the package under two UUIDs: the first one counts
        merge.skip(name, uid, msg(en="a duplicate within the package", id="duplikat di dalam paket"))
    else:
        _compare(merge, incoming, record, local, values, theirs)


def _link(merge: _Merge, incoming: _Incoming, theirs: dict[str, Any], values: dict[str, Any]) -> str | None:
    """Set the links of ``values`` to our ids of the records they name; why not, when one is missing here."""
    missing = False
    for column, parent in incoming.links.items():
        ref = theirs.get(column)
        if ref is None:
            values[column] = None
        elif ref in merge.local_ids[parent]:
            values[column] = merge.local_ids[parent][ref]
        else:
            missing = True
    return msg(en="the record it belongs to is missing", id="rekaman induknya tidak ada") if missing else None


def _in_our_terms(merge: _Merge, incoming: _Incoming, theirs: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Their content as compared with ours: without derived columns, links naming our copy of the linked record."""
    derived = derived_columns(incoming.name)
    content = {k: v for k, v in theirs.items() if k not in derived}
    for column, parent in incoming.links.items():
        if values[column] is not None:
            content[column] = merge.uuids[parent][values[column]]
    return content


def _add(merge: _Merge, incoming: _Incoming, record: dict[str, Any], values: dict[str, Any], their_digest: str) -> None:
    """A record not known here: added with its UUID, unless it was deleted here."""
    uid = record["uuid"]
    if uid in merge.trashed:
        merge.skip(incoming.name, uid, msg(en="deleted here (it is in the trash)",
                                           id="sudah dihapus di sini (ada di tempat sampah)"))
        return
    row = {**values, "uuid": uid, "version": int(record.get("version") or 1), "created_at": utcnow(),
           "updated_at": _when(record), "updated_by": str(record.get("updated_by") or merge.user)[:100]}
    incoming.inserts.append(row)
    merge.new_bases[uid] = their_digest
    if incoming.natural:
        incoming.by_natural[tuple(values.get(k) for k in incoming.natural)] = row


def _compare(merge: _Merge, incoming: _Incoming, record: dict[str, Any], local: Any, values: dict[str, Any],
             theirs: dict[str, Any]) -> None:
    """A record we hold too: identical, kept (ours is newer), a conflict, or updated.

    Matched by UUID, the base is the last state both sides agreed on. Matched by natural key (entered
    on both laptops), only our record's base counts; without one, or changed here since, it is a
    conflict — never overwritten silently.
    """
    uid, ours_uuid = record["uuid"], local["uuid"]
    if ours_uuid != uid:  # the same record entered on both laptops: link theirs to ours
        merge.local_ids[incoming.name][uid] = local["id"]
    ours = _content(local, incoming.table, merge.uuids)
    our_digest, their_digest = digest(ours), digest(theirs)
    base = merge.bases.get(ours_uuid)
    if our_digest == their_digest:
        merge.result.identical += 1
        merge.new_bases[ours_uuid] = their_digest
        return
    if base == their_digest:  # they have not changed it since; ours is newer
        merge.result.kept += 1
        return
    choice = merge.resolutions.get(uid) or merge.resolutions.get(ours_uuid)
    if base != our_digest and choice is None:
        merge.result.conflicts.append(Conflict(
            incoming.name, ours_uuid, _label(merge.conn, incoming.table, local),
            {k: (ours.get(k), theirs.get(k)) for k in sorted(set(ours) | set(theirs)) if ours.get(k) != theirs.get(k)},
            local["updated_by"], encode(local["updated_at"]),
            str(record.get("updated_by") or "?"), str(record.get("updated_at") or "?")))
        return
    merge.new_bases[ours_uuid] = their_digest
    if choice == "mine":
        merge.result.resolved += 1
        return
    _update(merge, incoming, record, local, values)
    if choice == "theirs":
        merge.result.resolved += 1
    else:
        merge.result.updated += 1


def _update(merge: _Merge, incoming: _Incoming, record: dict[str, Any], local: Any, values: dict[str, Any]) -> None:
    table = incoming.table
    changes = {k: v for k, v in values.items() if local[k] != v}
    merge.conn.execute(update(table).where(table.c.id == local["id"]).values(
        **changes, version=local["version"] + 1, updated_at=_when(record),
        updated_by=str(record.get("updated_by") or merge.user)[:100]))
    merge.audit.append({"action": "update", "table_name": incoming.name, "record_id": local["id"],
                        "record_uuid": local["uuid"], "note": merge.note,
                        "changes": {k: (local[k], v) for k, v in changes.items()}})


def _insert(merge: _Merge, incoming: _Incoming) -> None:
    """Write the records added to one table, and learn their ids (children link to them)."""
    inserts, table, name = incoming.inserts, incoming.table, incoming.name
    if not inserts:
        return
    for chunk in _chunked(inserts):
        merge.conn.execute(insert(table), chunk)
    merge.result.added += len(inserts)
    merge.result.by_table[name] = len(inserts)
    query = select(table.c.id, table.c.uuid)
    if len(inserts) <= 500:
        query = query.where(table.c.uuid.in_([r["uuid"] for r in inserts]))
    fresh = dict(merge.conn.execute(query).all())
    merge.uuids[name].update(fresh)
    merge.local_ids[name].update({u: i for i, u in fresh.items()})
    merge.audit += [{"action": "create", "table_name": name, "record_id": merge.local_ids[name][r["uuid"]],
                     "record_uuid": r["uuid"], "note": merge.note} for r in inserts]


def _when(record: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(record.get("updated_at")))
    except ValueError:
        return utcnow()


# -- checking a record -------------------------------------------------------------------------------------


def _checked(name: str, table: Table, record: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """(values decoded for ``table``, None) or (partial values, why the record is refused).

    A record from a package meets the rules of the form and the workbook: JSON types (true/false for
    yes/no, whole numbers for counts), codes, bounds and lengths (bakti_desktop.storage.rules), and the
    checks of its workspace (``Sync.check``: the survey rules of docs/domain-rules.md §3.5, what each
    editor refuses).
    """
    from bakti_desktop.storage import rules

    theirs = record["values"]
    links = _links(table)
    skipped = set(META) | derived_columns(name)
    values: dict[str, Any] = {}
    problems = _bookkeeping_problems(record)
    for column in table.columns:
        key = column.name
        if key in skipped:
            continue
        if key not in theirs:
            if not column.nullable and column.default is None:
                problems.append(msg(en="{c}: required", id="{c}: wajib diisi", c=key))
            continue
        value, problem = _column_value(column, theirs[key], key in links)
        if problem is not None:
            problems.append(problem)
        elif key not in links or value is None:
            values[key] = value
    if not problems:
        problems.extend(rules.problems(name, values))
    if not problems:
        workspace = workspace_of(name)
        problems.extend(workspace.sync.check(name, values) if workspace is not None else [])
    return values, "; ".join(problems[:5]) if problems else None


def _bookkeeping_problems(record: dict[str, Any]) -> list[str]:
    """The record's version and the name of who changed it last, as a package may carry them."""
    from bakti_desktop.storage.rules import control_character

    problems = []
    version = record.get("version")
    if version is not None and (type(version) is not int or not 1 <= version <= 2_000_000_000):
        problems.append(msg(en="version: {v} is not a version number", id="version: {v} bukan nomor versi",
                            v=one_line(version)))
    by = record.get("updated_by")
    if by is not None and (not isinstance(by, str) or len(by) > 100 or control_character(by)):
        problems.append(msg(en="updated_by: not a name", id="updated_by: bukan nama"))
    return problems


def _column_value(column: Any, value: Any, is_link: bool) -> tuple[Any, str | None]:
    """(the value decoded for ``column``, None) or (None, why it cannot be stored there).

    A link stays as the package gives it (a UUID, resolved to our id later)."""
    from bakti_desktop.storage.rules import type_problem

    key = column.name
    if value is None:
        return None, None if column.nullable else msg(en="{c}: required", id="{c}: wajib diisi", c=key)
    if is_link:
        if not isinstance(value, str) or not _UUID.fullmatch(value):
            return None, msg(en="{c}: not a reference to a record", id="{c}: bukan rujukan ke rekaman", c=key)
        return value, None
    problem = type_problem(column, value)
    if problem is not None:
        return None, problem
    try:
        return decode(value, column.type), None
    except (TypeError, ValueError):
        return None, msg(en="{c}: '{v}' is not a date", id="{c}: '{v}' bukan tanggal", c=key, v=one_line(value))
