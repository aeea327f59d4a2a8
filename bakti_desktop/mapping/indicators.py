"""The indicator rules of docs/domain-rules.md §3.1–3.2, exactly, for one survey.

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

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from bakti_desktop.mapping.codes import COMPUTED_COLUMNS as COMPUTED_COLUMNS  # re-exported
from bakti_desktop.mapping.codes import Domain, ServiceLevel
from bakti_desktop.mapping.fields import IMPROVED_TOILETS, IMPROVED_WATER, PHBS_KEYS, Ratios
from bakti_desktop.mapping.rows import SurveyRow

# Plain strings, computed and stored thousands of times an import; their names are in mapping/codes.py.
BASIC, LIMITED, NONE = ServiceLevel.codes()
LEVELS = (BASIC, LIMITED, NONE)
DOMAINS = Domain.codes()


def _count(value: Any) -> int:
    """A parsed count; blank means 0."""
    return int(value) if value else 0


def _n(values: Mapping[str, Any], key: str) -> int:
    return _count(values.get(key))


# Each rule is written once, on plain values (the functions with a leading _); the functions on a mapping of
# field key to value call them, and so does compute(), which reads every field once: it runs for
# every row of a national import.


def _water(source: Any, available: Any) -> str:
    if source not in IMPROVED_WATER:
        return NONE
    return BASIC if available is True else LIMITED


def water_level(values: Mapping[str, Any]) -> str:
    """Basic: improved source with water available; limited: improved, not available."""
    return _water(values.get("sumber_air_minum"), values.get("air_tersedia"))


def _sanitation(toilet_type: Any, boys: int, girls: int, boys_usable: int, girls_usable: int, shared_usable: int) -> str:
    if toilet_type not in IMPROVED_TOILETS:
        return NONE
    single_sex = (boys == 0 or boys_usable >= 1) and (girls == 0 or girls_usable >= 1)
    usable = boys_usable + girls_usable + shared_usable >= 1
    return BASIC if single_sex and usable else LIMITED


def sanitation_level(values: Mapping[str, Any]) -> str:
    """Basic: improved, single-sex and usable; limited: improved otherwise."""
    return _sanitation(values.get("jenis_jamban"), _n(values, "siswa_laki"), _n(values, "siswa_perempuan"),
                       _n(values, "jamban_laki_baik"), _n(values, "jamban_perempuan_baik"),
                       _n(values, "jamban_bersama_baik"))


def working_handwashing(values: Mapping[str, Any]) -> int:
    return _n(values, "sarana_cuci_tangan") - _n(values, "sarana_cuci_tangan_rusak")


def _hygiene(working: int, soap: Any) -> str:
    if working < 1:
        return NONE
    if soap == "air_dan_sabun":
        return BASIC
    if soap == "air_saja":
        return LIMITED
    return NONE


def hygiene_level(values: Mapping[str, Any]) -> str:
    """Basic: working facilities with water and soap; limited: with water only."""
    return _hygiene(working_handwashing(values), values.get("air_sabun"))


def _to_build(jenjang: str, ratios: Ratios, boys: int, girls: int, boys_usable: int, girls_usable: int,
              teachers_toilets: int) -> tuple[int, int, int]:
    ratio_boys, ratio_girls = ratios.for_level(jenjang)
    boys_missing = -(-boys // ratio_boys) - boys_usable  # ceil(boys / ratio) toilets needed, less the usable ones
    girls_missing = -(-girls // ratio_girls) - girls_usable
    teachers_missing = 1 - teachers_toilets
    # Never below zero (written out rather than with max(): this runs for every row of an import).
    return (boys_missing if boys_missing > 0 else 0, girls_missing if girls_missing > 0 else 0,
            teachers_missing if teachers_missing > 0 else 0)


def toilets_to_build(values: Mapping[str, Any], jenjang: str, ratios: Ratios) -> tuple[int, int, int]:
    """(boys, girls, teachers) toilets missing against the benchmark; shared toilets count for no sex."""
    return _to_build(jenjang, ratios, _n(values, "siswa_laki"), _n(values, "siswa_perempuan"),
                     _n(values, "jamban_laki_baik"), _n(values, "jamban_perempuan_baik"), _n(values, "jamban_guru"))


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


def _priority(sanitation: str, no_service: int, limited: int) -> int:
    if sanitation == NONE or no_service >= 2:
        return 1
    if no_service or limited:
        return 2
    return 3


def priority(levels: Mapping[str, str]) -> int:
    """1 high, 2 medium, 3 low (see the module documentation)."""
    found = list(levels.values())
    return _priority(levels.get("sanitation", ""), found.count(NONE), found.count(LIMITED))


class Computed(NamedTuple):
    """Everything derived from one survey, in the order of :data:`COMPUTED_COLUMNS`."""

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
        return list(self)

    def as_columns(self) -> dict[str, int | str]:
        return dict(zip(COMPUTED_COLUMNS, self))


if len(Computed._fields) != len(COMPUTED_COLUMNS):  # one column per value, in the same order (mapping/codes.py)
    raise RuntimeError("bakti_desktop.mapping.codes.COMPUTED_COLUMNS must name every value of indicators.Computed")


def compute(values: Mapping[Any, Any], jenjang: str, ratios: Ratios) -> Computed:
    """Every indicator of one survey (its parsed values by field key) at the given level and benchmark."""
    get = values.get
    return _compute(
        get("sumber_air_minum"), get("air_tersedia"), get("jenis_jamban"), get("siswa_laki"), get("siswa_perempuan"),
        get("jamban_laki_baik"), get("jamban_perempuan_baik"), get("jamban_bersama_baik"), get("jamban_guru"),
        get("sarana_cuci_tangan"), get("sarana_cuci_tangan_rusak"), get("air_sabun"),
        [get(key) for key in PHBS_KEYS], jenjang, ratios)


def compute_row(row: SurveyRow, ratios: Ratios) -> Computed:
    """:func:`compute` for a checked survey row at its own level (the writer calls it for every row it stores)."""
    return _compute(
        row.sumber_air_minum, row.air_tersedia, row.jenis_jamban, row.siswa_laki, row.siswa_perempuan,
        row.jamban_laki_baik, row.jamban_perempuan_baik, row.jamban_bersama_baik, row.jamban_guru,
        row.sarana_cuci_tangan, row.sarana_cuci_tangan_rusak, row.air_sabun,
        (row.phbs_1, row.phbs_2, row.phbs_3, row.phbs_4, row.phbs_5, row.phbs_6, row.phbs_7, row.phbs_8),
        row.jenjang, ratios)


_tuple_new = tuple.__new__  # builds a Computed without the Python-level __new__ of a NamedTuple


def _compute(source: Any, available: Any, toilet_type: Any, boys: Any, girls: Any, boys_usable: Any,
             girls_usable: Any, shared_usable: Any, teachers_toilets: Any, facilities: Any, broken: Any, soap: Any,
             phbs: Sequence[Any], jenjang: str, ratios: Ratios) -> Computed:
    """Every indicator from the fields the rules read (blank counts are None and mean 0)."""
    boys, girls, boys_usable, girls_usable = _count(boys), _count(girls), _count(boys_usable), _count(girls_usable)
    water = _water(source, available)
    sanitation = _sanitation(toilet_type, boys, girls, boys_usable, girls_usable, _count(shared_usable))
    hygiene = _hygiene(_count(facilities) - _count(broken), soap)
    levels = (water, sanitation, hygiene)
    no_service, limited = levels.count(NONE), levels.count(LIMITED)
    return _tuple_new(Computed, (
        water,
        sanitation,
        hygiene,
        *_to_build(jenjang, ratios, boys, girls, boys_usable, girls_usable, _count(teachers_toilets)),
        phbs.count(True),
        _priority(sanitation, no_service, limited),
        no_service,
        limited,
    ))


def level_label(level: str) -> str:
    """The level's name, in the current language."""
    return ServiceLevel(level).label


def level_short(level: str) -> str:
    """A short name for narrow table cells."""
    from bakti_desktop.i18n import msg

    return {BASIC: msg(en="Basic", id="Dasar"), LIMITED: msg(en="Limited", id="Terbatas"),
            NONE: msg(en="None", id="Tidak ada")}[level]


def domain_label(domain: str) -> str:
    """The domain's name, in the current language."""
    return Domain(domain).label


def priority_label(value: int) -> str:
    """The priority's name (1 high, 2 medium, 3 low), in the current language."""
    from bakti_desktop.i18n import msg

    return {1: msg(en="High", id="Tinggi"), 2: msg(en="Medium", id="Sedang"), 3: msg(en="Low", id="Rendah")}[value]
