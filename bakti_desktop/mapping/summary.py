"""District figures: schools at each ladder level, toilets to build, PHBS.

All counting happens in SQL over the stored levels (computed on save by
:mod:`indicators`), so the summary of 20,000 schools is one query. Shares are
of the schools surveyed in that year and group (docs/domain-rules.md §3.1).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.mapping.fields import JENJANG_CODES
from bakti_desktop.mapping.indicators import BASIC, DOMAINS, LEVELS, LIMITED, NONE
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.storage.database import Database

GROUPINGS = ("kabupaten", "kecamatan", "jenjang")
_LEVEL_JSON = {BASIC: "basic", LIMITED: "limited", NONE: "none"}
# The tables' columns, not the ORM attributes: a query of these needs no mapper configuration
# (which costs a short command such as ``main.py summary`` a tenth of its time).
_school = School.__table__.c
_survey = Survey.__table__.c


def latest_year(db: Database) -> int | None:
    with db.engine.connect() as conn:
        return conn.execute(select(func.max(_survey.year))).scalar()


def _count(column: Any, level: str) -> Any:
    return func.sum(case((column == level, 1), else_=0))


def summary(
    db: Database,
    by: str = "kabupaten",
    year: int | None = None,
    kabupaten_code: str | None = None,
    per_kabupaten: bool = True,
) -> dict[str, Any]:
    """Figures per group for a year (default: the latest present).

    Groups are kabupaten, kecamatan (within kabupaten) or level (within
    kabupaten, or across all of them with ``per_kabupaten=False``).
    """
    if by not in GROUPINGS:
        raise UserError(msg(en="Unknown grouping {by}", id="Pengelompokan {by} tidak dikenal", by=by))
    if year is None:
        year = latest_year(db)
    if year is None:
        return {"year": None, "groups": []}
    keys: list[Any] = [_school.kabupaten_code] if per_kabupaten or by != "jenjang" else []
    if by == "kecamatan":
        keys.append(_school.kecamatan_code)
    elif by == "jenjang":
        keys.append(_school.jenjang)
    measures = [func.count(_survey.id).label("schools")]
    for domain, column in (("water", _survey.water_level), ("sanitation", _survey.sanitation_level), ("hygiene", _survey.hygiene_level)):
        for level in LEVELS:
            measures.append(_count(column, level).label(f"{domain}_{level}"))
    measures += [
        func.sum(_survey.build_boys).label("build_boys"),
        func.sum(_survey.build_girls).label("build_girls"),
        func.sum(_survey.build_teachers).label("build_teachers"),
        func.sum(_survey.phbs_score).label("phbs_total"),
        func.sum(case((_survey.no_service_count == 3, 1), else_=0)).label("no_service_all"),
        func.sum(_survey.siswa_laki).label("boys"),
        func.sum(_survey.siswa_perempuan).label("girls"),
    ]
    stmt = (select(*keys, *measures).select_from(Survey.__table__)
            .join(School.__table__, _school.id == _survey.school_id).where(_survey.year == year))
    if kabupaten_code:
        stmt = stmt.where(_school.kabupaten_code == kabupaten_code)
    stmt = stmt.group_by(*keys)
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    groups = [_group(row, by) for row in rows]
    order = {code: i for i, code in enumerate(JENJANG_CODES)}
    groups.sort(key=lambda g: (g.get("kabupaten_code", ""), g.get("kecamatan_code", ""), order.get(g.get("jenjang", ""), 99)))
    return {"year": year, "groups": groups}


def _group(row: Any, by: str) -> dict[str, Any]:
    from bakti_desktop import regions  # loaded when there is a group to name

    group: dict[str, Any] = {}
    if "kabupaten_code" in row:
        group["kabupaten_code"] = row["kabupaten_code"]
        group["kabupaten"] = regions.region_name(row["kabupaten_code"])
    if by == "kecamatan":
        group["kecamatan_code"] = row["kecamatan_code"]
        group["kecamatan"] = regions.region_name(row["kecamatan_code"])
    elif by == "jenjang":
        group["jenjang"] = row["jenjang"]
    group["schools"] = int(row["schools"])
    for domain in DOMAINS:
        group[domain] = {_LEVEL_JSON[level]: int(row[f"{domain}_{level}"] or 0) for level in LEVELS}
    group["toilets_to_build"] = {
        "boys": int(row["build_boys"] or 0),
        "girls": int(row["build_girls"] or 0),
        "teachers": int(row["build_teachers"] or 0),
    }
    schools = group["schools"] or 1
    group["phbs_total"] = int(row["phbs_total"] or 0)
    group["phbs_average"] = group["phbs_total"] / schools
    group["no_service_all"] = int(row["no_service_all"] or 0)
    group["students"] = {"boys": int(row["boys"] or 0), "girls": int(row["girls"] or 0)}
    return group


CONTRACT_KEYS = ("kabupaten_code", "kabupaten", "kecamatan_code", "kecamatan", "jenjang", "schools", "water",
                 "sanitation", "hygiene", "toilets_to_build")


def contract_view(result: dict[str, Any]) -> dict[str, Any]:
    """The summary as the CLI contract prints it (the documented keys only)."""
    return {
        "year": result["year"],
        "groups": [{k: g[k] for k in CONTRACT_KEYS if k in g} for g in result["groups"]],
    }


def share(count: int, total: int) -> float:
    """A percentage, unrounded (round only for display)."""
    return 100.0 * count / total if total else 0.0
