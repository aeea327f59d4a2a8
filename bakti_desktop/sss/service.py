"""Use cases of SSS drafting: documents from the outline, sections, revisions, comments,
targets, the programme table, and freezing the data when the document is final."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bakti_desktop import regions
from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.mapping.indicators import DOMAINS
from bakti_desktop.storage.base import current_user, utcnow
from bakti_desktop.storage import jsonvalues
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import claim, touch
from bakti_desktop.storage.records import must_get
from bakti_desktop.storage.settings import get_setting, set_setting
from bakti_desktop.sss.models import (
    FUNDING_SOURCES,
    SectionStatus,
    SssComment,
    SssDocument,
    SssProgrammeRow,
    SssRevision,
    SssSection,
    SssTarget,
)
from bakti_desktop.sss.outline import OUTLINE

UNIT_COST_KEY = "sss.unit_cost_toilet"
DEFAULT_UNIT_COST = 35_000_000  # Rp per school toilet (our default; a setting)
REVISION_MERGE = timedelta(minutes=10)
TARGET_SOURCES = {
    "water_basic": "Sekolah dengan layanan air minum dasar",
    "sanitation_basic": "Sekolah dengan layanan sanitasi dasar",
    "hygiene_basic": "Sekolah dengan layanan higiene dasar",
}


def _split(text: str) -> tuple[str, str]:
    """Outline text → (guidance, initial content holding the data blocks)."""
    guidance, _, rest = text.partition("{{")
    return guidance.strip(), ("{{" + rest).strip() if rest else ""


def create_document(db: Database, kabupaten_code: str, start_year: int, end_year: int,
                    baseline_year: int | None = None, title: str | None = None) -> int:
    if regions.region_name(kabupaten_code) == "":
        raise UserError(msg(en="Unknown kabupaten/kota {c}", id="Kabupaten/kota tidak dikenal: {c}", c=kabupaten_code))
    if end_year < start_year:
        raise UserError(msg(en="The period ends before it starts.", id="Periode berakhir sebelum dimulai."))
    if baseline_year is None:
        from bakti_desktop.mapping.models import School, Survey

        with db.engine.connect() as conn:
            baseline_year = conn.execute(select(func.max(Survey.year)).join(School).where(
                School.kabupaten_code == kabupaten_code)).scalar()
    name = regions.region_name(kabupaten_code)
    with db.session() as session:
        document = SssDocument(kabupaten_code=kabupaten_code, start_year=start_year, end_year=end_year,
                               baseline_year=baseline_year,
                               title=title or f"Strategi Sanitasi Sekolah {name} {start_year}–{end_year}")
        session.add(document)
        session.flush()
        position = 0
        for chapter, owner, subsections in OUTLINE:
            position += 1
            document.sections.append(SssSection(position=position, level=1, title=chapter, owner_opd=owner,
                                                content="", guidance=None))
            for title_, sub_owner, text in subsections:
                position += 1
                guidance, content = _split(text)
                document.sections.append(SssSection(position=position, level=2, title=title_, owner_opd=sub_owner,
                                                    content=content, guidance=guidance))
        session.flush()
        document_id = document.id
    add_default_targets(db, document_id)
    return document_id


def _document(session: Any, document_id: int) -> SssDocument:
    """The document, or RecordGone if it was deleted meanwhile."""
    return must_get(session, SssDocument, document_id, en="The document no longer exists.", id="Dokumen ini sudah tidak ada.")


def _section(session: Any, section_id: int) -> SssSection:
    """The section, or RecordGone if it was deleted meanwhile."""
    return must_get(session, SssSection, section_id, en="The section no longer exists.", id="Bagian ini sudah tidak ada.")


def add_default_targets(db: Database, document_id: int) -> None:
    """Basic-service indicators with their baseline and a straight path to 100 % at the end of the period."""
    with db.session() as session:
        document = _document(session, document_id)
        baselines = baseline_values(db, document.kabupaten_code, document.baseline_year)
        for source, indicator in TARGET_SOURCES.items():
            base = baselines.get(source)
            targets: dict[str, float] = {}
            if base is not None:
                years = list(range(document.start_year, document.end_year + 1))
                for i, year in enumerate(years, start=1):
                    targets[str(year)] = round(base + (100 - base) * i / len(years), 1)
            document.targets.append(SssTarget(indicator=indicator + " (%)", source=source, unit="%",
                                              baseline=None if base is None else round(base, 1),
                                              targets=json.dumps(targets)))


def baseline_values(db: Database, kabupaten_code: str, year: int | None) -> dict[str, float]:
    from bakti_desktop.mapping.summary import summary

    if year is None:
        return {}
    groups = summary(db, by="kabupaten", year=year, kabupaten_code=kabupaten_code)["groups"]
    if not groups or not groups[0]["schools"]:
        return {}
    g = groups[0]
    return {f"{d}_basic": 100.0 * g[d]["basic"] / g["schools"] for d in DOMAINS}


def documents(db: Database) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(SssDocument.id, SssDocument.title, SssDocument.kabupaten_code, SssDocument.final)
                            .order_by(SssDocument.title))
        return [dict(r) for r in rows.mappings()]


def numbered(sections: list[SssSection]) -> list[tuple[str, SssSection]]:
    """Chapter numbers (BAB 1) and sub-section numbers (1.1) in document order."""
    out: list[tuple[str, SssSection]] = []
    chapter = sub = 0
    for section in sections:
        if section.level == 1:
            chapter += 1
            sub = 0
            out.append((str(chapter), section))
        else:
            sub += 1
            out.append((f"{chapter}.{sub}", section))
    return out


def _check_open(document: SssDocument) -> None:
    if document.final:
        raise UserError(msg(en="The document is final; reopen it as a draft to change it.",
                            id="Dokumen sudah final; buka kembali sebagai draf untuk mengubahnya."))


def save_section(db: Database, section_id: int, content: str, title: str | None = None,
                 author: str | None = None, expected_version: int | None = None) -> bool:
    """Save a section's text, keeping a revision; returns True if anything changed.

    Saves by the same author within ten minutes update the latest revision
    instead of adding one, so autosave does not flood the history. With
    ``expected_version`` (the version the editor loaded), a save over someone
    else's newer text is refused with :class:`ChangedElsewhere`, also when it
    races with that save from another process, and also on the section's first
    edit (which adds two revisions: the text before and the new one).
    """
    with db.session() as session:
        section = _claim_section(session, section_id, expected_version)
        return _write_text(section, content, title, author or current_user())


def _claim_section(session: Any, section_id: int, expected_version: int | None) -> SssSection:
    section = claim(session, SssSection, section_id, expected_version)
    if section is None:
        raise UserError(msg(en="The section no longer exists.", id="Bagian ini sudah tidak ada."))
    _check_open(_document(session, section.document_id))
    return section


def _write_text(section: SssSection, content: str, title: str | None, author: str) -> bool:
    """The section's new text and title with its revision (see :func:`save_section`); True if they changed."""
    new_title = (title if title is not None else section.title).strip() or section.title
    if section.content == content and section.title == new_title:
        return False
    if not section.revisions:  # keep the text as it was before the first edit
        section.revisions.append(SssRevision(author=section.updated_by, title=section.title,
                                             content=section.content, created_at=section.updated_at))
    section.content = content
    section.title = new_title
    section.updated_by = author
    last = section.revisions[-1]
    if len(section.revisions) > 1 and last.author == author and utcnow() - last.created_at < REVISION_MERGE:
        last.content, last.title, last.created_at = content, new_title, utcnow()
    else:
        section.revisions.append(SssRevision(author=author, title=new_title, content=content))
    return True


