"""The survey table: filtering, sorting and paging in SQL.

The GUI never loads all rows: it asks for the count and for pages of rows,
with the filter and the sort done by the database (indexes on year, region,
level), so 200,000 schools page as quickly as 200.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select

from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.storage.database import Database

COLUMNS: dict[str, Any] = {
    "npsn": School.npsn,
    "nama_sekolah": School.nama_sekolah,
    "jenjang": School.jenjang,
    "kabupaten_code": School.kabupaten_code,
    "kecamatan_code": School.kecamatan_code,
    "year": Survey.year,
    "students": Survey.siswa_laki + Survey.siswa_perempuan,
    "water_level": Survey.water_level,
    "sanitation_level": Survey.sanitation_level,
    "hygiene_level": Survey.hygiene_level,
    "build": Survey.build_boys + Survey.build_girls + Survey.build_teachers,
    "phbs_score": Survey.phbs_score,
    "priority": Survey.priority,
}


@dataclass(frozen=True)
class SurveyFilter:
    year: int | None = None
    kabupaten_code: str | None = None
    kecamatan_code: str | None = None
    jenjang: str | None = None
    domain: str | None = None  # "water", "sanitation" or "hygiene"
    level: str | None = None  # "basic", "limited" or "none"
    text: str = ""


def _where(stmt: Select[Any], f: SurveyFilter, year_index: bool = True) -> Select[Any]:
    if f.year is not None:
        # "year + 0" keeps SQLite from starting at the year index (see page()).
        stmt = stmt.where((Survey.year if year_index else Survey.year + 0) == f.year)
    if f.kabupaten_code:
        stmt = stmt.where(School.kabupaten_code == f.kabupaten_code)
    if f.kecamatan_code:
        stmt = stmt.where(School.kecamatan_code == f.kecamatan_code)
    if f.jenjang:
        stmt = stmt.where(School.jenjang == f.jenjang)
    if f.domain and f.level:
        stmt = stmt.where(getattr(Survey, f"{f.domain}_level") == f.level)
    elif f.level:
        stmt = stmt.where(
            or_(Survey.water_level == f.level, Survey.sanitation_level == f.level, Survey.hygiene_level == f.level)
        )
    text = f.text.strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(
            or_(
                School.npsn.like(f"{escaped.upper()}%", escape="\\"),
                func.lower(School.nama_sekolah).like(f"%{escaped.lower()}%", escape="\\"),
            )
        )
    return stmt


def _needs_school(f: SurveyFilter) -> bool:
    return bool(f.kabupaten_code or f.kecamatan_code or f.jenjang or f.text.strip())


def count(db: Database, f: SurveyFilter) -> int:
    stmt = select(func.count()).select_from(Survey)
    if _needs_school(f):  # every survey has its school: the join only matters for school filters
        stmt = stmt.join(School, School.id == Survey.school_id)
    stmt = _where(stmt, f)
    with db.engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


SCHOOL_SORTS = frozenset({"npsn", "nama_sekolah", "jenjang", "kabupaten_code", "kecamatan_code"})


def page(db: Database, f: SurveyFilter, sort: str = "nama_sekolah", descending: bool = False,
         offset: int = 0, limit: int = 200) -> list[dict[str, Any]]:
    """One page of rows: survey id plus the table columns."""
    column = COLUMNS.get(sort, School.nama_sekolah)
    order = column.desc() if descending else column.asc()
    stmt = (
        select(Survey.id.label("survey_id"), Survey.school_id, *(c.label(k) for k, c in COLUMNS.items()),
               Survey.build_boys, Survey.build_girls, Survey.build_teachers)
        .join(School, School.id == Survey.school_id)
    )
    if sort in SCHOOL_SORTS or sort not in COLUMNS:
        # Walk the schools in index order and look up each one's surveys, instead of sorting every
        # survey: SQLite would otherwise start from the year index and sort 200,000 rows per page.
        stmt = _where(stmt, f, year_index=db.engine.dialect.name != "sqlite")
        stmt = stmt.order_by(order, School.id, Survey.year)
    else:
        stmt = _where(stmt, f).order_by(order, Survey.id)
    stmt = stmt.offset(offset).limit(limit)
    with db.engine.connect() as conn:
        return [dict(row) for row in conn.execute(stmt).mappings()]


def history(db: Database, school_id: int) -> list[dict[str, Any]]:
    """Every survey of one school, newest first."""
    stmt = (
        select(Survey.id, Survey.year, Survey.tanggal_survei, Survey.enumerator, Survey.water_level,
               Survey.sanitation_level, Survey.hygiene_level, Survey.build_boys, Survey.build_girls,
               Survey.build_teachers, Survey.phbs_score, Survey.updated_at, Survey.updated_by)
        .where(Survey.school_id == school_id)
        .order_by(Survey.year.desc())
    )
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def priority_list(db: Database, year: int, kabupaten_code: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Schools in intervention order (see :mod:`indicators`)."""
    stmt = (
        select(School.npsn, School.nama_sekolah, School.jenjang, School.kabupaten_code, School.kecamatan_code,
               Survey.water_level, Survey.sanitation_level, Survey.hygiene_level, Survey.priority,
               Survey.build_boys, Survey.build_girls, Survey.build_teachers,
               (Survey.siswa_laki + Survey.siswa_perempuan).label("students"))
        .join(School, School.id == Survey.school_id)
        .where(Survey.year == year)
        .order_by(Survey.priority, Survey.no_service_count.desc(), Survey.limited_count.desc(),
                  (Survey.build_boys + Survey.build_girls + Survey.build_teachers).desc(),
                  (Survey.siswa_laki + Survey.siswa_perempuan).desc(), School.npsn)
    )
    if kabupaten_code:
        stmt = stmt.where(School.kabupaten_code == kabupaten_code)
    if limit:
        stmt = stmt.limit(limit)
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
