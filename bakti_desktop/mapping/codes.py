"""The mapping's code sets with their names: the JMP service levels and the three domains.

The indicators compute and store the plain strings (``indicators.BASIC`` is ``"basic"``); tables,
forms, charts, exports and the history name them from here.
"""

from __future__ import annotations

from bakti_desktop.codes import Code


class ServiceLevel(Code):
    """A JMP service level of one domain (docs/domain-rules.md §3.1)."""

    BASIC = "basic", "Basic", "Dasar"
    LIMITED = "limited", "Limited", "Terbatas"
    NONE = "none", "No service", "Tidak ada layanan"


# The columns the indicators add to a stored survey, in the order indicators.Computed holds them (here, in a
# module that imports little, so that the workspace registry names them without loading the indicators).
COMPUTED_COLUMNS = ("water_level", "sanitation_level", "hygiene_level", "build_boys", "build_girls", "build_teachers",
                    "phbs_score", "priority", "no_service_count", "limited_count")


class Domain(Code):
    """The three domains of WASH in schools."""

    WATER = "water", "Drinking water", "Air minum"
    SANITATION = "sanitation", "Sanitation", "Sanitasi"
    HYGIENE = "hygiene", "Hygiene", "Higiene"
