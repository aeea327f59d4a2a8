"""Use cases of the PKSAI workspace: attendance totals, carrying actions forward, the register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.pksai.models import (
    PENDING,
    REVIEW_OUTCOMES,
    SEXES,
    Action,
    ActionStatus,
    ActionUpdate,
    AttendanceCount,
    Attendee,
    CaseFigure,
    Forum,
    Meeting,
    MeetingMode,
    Person,
    is_overdue,
)
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import claim, touch

# UU 35/2014 Pasal 59 ayat (2): the 15 groups of children needing special protection (AMPK).
CASE_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("a", "Anak dalam situasi darurat"),
    ("b", "Anak yang berhadapan dengan hukum (ABH)"),
    ("c", "Anak dari kelompok minoritas dan terisolasi"),
    ("d", "Anak yang dieksploitasi secara ekonomi dan/atau seksual"),
    ("e", "Anak korban penyalahgunaan narkotika, alkohol, psikotropika, dan zat adiktif lainnya"),
    ("f", "Anak yang menjadi korban pornografi"),
    ("g", "Anak dengan HIV/AIDS"),
    ("h", "Anak korban penculikan, penjualan, dan/atau perdagangan"),
    ("i", "Anak korban kekerasan fisik dan/atau psikis"),
    ("j", "Anak korban kejahatan seksual"),
    ("k", "Anak korban jaringan terorisme"),
    ("l", "Anak penyandang disabilitas"),
    ("m", "Anak korban perlakuan salah dan penelantaran"),
    ("n", "Anak dengan perilaku sosial menyimpang"),
    ("o", "Anak korban stigmatisasi dari pelabelan terkait kondisi orang tuanya"),
)
CASE_LABELS = dict(CASE_CATEGORIES)
# The same groups in English, for documents printed with --lang en.
CASE_LABELS_EN = {
    "a": "Children in emergency situations",
    "b": "Children in conflict with the law (ABH)",
    "c": "Children from minority and isolated groups",
    "d": "Children exploited economically and/or sexually",
    "e": "Child victims of the abuse of narcotics, alcohol, psychotropics and other addictive substances",
    "f": "Child victims of pornography",
    "g": "Children with HIV/AIDS",
    "h": "Child victims of abduction, sale and/or trafficking",
    "i": "Child victims of physical and/or psychological violence",
    "j": "Child victims of sexual crimes",
    "k": "Child victims of terrorist networks",
    "l": "Children with disabilities",
    "m": "Child victims of maltreatment and neglect",
    "n": "Children with deviant social behaviour",
    "o": "Child victims of stigma from labels attached to their parents' condition",
}


def case_label(category: str) -> str:
    """The name of a case category (UU 35/2014 Pasal 59 ayat 2) in the current language."""
    from bakti_desktop.i18n import language

    names = CASE_LABELS_EN if language() == "en" else CASE_LABELS
    return names.get(category, category)


def no_identity_note() -> str:
    """Why case figures are counts only, in the current language (asked when printed, not at import)."""
    return msg(
        en="Case figures are counts only. The program has no field for a child's name or identity: the identity of "
           "children in conflict with the law is confidential (UU 11/2012), and aggregates are all coordination "
           "needs.",
        id="Data kasus hanya berupa jumlah. Program ini tidak menyediakan isian nama atau identitas anak: identitas "
           "anak yang berhadapan dengan hukum wajib dirahasiakan (UU 11/2012), dan koordinasi cukup memakai angka "
           "agregat.")


NO_IDENTITY_NOTE = msg(
    en="Case figures are counts only. The program has no field for a child's name or identity: the identity of "
       "children in conflict with the law is confidential (UU 11/2012), and aggregates are all coordination needs.",
    id="Data kasus hanya berupa jumlah. Program ini tidak menyediakan isian nama atau identitas anak: identitas "
       "anak yang berhadapan dengan hukum wajib dirahasiakan (UU 11/2012), dan koordinasi cukup memakai angka agregat.",
)


@dataclass(frozen=True)
class Totals:
    total: int
    male: int
    female: int

    def text(self) -> str:
        return msg(en="{n} participants (M {l}, F {p})", id="{n} peserta (L {l}, P {p})", n=self.total, l=self.male,
                   p=self.female)


def attendance_totals(meeting: Meeting) -> Totals:
    """Named participants plus counted ones; the parts add up by construction."""
    male = sum(1 for a in meeting.attendees if a.sex == "L") + sum(c.male for c in meeting.counts)
    female = sum(1 for a in meeting.attendees if a.sex == "P") + sum(c.female for c in meeting.counts)
    return Totals(male + female, male, female)


def check_attendee(name: str, sex: str) -> None:
    if not name.strip():
        raise UserError(msg(en="The participant's name is required.", id="Nama peserta wajib diisi."))
    if sex not in SEXES:
        raise UserError(msg(en="Sex must be L or P.", id="Jenis kelamin harus L atau P."))


def check_count(male: int, female: int) -> None:
    if male < 0 or female < 0:
        raise UserError(msg(en="Counts cannot be negative.", id="Jumlah tidak boleh negatif."))


def add_attendee(session: Session, meeting: Meeting, *, name: str, sex: str, institution: str | None = None,
                 position: str | None = None, contact: str | None = None, person: Person | None = None) -> Attendee:
    """Add a named participant; a new name also enters the directory for later meetings."""
    check_attendee(name, sex)
    if person is None:
        person = session.scalar(select(Person).where(Person.name == name.strip(), Person.institution == institution))
        if person is None:
            person = Person(name=name.strip(), sex=sex, institution=institution, position=position, contact=contact)
            session.add(person)
            session.flush()
    attendee = Attendee(meeting_id=meeting.id, person_id=person.id, name=name.strip(), sex=sex,
                        institution=institution, position=position, contact=contact)
    meeting.attendees.append(attendee)
    return attendee


def add_count(meeting: Meeting, institution: str, male: int, female: int) -> AttendanceCount:
    check_count(male, female)
    row = AttendanceCount(institution=institution, male=male, female=female)
    meeting.counts.append(row)
    return row


def open_actions_for(session: Session, meeting: Meeting) -> list[Action]:
    """Pending actions (open or carried forward) of the forum's earlier meetings, not yet reviewed in this one."""
    decided_here = select(ActionUpdate.action_id).where(ActionUpdate.meeting_id == meeting.id)
    stmt = (
        select(Action)
        .join(Meeting, Meeting.id == Action.meeting_id)
        .where(Meeting.forum_id == meeting.forum_id, Meeting.id != meeting.id,
               Meeting.meeting_date <= meeting.meeting_date, Action.status.in_([s.value for s in PENDING]),
               Action.id.not_in(decided_here))
        .order_by(Meeting.meeting_date, Action.id)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class Reviewed:
    """An earlier action as a meeting reviewed it: the status and note decided in that meeting."""

    action: Action
    status: str
    note: str | None


def reviewed_in(meeting: Meeting) -> list[Reviewed]:
    """Earlier actions reviewed (closed or carried forward) in this meeting, with what this meeting decided."""
    from sqlalchemy.orm import object_session

    session = object_session(meeting)
    if session is None:
        return []
    stmt = (select(Action, ActionUpdate).join(ActionUpdate, ActionUpdate.action_id == Action.id)
            .where(ActionUpdate.meeting_id == meeting.id, Action.meeting_id != meeting.id).order_by(Action.id))
    return [Reviewed(a, u.status, u.note) for a, u in session.execute(stmt)]


def status_at(session: Session, meeting: Meeting) -> dict[int, str]:
    """The status of each action of this meeting as decided in it (docs: history-true minutes, issue 19).

    An action agreed in a meeting is open there unless that same meeting recorded another status;
    what later meetings decided does not change the minutes of this one.
    """
    decided = dict(session.execute(select(ActionUpdate.action_id, ActionUpdate.status)
                                   .where(ActionUpdate.meeting_id == meeting.id)).all())
    return {a.id: decided.get(a.id, ActionStatus.OPEN.value) for a in meeting.actions}


def _decide(session: Session, action: Action, meeting: Meeting, status: str, note: str | None = None) -> None:
    """Record what ``meeting`` decided about ``action``; the action's status becomes its latest decision."""
    update = session.scalar(select(ActionUpdate).where(ActionUpdate.action_id == action.id,
                                                       ActionUpdate.meeting_id == meeting.id))
    if update is None:
        session.add(ActionUpdate(action_id=action.id, meeting_id=meeting.id, status=status, note=note or None))
    else:
        update.status = status
        if note:
            update.note = (update.note + "\n" if update.note else "") + note
    session.flush()
    _refresh_status(session, action)


def _refresh_status(session: Session, action: Action) -> None:
    """The action's status is its latest decision (by meeting date); open when no meeting decided on it."""
    latest = session.execute(
        select(ActionUpdate.status, ActionUpdate.meeting_id).join(Meeting, Meeting.id == ActionUpdate.meeting_id)
        .where(ActionUpdate.action_id == action.id).order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1)
    ).first()
    status = latest.status if latest is not None else ActionStatus.OPEN.value
    if action.status != status:
        action.status = status
    reviewed = latest.meeting_id if latest is not None and latest.meeting_id != action.meeting_id else None
    if action.reviewed_meeting_id != reviewed:
        action.reviewed_meeting_id = reviewed


