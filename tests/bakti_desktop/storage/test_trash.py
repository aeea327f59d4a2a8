"""Deleting moves to the trash; restoring brings the record and everything it owned back."""

from __future__ import annotations

from sqlalchemy import func, select

from bakti_desktop.demo import load_demo
from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.mapping.models import Survey
from bakti_desktop.pksai import service as pksai_service
from bakti_desktop.pksai.models import Attendee, Meeting
from bakti_desktop.sss import service as sss_service
from bakti_desktop.sss.models import SssDocument, SssRevision, SssSection
from bakti_desktop.storage import trash
from bakti_desktop.twinning import service as twinning_service
from bakti_desktop.twinning.models import Evidence, Item


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_delete_and_restore_across_workspaces(db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    surveys, meetings, attendees = _count(db, Survey), _count(db, Meeting), _count(db, Attendee)
    items, evidence, sections = _count(db, Item), _count(db, Evidence), _count(db, SssSection)
    with db.session() as session:
        survey_id = session.scalar(select(Survey.id).limit(1))
        meeting_id = session.scalar(select(Meeting.id).where(Meeting.title.like("%Panakukang%")))
        item_id = session.scalar(select(Item.id).join(Evidence).limit(1))
        section_id = session.scalar(select(SssSection.id).where(SssSection.title == "Metode Pemetaan").limit(1))
    mapping_service.delete_survey(db, survey_id)
    pksai_service.delete_meeting(db, meeting_id)
    twinning_service.delete_item(db, item_id)
    sss_service.remove_section(db, section_id)
    assert (_count(db, Survey), _count(db, Meeting), _count(db, Item)) == (surveys - 1, meetings - 1, items - 1)
    assert _count(db, Attendee) == attendees - 13
    entries = trash.items(db)
    assert [e["table_name"] for e in entries] == ["sss_section", "twin_item", "pksai_meeting", "survey"]
    for entry in entries:
        trash.restore(db, entry["id"])
    assert (_count(db, Survey), _count(db, Meeting), _count(db, Attendee)) == (surveys, meetings, attendees)
    assert (_count(db, Item), _count(db, Evidence), _count(db, SssSection)) == (items, evidence, sections)
    with db.session() as session:
        section = session.get(SssSection, section_id)
        assert "sanitarian puskesmas" in section.content and section.comments
        assert session.scalar(select(func.count()).select_from(SssRevision).where(SssRevision.section_id == section_id))
    assert trash.items(db) == []


def test_emptying_the_trash_is_final(db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    with db.session() as session:
        document_id = session.scalar(select(SssDocument.id).limit(1))
    sss_service.delete_document(db, document_id)
    assert len(trash.items(db)) == 1
    assert trash.empty(db) == 1
    assert trash.items(db) == []
    with db.session() as session:
        assert session.get(SssDocument, document_id) is None


def test_a_deleted_school_comes_back_with_all_its_surveys(db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.models import School
    from tests.helpers import record

    mapping_service.save_record(db, record(npsn="40300001", tahun=2023, tanggal_survei="14/09/2023"))
    mapping_service.save_record(db, record(npsn="40300001"))
    mapping_service.save_record(db, record(npsn="40300002"))
    with db.session() as session:
        school = session.scalar(select(School).where(School.npsn == "40300001"))
        school_id, uuids = school.id, sorted([school.uuid] + [s.uuid for s in school.surveys])
    mapping_service.delete_school(db, school_id)
    assert (_count(db, School), _count(db, Survey)) == (1, 1)
    [entry] = trash.items(db)
    assert entry["table_name"] == "school" and "40300001" in entry["label"] and "2" in entry["label"]
    trash.restore(db, entry["id"])
    with db.session() as session:
        school = session.get(School, school_id)
        assert sorted([school.uuid] + [s.uuid for s in school.surveys]) == uuids
    assert _count(db, Survey) == 3


def test_entries_of_earlier_versions_still_restore(db) -> None:  # type: ignore[no-untyped-def]
    """Earlier versions tagged dates ({"$d": …}); the one encoding writes plain ISO text: both restore."""
    import json
    from datetime import date, datetime

    from bakti_desktop.pksai.models import Action, Forum

    with db.session() as session:
        forum = Forum(name="Forum")
        session.add(forum)
        session.flush()
        meeting = Meeting(forum_id=forum.id, title="Rapat lama", meeting_date=date(2020, 10, 8))
        meeting.actions.append(Action(what="Menyusun SOP", status="terbuka", due_date=date(2020, 11, 30)))
        session.add(meeting)
        session.flush()
        meeting_id = meeting.id
        data = trash.serialize(meeting)
    assert data["values"]["meeting_date"] == "2020-10-08"  # the one encoding, no tag
    old = json.loads(json.dumps(data))
    old["values"]["meeting_date"] = {"$d": "2020-10-08"}
    old["values"]["updated_at"] = {"$dt": data["values"]["updated_at"]}
    old["children"]["actions"][0]["values"]["due_date"] = {"$d": "2020-11-30"}
    pksai_service.delete_meeting(db, meeting_id)
    with db.session() as session:
        entry = session.scalar(select(trash.TrashItem))
        entry.data = json.dumps(old)
    trash.restore(db, trash.items(db)[0]["id"])
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.meeting_date == date(2020, 10, 8) and isinstance(meeting.updated_at, datetime)
        assert [(a.what, a.due_date) for a in meeting.actions] == [("Menyusun SOP", date(2020, 11, 30))]


def test_trashed_records_are_found_by_structure_not_by_pattern(db) -> None:  # type: ignore[no-untyped-def]
    """A deleted school and the surveys it owned are in the trash; a UUID merely quoted in a note is not."""
    from bakti_desktop.mapping.models import School
    from tests.helpers import record

    mapping_service.save_record(db, record(npsn="40300002"))
    with db.session() as session:
        kept = session.scalar(select(School).where(School.npsn == "40300002"))
        kept_uuid, kept_survey_uuid = kept.uuid, kept.surveys[0].uuid
    mapping_service.save_record(db, record(npsn="40300001", catatan=f"lihat juga {kept_uuid}"))
    with db.session() as session:
        school = session.scalar(select(School).where(School.npsn == "40300001"))
        school_id, school_uuid, survey_uuid = school.id, school.uuid, school.surveys[0].uuid
    mapping_service.delete_school(db, school_id)
    with db.engine.connect() as conn:
        assert trash.trashed_uuids(conn, {"school", "survey"}) == {school_uuid, survey_uuid}  # not kept_uuid
        assert trash.trashed_uuids(conn, {"survey"}) == {survey_uuid}
        assert kept_survey_uuid not in trash.trashed_uuids(conn, {"school", "survey"})