@dataclass(frozen=True)
class SectionSaved:
    text_changed: bool  # a revision was added or updated (the history changed)
    version: int  # the section's version now: what the editor saves against next


def save_section_edit(db: Database, section_id: int, *, title: str, content: str, owner_opd: str | None,
                      status: str, expected_version: int | None) -> SectionSaved:
    """The section editor's save: text, title, owner and status in one transaction, with one version check.

    Refused with :class:`ChangedElsewhere` when the section moved on from ``expected_version``, and then
    nothing is written, neither the text nor the status.
    """
    if not SectionStatus.known(status):
        raise UserError(msg(en="Unknown status {s}", id="Status tidak dikenal: {s}", s=status))
    with db.session() as session:
        section = _claim_section(session, section_id, expected_version)
        changed = _write_text(section, content, title, current_user())
        section.owner_opd = (owner_opd or "").strip() or None
        section.status = status
        session.flush()
        return SectionSaved(changed, section.version)


def revisions(db: Database, section_id: int) -> list[dict[str, Any]]:
    with db.session() as session:
        rows = session.scalars(select(SssRevision).where(SssRevision.section_id == section_id)
                               .order_by(SssRevision.id.desc()))
        return [{"id": r.id, "created_at": r.created_at, "author": r.author, "title": r.title, "content": r.content}
                for r in rows]


