"""Imports every model so that ``Base.metadata`` knows all tables."""

from bakti_desktop.exchange.package import SyncBase
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.pksai.models import (
    Action,
    AgendaItem,
    AttendanceCount,
    Attendee,
    CaseFigure,
    Decision,
    DistrictProgress,
    Forum,
    Meeting,
    Person,
)
from bakti_desktop.sss.models import SssComment, SssDocument, SssProgrammeRow, SssRevision, SssSection, SssTarget
from bakti_desktop.storage.audit import AuditEntry
from bakti_desktop.storage.settings import AppSetting
from bakti_desktop.storage.trash import TrashItem
from bakti_desktop.twinning.models import Evidence, Item, ProgressNote, Programme, Topic, Unit, Visit

__all__ = [
    "Action", "AgendaItem", "AppSetting", "AuditEntry", "AttendanceCount", "Attendee", "CaseFigure", "Decision",
    "DistrictProgress", "Evidence", "Forum", "Item", "Meeting", "Person", "Programme", "ProgressNote", "School",
    "SssComment", "SssDocument", "SssProgrammeRow", "SssRevision", "SssSection", "SssTarget", "Survey", "SyncBase", "Topic", "TrashItem",
    "Unit", "Visit",
]
