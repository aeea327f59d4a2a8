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
from typing import Any

from sqlalchemy import Connection, String, Table, delete, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.storage.base import Base, Record, current_user, utcnow
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.jsonvalues import decode, encode

FORMAT = "bakti-paket"
FORMAT_VERSION = 1
SUFFIX = ".bakti"
# Limits checked before anything is read whole (a damaged or hostile file is refused quickly, in bounded memory).
MAX_MANIFEST_BYTES = 1_000_000
MAX_RECORDS_BYTES = 200_000_000  # records.json, by its size in the zip header and as read
MAX_RECORDS = 500_000
MAX_INVALID = 1_000  # malformed records listed one by one; more than this and the package is damaged
META = ("id", "uuid", "version", "created_at", "updated_at", "updated_by")
# Unique keys other than the UUID: records matched by them are the same record entered twice.
NATURAL_KEYS = {"school": ("npsn",), "survey": ("school_id", "year"),
                "pksai_case_figure": ("meeting_id", "period", "category")}
# Columns computed from the others with this database's settings: never exchanged, recomputed here.
DERIVED = {"survey": frozenset(("water_level", "sanitation_level", "hygiene_level", "build_boys", "build_girls",
                                "build_teachers", "phbs_score", "priority", "no_service_count", "limited_count"))}
LABEL_COLUMNS = ("nama_sekolah", "title", "name", "activity", "text", "category", "description")


class SyncBase(Base):
    """The content digest of a record when it last left or entered this database in a package."""

    __tablename__ = "sync_base"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


def record_tables() -> list[Table]:
    """The tables of user records, parents before children."""
    import bakti_desktop.models  # noqa: F401 - registers every table

    mapped = {m.local_table.name: m.class_ for m in Base.registry.mappers}
    return [t for t in Base.metadata.sorted_tables
            if t.name in mapped and issubclass(mapped[t.name], Record)]


def _links(table: Table) -> dict[str, str]:
    """Foreign key column → referenced table."""
    return {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}


def digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _content(row: Any, table: Table, uuids: dict[str, dict[int, str]]) -> dict[str, Any]:
    """A row's values without bookkeeping columns, with links given as the linked record's UUID."""
    links = _links(table)
    derived = DERIVED.get(table.name, frozenset())
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


def _label(conn: Connection, table: Table, content: dict[str, Any], values: dict[str, Any]) -> str:
    """A name the user recognises: a survey by its year and school, others by their title or name."""
    if table.name == "survey":
        from bakti_desktop.mapping.models import School

        school = conn.execute(select(School.nama_sekolah, School.npsn).where(School.id == values.get("school_id"))).first()
        name = f"{school.nama_sekolah} ({school.npsn})" if school else "?"
        return msg(en="Survey {year} — {school}", id="Survei {year} — {school}", year=content.get("year"), school=name)
    for key in LABEL_COLUMNS:
        if content.get(key):
            return str(content[key])[:80]
    return table.name


def _uuids(conn: Connection, tables: list[Table]) -> dict[str, dict[int, str]]:
    return {t.name: dict(conn.execute(select(t.c.id, t.c.uuid)).all()) for t in tables}


def _set_bases(conn: Connection, bases: dict[str, str]) -> None:
    items = list(bases.items())
    for i in range(0, len(items), 500):
        chunk = dict(items[i : i + 500])
        conn.execute(delete(SyncBase).where(SyncBase.uuid.in_(list(chunk))))
        conn.execute(insert(SyncBase), [{"uuid": u, "digest": d} for u, d in chunk.items()])


# -- export ---------------------------------------------------------------------------------------------