def compare(old: str, new: str, old_label: str, new_label: str) -> str:
    """A side-by-side comparison of two texts, as an HTML table."""
    return difflib.HtmlDiff(wrapcolumn=70).make_table(old.splitlines(), new.splitlines(), old_label, new_label,
                                                       context=False)


def restore(db: Database, section_id: int, revision_id: int) -> None:
    with db.session() as session:
        revision = session.get(SssRevision, revision_id)
        if revision is None or revision.section_id != section_id:
            raise UserError(msg(en="That revision does not belong to this section.",
                                id="Revisi itu bukan milik bagian ini."))
        content, title = revision.content, revision.title
    save_section(db, section_id, content, title)


def set_section_meta(db: Database, section_id: int, owner_opd: str | None = None, status: str | None = None,
                     expected_version: int | None = None) -> None:
    if status is not None and not SectionStatus.known(status):
        raise UserError(msg(en="Unknown status {s}", id="Status tidak dikenal: {s}", s=status))
    with db.session() as session:
        section = claim(session, SssSection, section_id, expected_version)
        if section is None:
            raise UserError(msg(en="The section no longer exists.", id="Bagian ini sudah tidak ada."))
        if owner_opd is not None:
            section.owner_opd = owner_opd.strip() or None
        if status is not None:
            section.status = status


def add_comment(db: Database, section_id: int, text: str, author: str | None = None) -> None:
    if not text.strip():
        raise UserError(msg(en="The comment is empty.", id="Komentar kosong."))
    with db.session() as session:
        session.add(SssComment(section_id=section_id, text=text.strip(), author=author or current_user()))


def resolve_comment(db: Database, comment_id: int, resolved: bool = True) -> None:
    with db.session() as session:
        must_get(session, SssComment, comment_id, en="The comment no longer exists.",
                 id="Komentar ini sudah tidak ada.").resolved = resolved


def add_section(db: Database, document_id: int, after_section_id: int | None, title: str, level: int = 2) -> int:
    if not title.strip():
        raise UserError(msg(en="The section needs a title.", id="Judul bagian wajib diisi."))
    with db.session() as session:
        document = _document(session, document_id)
        _check_open(document)
        sections = list(document.sections)
        index = len(sections)
        if after_section_id is not None:
            index = next(i for i, s in enumerate(sections) if s.id == after_section_id) + 1
        new = SssSection(title=title.strip(), level=level, content="", position=0, owner_opd=None)
        sections.insert(index, new)
        document.sections.append(new)
        for position, section in enumerate(sections, start=1):
            section.position = position
        session.flush()
        return new.id