def review_action(session: Session, action: Action, meeting: Meeting, outcome: str, note: str | None = None) -> None:
    """Close (selesai / dibatalkan) or carry forward (dilanjutkan) an earlier action, as decided in ``meeting``.

    The decision is kept with the meeting (:class:`ActionUpdate`); a carried-forward action stays the
    same action, pending, and comes up again for review at the forum's next meeting.
    """
    if outcome not in REVIEW_OUTCOMES:
        raise UserError(msg(en="Unknown outcome {o}", id="Hasil tinjauan tidak dikenal: {o}", o=outcome))
    _decide(session, action, meeting, outcome, note)


def actions_register(db: Database, forum_id: int | None = None, status: str | None = None,
                     responsible: str | None = None, overdue_on: date | None = None) -> list[dict[str, Any]]:
    """Every follow-up action once, with its latest status and the meetings it passed through; filtered.

    overdue = pending and due before ``overdue_on``. ``meetings``: (date, title) of the meeting that
    agreed it and of each later meeting that reviewed it, in order; ``note``: the latest decision's note.
    """
    if status is not None and not ActionStatus.known(status):
        raise UserError(msg(en="Unknown status {s}", id="Status tidak dikenal: {s}", s=status))
    stmt = (
        select(Action, Meeting, Forum)
        .join(Meeting, Meeting.id == Action.meeting_id)
        .join(Forum, Forum.id == Meeting.forum_id)
        .order_by(Meeting.meeting_date, Action.id)
    )
    if forum_id is not None:
        stmt = stmt.where(Forum.id == forum_id)
    if status:
        stmt = stmt.where(Action.status == status)
    if responsible:
        stmt = stmt.where(Action.responsible.ilike(f"%{responsible}%"))
    if overdue_on is not None:
        stmt = stmt.where(Action.overdue_on(overdue_on))
    with db.session() as session:
        found = list(session.execute(stmt))
        history: dict[int, list[tuple[date, str, str, str | None]]] = {}
        if found:
            for u, m in session.execute(
                    select(ActionUpdate, Meeting).join(Meeting, Meeting.id == ActionUpdate.meeting_id)
                    .where(ActionUpdate.action_id.in_([a.id for a, _m, _f in found]))
                    .order_by(Meeting.meeting_date, Meeting.id)):
                history.setdefault(u.action_id, []).append((m.meeting_date, m.title, u.status, u.note))
        rows = []
        for a, m, f in found:
            steps = history.get(a.id, [])
            passed = [(m.meeting_date, m.title)] + [(d, t) for d, t, _s, _n in steps if (d, t) != (m.meeting_date, m.title)]
            notes = [n for _d, _t, _s, n in steps if n]
            rows.append({"id": a.id, "forum": f.name, "meeting": m.title, "meeting_date": m.meeting_date,
                         "what": a.what, "responsible": a.responsible, "due_date": a.due_date, "status": a.status,
                         "note": notes[-1] if notes else a.note, "meetings": passed,
                         "history": [(d, s) for d, _t, s, _n in steps]})
        return rows


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            selectinload(Meeting.agenda), selectinload(Meeting.attendees), selectinload(Meeting.counts),
            selectinload(Meeting.decisions), selectinload(Meeting.progress), selectinload(Meeting.actions),
            selectinload(Meeting.cases), selectinload(Meeting.forum))
    )
    if meeting is None:
        raise UserError(msg(en="Meeting {n} does not exist.", id="Rapat {n} tidak ada.", n=meeting_id))
    return meeting


