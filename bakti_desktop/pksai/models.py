"""Forums, meetings and everything minuted in them.

Case figures are aggregates only (counts by category and sex): there is
deliberately no column for a child's name or identity. ABH identities are
confidential by law (UU 11/2012 on the juvenile justice system).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakti_desktop.pksai.codes import (  # re-exported
    PENDING as PENDING,
    REVIEW_OUTCOMES as REVIEW_OUTCOMES,
    ActionStatus as ActionStatus,
    MeetingMode as MeetingMode,
)
from bakti_desktop.storage.base import Base, Record

# The stored codes (declared with their names in codes.py), as tuples for the rules and older callers.
MODES = MeetingMode.codes()
SEXES = ("L", "P")
ACTION_STATUSES = ActionStatus.codes()


def is_overdue(action: Action | dict[str, Any], on: date) -> bool:
    """An action is overdue on ``on`` when it is still pending (open or carried forward) and was due before that day.

    ``action`` is an :class:`Action` or a row of :func:`bakti_desktop.pksai.service.actions_register`;
    :meth:`Action.overdue_on` is the same rule as an SQL condition.
    """
    if isinstance(action, dict):
        status, due = action.get("status"), action.get("due_date")
    else:
        status, due = action.status, action.due_date
    return status in PENDING and due is not None and due < on


class Forum(Record, Base):
    """A recurring coordination forum (a district's PKSAI meeting, or the provincial one)."""

    __tablename__ = "pksai_forum"

    name: Mapped[str] = mapped_column(String(300))
    kabupaten_code: Mapped[str | None] = mapped_column(String(5))  # None: provincial forum
    description: Mapped[str | None] = mapped_column(Text)

    meetings: Mapped[list[Meeting]] = relationship(back_populates="forum", cascade="all, delete-orphan",
                                                     order_by="Meeting.meeting_date")


class Person(Record, Base):
    """The directory of people who recur across meetings."""

    __tablename__ = "pksai_person"

    name: Mapped[str] = mapped_column(String(200), index=True)
    institution: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[str] = mapped_column(String(1))
    contact: Mapped[str | None] = mapped_column(String(100))
    nip: Mapped[str | None] = mapped_column(String(30))


class Meeting(Record, Base):
    __tablename__ = "pksai_meeting"

    forum_id: Mapped[int] = mapped_column(ForeignKey("pksai_forum.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    meeting_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str | None] = mapped_column(String(5))  # "09:00"
    end_time: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(String(300))
    mode: Mapped[str] = mapped_column(String(12), default=MeetingMode.IN_PERSON.value)
    chair_name: Mapped[str | None] = mapped_column(String(200))
    chair_position: Mapped[str | None] = mapped_column(String(200))
    chair_nip: Mapped[str | None] = mapped_column(String(30))
    notetaker_name: Mapped[str | None] = mapped_column(String(200))
    notetaker_nip: Mapped[str | None] = mapped_column(String(30))
    opening: Mapped[str | None] = mapped_column(Text)
    closing: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[str | None] = mapped_column(String(5))  # closing time "12:30"

    forum: Mapped[Forum] = relationship(back_populates="meetings")
    agenda: Mapped[list[AgendaItem]] = relationship(cascade="all, delete-orphan", order_by="AgendaItem.number")
    attendees: Mapped[list[Attendee]] = relationship(cascade="all, delete-orphan", order_by="Attendee.id")
    counts: Mapped[list[AttendanceCount]] = relationship(cascade="all, delete-orphan", order_by="AttendanceCount.id")
    decisions: Mapped[list[Decision]] = relationship(cascade="all, delete-orphan", order_by="Decision.number")
    progress: Mapped[list[DistrictProgress]] = relationship(cascade="all, delete-orphan",
                                                              order_by="DistrictProgress.kabupaten_code")
    actions: Mapped[list[Action]] = relationship(foreign_keys="Action.meeting_id", cascade="all, delete-orphan",
                                                   order_by="Action.id")
    cases: Mapped[list[CaseFigure]] = relationship(cascade="all, delete-orphan", order_by="CaseFigure.id")


class AgendaItem(Record, Base):
    __tablename__ = "pksai_agenda_item"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    discussion: Mapped[str | None] = mapped_column(Text)  # who said what


class Attendee(Record, Base):
    """A named participant, as they were at this meeting."""

    __tablename__ = "pksai_attendee"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("pksai_person.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    institution: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[str] = mapped_column(String(1))
    contact: Mapped[str | None] = mapped_column(String(100))


class AttendanceCount(Record, Base):
    """For large events: participants counted by institution and sex, without names."""

    __tablename__ = "pksai_attendance_count"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str] = mapped_column(String(200))
    male: Mapped[int] = mapped_column(Integer, default=0)
    female: Mapped[int] = mapped_column(Integer, default=0)


class Decision(Record, Base):
    __tablename__ = "pksai_decision"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class DistrictProgress(Record, Base):
    """Progress and challenges of one district, in a multi-district meeting."""

    __tablename__ = "pksai_district_progress"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    kabupaten_code: Mapped[str] = mapped_column(String(5))
    progress: Mapped[str | None] = mapped_column(Text)
    challenges: Mapped[str | None] = mapped_column(Text)


class Action(Record, Base):
    """A follow-up action agreed in a meeting; reviewed in the forum's later meetings.

    ``status`` is its latest status; what each meeting decided about it is kept in :class:`ActionUpdate`,
    so the minutes of an earlier meeting show the status as it was decided then. A carried-forward action
    stays this one record, reviewed again at the next meeting.
    """

    __tablename__ = "pksai_action"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(String(200))  # OPD
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ActionStatus.OPEN.value, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="SET NULL"))

    updates: Mapped[list[ActionUpdate]] = relationship(back_populates="action", cascade="all, delete-orphan",
                                                         order_by="ActionUpdate.id")

    @classmethod
    def overdue_on(cls, on: date) -> Any:
        """The SQL condition of :func:`is_overdue`: pending and due before ``on``."""
        return cls.status.in_([s.value for s in PENDING]) & (cls.due_date < on)


class ActionUpdate(Record, Base):
    """The status of a follow-up action as one meeting decided it (one per action and meeting)."""

    __tablename__ = "pksai_action_update"
    __table_args__ = (UniqueConstraint("action_id", "meeting_id"),)

    action_id: Mapped[int] = mapped_column(ForeignKey("pksai_action.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="updates")


class CaseFigure(Record, Base):
    """Aggregate case counts for a period: category and sex, never a child's identity."""

    __tablename__ = "pksai_case_figure"
    __table_args__ = (UniqueConstraint("meeting_id", "period", "category"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("pksai_meeting.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(10))
    male: Mapped[int] = mapped_column(Integer, default=0)
    female: Mapped[int] = mapped_column(Integer, default=0)
