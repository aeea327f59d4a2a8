"""Use cases of the mapping workspace: saving surveys, the benchmark setting.

Column helpers turn validated values (see :mod:`validation`) into the rows
of ``school`` and ``survey``; computed columns always come from
:mod:`indicators`, so the stored levels agree with the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, func, select, update

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.mapping import indicators
from bakti_desktop.mapping.fields import SCHOOL_KEYS, SURVEY_KEYS, Ratios
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.validation import validate
from bakti_desktop.storage.base import current_user
from bakti_desktop.storage.bulk import lookup
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import check_version
from bakti_desktop.storage.settings import AppSetting

RATIOS_KEY = "mapping.ratios"

_SCHOOL_COLUMNS = tuple(k for k in SCHOOL_KEYS if k not in ("kabupaten", "kecamatan", "desa")) + (
    "kabupaten_code",
    "kecamatan_code",
    "desa_code",
)
_SURVEY_COLUMNS = tuple(SURVEY_KEYS) + ("year",)
SCHOOL_COLUMNS = _SCHOOL_COLUMNS  # the columns of ``school`` a survey record fills, in order
SURVEY_COLUMNS = _SURVEY_COLUMNS  # the columns of ``survey`` taken from the record, in order (then the computed ones)


def school_columns(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in _SCHOOL_COLUMNS}


def survey_columns(values: Mapping[str, Any], jenjang: str, ratios: Ratios) -> dict[str, Any]:
    columns = {k: values.get(k) for k in _SURVEY_COLUMNS}
    columns.update(indicators.compute(values, jenjang, ratios).as_columns())
    return columns


SURVEY_ROW_KEYS = (*_SURVEY_COLUMNS, *indicators.COMPUTED_COLUMNS)


def _differs(stored: Mapping[str, Any], values: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    for key in keys:
        a, b = stored.get(key), values.get(key)
        if isinstance(a, float) or isinstance(b, float):
            if (a is None) != (b is None) or (a is not None and abs(float(a) - float(b)) > 1e-9):
                return True
        elif a != b:
            return True
    return False


def school_differs(stored: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    return _differs(stored, values, _SCHOOL_COLUMNS)


def survey_differs(stored: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    return _differs(stored, values, _SURVEY_COLUMNS)


def latest_years(conn: Connection, school_ids: list[int]) -> dict[int, int]:
    """The newest survey year of each school."""
    query = select(Survey.school_id, func.max(Survey.year)).group_by(Survey.school_id)
    return dict(lookup(conn, query, Survey.school_id, school_ids))


def read_ratios(conn: Connection) -> Ratios:
    import json

    value = conn.execute(select(AppSetting.value).where(AppSetting.key == RATIOS_KEY)).scalar()
    if value is None:
        return Ratios()
    return Ratios(**json.loads(value))


def get_ratios(db: Database) -> Ratios:
    with db.engine.connect() as conn:
        return read_ratios(conn)


def set_ratios(db: Database, ratios: Ratios) -> int:
    """Store the benchmark and recompute the toilets to build of every survey."""
    import json

    for value in (ratios.primary_boys, ratios.primary_girls, ratios.secondary_boys, ratios.secondary_girls):
        if not isinstance(value, int) or value < 1:
            raise UserError(
                msg(en="Each ratio must be a whole number of at least 1.", id="Setiap rasio harus bilangan bulat minimal 1.")
            )
    with db.session() as session:
        row = session.get(AppSetting, RATIOS_KEY)
        encoded = json.dumps(asdict(ratios))
        if row is None:
            session.add(AppSetting(key=RATIOS_KEY, value=encoded))
        else:
            row.value = encoded
        session.flush()
        return recompute(session.connection(), ratios)


def recompute(conn: Connection, ratios: Ratios) -> int:
    """Recompute the derived columns of every survey; returns how many changed."""
    changed = 0
    stmt = select(Survey.__table__, School.jenjang).join(School, School.id == Survey.school_id)
    for row in conn.execute(stmt).mappings().all():
        computed = indicators.compute(row, row["jenjang"], ratios).as_columns()
        if any(row[k] != v for k, v in computed.items()):
            conn.execute(update(Survey).where(Survey.id == row["id"]).values(**computed))
            changed += 1
    return changed


def save_record(db: Database, raw: Mapping[str, Any], loaded: tuple[int, int] | None = None) -> tuple[str, int]:
    """Validate and save one survey (the entry form). Returns (outcome, survey id).

    The outcome is ``"added"``, ``"updated"`` or ``"unchanged"``; invalid input
    raises :class:`UserError` listing the problems. With ``loaded`` (the id and
    version of the survey the form opened), a save over someone else's newer
    change to that survey is refused with :class:`ChangedElsewhere`.
    """
    values, problems = validate(raw)
    if problems:
        raise UserError("\n".join(p.message for p in problems))
    user = current_user()
    with db.session() as session:
        conn = session.connection()
        ratios = read_ratios(conn)
        school = session.scalar(select(School).where(School.npsn == values["npsn"]))
        latest = latest_years(conn, [school.id]).get(school.id, 0) if school else 0
        if school is None:
            school = School(**school_columns(values), updated_by=user)
            session.add(school)
            session.flush()
        elif values["year"] >= latest and school_differs(_as_dict(school, _SCHOOL_COLUMNS), values):
            for key, value in school_columns(values).items():
                setattr(school, key, value)
        survey = session.scalar(select(Survey).where(Survey.school_id == school.id, Survey.year == values["year"]))
        if survey is not None and loaded is not None and survey.id == loaded[0]:
            check_version(survey, loaded[1])
        columns = survey_columns(values, values["jenjang"], ratios)
        if survey is None:
            survey = Survey(school_id=school.id, updated_by=user, **columns)
            session.add(survey)
            session.flush()
            return "added", survey.id
        if not survey_differs(_as_dict(survey, _SURVEY_COLUMNS), values) and not session.dirty:
            return "unchanged", survey.id
        for key, value in columns.items():
            setattr(survey, key, value)
        return "updated", survey.id


def _as_dict(obj: object, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in keys}


def survey_raw_values(db: Database, survey_id: int) -> dict[str, Any]:
    """A stored survey as raw form values (for editing it)."""
    with db.session() as session:
        survey = session.get(Survey, survey_id)
        if survey is None:
            raise UserError(msg(en="The survey no longer exists.", id="Survei ini sudah tidak ada."))
        school = survey.school
        values: dict[str, Any] = {k: getattr(survey, k) for k in SURVEY_KEYS}
        values["tahun"] = survey.year
        for key in ("npsn", "nama_sekolah", "jenjang", "status", "puskesmas", "lintang", "bujur"):
            values[key] = getattr(school, key)
        values["kabupaten"] = school.kabupaten_code
        values["kecamatan"] = school.kecamatan_code
        values["desa"] = school.desa_code
        return values


def has_any_school(db: Database) -> bool:
    """Whether the register holds any school (an empty database gets the first-run screen)."""
    with db.engine.connect() as conn:
        return conn.execute(select(School.id).limit(1)).first() is not None


def survey_version(db: Database, survey_id: int) -> int | None:
    """A survey's stored version, what the form saves against (None: it is gone)."""
    with db.engine.connect() as conn:
        return conn.execute(select(Survey.version).where(Survey.id == survey_id)).scalar()


def delete_survey(db: Database, survey_id: int) -> None:
    """Move one survey to the trash; the school stays in the register."""
    from bakti_desktop.storage.trash import move_to_trash

    with db.session() as session:
        survey = session.get(Survey, survey_id)
        if survey is not None:
            school = survey.school
            move_to_trash(session, survey, f"Survei {survey.year} — {school.nama_sekolah} ({school.npsn})")


def delete_school(db: Database, school_id: int) -> None:
    """Move a school, with all its surveys, to the trash (restoring it brings both back)."""
    from bakti_desktop.storage.trash import move_to_trash

    with db.session() as session:
        school = session.get(School, school_id)
        if school is not None:
            move_to_trash(session, school, msg(
                en="School {npsn} — {name} ({n} surveys)", id="Sekolah {npsn} — {name} ({n} survei)",
                npsn=school.npsn, name=school.nama_sekolah, n=len(school.surveys)))


def years(db: Database) -> list[int]:
    """Survey years present, newest first."""
    with db.engine.connect() as conn:
        return [y for (y,) in conn.execute(select(Survey.year).distinct().order_by(Survey.year.desc()))]
