"""Use cases of the mapping workspace: saving surveys, the benchmark setting.

A survey is stored by :func:`writer.write_surveys`, the one writer of surveys (the form's
:func:`save_record` is that writer for one row); computed columns always come from
:mod:`indicators`, so the stored levels agree with the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, select, update

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.reports.format import number
from bakti_desktop.mapping import indicators
from bakti_desktop.mapping.fields import SURVEY_KEYS, Ratios
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.rows import SurveyRow
from bakti_desktop.mapping.validation import validate
from bakti_desktop.mapping.writer import RATIOS_KEY, read_ratios, write_surveys
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.settings import AppSetting

__all__ = ["RATIOS_KEY", "read_ratios"]  # kept here too: the benchmark setting's use cases are this module's


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
    row = SurveyRow.of(values)
    with db.engine.begin() as conn:
        done = write_surveys(conn, [row], expected=dict([loaded]) if loaded else None)
        survey_id = conn.execute(select(Survey.id).join(School).where(
            School.npsn == row.npsn, Survey.year == row.year)).scalar_one()
    outcome = "added" if done.added else "updated" if done.updated else "unchanged"
    return outcome, survey_id


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
                npsn=school.npsn, name=school.nama_sekolah, n=number(len(school.surveys))))


def years(db: Database) -> list[int]:
    """Survey years present, newest first."""
    with db.engine.connect() as conn:
        return [y for (y,) in conn.execute(select(Survey.year).distinct().order_by(Survey.year.desc()))]
