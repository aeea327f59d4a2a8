"""The demo tells the seed report's story: every figure a reader can check against the report agrees with it.

The demo is loaded once into a fresh database (as ``main.py demo`` does) and read back from the stored
records, not from the generator's constants.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import select

from bakti_desktop.demo import load_demo
from bakti_desktop.mapping.demo import demo_records
from bakti_desktop.mapping.fields import FIELDS, Kind
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.validation import check_typed, record_rules, record_warnings, validate
from bakti_desktop.pksai import service as pksai_service
from bakti_desktop.pksai.models import Meeting
from bakti_desktop.sss.models import SssDocument, SssSection
from bakti_desktop.twinning.models import Item, ItemStatus, ProgressNote, Unit, Visit

BONE, BULUKUMBA = "73.08", "73.02"
# The SSS discussion meetings of the report: the surveys came before them.
DISCUSSION_STARTS = {BONE: date(2020, 9, 17), BULUKUMBA: date(2020, 9, 24)}
REPORT_DATE = date(2020, 9, 15)  # the twinning report's date


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    load_demo(db)
    return db


def _surveys(db) -> list[tuple[School, Survey]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        rows = session.execute(select(School, Survey).join(Survey, Survey.school_id == School.id)).all()
        session.expunge_all()
        return [(school, survey) for school, survey in rows]


def test_every_stored_demo_survey_passes_every_rule_without_a_warning(demo_db) -> None:  # type: ignore[no-untyped-def]
    keys = [f.key for f in FIELDS if f.kind is not Kind.REGION]
    rows = _surveys(demo_db)
    assert len(rows) == len(demo_records())
    refused, warned = [], []
    for school, survey in rows:
        values = {key: getattr(survey, key, getattr(school, key, None)) for key in keys}
        problems = check_typed(values, keys) + record_rules(values)
        if problems:
            refused.append((school.npsn, survey.year, problems[0].message))
        if record_warnings(values):
            warned.append((school.npsn, survey.year))
        # docs/domain-rules.md §3.5: "no sanitation budget" with an amount is a contradiction
        assert not (survey.anggaran_sanitasi is False and (survey.anggaran_rp or 0) > 0)
    assert refused == [] and warned == []


def test_the_generated_records_pass_the_validator_as_a_workbook_would() -> None:
    for record in demo_records():
        values, problems = validate(record)
        assert problems == [], (record["npsn"], problems)
        assert record_warnings(values) == [], record["npsn"]


def test_bone_surveyed_sd_mi_smp_and_bulukumba_sd_mi(demo_db) -> None:  # type: ignore[no-untyped-def]
    levels: dict[str, set[str]] = defaultdict(set)
    for school, _survey in _surveys(demo_db):
        levels[school.kabupaten_code].add(school.jenjang)
    assert levels[BONE] == {"SD", "MI", "SMP"}
    assert levels[BULUKUMBA] == {"SD", "MI"}


def test_surveys_are_dated_before_the_sss_discussion(demo_db) -> None:  # type: ignore[no-untyped-def]
    late = [(school.kabupaten_code, school.npsn, survey.tanggal_survei) for school, survey in _surveys(demo_db)
            if survey.tanggal_survei >= date(survey.year, 9, 17)]  # Bone's discussion, the earlier of the two
    assert late == []
    for code, discussion in DISCUSSION_STARTS.items():
        surveyed = [survey.tanggal_survei for school, survey in _surveys(demo_db)
                    if school.kabupaten_code == code and survey.year == discussion.year]
        assert surveyed and max(surveyed) < discussion


def test_the_demo_is_the_same_every_time() -> None:
    assert demo_records() == demo_records()


# The RKTL items the report lists per mentee, all achieved by 15 September 2020 (a word of each activity).
REPORT_RKTL = {
    "UPTD PAL Kota Palopo": ("SK Gubernur", "kajian akademis", "rancangan Perwali", "komponen teknis IPLT Mancani"),
    "UPTD PAL Kota Parepare": ("Revisi SOP", "bak penerima lumpur", "tangki imhoff baru", "semua kolam biologis"),
    "UPTD PAL Kabupaten Pinrang": ("Revisi SOP UPTD IPLT", "lantai bak pengering", "atap bak pengering",
                                   "Pengangkatan lumpur"),
}


def test_rktl_items_and_states_are_the_reports(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as session:
        items = session.execute(select(Unit.name, Item).join(Item, Item.mentee_unit_id == Unit.id)).all()
        by_mentee: dict[str, list[Item]] = defaultdict(list)
        for name, item in items:
            by_mentee[name].append(item)
        assert set(by_mentee) == set(REPORT_RKTL)
        for mentee, words in REPORT_RKTL.items():
            activities = [item.activity for item in by_mentee[mentee]]
            assert len(activities) == len(words), mentee
            for word in words:
                assert sum(word.lower() in activity.lower() for activity in activities) == 1, (mentee, word)
            assert {item.status for item in by_mentee[mentee]} == {ItemStatus.DONE}, mentee
        palopo_decree = next(i for i in by_mentee["UPTD PAL Kota Palopo"] if "SK Gubernur" in i.activity)
        assert "pembentukan UPTD IPLT Mancani Palopo" in palopo_decree.activity
        assert not any("imhoff" in item.activity for item in by_mentee["UPTD PAL Kabupaten Pinrang"])


def test_rktl_completions_and_verifications_are_in_order(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as session:
        meetings = set(session.scalars(select(Visit.visit_date)))
        for item in session.scalars(select(Item)):
            assert item.actual_done is not None and item.actual_done <= REPORT_DATE, item.activity
            assert item.verified_at is not None and item.verified_by, item.activity
            assert item.actual_done <= item.verified_at <= REPORT_DATE, item.activity  # never verified before done
            assert item.verified_at in meetings  # verified at an online meeting of the programme
            assert item.planned_start <= item.planned_end
        for note in session.scalars(select(ProgressNote)):
            assert note.note_date <= REPORT_DATE


def test_sss_names_the_reports_focal_points(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as session:
        texts = {document.kabupaten_code: session.scalar(select(SssSection.content).where(
            SssSection.document_id == document.id, SssSection.title == "Metode Pemetaan"))
            for document in session.scalars(select(SssDocument))}
    assert set(texts) == {BONE, BULUKUMBA}
    for code, text in texts.items():
        for opd in ("Bappeda", "Dinas Kesehatan", "Perkimtan", "DLH", "Dinas Pendidikan"):
            assert opd in text, (code, opd)
        for other in ("Kementerian Agama", "Kemenag", "PUPR", "Tim Pembina UKS"):
            assert other not in text, (code, other)
    assert "SD, MI, dan SMP" in texts[BONE] and "SD dan MI" in texts[BULUKUMBA]


def test_gowa_village_participants_exclude_the_monitoring_team(demo_db) -> None:  # type: ignore[no-untyped-def]
    expected = {"Lembang Loe": (11, 3, 8), "Barembeng": (13, 3, 10), "Panakukang": (13, 3, 10)}
    with demo_db.session() as session:
        seen = {}
        for meeting in session.scalars(select(Meeting).where(Meeting.title.like("Monitoring Puskesos%"))):
            place = meeting.title.removeprefix("Monitoring Puskesos Desa ")
            totals = pksai_service.attendance_totals(meeting)
            seen[place] = (totals.total, totals.male, totals.female)
            listed = {a.name for a in meeting.attendees}
            assert meeting.chair_name not in listed and meeting.notetaker_name not in listed
            assert all(place in (a.institution or "") for a in meeting.attendees)  # the village's own people
        assert seen == expected
        provincial = session.scalar(select(Meeting).where(Meeting.title.like("Rapat Koordinasi%")))
        totals = pksai_service.attendance_totals(provincial)
        assert (totals.total, totals.male, totals.female) == (95, 36, 59)
