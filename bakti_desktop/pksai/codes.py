"""The PKSAI code sets with their names (loaded without the models: the command line offers them)."""

from __future__ import annotations

from bakti_desktop.codes import Code


class MeetingMode(Code):
    """How a meeting was held."""

    IN_PERSON = "tatap_muka", "In person", "Tatap muka"
    ONLINE = "daring", "Online", "Daring"
    HYBRID = "campuran", "Hybrid (in person and online)", "Campuran (tatap muka dan daring)"


class ActionStatus(Code):
    """Where a follow-up action stands: open until a later meeting reviews it."""

    OPEN = "terbuka", "Open", "Terbuka"
    DONE = "selesai", "Done", "Selesai"
    CARRIED_FORWARD = "dilanjutkan", "Carried forward", "Dilanjutkan"
    CANCELLED = "dibatalkan", "Cancelled", "Dibatalkan"


# The outcomes of reviewing an open action in a later meeting.
REVIEW_OUTCOMES = (ActionStatus.DONE, ActionStatus.CARRIED_FORWARD, ActionStatus.CANCELLED)
# Still to be done: reviewed again at the forum's next meeting (a carried-forward action stays one action).
PENDING = (ActionStatus.OPEN, ActionStatus.CARRIED_FORWARD)
