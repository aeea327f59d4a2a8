"""The rules of docs/domain-rules.md §3.1–3.2, case by case, with numbers worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bakti_desktop.mapping import indicators as ind
from bakti_desktop.mapping.fields import PHBS_KEYS, SOAP_WATER, TOILET_TYPES, WATER_SOURCES, Ratios


@pytest.mark.parametrize(
    ("source", "available", "level"),
    [
        ("perpipaan", True, "basic"),
        ("air_kemasan", True, "basic"),
        ("truk_tangki", False, "limited"),
        ("sumur_tidak_terlindungi", True, "none"),
        ("air_permukaan", True, "none"),
        ("bawa_dari_rumah", True, "none"),
        ("tidak_ada", None, "none"),
    ],
)
def test_water_ladder(source: str, available: bool | None, level: str) -> None:
    assert ind.water_level({"sumber_air_minum": source, "air_tersedia": available}) == level


def _san(**kw: object) -> str:
    values = {"jenis_jamban": "leher_angsa", "siswa_laki": 10, "siswa_perempuan": 10}
    values.update(kw)
    return ind.sanitation_level(values)


def test_sanitation_ladder() -> None:
    assert _san(jamban_laki_baik=1, jamban_perempuan_baik=1) == "basic"
    assert _san(jamban_bersama_baik=4) == "limited"  # shared toilets are not single-sex
    assert _san(jamban_laki_baik=1) == "limited"  # girls have no usable toilet of their own
    assert _san(jamban_laki_rusak=2, jamban_perempuan_rusak=2) == "limited"  # none usable
    assert _san(jenis_jamban="cubluk_tanpa_slab", jamban_laki_baik=1, jamban_perempuan_baik=1) == "none"
    assert _san(jenis_jamban="tidak_ada") == "none"
    # A boys-only school needs no girls' toilet.
    assert _san(siswa_perempuan=0, jamban_laki_baik=1) == "basic"
    assert _san(siswa_perempuan=None, jamban_laki_baik=1) == "basic"  # blank counts are 0


def test_hygiene_ladder() -> None:
    assert ind.hygiene_level({"sarana_cuci_tangan": 2, "sarana_cuci_tangan_rusak": 1, "air_sabun": "air_dan_sabun"}) == "basic"
    assert ind.hygiene_level({"sarana_cuci_tangan": 2, "sarana_cuci_tangan_rusak": 2, "air_sabun": "air_dan_sabun"}) == "none"
    assert ind.hygiene_level({"sarana_cuci_tangan": 1, "air_sabun": "air_saja"}) == "limited"
    assert ind.hygiene_level({"sarana_cuci_tangan": 1, "air_sabun": "sabun_saja"}) == "none"
    assert ind.hygiene_level({"sarana_cuci_tangan": 0, "air_sabun": "air_dan_sabun"}) == "none"


def test_toilets_to_build_with_the_default_benchmark() -> None:
    ratios = Ratios()
    # SD: 121 boys / 60 -> 3 needed, 1 usable -> 2; 100 girls / 50 -> 2 needed, 2 usable -> 0; no teachers' toilet -> 1
    values = {"siswa_laki": 121, "siswa_perempuan": 100, "jamban_laki_baik": 1, "jamban_perempuan_baik": 2}
    assert ind.toilets_to_build(values, "SD", ratios) == (2, 0, 1)
    # SMP: 81 boys / 40 -> 3; 31 girls / 30 -> 2; shared toilets count for no sex
    values = {"siswa_laki": 81, "siswa_perempuan": 31, "jamban_bersama_baik": 5, "jamban_guru": 2}
    assert ind.toilets_to_build(values, "SMP", ratios) == (3, 2, 0)
    assert ind.toilets_to_build({"siswa_laki": 40, "siswa_perempuan": 0}, "SLB", ratios) == (1, 0, 1)
    # Surplus never gives a negative number.
    assert ind.toilets_to_build({"siswa_laki": 10, "jamban_laki_baik": 4, "jamban_guru": 3}, "MA", ratios) == (0, 0, 0)


def test_toilets_to_build_follow_the_settings() -> None:
    ratios = Ratios(primary_boys=25, primary_girls=20, secondary_boys=30, secondary_girls=25)
    assert ind.toilets_to_build({"siswa_laki": 100, "siswa_perempuan": 100}, "MI", ratios) == (4, 5, 1)
    assert ind.toilets_to_build({"siswa_laki": 100, "siswa_perempuan": 100}, "SMK", ratios) == (4, 4, 1)


def test_phbs_priority_and_ratio() -> None:
    assert ind.phbs_score({"phbs_1": True, "phbs_2": False, "phbs_8": True}) == 2
    assert ind.priority({"water": "basic", "sanitation": "none", "hygiene": "basic"}) == 1
    assert ind.priority({"water": "none", "sanitation": "limited", "hygiene": "none"}) == 1
    assert ind.priority({"water": "none", "sanitation": "basic", "hygiene": "basic"}) == 2
    assert ind.priority({"water": "basic", "sanitation": "basic", "hygiene": "basic"}) == 3
    assert ind.students_per_toilet({"siswa_laki": 90, "jamban_laki_baik": 2, "siswa_perempuan": 5}) == (45.0, None)


COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=400))


@settings(max_examples=200, deadline=None)
@given(
    values=st.fixed_dictionaries({
        "sumber_air_minum": st.sampled_from([c.code for c in WATER_SOURCES] + [None]),
        "air_tersedia": st.sampled_from([True, False, None]),
        "jenis_jamban": st.sampled_from([c.code for c in TOILET_TYPES] + [None]),
        "air_sabun": st.sampled_from([c.code for c in SOAP_WATER] + [None]),
        **dict.fromkeys(("siswa_laki", "siswa_perempuan", "jamban_laki_baik", "jamban_perempuan_baik", "jamban_bersama_baik",
                         "jamban_guru", "sarana_cuci_tangan", "sarana_cuci_tangan_rusak"), COUNT),
        **{key: st.sampled_from([True, False, None]) for key in PHBS_KEYS},
    }),
    jenjang=st.sampled_from(["SD", "MI", "SMP", "MTs", "SMA", "SMK", "MA", "SLB"]),
)
def test_compute_agrees_with_each_rule(values: dict[str, object], jenjang: str) -> None:
    """compute() reads every field once for speed; it must say what the single rules say."""
    ratios = Ratios()
    computed = ind.compute(values, jenjang, ratios)
    levels = {"water": ind.water_level(values), "sanitation": ind.sanitation_level(values),
              "hygiene": ind.hygiene_level(values)}
    assert (computed.water, computed.sanitation, computed.hygiene) == tuple(levels.values())
    assert (computed.build_boys, computed.build_girls, computed.build_teachers) == ind.toilets_to_build(
        values, jenjang, ratios)
    assert computed.phbs == ind.phbs_score(values)
    assert computed.priority == ind.priority(levels)
    assert (computed.no_service, computed.limited) == (list(levels.values()).count("none"),
                                                      list(levels.values()).count("limited"))
