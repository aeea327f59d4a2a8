"""Stored columns and values named for people.

The audit trail and the conflicts of a laptop package record changes by column name and stored
value (``jamban_guru``, ``leher_angsa``, ``True``); the history dialog and the package dialog show
them through these functions: the survey form's label and the choice's name in the current
language. Columns of the other workspaces, which have no field table, are shown made readable.
"""

from __future__ import annotations

from typing import Any

from bakti_desktop.i18n import language, msg

MAPPING_TABLES = frozenset({"school", "survey"})


def _computed_labels() -> dict[str, str]:
    return {
        "water_level": msg(en="Water level", id="Layanan air"),
        "sanitation_level": msg(en="Sanitation level", id="Layanan sanitasi"),
        "hygiene_level": msg(en="Hygiene level", id="Layanan higiene"),
        "build_boys": msg(en="Boys' toilets to build", id="Jamban L dibangun"),
        "build_girls": msg(en="Girls' toilets to build", id="Jamban P dibangun"),
        "build_teachers": msg(en="Teachers' toilets to build", id="Jamban guru dibangun"),
        "phbs_score": msg(en="PHBS score", id="Skor PHBS"),
        "priority": msg(en="Priority", id="Prioritas"),
        "no_service_count": msg(en="Domains with no service", id="Domain tanpa layanan"),
        "limited_count": msg(en="Domains with limited service", id="Domain layanan terbatas"),
    }


def _field(key: str) -> Any:
    """The survey field stored in column ``key`` of ``school`` or ``survey``, or None."""
    from bakti_desktop.mapping.fields import BY_KEY

    if key == "year":
        return BY_KEY.get("tahun")
    if key.endswith("_code") and key[: -len("_code")] in BY_KEY:  # kabupaten_code …: the region fields
        return BY_KEY[key[: -len("_code")]]
    return BY_KEY.get(key)


def column_label(table: str, key: str) -> str:
    """The name of column ``key`` of ``table`` for people."""
    if table in MAPPING_TABLES:
        field = _field(key)
        if field is not None:
            return field.label if language() == "id" else field.label_en
        computed = _computed_labels().get(key)
        if computed is not None:
            return computed
    return key.replace("_", " ").capitalize()


def column_value(table: str, key: str, value: Any) -> Any:
    """A stored value as people know it: a choice's name, a service level's name; anything else as stored."""
    if table not in MAPPING_TABLES or value is None:
        return value
    from bakti_desktop.mapping import indicators

    if key in ("water_level", "sanitation_level", "hygiene_level") and value in indicators.LEVELS:
        return indicators.level_label(value)
    if key == "priority" and value in (1, 2, 3):
        return indicators.priority_label(value)
    field = _field(key)
    if field is not None and field.choices and not key.endswith("_code"):
        choice = field.choice(value)
        if choice is not None:
            return choice.label if language() == "id" else choice.label_en
    return value
