"""The twinning code sets with their names (loaded without the models)."""

from __future__ import annotations

from bakti_desktop.codes import Code


class Stage(Code):
    """The stage a twinning programme has reached."""

    IDENTIFICATION = "identifikasi", "Identification", "Identifikasi"
    DIAGNOSTIC = "diagnostik", "Diagnostic", "Diagnostik"
    MOU = "mou", "MoU", "Nota kesepahaman (MoU)"
    IMPLEMENTATION = "implementasi", "Implementation", "Pelaksanaan"
    MONITORING = "monitoring", "Monitoring and evaluation", "Pemantauan dan evaluasi"


class ItemStatus(Code):
    """Where an RKTL item stands."""

    NOT_STARTED = "belum_mulai", "Not started", "Belum mulai"
    IN_PROGRESS = "berjalan", "In progress", "Berjalan"
    DONE = "selesai", "Done", "Selesai"
    DELAYED = "tertunda", "Delayed", "Tertunda"
    CANCELLED = "dibatalkan", "Cancelled", "Dibatalkan"


#: The colour each status is printed in (workbook and PDF): "Berjalan" is never the red of "Tertunda".
STATUS_COLORS = {
    ItemStatus.NOT_STARTED: "616161",
    ItemStatus.IN_PROGRESS: "1565C0",
    ItemStatus.DONE: "2E7D32",
    ItemStatus.DELAYED: "C62828",
    ItemStatus.CANCELLED: "9E9E9E",
}

# An item in one of these is finished with: never overdue, not counted as work still to do.
CLOSED_STATUSES = (ItemStatus.DONE, ItemStatus.CANCELLED)


class UnitRole(Code):
    """A unit's part in a programme."""

    MENTOR = "mentor", "Mentor", "Mentor"
    MENTEE = "mentee", "Mentee", "Mentee"


class VisitKind(Code):
    """What kind of meeting a visit was."""

    STUDY_VISIT = "kunjungan_belajar", "Study visit", "Kunjungan belajar"
    MENTORING = "pendampingan", "Mentoring visit", "Pendampingan"
    ONLINE_MEETING = "rapat_daring", "Online meeting", "Rapat daring"
