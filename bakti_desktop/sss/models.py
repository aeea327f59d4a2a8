"""SSS documents, their sections (Markdown), revisions, comments, targets and programme rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakti_desktop.sss.codes import SectionStatus as SectionStatus  # re-exported
from bakti_desktop.storage.base import Base, Record, utcnow

# The stored codes (declared with their names in codes.py), as tuples for the rules and older callers.
SECTION_STATUSES = SectionStatus.codes()
FUNDING_SOURCES = ("APBD Kab/Kota", "APBD Provinsi", "APBN", "DAK", "BOS/BOSDA", "Dana Desa", "CSR/swasta", "masyarakat")


class SssDocument(Record, Base):
    __tablename__ = "sss_document"

    kabupaten_code: Mapped[str] = mapped_column(String(5), index=True)
    title: Mapped[str] = mapped_column(String(300))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime)
    frozen_data: Mapped[str | None] = mapped_column(Text)  # JSON of the data blocks when marked final

    sections: Mapped[list[SssSection]] = relationship(cascade="all, delete-orphan", order_by="SssSection.position")
    targets: Mapped[list[SssTarget]] = relationship(cascade="all, delete-orphan", order_by="SssTarget.id")
    programme: Mapped[list[SssProgrammeRow]] = relationship(cascade="all, delete-orphan",
                                                              order_by=lambda: (SssProgrammeRow.tahun, SssProgrammeRow.id))


class SssSection(Record, Base):
    """A chapter (level 1) or sub-section (level 2); its text is Markdown."""

    __tablename__ = "sss_section"

    document_id: Mapped[int] = mapped_column(ForeignKey("sss_document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer, default=2)
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text, default="")
    guidance: Mapped[str | None] = mapped_column(Text)
    owner_opd: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default=SectionStatus.DRAFT.value)

    revisions: Mapped[list[SssRevision]] = relationship(cascade="all, delete-orphan", order_by="SssRevision.id")
    comments: Mapped[list[SssComment]] = relationship(cascade="all, delete-orphan", order_by="SssComment.id")


class SssRevision(Base):
    """A saved state of a section's text."""

    __tablename__ = "sss_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sss_section.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    author: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text)


class SssComment(Record, Base):
    __tablename__ = "sss_comment"

    section_id: Mapped[int] = mapped_column(ForeignKey("sss_section.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class SssTarget(Record, Base):
    """An indicator with its baseline (from the mapping, or typed) and yearly targets (JSON {year: value})."""

    __tablename__ = "sss_target"

    document_id: Mapped[int] = mapped_column(ForeignKey("sss_document.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(40))  # e.g. "sanitation_basic": baseline from the mapping
    unit: Mapped[str] = mapped_column(String(20), default="%")
    baseline: Mapped[float | None] = mapped_column(Float)
    targets: Mapped[str] = mapped_column(Text, default="{}")


class SssProgrammeRow(Record, Base):
    __tablename__ = "sss_programme_row"

    document_id: Mapped[int] = mapped_column(ForeignKey("sss_document.id", ondelete="CASCADE"), index=True)
    program: Mapped[str] = mapped_column(String(300))
    kegiatan: Mapped[str] = mapped_column(String(300))
    lokasi: Mapped[str | None] = mapped_column(String(200))
    satuan: Mapped[str | None] = mapped_column(String(40))
    volume: Mapped[float] = mapped_column(Float, default=0)
    unit_cost: Mapped[int] = mapped_column(BigInteger, default=0)
    sumber_dana: Mapped[str] = mapped_column(String(30))
    opd: Mapped[str | None] = mapped_column(String(200))
    tahun: Mapped[int] = mapped_column(Integer)

    @property
    def total(self) -> int:
        return round(self.volume * self.unit_cost)
