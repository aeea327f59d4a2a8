"""Schools and their yearly sanitation surveys."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakti_desktop.storage.base import Base, Record


class School(Record, Base):
    """A school in the register, known by its NPSN."""

    __tablename__ = "school"
    __table_args__ = (
        # The survey table filtered by kabupaten or level and ordered by name (see queries.page).
        Index("ix_school_kabupaten_name", "kabupaten_code", "nama_sekolah"),
        Index("ix_school_jenjang_name", "jenjang", "nama_sekolah"),
    )

    npsn: Mapped[str] = mapped_column(String(8), unique=True)
    nama_sekolah: Mapped[str] = mapped_column(String(500), index=True)  # docs/domain-rules.md §3.5: texts up to 500
    jenjang: Mapped[str] = mapped_column(String(4))  # indexed first in ix_school_jenjang_name
    status: Mapped[str | None] = mapped_column(String(10))
    kabupaten_code: Mapped[str] = mapped_column(String(5))  # indexed first in ix_school_kabupaten_name
    kecamatan_code: Mapped[str] = mapped_column(String(8), index=True)
    desa_code: Mapped[str | None] = mapped_column(String(13))
    puskesmas: Mapped[str | None] = mapped_column(String(500))
    lintang: Mapped[float | None] = mapped_column(Float)
    bujur: Mapped[float | None] = mapped_column(Float)

    surveys: Mapped[list[Survey]] = relationship(back_populates="school", cascade="all, delete-orphan")


class Survey(Record, Base):
    """One survey of one school in one year (a survey round)."""

    __tablename__ = "survey"
    __table_args__ = (
        UniqueConstraint("school_id", "year"),
        Index("ix_survey_year_levels", "year", "water_level", "sanitation_level", "hygiene_level"),
        # The survey table sorts by these sums (students, toilets to build): indexes on the expressions.
        Index("ix_survey_students", text("(siswa_laki + siswa_perempuan)")),
        Index("ix_survey_build", text("(build_boys + build_girls + build_teachers)")),
    )

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)  # indexed first in ix_survey_year_levels
    tanggal_survei: Mapped[date] = mapped_column(Date)
    enumerator: Mapped[str | None] = mapped_column(String(500))
    siswa_laki: Mapped[int] = mapped_column(Integer)
    siswa_perempuan: Mapped[int] = mapped_column(Integer)
    siswa_disabilitas: Mapped[int | None] = mapped_column(Integer)
    sumber_air_minum: Mapped[str] = mapped_column(String(30))
    air_tersedia: Mapped[bool | None] = mapped_column(Boolean)
    jenis_jamban: Mapped[str] = mapped_column(String(20))
    jamban_laki_baik: Mapped[int | None] = mapped_column(Integer)
    jamban_laki_rusak: Mapped[int | None] = mapped_column(Integer)
    jamban_perempuan_baik: Mapped[int | None] = mapped_column(Integer)
    jamban_perempuan_rusak: Mapped[int | None] = mapped_column(Integer)
    jamban_bersama_baik: Mapped[int | None] = mapped_column(Integer)
    jamban_bersama_rusak: Mapped[int | None] = mapped_column(Integer)
    jamban_guru: Mapped[int | None] = mapped_column(Integer)
    jamban_difabel: Mapped[bool | None] = mapped_column(Boolean)
    sarana_cuci_tangan: Mapped[int] = mapped_column(Integer)
    sarana_cuci_tangan_rusak: Mapped[int | None] = mapped_column(Integer)
    air_sabun: Mapped[str] = mapped_column(String(20))
    mkm_tempat_sampah: Mapped[bool | None] = mapped_column(Boolean)
    mkm_pembalut: Mapped[str | None] = mapped_column(String(10))
    mkm_edukasi: Mapped[bool | None] = mapped_column(Boolean)
    phbs_1: Mapped[bool | None] = mapped_column(Boolean)
    phbs_2: Mapped[bool | None] = mapped_column(Boolean)
    phbs_3: Mapped[bool | None] = mapped_column(Boolean)
    phbs_4: Mapped[bool | None] = mapped_column(Boolean)
    phbs_5: Mapped[bool | None] = mapped_column(Boolean)
    phbs_6: Mapped[bool | None] = mapped_column(Boolean)
    phbs_7: Mapped[bool | None] = mapped_column(Boolean)
    phbs_8: Mapped[bool | None] = mapped_column(Boolean)
    air_limbah: Mapped[str | None] = mapped_column(String(20))
    kuras_septik: Mapped[bool | None] = mapped_column(Boolean)
    anggaran_sanitasi: Mapped[bool | None] = mapped_column(Boolean)
    anggaran_rp: Mapped[int | None] = mapped_column(BigInteger)
    piket_kebersihan: Mapped[bool | None] = mapped_column(Boolean)
    siswa_terlibat: Mapped[bool | None] = mapped_column(Boolean)
    uks_aktif: Mapped[bool | None] = mapped_column(Boolean)
    catatan: Mapped[str | None] = mapped_column(Text)
    # The phone-form submission the survey came from (KoBoToolbox / ODK Central, mapping/submissions.py):
    # its root instance ID, kept by edits on the server, and the instance ID of the version imported.
    submission_id: Mapped[str | None] = mapped_column(Text, index=True)
    submission_instance: Mapped[str | None] = mapped_column(Text)

    # Derived by bakti_desktop.mapping.indicators when saved (and when the benchmark changes).
    water_level: Mapped[str] = mapped_column(String(8))
    sanitation_level: Mapped[str] = mapped_column(String(8))
    hygiene_level: Mapped[str] = mapped_column(String(8))
    build_boys: Mapped[int] = mapped_column(Integer)
    build_girls: Mapped[int] = mapped_column(Integer)
    build_teachers: Mapped[int] = mapped_column(Integer)
    phbs_score: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer)
    no_service_count: Mapped[int] = mapped_column(Integer)
    limited_count: Mapped[int] = mapped_column(Integer)

    school: Mapped[School] = relationship(back_populates="surveys")


class ImportBatch(Base):
    """One survey import as it was applied: when, by whom, from which file and sheets, what it did.

    The audit entries the import wrote name it (``audit_entry.batch_id``): the surveys and schools it
    created (one batch entry per table) and those it changed, with their previous values. That is what
    :mod:`bakti_desktop.mapping.undo` reverts. Not a :class:`Record`: a laptop package does not carry it
    (a batch is this database's history; the package carries the surveys themselves).
    """

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(300))  # the file's name
    sheets: Mapped[str] = mapped_column(String(500), default="")  # the sheets read, one per line
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    schools_added: Mapped[int] = mapped_column(Integer, default=0)
    schools_updated: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(100))
    undo_result: Mapped[str | None] = mapped_column(Text)  # what the undo did, JSON (shown when asked again)