def move_section(db: Database, section_id: int, step: int) -> None:
    with db.session() as session:
        section = _section(session, section_id)
        document = _document(session, section.document_id)
        _check_open(document)
        sections = list(document.sections)
        index = sections.index(section)
        target = index + step
        if not 0 <= target < len(sections):
            return
        sections[index], sections[target] = sections[target], sections[index]
        for position, s in enumerate(sections, start=1):
            s.position = position


def remove_section(db: Database, section_id: int) -> None:
    """Move a section, with its history and comments, to the trash."""
    from bakti_desktop.storage.trash import move_to_trash

    with db.session() as session:
        section = session.get(SssSection, section_id)
        if section is None:
            return
        document = _document(session, section.document_id)
        _check_open(document)
        move_to_trash(session, section, f"Bagian '{section.title}' — {document.title}")


def delete_document(db: Database, document_id: int) -> None:
    """Move a whole SSS document to the trash."""
    from bakti_desktop.storage.trash import move_to_trash

    with db.session() as session:
        document = session.get(SssDocument, document_id)
        if document is not None:
            move_to_trash(session, document, f"Dokumen {document.title}")


def document_version(db: Database, document_id: int) -> int | None:
    """The document's version: what the targets and programme tables pass back when they save."""
    with db.engine.connect() as conn:
        return conn.execute(select(SssDocument.version).where(SssDocument.id == document_id)).scalar()


def _claim_document(session: Any, document_id: int, expected_version: int | None) -> SssDocument:
    document = claim(session, SssDocument, document_id, expected_version)
    if document is None:
        raise UserError(msg(en="The document no longer exists.", id="Dokumen ini sudah tidak ada."))
    _check_open(document)
    return document


def save_targets(db: Database, document_id: int, rows: list[dict[str, Any]],
                 expected_version: int | None = None) -> int:
    """Replace the targets table; returns the document's new version.

    The table is saved as a whole, conditional on the document's version the editor loaded
    (``expected_version``): a save over someone else's newer targets or programme is refused with
    :class:`ChangedElsewhere`. Each save raises the document's version.
    """
    for row in rows:
        if str(row.get("indicator") or "").strip():
            check_target_row(row)
    with db.session() as session:
        document = _claim_document(session, document_id, expected_version)
        document.targets.clear()
        session.flush()
        for row in rows:
            if not str(row.get("indicator") or "").strip():
                continue
            document.targets.append(SssTarget(indicator=row["indicator"].strip(), source=row.get("source"),
                                              unit=row.get("unit") or "%", baseline=row.get("baseline"),
                                              targets=json.dumps({str(k): v for k, v in row.get("targets", {}).items()})))
        touch(document)
        session.flush()
        return document.version


def check_programme_row(row: dict[str, Any]) -> None:
    if not str(row.get("program") or "").strip() or not str(row.get("kegiatan") or "").strip():
        raise UserError(msg(en="Programme and activity are required.", id="Program dan kegiatan wajib diisi."))
    if row.get("sumber_dana") not in FUNDING_SOURCES:
        raise UserError(msg(en="Unknown source of funds {s}", id="Sumber dana tidak dikenal: {s}",
                            s=row.get("sumber_dana")))
    if (row.get("volume") or 0) < 0 or (row.get("unit_cost") or 0) < 0:
        raise UserError(msg(en="Volume and unit cost cannot be negative.",
                            id="Volume dan biaya satuan tidak boleh negatif."))


def save_programme(db: Database, document_id: int, rows: list[dict[str, Any]],
                   expected_version: int | None = None) -> int:
    """Replace the programme table as a whole; returns the document's new version.

    Conditional on the document's version the editor loaded, like :func:`save_targets`: two people
    saving the same table cannot silently drop each other's rows.
    """
    for row in rows:
        check_programme_row(row)
    with db.session() as session:
        document = _claim_document(session, document_id, expected_version)
        document.programme.clear()
        session.flush()
        for row in rows:
            document.programme.append(SssProgrammeRow(**{k: row.get(k) for k in (
                "program", "kegiatan", "lokasi", "satuan", "volume", "unit_cost", "sumber_dana", "opd", "tahun")}))
        touch(document)
        session.flush()
        return document.version


