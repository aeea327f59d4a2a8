"""A save over someone else's newer change is refused with "changed by X at T"; nothing is lost.

Two Database objects on the same target stand for two people (or two laptops on the shared
server); every test runs on SQLite and, in CI, on the real PostgreSQL server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.mapping.models import Survey
from bakti_desktop.pksai import service as pksai_service
from bakti_desktop.pksai.models import Meeting
from bakti_desktop.sss import service as sss_service
from bakti_desktop.sss.models import SssSection
from bakti_desktop.storage.base import set_user_name
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from bakti_desktop.twinning import demo as twinning_demo
from bakti_desktop.twinning import service as twinning_service
from bakti_desktop.twinning.models import Item, Programme
from tests.bakti_desktop.storage import racing
from tests.bakti_desktop.storage.racing import Racers
from tests.conftest import SERVER_URL
from tests.helpers import record


def _version(db: Database, model: type, record_id: int) -> int:
    with db.session() as session:
        return session.get(model, record_id).version


def test_sss_section_save_over_a_newer_text_is_refused(db: Database, other: Database) -> None:
    document = sss_service.create_document(db, "73.08", 2021, 2025)
    with db.session() as session:
        section_id = session.scalar(select(SssSection.id).where(SssSection.document_id == document,
                                                                SssSection.title == "Latar Belakang"))
    loaded = _version(db, SssSection, section_id)
    set_user_name("Budi")
    sss_service.save_section(other, section_id, "Teks Budi.", expected_version=_version(other, SssSection, section_id))
    set_user_name("Ani")
    with pytest.raises(ChangedElsewhere) as refused:
        sss_service.save_section(db, section_id, "Teks Ani.", expected_version=loaded)
    assert refused.value.who == "Budi" and "Budi" in str(refused.value)
    with db.session() as session:
        assert session.get(SssSection, section_id).content == "Teks Budi."  # Budi's text is not lost
    # After reloading, Ani's save goes through.
    assert sss_service.save_section(db, section_id, "Teks Ani.", expected_version=_version(db, SssSection, section_id))


def test_survey_form_save_over_a_newer_survey_is_refused(db: Database, other: Database) -> None:
    _outcome, survey_id = mapping_service.save_record(db, record(npsn="40300001"))
    loaded = (survey_id, _version(db, Survey, survey_id))
    set_user_name("Budi")
    mapping_service.save_record(other, record(npsn="40300001", jamban_guru=3), loaded=loaded)
    set_user_name("Ani")
    with pytest.raises(ChangedElsewhere, match="Budi"):
        mapping_service.save_record(db, record(npsn="40300001", jamban_guru=5), loaded=loaded)
    with db.session() as session:
        assert session.get(Survey, survey_id).jamban_guru == 3


def test_rktl_item_save_over_a_newer_change_is_refused(db: Database, other: Database) -> None:
    twinning_demo.load(db)
    with db.session() as session:
        item = session.query(Item).order_by(Item.id).first()
        item_id, values = item.id, {k: getattr(item, k) for k in twinning_service.ITEM_FIELDS}
    loaded = _version(db, Item, item_id)
    set_user_name("Budi")
    twinning_service.save_item(other, {**values, "activity": "Versi Budi"}, item_id, expected_version=loaded)
    set_user_name("Ani")
    with pytest.raises(ChangedElsewhere, match="Budi"):
        twinning_service.save_item(db, {**values, "activity": "Versi Ani"}, item_id, expected_version=loaded)
    with db.session() as session:
        assert session.get(Item, item_id).activity == "Versi Budi"


def test_meeting_save_over_a_newer_change_is_refused(db: Database, other: Database) -> None:
    forum = pksai_service.create_forum(db, "Forum uji", "73.06")
    meeting_id, _ = pksai_service.create_meeting(db, forum, "Rapat koordinasi", date(2024, 5, 2))
    loaded = _version(db, Meeting, meeting_id)
    set_user_name("Budi")
    pksai_service.update_meeting(other, meeting_id, {"place": "Aula Bappeda"}, expected_version=loaded)
    set_user_name("Ani")
    with pytest.raises(ChangedElsewhere, match="Budi"):
        pksai_service.update_meeting(db, meeting_id, {"place": "Kantor Dinsos"}, expected_version=loaded)
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.place == "Aula Bappeda" and meeting.updated_by == "Budi"


@pytest.mark.skipif(not SERVER_URL, reason="two open transactions at once need the shared server")
def test_two_sessions_racing_on_the_server_cannot_both_win(db: Database, other: Database) -> None:
    """Both read version 1 in open transactions; the second to commit is refused, the first's change stays."""
    forum = pksai_service.create_forum(db, "Forum uji", "73.06")
    meeting_id, _ = pksai_service.create_meeting(db, forum, "Rapat koordinasi", date(2024, 5, 2))
    first = db.sessions()
    second = other.sessions()
    try:
        mine = first.get(Meeting, meeting_id)
        theirs = second.get(Meeting, meeting_id)
        assert mine.version == theirs.version
        theirs.place = "Aula Bappeda"
        second.commit()
        mine.place = "Kantor Dinsos"
        from sqlalchemy.orm.exc import StaleDataError

        with pytest.raises(StaleDataError):
            first.commit()
        first.rollback()
    finally:
        first.close()
        second.close()
    with pytest.raises(ChangedElsewhere):  # the same race through the services' session
        with db.session() as session:
            meeting = session.get(Meeting, meeting_id)
            with other.session() as competing:
                competing.get(Meeting, meeting_id).place = "Ruang rapat"
            meeting.place = "Kantor Dinsos"
    with db.session() as session:
        assert session.get(Meeting, meeting_id).place == "Ruang rapat"


