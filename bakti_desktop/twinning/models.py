"""Twinning programmes, units, topics, RKTL items with progress notes and evidence, visits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakti_desktop.storage.base import Base, Record
from bakti_desktop.twinning.codes import (  # re-exported
    CLOSED_STATUSES as CLOSED_STATUSES,
    ItemStatus as ItemStatus,
    Stage as Stage,
    UnitRole as UnitRole,
    VisitKind as VisitKind,
)

# The stored codes (declared with their names in codes.py), as tuples for the rules and older callers.
STAGES = Stage.codes()
STATUSES = ItemStatus.codes()
VISIT_KINDS = VisitKind.codes()
EVIDENCE_KINDS = ("SK", "Perwali", "Perbup", "SOP", "Foto", "Laporan", "Lainnya")


class Programme(Record, Base):
    __tablename__ = "twin_programme"

    name: Mapped[str] = mapped_column(String(300))
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    senior_provider: Mapped[str | None] = mapped_column(String(300))
    stage: Mapped[str] = mapped_column(String(15), default=Stage.IMPLEMENTATION.value)
    description: Mapped[str | None] = mapped_column(Text)

    units: Mapped[list[Unit]] = relationship(back_populates="programme", cascade="all, delete-orphan",
                                               order_by="Unit.name")
    topics: Mapped[list[Topic]] = relationship(back_populates="programme", cascade="all, delete-orphan",
                                                 order_by="Topic.number")
    visits: Mapped[list[Visit]] = relationship(back_populates="programme", cascade="all, delete-orphan",
                                                 order_by="Visit.visit_date")


class Unit(Record, Base):
    """A UPTD PAL(D) taking part, as mentor or mentee."""

    __tablename__ = "twin_unit"

    programme_id: Mapped[int] = mapped_column(ForeignKey("twin_programme.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(8))  # UnitRole
    kabupaten: Mapped[str] = mapped_column(String(200))  # e.g. "Kota Palopo" or "Kabupaten Gresik"
    kabupaten_code: Mapped[str | None] = mapped_column(String(5))  # Kemendagri code when in South Sulawesi

    programme: Mapped[Programme] = relationship(back_populates="units")


class Topic(Record, Base):
    """A twinning topic, entered by the users and numbered (e.g. "Topik 5")."""

    __tablename__ = "twin_topic"

    programme_id: Mapped[int] = mapped_column(ForeignKey("twin_programme.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    mentor_unit_id: Mapped[int | None] = mapped_column(ForeignKey("twin_unit.id", ondelete="SET NULL"))

    programme: Mapped[Programme] = relationship(back_populates="topics")


class Item(Record, Base):
    """One line of a mentee's RKTL."""

    __tablename__ = "twin_item"

    topic_id: Mapped[int] = mapped_column(ForeignKey("twin_topic.id", ondelete="CASCADE"), index=True)
    mentee_unit_id: Mapped[int] = mapped_column(ForeignKey("twin_unit.id", ondelete="CASCADE"), index=True)
    activity: Mapped[str] = mapped_column(Text)
    objective: Mapped[str | None] = mapped_column(Text)
    indicator: Mapped[str | None] = mapped_column(Text)
    responsible_opd: Mapped[str | None] = mapped_column(String(200))
    responsible_person: Mapped[str | None] = mapped_column(String(200))
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_done: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ItemStatus.NOT_STARTED.value, index=True)
    verified_by: Mapped[str | None] = mapped_column(String(200))
    verified_at: Mapped[date | None] = mapped_column(Date)

    notes: Mapped[list[ProgressNote]] = relationship(cascade="all, delete-orphan", order_by="ProgressNote.note_date")
    evidence: Mapped[list[Evidence]] = relationship(cascade="all, delete-orphan", order_by="Evidence.id")
    topic: Mapped[Topic] = relationship()
    mentee: Mapped[Unit] = relationship()


class ProgressNote(Record, Base):
    __tablename__ = "twin_progress_note"

    item_id: Mapped[int] = mapped_column(ForeignKey("twin_item.id", ondelete="CASCADE"), index=True)
    note_date: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("twin_visit.id", ondelete="SET NULL"))


class Evidence(Record, Base):
    """A file kept in the evidence store beside the database, named by its SHA-256."""

    __tablename__ = "twin_evidence"

    item_id: Mapped[int] = mapped_column(ForeignKey("twin_item.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    original_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    extension: Mapped[str] = mapped_column(String(8))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(100))


class Visit(Record, Base):
    """A study visit, a mentoring visit or an online meeting."""

    __tablename__ = "twin_visit"

    programme_id: Mapped[int] = mapped_column(ForeignKey("twin_programme.id", ondelete="CASCADE"), index=True)
    visit_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # VisitKind
    place: Mapped[str | None] = mapped_column(String(300))
    male: Mapped[int] = mapped_column(Integer, default=0)
    female: Mapped[int] = mapped_column(Integer, default=0)
    topics: Mapped[str | None] = mapped_column(Text)
    outputs: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[Programme] = relationship(back_populates="visits")