def latest_meeting_id(db: Database) -> int | None:
    with db.session() as session:
        return session.scalar(select(Meeting.id).order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1))


def meetings(db: Database, forum_id: int | None = None) -> list[dict[str, Any]]:
    stmt = select(Meeting.id, Meeting.title, Meeting.meeting_date, Meeting.forum_id).order_by(
        Meeting.meeting_date.desc(), Meeting.id.desc())
    if forum_id is not None:
        stmt = stmt.where(Meeting.forum_id == forum_id)
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def forums(db: Database) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(Forum.id, Forum.name, Forum.kabupaten_code).order_by(Forum.name))
                .mappings()]


MEETING_FIELDS = ("title", "meeting_date", "start_time", "end_time", "place", "mode", "chair_name", "chair_position",
                  "chair_nip", "notetaker_name", "notetaker_nip", "opening", "closing", "closed_at")


def check_time(value: str | None) -> None:
    import re

    if value and not re.fullmatch(r"([01]\d|2[0-3])[:.][0-5]\d", value):
        raise UserError(msg(en="A time is written as HH:MM, not {v}", id="Jam ditulis JJ:MM, bukan {v}", v=value))


def create_forum(db: Database, name: str, kabupaten_code: str | None = None) -> int:
    if not name.strip():
        raise UserError(msg(en="The forum needs a name.", id="Nama forum wajib diisi."))
    with db.session() as session:
        forum = Forum(name=name.strip(), kabupaten_code=kabupaten_code)
        session.add(forum)
        session.flush()
        return forum.id