def export_package(db: Database, out: str | Path, since: date | None = None) -> dict[str, Any]:
    """Write the records (changed on or after ``since``, with the records they link to) to ``out``."""
    from bakti_desktop.reports.output import check_output, write_atomically
    from bakti_desktop.twinning import evidence

    out = Path(out)
    check_output(out, (SUFFIX, ".zip"))
    tables = record_tables()
    with db.engine.begin() as conn:
        uuids = _uuids(conn, tables)
        rows: dict[str, dict[int, Any]] = {}
        for table in tables:
            stmt = select(table).order_by(table.c.id)
            if since is not None:
                stmt = stmt.where(table.c.updated_at >= datetime.combine(since, datetime.min.time()))
            rows[table.name] = {r["id"]: r for r in conn.execute(stmt).mappings()}
        if since is not None:  # the records linked to are needed to place the changed ones
            for table in reversed(tables):
                for column, parent in _links(table).items():
                    wanted = {r[column] for r in rows[table.name].values() if r[column] is not None}
                    missing = wanted - set(rows[parent])
                    parent_table = next(t for t in tables if t.name == parent)
                    for chunk in _chunked(sorted(missing)):
                        for r in conn.execute(select(parent_table).where(parent_table.c.id.in_(chunk))).mappings():
                            rows[parent][r["id"]] = r
        records: list[dict[str, Any]] = []
        bases: dict[str, str] = {}
        files: list[tuple[str, Path]] = []
        for table in tables:
            for row in rows[table.name].values():
                content = _content(row, table, uuids)
                records.append({"table": table.name, "uuid": row["uuid"], "version": row["version"],
                                "updated_at": encode(row["updated_at"]), "updated_by": row["updated_by"],
                                "values": content})
                bases[row["uuid"]] = digest(content)
                if table.name == "twin_evidence":
                    path = evidence.stored_path(db, row["sha256"], row["extension"])
                    if path.exists():
                        files.append((f"bukti/{row['sha256']}.{row['extension']}", path))
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "created_at": encode(utcnow()),
                    "created_by": current_user(), "since": encode(since),
                    "records": len(records), "files": len(files)}

        def write(tmp: Path) -> None:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
                zf.writestr("records.json", json.dumps(records, ensure_ascii=False))
                for name, path in files:
                    zf.write(path, name)

        write_atomically(out, write)
        _set_bases(conn, bases)  # what we sent is now the state both sides agree on
    return {"file": str(out), "records": len(records), "files": len(files)}


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


def _one_line(text: str) -> str:
    """A value from a package shown in a message: short, on one line, without control characters."""
    from bakti_desktop.storage.rules import control_character

    text = str(text)[:40]
    while (bad := control_character(text)) is not None:
        text = text.replace(chr(int(bad[2:], 16)), "?")
    return text


def _too_big(path: Path) -> UserError:
    return UserError(msg(en="{name} is too large for an exchange package (at most {n} records); it is refused.",
                         id="{name} terlalu besar untuk paket pertukaran (paling banyak {n} rekaman); paket ditolak.",
                         name=path.name, n=f"{MAX_RECORDS:,}".replace(",", ".")))


_SPACE = re.compile(r"[ \t\n\r]*")


