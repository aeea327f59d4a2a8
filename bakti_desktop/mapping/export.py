"""The mapping report: a workbook for analysis and a PDF for circulation.

``export_mapping`` picks the format from the file suffix. Both cover one
survey year (default: the latest) and optionally one kabupaten/kota.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bakti_desktop import regions
from bakti_desktop.errors import NothingToExport
from bakti_desktop.i18n import msg
from bakti_desktop.mapping import service
from bakti_desktop.mapping.fields import FIELDS, Field, Kind
from bakti_desktop.mapping.indicators import DOMAINS, LEVELS, domain_label, level_label, level_short, priority_label
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.summary import latest_year, share, summary
from bakti_desktop.reports.output import check_output, write_atomically
from bakti_desktop.storage.database import Database


def export_mapping(db: Database, out: Path, year: int | None = None, kabupaten_code: str | None = None) -> Path:
    suffix = check_output(out, (".xlsx", ".pdf"))
    year = check_something_to_export(db, year, kabupaten_code)
    if suffix == ".xlsx":
        from bakti_desktop.mapping.export_xlsx import write_workbook as writer
    else:
        from bakti_desktop.mapping.export_pdf import write_pdf as writer
    return write_atomically(Path(out), lambda tmp: writer(db, tmp, year, kabupaten_code))


def check_something_to_export(db: Database, year: int | None, kabupaten_code: str | None) -> int:
    """The year to report on (``year``, or the latest surveyed); ``NothingToExport`` when that year has no
    survey in ``kabupaten_code`` (or anywhere): no report of zeros and empty charts is written."""
    if year is None:
        year = latest_year(db)
        if year is None:
            raise NothingToExport(msg(en="There are no surveys to report on yet.",
                                      id="Belum ada data survei untuk dilaporkan."))
    stmt = select(func.count()).select_from(Survey).where(Survey.year == year)
    if kabupaten_code:
        stmt = stmt.join(School, School.id == Survey.school_id).where(School.kabupaten_code == kabupaten_code)
    with db.engine.connect() as conn:
        found = conn.execute(stmt).scalar()
    if not found:
        if kabupaten_code:
            raise NothingToExport(msg(en="There is no survey of {y} in {k}.", id="Tidak ada survei tahun {y} di {k}.",
                                      y=year, k=regions.region_name(kabupaten_code) or kabupaten_code))
        raise NothingToExport(msg(en="There is no survey of {y}.", id="Tidak ada survei tahun {y}.", y=year))
    return year


def scope_name(kabupaten_code: str | None) -> str:
    if kabupaten_code:
        return regions.region_name(kabupaten_code)
    return msg(en="Province of South Sulawesi", id="Provinsi Sulawesi Selatan")


def survey_rows(db: Database, year: int, kabupaten_code: str | None) -> list[dict[str, Any]]:
    """Every survey of the year with its school, ordered by kecamatan and name."""
    stmt = (
        select(School.__table__, Survey.__table__)
        .join(School, School.id == Survey.school_id)
        .where(Survey.year == year)
        .order_by(School.kabupaten_code, School.kecamatan_code, School.nama_sekolah)
    )
    if kabupaten_code:
        stmt = stmt.where(School.kabupaten_code == kabupaten_code)
    with db.engine.connect() as conn:
        result = conn.execute(stmt)
        keys = list(result.keys())
        return [dict(zip(keys, row)) for row in result]  # a fifth quicker than dict(mapping) at 20,000 rows


def field_header(field: Field) -> str:
    from bakti_desktop.i18n import language

    return field.label if language() == "id" else field.label_en


def display_table(field: Field) -> dict[Any, Any] | None:
    """How reports show ``field``'s stored values (Ya/Tidak, choice labels), as a table of stored value →
    shown value; None when every value is shown as stored. One table per field: a report of 20,000
    surveys shows a million cells. A value missing from the table (a code no longer offered) is shown as stored."""
    if field.kind is Kind.YESNO:
        return {None: None, True: msg(en="Yes", id="Ya"), False: msg(en="No", id="Tidak")}
    if field.kind is Kind.CHOICE:
        return {None: None, **{c.code: c.label for c in field.choices}}
    return None


def report_data(db: Database, year: int, kabupaten_code: str | None) -> dict[str, Any]:
    """Everything both formats show, computed once (the PDF adds its priority list)."""
    by_region = "kecamatan" if kabupaten_code else "kabupaten"
    data = {
        "year": year,
        "scope": scope_name(kabupaten_code),
        "ratios": service.get_ratios(db),
        "by_region_key": by_region,
        "by_region": summary(db, by=by_region, year=year, kabupaten_code=kabupaten_code)["groups"],
        "by_kecamatan": summary(db, by="kecamatan", year=year, kabupaten_code=kabupaten_code)["groups"],
        "by_level": summary(db, by="jenjang", year=year, kabupaten_code=kabupaten_code, per_kabupaten=False)["groups"],
        "surveys": survey_rows(db, year, kabupaten_code),
        "made": date.today(),
    }
    surveys = data["surveys"]
    data["kabupaten_surveyed"] = sorted({s["kabupaten_code"] for s in surveys})
    data["kecamatan_surveyed"] = sorted({s["kecamatan_code"] for s in surveys})
    return data


def totals(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """The sum of several summary groups."""
    result: dict[str, Any] = {"schools": 0, "no_service_all": 0, "phbs_sum": 0.0,
                              "toilets_to_build": {"boys": 0, "girls": 0, "teachers": 0}}
    for domain in DOMAINS:
        result[domain] = dict.fromkeys(LEVELS, 0)
    for g in groups:
        result["schools"] += g["schools"]
        result["no_service_all"] += g["no_service_all"]
        result["phbs_sum"] += g["phbs_total"]
        for domain in DOMAINS:
            for level in LEVELS:
                result[domain][level] += g[domain][level]
        for k in ("boys", "girls", "teachers"):
            result["toilets_to_build"][k] += g["toilets_to_build"][k]
    result["phbs_average"] = result["phbs_sum"] / result["schools"] if result["schools"] else 0.0
    return result


def group_label(group: dict[str, Any]) -> str:
    for key in ("jenjang", "kecamatan", "kabupaten"):
        if key in group:
            return str(group[key])
    return ""


__all__ = ["DOMAINS", "FIELDS", "LEVELS", "domain_label", "export_mapping", "level_label", "level_short", "priority_label",
           "report_data", "share", "totals"]