def update_forum(db: Database, forum_id: int, values: dict[str, Any], expected_version: int | None = None) -> int:
    """Change a forum's name, kabupaten/kota or description; returns its new version.

    Conditional on the version the editor loaded: a save over someone else's newer change is
    refused with :class:`ChangedElsewhere`.
    """
    if "name" in values and not str(values["name"] or "").strip():
        raise UserError(msg(en="The forum needs a name.", id="Nama forum wajib diisi."))
    with db.session() as session:
        forum = claim(session, Forum, forum_id, expected_version)
        if forum is None:
            raise UserError(msg(en="The forum no longer exists.", id="Forum ini sudah tidak ada."))
        for key in ("name", "kabupaten_code", "description"):
            if key in values:
                value = values[key].strip() if isinstance(values[key], str) else values[key]
                setattr(forum, key, value if key == "name" else (value or None))
        touch(forum)
        session.flush()
        return forum.version


PERSON_FIELDS = ("name", "institution", "position", "sex", "contact", "nip")


def update_person(db: Database, person_id: int, values: dict[str, Any], expected_version: int | None = None) -> int:
    """Correct a person of the directory (name, institution, position, sex, contact, NIP); returns the new version.

    Conditional on the version the editor loaded: a save over someone else's newer change is
    refused with :class:`ChangedElsewhere`.
    """
    with db.session() as session:
        person = claim(session, Person, person_id, expected_version)
        if person is None:
            raise UserError(msg(en="The person is no longer in the directory.", id="Orang ini sudah tidak ada di direktori."))
        merged = {key: values.get(key, getattr(person, key)) for key in PERSON_FIELDS}
        check_attendee(str(merged["name"] or ""), merged["sex"])
        for key, value in merged.items():
            value = value.strip() if isinstance(value, str) else value
            setattr(person, key, value if key in ("name", "sex") else (value or None))
        touch(person)
        session.flush()
        return person.version