def test_unconditional_saves_still_work(db: Database, tmp_path: Path) -> None:
    """Saves without a loaded version (CLI, imports) are not refused."""
    _outcome, survey_id = mapping_service.save_record(db, record(npsn="40300001"))
    before = _version(db, Survey, survey_id)
    assert mapping_service.save_record(db, record(npsn="40300001", jamban_guru=4))[0] == "updated"
    assert _version(db, Survey, survey_id) == before + 1


# -- racing processes: N saves that loaded the same version, at the same moment: exactly one wins ---------------

@pytest.fixture(scope="module")
def racers() -> Iterator[Racers]:
    pool = Racers()
    yield pool
    pool.close()


def _setup(db: Database, kind: str) -> int:
    """The shared record a race is about (its id), as an editor would find it."""
    if kind in ("section", "section_first_edit", "section_meta", "targets", "programme"):
        document = sss_service.create_document(db, "73.08", 2021, 2025)
        if kind in ("targets", "programme"):
            return document
        with db.session() as session:
            section_id = session.scalar(select(SssSection.id).where(SssSection.document_id == document,
                                                                    SssSection.title == "Latar Belakang"))
        if kind == "section":
            sss_service.save_section(db, section_id, "Teks awal.", author="Pokja")
        return section_id
    if kind in ("twinning_programme", "rktl_item"):
        twinning_demo.load(db)
        with db.session() as session:
            model = Programme if kind == "twinning_programme" else Item
            return session.scalar(select(model.id).order_by(model.id))
    forum = pksai_service.create_forum(db, "Forum uji", "73.06")
    if kind == "forum":
        return forum
    meeting_id, _ = pksai_service.create_meeting(db, forum, "Rapat koordinasi", date(2024, 5, 2))
    if kind == "meeting":
        return meeting_id
    with db.session() as session:
        meeting = pksai_service.load_meeting(session, meeting_id)
        attendee = pksai_service.add_attendee(session, meeting, name="Ani Lestari", sex="P", institution="Dinas Sosial")
        session.flush()
        return attendee.person_id


@pytest.mark.parametrize("kind", sorted(racing.SAVES))
def test_racing_saves_of_the_same_version_exactly_one_wins(kind: str, db: Database, db_target: str,
                                                           racers: Racers) -> None:
    """N processes load the same version and save at once (SQLite file; the server in CI's PostgreSQL pass).

    Exactly one save goes through; every other one is refused as changed by the winner, and the
    stored record is entirely the winner's (nothing of a refused save is written).
    """
    record_id = _setup(db, kind)
    revisions_before = len(sss_service.revisions(db, record_id)) if kind.startswith("section") else 0
    if kind == "section_first_edit":
        assert revisions_before == 0  # the case of the bug: no revision yet
    started = time.monotonic()
    outcomes = racers.race(db_target, kind, record_id)
    assert time.monotonic() - started < 10
    assert len({version for _racer, version, _outcome, _who in outcomes}) == 1, outcomes  # all loaded the same
    winners = [racer for racer, _version, outcome, _who in outcomes if outcome == "saved"]
    assert len(winners) == 1, outcomes
    winner = winners[0]
    for racer, _version, outcome, refused_by in outcomes:
        if racer != winner:
            assert outcome == "refused", outcomes
            assert refused_by == racing.who(winner), outcomes  # "diubah oleh <the winner> pada …"
    assert set(racing.stored(db, kind, record_id)) == {racing.value(kind, winner)}
    if kind in ("section", "section_first_edit"):
        # The first edit keeps the text as it was, then the winner's; a later edit adds the winner's only.
        assert len(sss_service.revisions(db, record_id)) == (2 if kind == "section_first_edit" else revisions_before + 1)