def _elements(text: str, path: Path, limit: int) -> list[Any]:
    """The elements of the JSON array ``text``, decoded one at a time so that a file with more than
    ``limit`` elements, or with more than MAX_INVALID that are not records, is refused early."""
    decoder = json.JSONDecoder()
    at = _SPACE.match(text).end()
    if text[at : at + 1] != "[":
        raise _bad_package(path)
    at = _SPACE.match(text, at + 1).end()
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
            at = _SPACE.match(text, at).end()
            if text[at : at + 1] == ",":
                at = _SPACE.match(text, at + 1).end()
                continue
            if text[at : at + 1] == "]":
                at += 1
                break
            raise _bad_package(path)
    if text[_SPACE.match(text, at).end():]:
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
                            name=path.name, v=_one_line(version)))
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
    from bakti_desktop.storage.audit import write_entries
    from bakti_desktop.storage.trash import TrashItem

    path = Path(path)
    _manifest, records, zf = read_package(path)
    resolutions = resolutions or {}
    tables = {t.name: t for t in record_tables()}
    by_table: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    result = PackageResult()
    for record in records:
        if not _shaped(record) or record["table"] not in tables:
            result.skipped.append({"table": _one_line(record.get("table") if isinstance(record, dict) else "?"),
                                   "uuid": _one_line(record.get("uuid") if isinstance(record, dict) else "?"),
                                   "reason": msg(en="not a valid record", id="bukan rekaman yang sah")})
            continue
        by_table[record["table"]].append(record)
    files: list[tuple[str, str, str, str]] = []  # (member, sha256, extension, title) checked, to copy
    note = f"paket: {path.name}"[:300]
    user = current_user()
    done, total = 0, sum(len(v) for v in by_table.values())
    try:
        with db.engine.begin() as conn:
            trashed = set()
            for (data,) in conn.execute(select(TrashItem.data)):
                trashed.update(_UUID.findall(data))
            bases = dict(conn.execute(select(SyncBase.uuid, SyncBase.digest)).all())
            derive = _deriver(conn)
            uuids = _uuids(conn, list(tables.values()))
            local_ids = {name: {u: i for i, u in ids.items()} for name, ids in uuids.items()}  # uuid → id
            new_bases: dict[str, str] = {}
            audit: list[dict[str, Any]] = []
            for name, table in tables.items():
                incoming = by_table[name]
                if not incoming:
                    continue
                links = _links(table)
                local_rows = {r["uuid"]: r for r in conn.execute(select(table)).mappings()}
                natural = NATURAL_KEYS.get(name)
                by_natural = {tuple(r[k] for k in natural): r for r in local_rows.values()} if natural else {}
                inserts: list[dict[str, Any]] = []
                for record in incoming:
                    done += 1
                    if progress is not None and done % 500 == 0:
                        progress(done, total)
                    uid, theirs = record["uuid"], dict(record["values"])
                    values, reason = _checked(conn, name, table, record)
                    if reason is not None:
                        result.skipped.append({"table": name, "uuid": uid, "reason": reason})
                        continue
                    missing = False
                    for column, parent in links.items():
                        ref = theirs.get(column)
                        if ref is None:
                            values[column] = None
                        elif ref in local_ids[parent]:
                            values[column] = local_ids[parent][ref]
                        else:
                            missing = True
                    if missing:
                        result.skipped.append({"table": name, "uuid": uid, "reason": msg(
                            en="the record it belongs to is missing", id="rekaman induknya tidak ada")})
                        continue
                    if name == "twin_evidence":  # one bad file skips its own record, nothing else
                        reason = _check_evidence_file(db, zf, values, files)
                        if reason is not None:
                            result.skipped.append({"table": name, "uuid": uid, "reason": reason})
                            continue
                    # Compared in our terms: links name our copy of the linked record.
                    theirs = {k: v for k, v in theirs.items() if k not in DERIVED.get(name, ())}
                    for column, parent in links.items():
                        if values[column] is not None:
                            theirs[column] = uuids[parent][values[column]]
                    their_digest = digest(theirs)
                    if name in DERIVED:
                        values.update(derive(name, values))
                    local = local_rows.get(uid)
                    if local is None and natural:
                        local = by_natural.get(tuple(values.get(k) for k in natural))
                    if local is None:
                        if uid in trashed:
                            result.skipped.append({"table": name, "uuid": uid, "reason": msg(
                                en="deleted here (it is in the trash)", id="sudah dihapus di sini (ada di tempat sampah)")})
                            continue
                        inserts.append({**values, "uuid": uid, "version": int(record.get("version") or 1),
                                        "created_at": utcnow(), "updated_at": _when(record),
                                        "updated_by": str(record.get("updated_by") or user)[:100]})
                        new_bases[uid] = their_digest
                        if natural:
                            by_natural[tuple(values.get(k) for k in natural)] = inserts[-1]
                        continue
                    if "id" not in local:  # twice in the package under two UUIDs: the first one counts
                        result.skipped.append({"table": name, "uuid": uid, "reason": msg(
                            en="a duplicate within the package", id="duplikat di dalam paket")})
                        continue
                    if local["uuid"] != uid:  # the same record entered on both laptops: link theirs to ours
                        local_ids[name][uid] = local["id"]
                    ours = _content(local, table, uuids)
                    our_digest = digest(ours)
                    # Matched by UUID: the base is the last state both sides agreed on. Matched by natural key
                    # (entered on both laptops): only our record's base counts; without one, or changed here
                    # since, it is a conflict — never overwritten silently.
                    base = bases.get(local["uuid"]) if local["uuid"] != uid else bases.get(uid)
                    if our_digest == their_digest:
                        result.identical += 1
                        new_bases[local["uuid"]] = their_digest
                        continue
                    if base == their_digest:  # they have not changed it since; ours is newer
                        result.kept += 1
                        continue
                    choice = resolutions.get(uid) or resolutions.get(local["uuid"])
                    if base != our_digest and choice is None:
                        result.conflicts.append(Conflict(
                            name, local["uuid"], _label(conn, table, ours, values),
                            {k: (ours.get(k), theirs.get(k)) for k in sorted(set(ours) | set(theirs))
                             if ours.get(k) != theirs.get(k)},
                            local["updated_by"], encode(local["updated_at"]),
                            str(record.get("updated_by") or "?"), str(record.get("updated_at") or "?")))
                        continue
                    new_bases[local["uuid"]] = their_digest
                    if choice == "mine":
                        result.resolved += 1
                        continue
                    changes = {k: v for k, v in values.items() if local[k] != v}
                    conn.execute(update(table).where(table.c.id == local["id"]).values(
                        **changes, version=local["version"] + 1, updated_at=_when(record),
                        updated_by=str(record.get("updated_by") or user)[:100]))
                    audit.append({"action": "update", "table_name": name, "record_id": local["id"],
                                  "record_uuid": local["uuid"], "note": note,
                                  "changes": {k: (local[k], v) for k, v in changes.items()}})
                    if choice == "theirs":
                        result.resolved += 1
                    else:
                        result.updated += 1
                for chunk in _chunked(inserts):
                    conn.execute(insert(table), chunk)
                if inserts:
                    result.added += len(inserts)
                    result.by_table[name] = len(inserts)
                    fresh = dict(conn.execute(select(table.c.id, table.c.uuid).where(
                        table.c.uuid.in_([r["uuid"] for r in inserts]))).all()) if len(inserts) <= 500 else \
                        dict(conn.execute(select(table.c.id, table.c.uuid)).all())
                    uuids[name].update(fresh)
                    local_ids[name].update({u: i for i, u in fresh.items()})
                    audit += [{"action": "create", "table_name": name, "record_id": local_ids[name][r["uuid"]],
                               "record_uuid": r["uuid"], "note": note} for r in inserts]
            result.files = _copy_files(db, zf, files, dry_run)
            write_entries(conn, audit)
            _set_bases(conn, new_bases)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        zf.close()
    return result