def create_meeting(db: Database, forum_id: int, title: str, meeting_date: date) -> tuple[int, int]:
    """A new meeting; returns (meeting id, number of open actions from earlier meetings to review)."""
    if not title.strip():
        raise UserError(msg(en="The meeting needs a title.", id="Judul rapat wajib diisi."))
    with db.session() as session:
        meeting = Meeting(forum_id=forum_id, title=title.strip(), meeting_date=meeting_date, mode=MeetingMode.IN_PERSON)
        session.add(meeting)
        session.flush()
        return meeting.id, len(open_actions_for(session, meeting))


def _check_meeting_values(values: dict[str, Any]) -> None:
    for key in ("start_time", "end_time", "closed_at"):
        check_time(values.get(key))
    if "title" in values and not str(values["title"]).strip():
        raise UserError(msg(en="The meeting needs a title.", id="Judul rapat wajib diisi."))


def _claim_meeting(session: Session, meeting_id: int, expected_version: int | None) -> Meeting:
    meeting = claim(session, Meeting, meeting_id, expected_version)
    if meeting is None:
        raise UserError(msg(en="The meeting no longer exists.", id="Rapat ini sudah tidak ada."))
    return meeting


def _set_values(meeting: Meeting, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if key in MEETING_FIELDS and getattr(meeting, key) != value:
            setattr(meeting, key, value)
            changed = True
    return changed


def update_meeting(db: Database, meeting_id: int, values: dict[str, Any], expected_version: int | None = None) -> None:
    """Save the meeting's header and texts; times are checked.

    With ``expected_version`` (the version the editor loaded) the save is the editor's: someone
    else's newer change is refused with :class:`ChangedElsewhere`, and the meeting's version is
    raised even when only its lists (agenda, decisions, …) changed, so that others see it.
    """
    _check_meeting_values(values)
    with db.session() as session:
        meeting = _claim_meeting(session, meeting_id, expected_version)
        if _set_values(meeting, values) or expected_version is not None:
            touch(meeting)


def save_meeting(db: Database, meeting_id: int, values: dict[str, Any], *, decisions: list[str] | None = None,
                 agenda: list[tuple[str, str]] | None = None, progress: list[tuple[str, str, str]] | None = None,
                 cases: list[tuple[str, str, int, int]] | None = None, expected_version: int | None = None) -> int:
    """The meeting editor's save: header, texts and lists in one transaction; returns the new version.

    Conditional on the version the editor loaded: a save over someone else's newer change (made in
    the meantime or at the same moment) is refused with :class:`ChangedElsewhere` and writes
    nothing, neither the header nor the lists. A list left None is not touched.
    """
    _check_meeting_values(values)
    if cases is not None:
        _check_cases(cases)
    with db.session() as session:
        meeting = _claim_meeting(session, meeting_id, expected_version)
        _set_values(meeting, values)
        if decisions is not None:
            _replace_decisions(session, meeting, decisions)
        if agenda is not None:
            _replace_agenda(session, meeting, agenda)
        if progress is not None:
            _replace_progress(session, meeting, progress)
        if cases is not None:
            _replace_cases(session, meeting, cases)
        touch(meeting)
        session.flush()
        return meeting.version


def _replace_decisions(session: Session, meeting: Meeting, texts: list[str]) -> None:
    from bakti_desktop.pksai.models import Decision

    meeting.decisions.clear()
    session.flush()
    for number, text in enumerate((t.strip() for t in texts if t.strip()), start=1):
        meeting.decisions.append(Decision(number=number, text=text))


def _replace_agenda(session: Session, meeting: Meeting, items: list[tuple[str, str]]) -> None:
    from bakti_desktop.pksai.models import AgendaItem

    meeting.agenda.clear()
    session.flush()
    for number, (title, discussion) in enumerate(((t.strip(), d) for t, d in items if t.strip()), start=1):
        meeting.agenda.append(AgendaItem(number=number, title=title, discussion=discussion or None))


def set_decisions(db: Database, meeting_id: int, texts: list[str]) -> None:
    with db.session() as session:
        _replace_decisions(session, load_meeting(session, meeting_id), texts)


def set_agenda(db: Database, meeting_id: int, items: list[tuple[str, str]]) -> None:
    with db.session() as session:
        _replace_agenda(session, load_meeting(session, meeting_id), items)


def delete_meeting(db: Database, meeting_id: int) -> None:
    """Move a meeting, with its minutes and attendance, to the trash."""
    from bakti_desktop.storage.trash import move_to_trash

    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is not None:
            reviewed = [r.action for r in reviewed_in(meeting)]
            move_to_trash(session, meeting, f"Rapat {meeting.meeting_date:%d/%m/%Y} — {meeting.title}")
            for action in reviewed:  # what the deleted meeting decided no longer counts
                session.expire(action, ["updates"])
                _refresh_status(session, action)


def people_directory(db: Database) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(Person.id, Person.name, Person.institution, Person.position, Person.sex,
                                   Person.contact).order_by(Person.name, Person.id))
        return [dict(r) for r in rows.mappings()]