def unit_cost(db: Database) -> int:
    with db.session() as session:
        return int(get_setting(session, UNIT_COST_KEY, DEFAULT_UNIT_COST))


def set_unit_cost(db: Database, rupiah: int) -> None:
    """The unit cost of one school toilet that proposed programme rows use (a data setting)."""
    if rupiah < 0:
        raise UserError(msg(en="The unit cost cannot be negative.", id="Biaya satuan tidak boleh negatif."))
    with db.session() as session:
        set_setting(session, UNIT_COST_KEY, int(rupiah))


def propose_toilet_rows(db: Database, document_id: int) -> list[dict[str, Any]]:
    """Toilet construction rows per kecamatan from the toilets to build (not saved; the user edits them)."""
    from bakti_desktop.mapping.summary import summary

    cost = unit_cost(db)
    with db.session() as session:
        document = _document(session, document_id)
        code, year, first = document.kabupaten_code, document.baseline_year, document.start_year
    if year is None:
        return []
    rows = []
    for g in summary(db, by="kecamatan", year=year, kabupaten_code=code)["groups"]:
        b = g["toilets_to_build"]
        for who, count in (("laki-laki", b["boys"]), ("perempuan", b["girls"]), ("guru", b["teachers"])):
            if count:
                rows.append({"program": "Peningkatan Sarana Sanitasi Sekolah",
                             "kegiatan": f"Pembangunan jamban sekolah ({who})", "lokasi": f"Kec. {g['kecamatan']}",
                             "satuan": "unit", "volume": float(count), "unit_cost": cost, "sumber_dana": "DAK",
                             "opd": "Dinas Pendidikan", "tahun": first})
    return rows


def row_total(volume: float | None, unit_cost: int | None) -> int:
    """Indicative cost of a programme row: volume × unit cost, whole rupiah (as SssProgrammeRow.total)."""
    return round((volume or 0) * (unit_cost or 0))


def programme_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals by year, by source of funds and overall of programme rows given as dicts (saved or not)."""
    by_year: dict[int, int] = {}
    by_source: dict[str, int] = {}
    for row in rows:
        total = row_total(row.get("volume"), row.get("unit_cost"))
        by_year[row["tahun"]] = by_year.get(row["tahun"], 0) + total
        by_source[row["sumber_dana"]] = by_source.get(row["sumber_dana"], 0) + total
    return {"by_year": dict(sorted(by_year.items())), "by_source": by_source,
            "total": sum(by_year.values())}


def totals(document: SssDocument) -> dict[str, Any]:
    return programme_totals([{"volume": r.volume, "unit_cost": r.unit_cost, "tahun": r.tahun,
                              "sumber_dana": r.sumber_dana} for r in document.programme])


def mark_final(db: Database, document_id: int, final: bool = True) -> None:
    """Final: the data blocks are frozen as they are now; draft again: they follow the data."""
    from bakti_desktop.sss.blocks import compute_blocks

    with db.session() as session:
        document = _document(session, document_id)
        if final:
            document.frozen_data = jsonvalues.dumps(compute_blocks(db, document), lenient=True)
            document.frozen_at = utcnow()
        else:
            document.frozen_data = None
            document.frozen_at = None
        document.final = final



# -- what the window shows: plain data, read in one transaction each ----------------------------------------
@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    kabupaten_code: str
    start_year: int
    end_year: int
    baseline_year: int | None
    final: bool
    version: int

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


def _document_view(document: SssDocument) -> DocumentView:
    return DocumentView(document.id, document.title, document.kabupaten_code, document.start_year, document.end_year,
                        document.baseline_year, bool(document.final), document.version)


def document_view(db: Database, document_id: int | None) -> DocumentView | None:
    """A document's heading data, or None when there is none (deleted meanwhile)."""
    if document_id is None:
        return None
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        return None if document is None else _document_view(document)