def _deriver(conn: Connection) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """derive(table, values): the derived columns of a record about to be written, with this database's settings."""
    from bakti_desktop.mapping import indicators, service
    from bakti_desktop.mapping.models import School

    ratios = service.read_ratios(conn)
    levels: dict[int, str] = {}

    def derive(_table: str, values: dict[str, Any]) -> dict[str, Any]:
        school_id = values["school_id"]
        if school_id not in levels:
            levels.update(dict(conn.execute(select(School.id, School.jenjang)).all()))
        return indicators.compute(values, levels.get(school_id, "SD"), ratios).as_columns()

    return derive


def _when(record: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(record.get("updated_at")))
    except ValueError:
        return utcnow()


# -- checking a record -------------------------------------------------------------------------------------


def _checked(conn: Connection, name: str, table: Table, record: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """(values decoded for ``table``, None) or (partial values, why the record is refused).

    A record from a package meets the rules of the form and the workbook: JSON types (true/false for
    yes/no, whole numbers for counts), codes, bounds and lengths (bakti_desktop.storage.rules), the
    survey rules of docs/domain-rules.md §3.5, and the checks each workspace's editor makes.
    """
    from bakti_desktop.storage import rules

    theirs = record["values"]
    links = _links(table)
    derived = DERIVED.get(name, frozenset())
    values: dict[str, Any] = {}
    problems: list[str] = []
    version = record.get("version")
    if version is not None and (type(version) is not int or not 1 <= version <= 2_000_000_000):
        problems.append(msg(en="version: {v} is not a version number", id="version: {v} bukan nomor versi",
                            v=_one_line(version)))
    by = record.get("updated_by")
    if by is not None and (not isinstance(by, str) or len(by) > 100 or rules.control_character(by)):
        problems.append(msg(en="updated_by: not a name", id="updated_by: bukan nama"))
    for column in table.columns:
        key = column.name
        if key in META or key in derived or key not in theirs:
            if key not in META and key not in derived and not column.nullable and column.default is None:
                problems.append(msg(en="{c}: required", id="{c}: wajib diisi", c=key))
            continue
        value = theirs[key]
        if value is None:
            if not column.nullable:
                problems.append(msg(en="{c}: required", id="{c}: wajib diisi", c=key))
            values[key] = None
            continue
        if key in links:
            if not isinstance(value, str) or not _UUID.fullmatch(value):
                problems.append(msg(en="{c}: not a reference to a record", id="{c}: bukan rujukan ke rekaman", c=key))
            continue
        problem = rules.type_problem(column, value)
        if problem is None:
            try:
                value = decode(value, column.type)
            except (TypeError, ValueError):
                problem = msg(en="{c}: '{v}' is not a date", id="{c}: '{v}' bukan tanggal", c=key, v=_one_line(value))
        if problem is not None:
            problems.append(problem)
            continue
        values[key] = value
    if not problems:
        problems.extend(rules.problems(name, values))
    if not problems:
        problems.extend(_domain_problems(name, values))
    return values, "; ".join(problems[:5]) if problems else None


_SCHOOL_FIELDS = ("npsn", "nama_sekolah", "jenjang", "status", "puskesmas", "lintang", "bujur")


def _domain_problems(name: str, values: dict[str, Any]) -> list[str]:
    """The checks of the survey validator and of each workspace's editor, for one record's values."""
    from bakti_desktop.mapping import validation
    from bakti_desktop.mapping.fields import SURVEY_KEYS
    from bakti_desktop.mapping.parsing import CellError, parse_year

    if name == "school":
        found = [p.message for p in validation.check_typed(values, _SCHOOL_FIELDS)]
        kab, kec, desa, problems = validation.resolve_regions(values.get("kabupaten_code"),
                                                               values.get("kecamatan_code"), values.get("desa_code"))
        found += [p.message for p in problems]
        if not problems and (kab, kec, desa) != tuple(values.get(k) for k in ("kabupaten_code", "kecamatan_code",
                                                                               "desa_code")):
            found.append(msg(en="the region codes do not agree", id="kode wilayah tidak cocok"))
        return found
    if name == "survey":
        found = [p.message for p in validation.check_typed(values, SURVEY_KEYS)]
        try:
            parse_year(values.get("year"))
        except (CellError, TypeError):
            found.append(msg(en="year: {v} is not a survey year", id="year: {v} bukan tahun survei",
                             v=_one_line(values.get("year"))))
        return found or [p.message for p in validation.record_rules(values)]
    try:
        _editor_checks(name, values)
    except UserError as error:
        return [str(error)]
    return []


def _editor_checks(name: str, values: dict[str, Any]) -> None:
    """What the editors of the other workspaces refuse (raises UserError)."""
    if name == "twin_item":
        from bakti_desktop.twinning.service import check_item

        check_item({**values, "status": values.get("status") or "belum_mulai"})
    elif name in ("pksai_attendee", "pksai_person"):
        from bakti_desktop.pksai.service import check_attendee

        check_attendee(values.get("name") or "", values.get("sex") or "")
    elif name in ("pksai_attendance_count", "pksai_case_figure"):
        from bakti_desktop.pksai.service import check_count

        check_count(values.get("male") or 0, values.get("female") or 0)
    elif name == "sss_programme_row":
        from bakti_desktop.sss.service import check_programme_row

        check_programme_row(values)


# -- evidence files ------------------------------------------------------------------------------------


def _check_evidence_file(db: Database, zf: zipfile.ZipFile, values: dict[str, Any],
                         files: list[tuple[str, str, str, str]]) -> str | None:
    """Why the evidence file a record names cannot come in, or None (then it is listed in ``files``).

    The file must hash to the record's SHA-256 and look like its type; its size is read from the zip
    header before any byte of it, and counted again while it is read.
    """
    from bakti_desktop.twinning import evidence

    sha, extension = values["sha256"], values["extension"]
    target = evidence.stored_path(db, sha, extension)  # the rules made sure these are valid
    member = f"bukti/{sha}.{extension}"
    if target.exists() or any(f[0] == member for f in files):
        return None
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None  # not sent (it was missing on the other laptop too): the record comes, the check lists it
    title = _one_line(values.get("title") or member)
    too_big = msg(en="the evidence file '{t}' is larger than {mb} MB", id="berkas bukti '{t}' lebih besar dari {mb} MB",
                  t=title, mb=evidence.MAX_SIZE // (1024 * 1024))
    if info.file_size > evidence.MAX_SIZE:
        return too_big
    digest_ = hashlib.sha256()
    size, head = 0, b""
    try:
        with zf.open(info) as handle:
            while block := handle.read(1 << 20):
                size += len(block)
                if size > evidence.MAX_SIZE:
                    return too_big
                if len(head) < 16:
                    head += block[: 16 - len(head)]
                digest_.update(block)
    except Exception:  # a damaged entry (CRC, truncated)
        return msg(en="the evidence file '{t}' is damaged in the package", id="berkas bukti '{t}' rusak di dalam paket",
                   t=title)
    if size == 0 or not any(head.startswith(m) for m in evidence.MAGIC[extension]):
        return msg(en="the evidence file '{t}' is not really a .{e} file", id="berkas bukti '{t}' bukan berkas .{e} "
                   "yang sebenarnya", t=title, e=extension)
    if digest_.hexdigest() != sha:
        return msg(en="the evidence file '{t}' does not match its record (SHA-256)",
                   id="berkas bukti '{t}' tidak cocok dengan rekamannya (SHA-256)", t=title)
    files.append((member, sha, extension, title))
    return None


def _copy_files(db: Database, zf: zipfile.ZipFile, files: list[tuple[str, str, str, str]], dry_run: bool) -> int:
    """Copy the checked evidence files into the store (each under a temporary name, then renamed)."""
    from bakti_desktop.twinning import evidence

    if dry_run:
        return len(files)
    for member, sha, extension, title in files:
        target = evidence.stored_path(db, sha, extension)
        tmp = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            check = hashlib.sha256()
            with zf.open(member) as source, tmp.open("wb") as out:
                while block := source.read(1 << 20):
                    check.update(block)
                    out.write(block)
            if check.hexdigest() != sha:
                raise OSError("changed")
            tmp.replace(target)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise UserError(msg(en="The evidence file '{t}' could not be stored: {e}",
                                id="Berkas bukti '{t}' tidak dapat disimpan: {e}", t=title,
                                e=error.strerror or error)) from None
    return len(files)
