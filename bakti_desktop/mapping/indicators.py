"""The indicator rules of DOMAIN.md §1.6, exactly, for one survey.

Every number the program shows about a school comes from here: the three JMP
service levels, toilets to build against the benchmark, students per usable
toilet, the PHBS score and the intervention priority. The functions take a
mapping of field key to parsed value (blank counts are ``None`` and mean 0).

Priority for intervention (our rule, shown in reports):

1. *Tinggi* (high): no sanitation service, or no service in two or more domains;
2. *Sedang* (medium): any other domain with no or limited service;
3. *Rendah* (low): basic service in water, sanitation and hygiene.

Within a class, schools are ranked by the number of domains with no service,
then the number with limited service, then toilets to build, then enrolment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bakti_desktop.mapping.fields import IMPROVED_TOILETS, IMPROVED_WATER, PHBS_KEYS, Ratios

BASIC, LIMITED, NONE = "basic", "limited", "none"
LEVELS = (BASIC, LIMITED, NONE)
DOMAINS = ("water", "sanitation", "hygiene")


def _n(values: Mapping[str, Any], key: str) -> int:
    value = values.get(key)
    return int(value) if value else 0


def water_level(values: Mapping[str, Any]) -> str:
    """Basic: improved source with water available; limited: improved, not available."""
    if values.get("sumber_air_minum") not in IMPROVED_WATER:
        return NONE
    return BASIC if values.get("air_tersedia") is True else LIMITED


def sanitation_level(values: Mapping[str, Any]) -> str:
    """Basic: improved, single-sex and usable; limited: improved otherwise."""
    if values.get("jenis_jamban") not in IMPROVED_TOILETS:
        return NONE
    single_sex = (_n(values, "siswa_laki") == 0 or _n(values, "jamban_laki_baik") >= 1) and (
        _n(values, "siswa_perempuan") == 0 or _n(values, "jamban_perempuan_baik") >= 1
    )
    usable = (
        _n(values, "jamban_laki_baik") + _n(values, "jamban_perempuan_baik") + _n(values, "jamban_bersama_baik")
    ) >= 1
    return BASIC if single_sex and usable else LIMITED


def working_handwashing(values: Mapping[str, Any]) -> int:
    return _n(values, "sarana_cuci_tangan") - _n(values, "sarana_cuci_tangan_rusak")


def hygiene_level(values: Mapping[str, Any]) -> str:
    """Basic: working facilities with water and soap; limited: with water only."""
    if working_handwashing(values) < 1:
        return NONE
    soap = values.get("air_sabun")
    if soap == "air_dan_sabun":
        return BASIC
    if soap == "air_saja":
        return LIMITED
    return NONE


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def toilets_to_build(values: Mapping[str, Any], jenjang: str, ratios: Ratios) -> tuple[int, int, int]:
    """(boys, girls, teachers) toilets missing against the benchmark; shared toilets count for no sex."""
    ratio_boys, ratio_girls = ratios.for_level(jenjang)
    boys = max(0, _ceil_div(_n(values, "siswa_laki"), ratio_boys) - _n(values, "jamban_laki_baik"))
    girls = max(0, _ceil_div(_n(values, "siswa_perempuan"), ratio_girls) - _n(values, "jamban_perempuan_baik"))
    teachers = max(0, 1 - _n(values, "jamban_guru"))
    return boys, girls, teachers


def students_per_toilet(values: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """Boys per usable boys' toilet and girls per usable girls' toilet (None when there is none)."""
    boys_toilets = _n(values, "jamban_laki_baik")
    girls_toilets = _n(values, "jamban_perempuan_baik")
    boys = _n(values, "siswa_laki") / boys_toilets if boys_toilets else None
    girls = _n(values, "siswa_perempuan") / girls_toilets if girls_toilets else None
    return boys, girls


def phbs_score(values: Mapping[str, Any]) -> int:
    """How many of the 8 PHBS indicators the school meets."""
    get = values.get
    return [get(key) for key in PHBS_KEYS].count(True)


def priority(levels: Mapping[str, str]) -> int:
    """1 high, 2 medium, 3 low (see the module documentation)."""
    none_count = sum(1 for level in levels.values() if level == NONE)
    if levels.get("sanitation") == NONE or none_count >= 2:
        return 1
    if any(level != BASIC for level in levels.values()):
        return 2
    return 3


@dataclass(frozen=True)
class Computed:
    """Everything derived from one survey."""

    water: str
    sanitation: str
    hygiene: str
    build_boys: int
    build_girls: int
    build_teachers: int
    phbs: int
    priority: int
    no_service: int
    limited: int

    def as_row(self) -> list[int | str]:
        """The values in the order of :data:`COMPUTED_COLUMNS`."""
        return [self.water, self.sanitation, self.hygiene, self.build_boys, self.build_girls, self.build_teachers,
                self.phbs, self.priority, self.no_service, self.limited]

    def as_columns(self) -> dict[str, int | str]:
        return {
            "water_level": self.water,
            "sanitation_level": self.sanitation,
            "hygiene_level": self.hygiene,
            "build_boys": self.build_boys,
            "build_girls": self.build_girls,
            "build_teachers": self.build_teachers,
            "phbs_score": self.phbs,
            "priority": self.priority,
            "no_service_count": self.no_service,
            "limited_count": self.limited,
        }


COMPUTED_COLUMNS = ("water_level", "sanitation_level", "hygiene_level", "build_boys", "build_girls", "build_teachers",
                    "phbs_score", "priority", "no_service_count", "limited_count")


def compute(values: Mapping[str, Any], jenjang: str, ratios: Ratios) -> Computed:
    water, sanitation, hygiene = water_level(values), sanitation_level(values), hygiene_level(values)
    levels = (water, sanitation, hygiene)
    boys, girls, teachers = toilets_to_build(values, jenjang, ratios)
    return Computed(
        water=water,
        sanitation=sanitation,
        hygiene=hygiene,
        build_boys=boys,
        build_girls=girls,
        build_teachers=teachers,
        phbs=phbs_score(values),
        priority=priority({"water": water, "sanitation": sanitation, "hygiene": hygiene}),
        no_service=levels.count(NONE),
        limited=levels.count(LIMITED),
    )


def level_label(level: str) -> str:
    """The level's name for reports, in the current language."""
    from bakti_desktop.i18n import msg

    return {
        BASIC: msg(en="Basic", id="Dasar"),
        LIMITED: msg(en="Limited", id="Terbatas"),
        NONE: msg(en="No service", id="Tidak ada layanan"),
    }[level]


def level_short(level: str) -> str:
    """A short name for narrow table cells."""
    from bakti_desktop.i18n import msg

    return {BASIC: msg(en="Basic", id="Dasar"), LIMITED: msg(en="Limited", id="Terbatas"),
            NONE: msg(en="None", id="Tidak ada")}[level]


def domain_label(domain: str) -> str:
    from bakti_desktop.i18n import msg

    return {
        "water": msg(en="Drinking water", id="Air minum"),
        "sanitation": msg(en="Sanitation", id="Sanitasi"),
        "hygiene": msg(en="Hygiene", id="Higiene"),
    }[domain]


def priority_label(value: int) -> str:
    from bakti_desktop.i18n import msg

    return {1: msg(en="High", id="Tinggi"), 2: msg(en="Medium", id="Sedang"), 3: msg(en="Low", id="Rendah")}[value]
