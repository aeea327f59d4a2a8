"""Use cases of the twinning workspace: the checklist, evidence, verification, progress figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.storage.base import current_user, utcnow
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import claim, touch
from bakti_desktop.storage.records import must_get
from bakti_desktop.twinning import evidence as store
from bakti_desktop.twinning.models import (
    CLOSED_STATUSES,
    EVIDENCE_KINDS,
    Evidence,
    Item,
    ItemStatus,
    ProgressNote,
    Programme,
    Stage,
    Topic,
    Unit,
    UnitRole,
    Visit,
    VisitKind,
)


class NeedsConfirmation(UserError):
    """The change is allowed, but only after the user confirms it."""


ITEM_FIELDS = ("activity", "objective", "indicator", "responsible_opd", "responsible_person", "planned_start",
               "planned_end", "actual_done", "status", "topic_id", "mentee_unit_id")


def check_item(values: dict[str, Any]) -> None:
    if not str(values.get("activity") or "").strip():
        raise UserError(msg(en="The activity is required.", id="Kegiatan wajib diisi."))
    if not ItemStatus.known(values.get("status", ItemStatus.NOT_STARTED)):
        raise UserError(msg(en="Unknown status {s}", id="Status tidak dikenal: {s}", s=values.get("status")))
    start, end = values.get("planned_start"), values.get("planned_end")
    if start and end and end < start:
        raise UserError(msg(en="The planned end is before the planned start.",
                            id="Rencana selesai lebih awal dari rencana mulai."))


def is_overdue(item: Item | dict[str, Any], today: date | None = None) -> bool:
    today = today or date.today()
    get = item.get if isinstance(item, dict) else lambda k: getattr(item, k)
    end = get("planned_end")
    return bool(end and end < today and get("status") not in CLOSED_STATUSES)


def save_item(db: Database, values: dict[str, Any], item_id: int | None = None, confirmed: bool = False,
              expected_version: int | None = None) -> int:
    """Create or update an RKTL item. Marking it selesai without evidence needs ``confirmed``.

    With ``expected_version`` (the version the editor loaded), a save over someone else's newer
    change is refused with :class:`ChangedElsewhere`.
    """
    check_item(values)
    with db.session() as session:
        item = claim(session, Item, item_id, expected_version) if item_id else None
        if item_id and item is None:
            raise UserError(msg(en="The item no longer exists.", id="Butir RKTL ini sudah tidak ada."))
        has_evidence = bool(item and item.evidence)
        if values.get("status") == ItemStatus.DONE and not has_evidence and not confirmed and \
                (item is None or item.status != ItemStatus.DONE):
            raise NeedsConfirmation(msg(
                en="This item is marked done but has no evidence (SK, SOP, photo, report). Mark it done anyway?",
                id="Butir ini ditandai selesai tetapi belum ada bukti (SK, SOP, foto, laporan). Tetap tandai selesai?"))
        if values.get("status") == ItemStatus.DONE and not values.get("actual_done"):
            values = {**values, "actual_done": date.today()}
        if item is None:
            item = Item(**{k: values.get(k) for k in ITEM_FIELDS if k in values})
            session.add(item)
        else:
            for key in ITEM_FIELDS:
                if key in values:
                    setattr(item, key, values[key])
        session.flush()
        return item.id


def set_status(db: Database, item_id: int, status: str, confirmed: bool = False) -> None:
    with db.session() as session:
        item = session.get(Item, item_id)
        values = {k: getattr(item, k) for k in ITEM_FIELDS}
    values["status"] = status
    if status != ItemStatus.DONE:
        values["actual_done"] = None
    save_item(db, values, item_id, confirmed=confirmed)


def delete_item(db: Database, item_id: int) -> None:
    """Move an RKTL item, with its notes and evidence records, to the trash (the files stay in the store)."""
    from bakti_desktop.storage.trash import move_to_trash

    with db.session() as session:
        item = session.get(Item, item_id)
        if item is not None:
            move_to_trash(session, item, f"Butir RKTL: {item.activity[:200]}")


def add_note(db: Database, item_id: int, text: str, author: str | None = None, note_date: date | None = None,
             visit_id: int | None = None) -> int:
    if not text.strip():
        raise UserError(msg(en="The note is empty.", id="Catatan kosong."))
    with db.session() as session:
        note = ProgressNote(item_id=item_id, text=text.strip(), author=author or current_user(),
                            note_date=note_date or date.today(), visit_id=visit_id)
        session.add(note)
        session.flush()
        return note.id


def add_evidence(db: Database, item_id: int, source: Path, kind: str, title: str | None = None) -> int:
    if kind not in EVIDENCE_KINDS:
        raise UserError(msg(en="Unknown kind of evidence {k}", id="Jenis bukti tidak dikenal: {k}", k=kind))
    stored = store.store(db, Path(source))
    with db.session() as session:
        row = Evidence(item_id=item_id, kind=kind, title=(title or Path(stored.original_name).stem)[:300],
                       original_name=stored.original_name, sha256=stored.sha256, size=stored.size,
                       extension=stored.extension, added_at=utcnow(), added_by=current_user())
        session.add(row)
        session.flush()
        return row.id


def evidence_path(db: Database, evidence_id: int) -> Path:
    """The stored file of an evidence record, after checking it is intact."""
    with db.session() as session:
        row = session.get(Evidence, evidence_id)
        if row is None:
            raise UserError(msg(en="The evidence no longer exists.", id="Bukti ini sudah tidak ada."))
        problem = store.verify(db, row.sha256, row.extension)
        if problem:
            raise UserError(f"{row.title}: {problem}")
        return store.stored_path(db, row.sha256, row.extension)


def check_evidence(db: Database) -> list[dict[str, Any]]:
    """Every evidence file that is missing or altered."""
    problems = []
    with db.session() as session:
        for row in session.scalars(select(Evidence)):
            problem = store.verify(db, row.sha256, row.extension)
            if problem:
                problems.append({"id": row.id, "item_id": row.item_id, "title": row.title, "problem": problem})
    return problems


def verify_item(db: Database, item_id: int, by: str, when: date | None = None) -> None:
    """The mentor's verification of an item."""
    if not by.strip():
        raise UserError(msg(en="Who verified it?", id="Siapa yang memverifikasi?"))
    with db.session() as session:
        item = must_get(session, Item, item_id, en="The item no longer exists.", id="Butir RKTL ini sudah tidak ada.")
        item.verified_by = by.strip()
        item.verified_at = when or date.today()