def _replace_progress(session: Session, meeting: Meeting, rows: list[tuple[str, str, str]]) -> None:
    from bakti_desktop.pksai.models import DistrictProgress

    meeting.progress.clear()
    session.flush()
    for code, progress, challenges in rows:
        meeting.progress.append(DistrictProgress(kabupaten_code=code, progress=progress or None,
                                                 challenges=challenges or None))


def set_progress(db: Database, meeting_id: int, rows: list[tuple[str, str, str]]) -> None:
    """Replace the per-district progress rows: (kabupaten code, progress, challenges)."""
    with db.session() as session:
        _replace_progress(session, load_meeting(session, meeting_id), rows)


def _check_cases(rows: list[tuple[str, str, int, int]]) -> None:
    seen: set[tuple[str, str]] = set()
    for period, category, male, female in rows:
        if category not in CASE_LABELS:
            raise UserError(msg(en="Unknown category {c}", id="Kategori tidak dikenal: {c}", c=category))
        check_count(male, female)
        if (period, category) in seen:
            raise UserError(msg(en="Category {c} appears twice for {p}", id="Kategori {c} muncul dua kali untuk {p}",
                                c=category, p=period))
        seen.add((period, category))


def _replace_cases(session: Session, meeting: Meeting, rows: list[tuple[str, str, int, int]]) -> None:
    meeting.cases.clear()
    session.flush()
    for period, category, male, female in rows:
        meeting.cases.append(CaseFigure(period=period, category=category, male=male, female=female))


def set_cases(db: Database, meeting_id: int, rows: list[tuple[str, str, int, int]]) -> None:
    """Replace the aggregate case figures: (period, category, male, female)."""
    _check_cases(rows)
    with db.session() as session:
        _replace_cases(session, load_meeting(session, meeting_id), rows)