@dataclass(frozen=True)
class OutlineEntry:
    id: int
    number: str  # "1" for a chapter (BAB 1), "1.2" for a sub-section
    level: int
    title: str
    status: str
    owner_opd: str | None


def outline_of(db: Database, document_id: int) -> list[OutlineEntry]:
    """The document's sections in order, numbered; empty when the document is gone."""
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        if document is None:
            return []
        return [OutlineEntry(s.id, number, s.level, s.title, s.status, s.owner_opd)
                for number, s in numbered(list(document.sections))]


@dataclass(frozen=True)
class SectionView:
    id: int
    document_id: int
    version: int
    title: str
    content: str
    guidance: str | None
    owner_opd: str | None
    status: str


def section_view(db: Database, section_id: int) -> SectionView | None:
    """A section as stored, or None when it is gone."""
    with db.session() as session:
        s = session.get(SssSection, section_id)
        if s is None:
            return None
        return SectionView(s.id, s.document_id, s.version, s.title, s.content or "", s.guidance, s.owner_opd, s.status)


def comments(db: Database, section_id: int) -> list[dict[str, Any]]:
    """A section's comments, oldest first: id, created_at, author, text, resolved."""
    with db.session() as session:
        return [{"id": c.id, "created_at": c.created_at, "author": c.author, "text": c.text, "resolved": c.resolved}
                for c in session.scalars(select(SssComment).where(SssComment.section_id == section_id)
                                         .order_by(SssComment.id))]


def preview_blocks(db: Database, document_id: int | None) -> dict[str, Any]:
    """The data blocks a section's preview shows (frozen when the document is final)."""
    from bakti_desktop.sss.blocks import document_blocks

    if document_id is None:
        return {}
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        return document_blocks(db, document) if document is not None else {}


def target_values(target: SssTarget) -> dict[int, float]:
    """The yearly targets as stored (JSON with year keys), decoded: {2022: 60.0, …}."""
    return {int(year): value for year, value in json.loads(target.targets or "{}").items()}


@dataclass(frozen=True)
class TablesView:
    """A document's targets or programme table as stored, with what the editor saves against."""

    document: DocumentView
    rows: list[dict[str, Any]]

    @property
    def version(self) -> int:
        return self.document.version


def load_targets(db: Database, document_id: int | None) -> TablesView | None:
    """The targets table: rows of indicator, source, unit, baseline and targets {year: value}; None if no document."""
    if document_id is None:
        return None
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        if document is None:
            return None
        return TablesView(_document_view(document), [
            {"indicator": t.indicator, "source": t.source, "unit": t.unit or "%", "baseline": t.baseline,
             "targets": target_values(t)} for t in document.targets])


PROGRAMME_FIELDS = ("program", "kegiatan", "lokasi", "satuan", "volume", "unit_cost", "sumber_dana", "opd", "tahun")


def load_programme(db: Database, document_id: int | None) -> TablesView | None:
    """The programme table: rows of the :data:`PROGRAMME_FIELDS`; None if no document."""
    if document_id is None:
        return None
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        if document is None:
            return None
        return TablesView(_document_view(document),
                          [{key: getattr(r, key) for key in PROGRAMME_FIELDS} for r in document.programme])


def check_target_row(row: dict[str, Any]) -> None:
    """A percentage indicator's baseline and targets lie between 0 and 100."""
    if (row.get("unit") or "%") != "%":
        return
    values = [row.get("baseline"), *dict(row.get("targets") or {}).values()]
    if any(v is not None and not 0 <= v <= 100 for v in values):
        raise UserError(msg(
            en="'{indicator}' is a percentage: its baseline and targets must be between 0 and 100.",
            id="'{indicator}' berupa persentase: nilai dasar dan targetnya harus antara 0 dan 100.",
            indicator=str(row.get("indicator") or "").strip()))