def items(db: Database, programme_id: int, mentee_id: int | None = None, topic_id: int | None = None,
          status: str | None = None, overdue_only: bool = False) -> list[dict[str, Any]]:
    """The checklist rows, ordered by mentee, topic and plan."""
    today = date.today()
    mentee = Unit.__table__.alias("mentee")
    stmt = (
        select(Item, Topic.number, Topic.name.label("topic_name"), mentee.c.name.label("mentee_name"),
               func.count(Evidence.id.distinct()).label("evidence_count"))
        .join(Topic, Topic.id == Item.topic_id)
        .join(mentee, mentee.c.id == Item.mentee_unit_id)
        .outerjoin(Evidence, Evidence.item_id == Item.id)
        .where(Topic.programme_id == programme_id)
        .group_by(Item.id, Topic.number, Topic.name, mentee.c.name)
        .order_by(mentee.c.name, Topic.number, Item.planned_end, Item.id)
    )
    if mentee_id:
        stmt = stmt.where(Item.mentee_unit_id == mentee_id)
    if topic_id:
        stmt = stmt.where(Item.topic_id == topic_id)
    if status:
        stmt = stmt.where(Item.status == status)
    if overdue_only:
        stmt = stmt.where(Item.planned_end < today, Item.status.not_in(CLOSED_STATUSES))
    rows = []
    with db.session() as session:
        for item, number, topic_name, mentee_name, evidence_count in session.execute(stmt):
            row = {k: getattr(item, k) for k in ITEM_FIELDS}
            row.update(id=item.id, topic_number=number, topic_name=topic_name, mentee_name=mentee_name,
                       evidence_count=evidence_count, verified_by=item.verified_by, verified_at=item.verified_at,
                       overdue=is_overdue(item, today))
            rows.append(row)
    return rows


def completion(db: Database, programme_id: int, by: str = UnitRole.MENTEE) -> list[dict[str, Any]]:
    """Items done out of items not cancelled, per mentee or per topic."""
    rows: dict[str, dict[str, Any]] = {}
    for item in items(db, programme_id):
        key = item["mentee_name"] if by == UnitRole.MENTEE else f"Topik {item['topic_number']}: {item['topic_name']}"
        row = rows.setdefault(key, {"name": key, "total": 0, "done": 0, "running": 0, "overdue": 0})
        if item["status"] == ItemStatus.CANCELLED:
            continue
        row["total"] += 1
        row["done"] += item["status"] == ItemStatus.DONE
        row["running"] += item["status"] == ItemStatus.IN_PROGRESS
        row["overdue"] += item["overdue"]
    for row in rows.values():
        row["percent"] = 100.0 * row["done"] / row["total"] if row["total"] else 0.0
    return list(rows.values())