def add_action(db: Database, meeting_id: int, what: str, responsible: str | None, due: date | None) -> int:
    if not what.strip():
        raise UserError(msg(en="Describe the follow-up action.", id="Uraian tindak lanjut wajib diisi."))
    with db.session() as session:
        meeting = load_meeting(session, meeting_id)
        action = Action(what=what.strip(), responsible=responsible or None, due_date=due, status=ActionStatus.OPEN)
        meeting.actions.append(action)
        session.flush()
        return action.id


def set_action_status(db: Database, action_id: int, status: str, meeting_id: int | None = None) -> None:
    """Set an action's status as decided in ``meeting_id`` (default: the meeting that agreed it)."""
    if not ActionStatus.known(status):
        raise UserError(msg(en="Unknown status {s}", id="Status tidak dikenal: {s}", s=status))
    with db.session() as session:
        action = session.get(Action, action_id)
        if action is None:
            return
        meeting = session.get(Meeting, meeting_id if meeting_id is not None else action.meeting_id)
        if meeting is None:
            raise UserError(msg(en="The meeting no longer exists.", id="Rapat ini sudah tidak ada."))
        _decide(session, action, meeting, status)


def review(db: Database, action_id: int, meeting_id: int, outcome: str) -> None:
    with db.session() as session:
        action = session.get(Action, action_id)
        meeting = session.get(Meeting, meeting_id)
        if action is None or meeting is None:
            raise UserError(msg(en="The action or meeting no longer exists.", id="Tindak lanjut atau rapat sudah tidak ada."))
        review_action(session, action, meeting, outcome)


def delete_rows(db: Database, model: type, ids: list[int]) -> None:
    with db.session() as session:
        for row_id in ids:
            row = session.get(model, row_id)
            if row is not None:
                session.delete(row)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: case and spacing do not count ("sitti  nurjannah" = "Sitti Nurjannah")."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def people_named(db: Database, name: str) -> list[dict[str, Any]]:
    """The directory's people whose name is ``name`` (ignoring case and spacing), to ask "the same person?"."""
    return [p for p in people_directory(db) if name.strip() and same_name(p["name"], name)]


def add_person(session: Session, *, name: str, sex: str, institution: str | None = None, position: str | None = None,
               contact: str | None = None) -> Person:
    """A new person in the directory, on purpose (the user said a same-named one is someone else)."""
    check_attendee(name, sex)
    person = Person(name=" ".join(name.split()), sex=sex, institution=institution, position=position, contact=contact)
    session.add(person)
    session.flush()
    return person


# -- what the meeting editor shows and does: plain data in, plain data out, a transaction each ------------------
@dataclass(frozen=True)
class MeetingView:
    """A meeting as stored, for the editor: the header and texts, its lists, attendance and follow-up."""

    id: int
    version: int
    values: dict[str, Any]  # the MEETING_FIELDS
    decisions: list[str]
    agenda: list[tuple[str, str]]  # (title, discussion)
    attendees: list[dict[str, Any]]  # id, person_id, name, institution, position, sex, contact
    counts: list[dict[str, Any]]  # id, institution, male, female
    totals: Totals
    pending: list[dict[str, Any]]  # open actions of earlier meetings: id, what, responsible, due_date, meeting_*
    actions: list[dict[str, Any]]  # this meeting's actions: id, what, responsible, due_date, status (as decided
    # in this meeting), latest (status now), overdue
    progress: list[dict[str, Any]]  # kabupaten_code, progress, challenges
    cases: list[dict[str, Any]]  # period, category, male, female

    @property
    def title(self) -> str:
        return str(self.values["title"])

    @property
    def meeting_date(self) -> date:
        return self.values["meeting_date"]  # type: ignore[no-any-return]


