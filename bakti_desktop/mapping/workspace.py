"""The school sanitation mapping workspace, as the registry knows it (``bakti_desktop/workspace.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bakti_desktop.i18n import language, msg
from bakti_desktop.mapping.codes import COMPUTED_COLUMNS
from bakti_desktop.workspace import Labels, Sync, Workspace, in_trash

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Connection

    from bakti_desktop.codes import Code
    from bakti_desktop.mapping.fields import Field
    from bakti_desktop.storage.database import Database


def _title() -> str:
    return msg(en="School Sanitation Mapping", id="Pemetaan Sanitasi Sekolah")


def _load_demo(db: Database) -> str:
    from bakti_desktop.mapping import demo

    result = demo.load(db)
    return msg(en="School surveys: {a} added, {u} updated, {n} unchanged",
               id="Survei sekolah: {a} ditambah, {u} diperbarui, {n} tidak berubah",
               a=result["imported"], u=result["updated"], n=result["unchanged"])


# -- labels: a column is named as the survey form names its field ----------------------------------------


def _computed_labels() -> dict[str, str]:
    return {
        "water_level": msg(en="Water level", id="Layanan air"),
        "sanitation_level": msg(en="Sanitation level", id="Layanan sanitasi"),
        "hygiene_level": msg(en="Hygiene level", id="Layanan higiene"),
        "build_boys": msg(en="Boys' toilets to build", id="Jamban L dibangun"),
        "build_girls": msg(en="Girls' toilets to build", id="Jamban P dibangun"),
        "build_teachers": msg(en="Teachers' toilets to build", id="Jamban guru dibangun"),
        "phbs_score": msg(en="PHBS score", id="Skor PHBS"),
        "priority": msg(en="Priority", id="Prioritas"),
        "no_service_count": msg(en="Domains with no service", id="Domain tanpa layanan"),
        "limited_count": msg(en="Domains with limited service", id="Domain layanan terbatas"),
        "submission_id": msg(en="Phone form submission", id="Kiriman formulir ponsel"),
        "submission_instance": msg(en="Phone form submission version", id="Versi kiriman formulir ponsel"),
        # a survey moved to another school (a submission edited on the server): its audit entry also holds the NPSNs
        "school_id": msg(en="School record number", id="Nomor catatan sekolah"),
    }


def _field(key: str) -> Field | None:
    """The survey field stored in column ``key`` of ``school`` or ``survey``, or None."""
    from bakti_desktop.mapping.fields import BY_KEY

    if key == "year":
        return BY_KEY.get("tahun")
    if key.endswith("_code") and key[: -len("_code")] in BY_KEY:  # kabupaten_code …: the region fields
        return BY_KEY[key[: -len("_code")]]
    return BY_KEY.get(key)


def _column(_table: str, key: str) -> str | None:
    field = _field(key)
    if field is not None:
        from bakti_desktop.mapping.validation import label

        return label(field)
    return _computed_labels().get(key)


def _codes(table: str, key: str) -> type[Code] | None:
    """The code set a column stores: the service levels the indicators compute (bakti_desktop/mapping/codes.py)."""
    if table == "survey" and key in ("water_level", "sanitation_level", "hygiene_level"):
        from bakti_desktop.mapping.codes import ServiceLevel

        return ServiceLevel
    return None


def _value(table: str, key: str, value: Any) -> str | None:
    from bakti_desktop.mapping import indicators

    levels = _codes(table, key)
    if levels is not None:
        return str(levels.label_of(value)) if levels.known(value) else None
    if key == "priority" and value in (1, 2, 3):
        return indicators.priority_label(value)
    if key in ("kabupaten_code", "kecamatan_code", "desa_code"):  # a region by its name, as people know it
        from bakti_desktop.regions import region_name

        return region_name(str(value)) or None
    field = _field(key)
    if field is not None and field.choices and not key.endswith("_code"):
        choice = field.choice(value)
        if choice is not None:
            return choice.label if language() == "id" else choice.label_en
    return None


# -- laptop sync -------------------------------------------------------------------------------------------

_SCHOOL_FIELDS = ("npsn", "nama_sekolah", "jenjang", "status", "puskesmas", "lintang", "bujur")


def _derive(conn: Connection) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """The indicators of a survey about to be written, with this database's benchmark (§3.1–3.2): from the
    writer of surveys, the one place that computes them for a stored survey."""
    from bakti_desktop.mapping.writer import survey_deriver

    derive = survey_deriver(conn)
    return lambda _table, values: derive(values)


def _check(table: str, values: dict[str, Any]) -> list[str]:
    """The checks of the survey validator (docs/domain-rules.md §3.5) for a school or a survey."""
    from bakti_desktop.mapping import validation
    from bakti_desktop.mapping.fields import SURVEY_KEYS
    from bakti_desktop.mapping.parsing import CellError, parse_year

    if table == "school":
        found = [p.message for p in validation.check_typed(values, _SCHOOL_FIELDS)]
        codes = tuple(values.get(k) for k in ("kabupaten_code", "kecamatan_code", "desa_code"))
        kab, kec, desa, problems = validation.resolve_regions(*codes)
        found += [p.message for p in problems]
        if not problems and (kab, kec, desa) != codes:
            found.append(msg(en="the region codes do not agree", id="kode wilayah tidak cocok"))
        return found
    found = [p.message for p in validation.check_typed(values, SURVEY_KEYS)]
    try:
        parse_year(values.get("year"))
    except (CellError, TypeError):
        from bakti_desktop.storage.rules import one_line

        found.append(msg(en="year: {v} is not a survey year", id="year: {v} bukan tahun survei",
                         v=one_line(values.get("year"))))
    return found or [p.message for p in validation.record_rules(values)]


def _describe(conn: Connection, table: str, values: dict[str, Any]) -> str | None:
    """A survey by its year and school (a school is named by its own name)."""
    if table != "survey":
        return None
    from sqlalchemy import select

    from bakti_desktop.mapping.models import School

    school = conn.execute(select(School.nama_sekolah, School.npsn).where(School.id == values.get("school_id"))).first()
    name = f"{school.nama_sekolah} ({school.npsn})" if school else "?"
    return msg(en="Survey {year} — {school}", id="Survei {year} — {school}", year=values.get("year"), school=name)


WORKSPACE = Workspace(
    name="mapping",
    title=_title,
    models="bakti_desktop.mapping.models",
    tab="ui.mapping.page:MappingPage",
    commands="bakti_desktop.mapping.commands:add_commands",
    load_demo=_load_demo,
    labels=Labels(column=_column, value=_value, codes=_codes),
    sync=Sync(
        natural_keys={"school": ("npsn",), "survey": ("school_id", "year")},
        derived={"survey": frozenset(COMPUTED_COLUMNS)},
        derive=_derive,
        check=_check,
        trashed=in_trash,
        describe=_describe,
        attachments=None,
    ),
)