def due_soon(db: Database, programme_id: int, days: int = 30, today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    limit = today + timedelta(days=days)
    return [i for i in items(db, programme_id) if i["status"] not in CLOSED_STATUSES and i["planned_end"]
            and today <= i["planned_end"] <= limit]


def programmes(db: Database) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(Programme.id, Programme.name).order_by(Programme.name)).mappings()]


def units(db: Database, programme_id: int, role: str | None = None) -> list[dict[str, Any]]:
    stmt = select(Unit.id, Unit.name, Unit.role, Unit.kabupaten).where(Unit.programme_id == programme_id).order_by(Unit.name)
    if role:
        stmt = stmt.where(Unit.role == role)
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def topics(db: Database, programme_id: int) -> list[dict[str, Any]]:
    stmt = select(Topic.id, Topic.number, Topic.name, Topic.mentor_unit_id).where(
        Topic.programme_id == programme_id).order_by(Topic.number)
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def visits(db: Database, programme_id: int) -> list[dict[str, Any]]:
    stmt = select(Visit).where(Visit.programme_id == programme_id).order_by(Visit.visit_date)
    with db.session() as session:
        return [{"id": v.id, "visit_date": v.visit_date, "kind": v.kind, "place": v.place, "male": v.male,
                 "female": v.female, "topics": v.topics, "outputs": v.outputs} for v in session.scalars(stmt)]


def save_visit(db: Database, programme_id: int, values: dict[str, Any], visit_id: int | None = None) -> int:
    if not VisitKind.known(values.get("kind")):
        raise UserError(msg(en="Choose the kind of visit.", id="Pilih jenis kunjungan."))
    if (values.get("male") or 0) < 0 or (values.get("female") or 0) < 0:
        raise UserError(msg(en="Counts cannot be negative.", id="Jumlah tidak boleh negatif."))
    with db.session() as session:
        visit = must_get(session, Visit, visit_id, en="The visit no longer exists.", id="Kunjungan ini sudah tidak ada.") \
            if visit_id else Visit(programme_id=programme_id)
        for key in ("visit_date", "kind", "place", "male", "female", "topics", "outputs"):
            setattr(visit, key, values.get(key))
        session.add(visit)
        session.flush()
        return visit.id


