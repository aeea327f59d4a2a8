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

from bakti_desktop.storage import rules as _rules  # noqa: E402 - needs every table above
from bakti_desktop.storage.base import Base as _Base  # noqa: E402

_rules.check_constraints(_Base.metadata)  # the CHECK constraints of new databases (migration 0013 for older ones)
_rules.install_guard()

__all__ = [
    "Action", "AgendaItem", "AppSetting", "AuditEntry", "AttendanceCount", "Attendee", "CaseFigure", "Decision",
    "DistrictProgress", "Evidence", "Forum", "Item", "Meeting", "Person", "Programme", "ProgressNote", "School",
    "SssComment", "SssDocument", "SssProgrammeRow", "SssRevision", "SssSection", "SssTarget", "Survey", "SyncBase", "Topic", "TrashItem",
    "Unit", "Visit",
]