def meeting_view(db: Database, meeting_id: int, today: date | None = None) -> MeetingView:
    """The meeting as the editor shows it; a UserError when it no longer exists."""
    today = today or date.today()
    with db.session() as session:
        m = load_meeting(session, meeting_id)
        pending = []
        for a in open_actions_for(session, m):
            origin = session.get(Meeting, a.meeting_id)
            pending.append({"id": a.id, "what": a.what, "responsible": a.responsible, "due_date": a.due_date,
                            "meeting_date": origin.meeting_date if origin else None,
                            "meeting_title": origin.title if origin else ""})
        here = status_at(session, m)
        return MeetingView(
            id=m.id, version=m.version, values={key: getattr(m, key) for key in MEETING_FIELDS},
            decisions=[d.text for d in m.decisions], agenda=[(a.title, a.discussion or "") for a in m.agenda],
            attendees=[{"id": a.id, "person_id": a.person_id, "name": a.name, "institution": a.institution,
                        "position": a.position, "sex": a.sex, "contact": a.contact} for a in m.attendees],
            counts=[{"id": c.id, "institution": c.institution, "male": c.male, "female": c.female} for c in m.counts],
            totals=attendance_totals(m), pending=pending,
            actions=[{"id": a.id, "what": a.what, "responsible": a.responsible, "due_date": a.due_date,
                      "status": here[a.id], "latest": a.status, "overdue": is_overdue(a, today)} for a in m.actions],
            progress=[{"kabupaten_code": p.kabupaten_code, "progress": p.progress, "challenges": p.challenges}
                      for p in m.progress],
            cases=[{"period": c.period, "category": c.category, "male": c.male, "female": c.female} for c in m.cases])


def meeting_version(db: Database, meeting_id: int) -> int | None:
    """The meeting's stored version (None: it is gone)."""
    with db.engine.connect() as conn:
        return conn.execute(select(Meeting.version).where(Meeting.id == meeting_id)).scalar()


def meeting_values(db: Database, meeting_id: int) -> dict[str, Any] | None:
    """The meeting's header and texts as stored now (to compare with unsaved ones), or None when it is gone."""
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        return None if meeting is None else {key: getattr(meeting, key) for key in MEETING_FIELDS}


def attend(db: Database, meeting_id: int, *, name: str, sex: str | None, person_id: int | None = None,
           institution: str | None = None, position: str | None = None, contact: str | None = None) -> int:
    """Add a named participant to a meeting, in one transaction; returns the attendee's id.

    ``person_id``: the directory's person the user recognised (refused if already in this meeting's
    attendance); None: someone new, who enters the directory (also when a same-named person exists: the
    user said it is someone else).
    """
    check_attendee(name, sex or "")
    with db.session() as session:
        meeting = load_meeting(session, meeting_id)
        values = {"institution": institution, "position": position, "contact": contact}
        if person_id is not None:
            if any(a.person_id == person_id for a in meeting.attendees):
                raise UserError(msg(en="{name} is already in the attendance of this meeting.",
                                    id="{name} sudah tercatat di daftar hadir rapat ini.", name=name))
            known = session.get(Person, person_id)
            if known is None:
                raise UserError(msg(en="{name} is no longer in the directory.",
                                    id="{name} sudah tidak ada di direktori.", name=name))
        else:
            known = add_person(session, name=name, sex=sex or "", **values)
        attendee = add_attendee(session, meeting, name=name, sex=sex or "", person=known, **values)
        session.flush()
        return attendee.id


def count_attendance(db: Database, meeting_id: int, institution: str, male: int, female: int) -> None:
    """Add participants counted by institution (without names), in one transaction."""
    if not institution.strip():
        raise UserError(msg(en="Type the institution of the counted participants first.",
                            id="Ketik instansi peserta yang dihitung terlebih dahulu."))
    with db.session() as session:
        add_count(load_meeting(session, meeting_id), institution.strip(), male, female)


def remove_attendees(db: Database, attendee_ids: list[int]) -> None:
    delete_rows(db, Attendee, attendee_ids)


def remove_counts(db: Database, count_ids: list[int]) -> None:
    delete_rows(db, AttendanceCount, count_ids)