def item_detail(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise UserError(msg(en="The item no longer exists.", id="Butir RKTL ini sudah tidak ada."))
    return item


def find_unit(db: Database, name: str, role: str = UnitRole.MENTEE) -> Unit | None:
    """A unit by (part of) its name or its kabupaten/kota, ignoring case."""
    from bakti_desktop.regions import normalize_name

    key = normalize_name(name)
    with db.session() as session:
        for unit in session.scalars(select(Unit).where(Unit.role == role)):
            if key and (key in normalize_name(unit.name) or key == normalize_name(unit.kabupaten)
                        or key == normalize_name(unit.kabupaten.replace("Kota ", "").replace("Kabupaten ", ""))):
                return unit
    return None


def notes_between(item: Item, start: date | None, end: date | None = None) -> Iterable[ProgressNote]:
    return [n for n in item.notes if (start is None or n.note_date > start) and (end is None or n.note_date <= end)]


def programme_detail(db: Database, programme_id: int) -> dict[str, Any]:
    with db.session() as session:
        p = must_get(session, Programme, programme_id, en="The programme no longer exists.", id="Program ini sudah tidak ada.")
        return {
            "name": p.name, "start_year": p.start_year, "end_year": p.end_year, "senior_provider": p.senior_provider,
            "stage": p.stage, "description": p.description, "version": p.version,
            "units": [{"id": u.id, "name": u.name, "role": u.role, "kabupaten": u.kabupaten} for u in p.units],
            "topics": [{"id": t.id, "number": t.number, "name": t.name, "mentor_unit_id": t.mentor_unit_id}
                       for t in p.topics],
        }


def save_programme(db: Database, values: dict[str, Any], units: list[dict[str, Any]], topics: list[dict[str, Any]],
                   programme_id: int | None = None, expected_version: int | None = None) -> int:
    """Create or update a programme with its units and topics (and its stage).

    A unit or topic that still has RKTL items cannot be removed (its items
    would go with it); the message says so. An update is conditional on the
    programme's version the editor loaded (``expected_version``, the "version"
    of :func:`programme_detail`): a save over someone else's newer change to the
    programme, its units or its topics is refused with :class:`ChangedElsewhere`.
    Every update raises the programme's version, also when only its units or
    topics changed.
    """
    from bakti_desktop.regions import find_kabupaten
    if not str(values.get("name") or "").strip():
        raise UserError(msg(en="The programme needs a name.", id="Nama program wajib diisi."))
    if not Stage.known(values.get("stage")):
        raise UserError(msg(en="Unknown stage {s}", id="Tahap tidak dikenal: {s}", s=values.get("stage")))
    numbers = [t["number"] for t in topics]
    if len(numbers) != len(set(numbers)):
        raise UserError(msg(en="Two topics have the same number.", id="Dua topik memiliki nomor yang sama."))
    for given in units:
        if not given["name"].strip() or not UnitRole.known(given["role"]):
            raise UserError(msg(en="Each unit needs a name and a role (mentor or mentee).",
                                id="Setiap unit perlu nama dan peran (mentor atau mentee)."))
    with db.session() as session:
        if programme_id:
            programme = claim(session, Programme, programme_id, expected_version)
            if programme is None:
                raise UserError(msg(en="The programme no longer exists.", id="Program ini sudah tidak ada."))
            touch(programme)
        else:
            programme = Programme()
        for key in ("name", "start_year", "end_year", "senior_provider", "stage", "description"):
            setattr(programme, key, values.get(key))
        session.add(programme)
        session.flush()
        keep_units = {u["id"] for u in units if u.get("id")}
        for unit in list(programme.units):
            if unit.id not in keep_units:
                if session.scalar(select(func.count(Item.id)).where(Item.mentee_unit_id == unit.id)):
                    raise UserError(msg(en="{u} still has RKTL items and cannot be removed.",
                                        id="{u} masih memiliki butir RKTL dan tidak dapat dihapus.", u=unit.name))
                session.delete(unit)
        by_id: dict[int | None, Unit] = {u.id: u for u in programme.units}
        for row in units:
            unit = by_id.get(row.get("id")) or Unit(programme_id=programme.id)
            unit.name, unit.role, unit.kabupaten = row["name"].strip(), row["role"], row.get("kabupaten") or ""
            found = find_kabupaten(unit.kabupaten) if unit.kabupaten else None
            unit.kabupaten_code = found.code if found else None
            session.add(unit)
        keep_topics = {t["id"] for t in topics if t.get("id")}
        for topic in list(programme.topics):
            if topic.id not in keep_topics:
                if session.scalar(select(func.count(Item.id)).where(Item.topic_id == topic.id)):
                    raise UserError(msg(en="Topic {n} still has RKTL items and cannot be removed.",
                                        id="Topik {n} masih memiliki butir RKTL dan tidak dapat dihapus.", n=topic.number))
                session.delete(topic)
        topic_by_id: dict[int | None, Topic] = {t.id: t for t in programme.topics}
        for row in topics:
            if not str(row.get("name") or "").strip():
                raise UserError(msg(en="Each topic needs a name.", id="Setiap topik perlu nama."))
            topic = topic_by_id.get(row.get("id")) or Topic(programme_id=programme.id)
            topic.number, topic.name, topic.mentor_unit_id = row["number"], row["name"].strip(), row.get("mentor_unit_id")
            session.add(topic)
        return programme.id


# -- what the item panel shows: plain data, read in one transaction ---------------------------------------------
@dataclass(frozen=True)
class ItemView:
    """An RKTL item as stored, with its notes (oldest first) and its evidence list."""

    id: int
    version: int
    values: dict[str, Any]  # the ITEM_FIELDS
    verified_by: str | None
    verified_at: date | None
    notes: list[dict[str, Any]]  # note_date, author, text
    evidence: list[dict[str, Any]]  # id, kind, title, original_name, size, added_by, added_at

    @property
    def status(self) -> str:
        return str(self.values["status"])


def item_view(db: Database, item_id: int) -> ItemView:
    """The item as the panel shows it; a UserError when it no longer exists."""
    with db.session() as session:
        item = item_detail(session, item_id)
        return ItemView(
            id=item.id, version=item.version, values={key: getattr(item, key) for key in ITEM_FIELDS},
            verified_by=item.verified_by, verified_at=item.verified_at,
            notes=[{"note_date": n.note_date, "author": n.author, "text": n.text} for n in item.notes],
            evidence=[{"id": e.id, "kind": e.kind, "title": e.title, "original_name": e.original_name, "size": e.size,
                       "added_by": e.added_by, "added_at": e.added_at} for e in item.evidence])


def item_version(db: Database, item_id: int) -> int | None:
    """The item's stored version (None: it is gone)."""
    with db.engine.connect() as conn:
        return conn.execute(select(Item.version).where(Item.id == item_id)).scalar()


def item_values(db: Database, item_id: int) -> dict[str, Any] | None:
    """The item's fields as stored now (to compare with unsaved ones), or None when it is gone."""
    with db.session() as session:
        item = session.get(Item, item_id)
        return None if item is None else {key: getattr(item, key) for key in ITEM_FIELDS}
