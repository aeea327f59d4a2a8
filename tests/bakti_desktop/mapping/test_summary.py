"""District figures agree with the rules, worked out by hand for a small district."""

from __future__ import annotations

from pathlib import Path

from bakti_desktop.mapping import service
from bakti_desktop.mapping.fields import Ratios
from bakti_desktop.mapping.importer import apply_import, plan_import
from bakti_desktop.mapping.summary import contract_view, summary
from tests.helpers import record, write_workbook

ROWS = [
    # Bone / Tanete Riattang, SD: basic water, basic sanitation, basic hygiene; build boys ceil(120/60)-2=0,
    # girls ceil(100/50)-2=0, teachers 0
    record(npsn="40300001"),
    # Bone / Tanete Riattang, SMP: limited water, limited sanitation (shared only), limited hygiene;
    # build boys ceil(81/40)=3, girls ceil(61/30)=3, teachers 1
    record(npsn="40300002", jenjang="SMP", air_tersedia="Tidak", jamban_laki_baik=0, jamban_perempuan_baik=0,
           jamban_bersama_baik=2, jamban_guru=0, air_sabun="air_saja", siswa_laki=81, siswa_perempuan=61),
    # Bone / Kahu, SD: no service anywhere; boys ceil(30/60)=1, girls ceil(20/50)=1, teachers 1
    record(npsn="40300003", kecamatan="Kahu", sumber_air_minum="bawa_dari_rumah", jenis_jamban="tidak_ada",
           jamban_laki_baik=0, jamban_perempuan_baik=0, jamban_guru=0, sarana_cuci_tangan=0,
           siswa_laki=30, siswa_perempuan=20),
    # Maros, SD, 2019 only: not in the 2020 figures
    record(npsn="40300004", kabupaten="Maros", kecamatan="Turikale", tanggal_survei="01/08/2019"),
    # Maros, SD, 2020: basic water, limited sanitation (no girls' toilet), no hygiene (soap only)
    record(npsn="40300005", kabupaten="Maros", kecamatan="Turikale", jamban_perempuan_baik=0,
           jamban_bersama_baik=1, air_sabun="sabun_saja"),
]


def _load(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    apply_import(db, plan_import(db, write_workbook(tmp_path / "s.xlsx", ROWS)))


def test_by_kabupaten_latest_year(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _load(db, tmp_path)
    result = contract_view(summary(db))
    assert result["year"] == 2020
    bone, maros = result["groups"]
    assert bone == {
        "kabupaten_code": "73.08",
        "kabupaten": "Kabupaten Bone",
        "schools": 3,
        "water": {"basic": 1, "limited": 1, "none": 1},
        "sanitation": {"basic": 1, "limited": 1, "none": 1},
        "hygiene": {"basic": 1, "limited": 1, "none": 1},
        "toilets_to_build": {"boys": 4, "girls": 4, "teachers": 2},
    }
    assert maros["schools"] == 1
    assert maros["water"] == {"basic": 1, "limited": 0, "none": 0}
    assert maros["sanitation"] == {"basic": 0, "limited": 1, "none": 0}
    assert maros["hygiene"] == {"basic": 0, "limited": 0, "none": 1}
    # boys ceil(120/60)-2 = 0, girls ceil(100/50)-0 = 2, teachers 0
    assert maros["toilets_to_build"] == {"boys": 0, "girls": 2, "teachers": 0}


def test_other_year_and_groupings(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _load(db, tmp_path)
    y2019 = summary(db, year=2019)
    assert [(g["kabupaten_code"], g["schools"]) for g in y2019["groups"]] == [("73.09", 1)]
    by_kec = summary(db, by="kecamatan", kabupaten_code="73.08")["groups"]
    assert [(g["kecamatan"], g["schools"]) for g in by_kec] == [("Kahu", 1), ("Tanete Riattang", 2)]
    by_level = summary(db, by="jenjang", kabupaten_code="73.08")["groups"]
    assert [(g["jenjang"], g["schools"]) for g in by_level] == [("SD", 2), ("SMP", 1)]
    assert by_level[0]["no_service_all"] == 1


def test_changing_the_benchmark_recomputes(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _load(db, tmp_path)
    service.set_ratios(db, Ratios(primary_boys=30, primary_girls=25, secondary_boys=40, secondary_girls=30))
    bone = summary(db)["groups"][0]
    # SD 40300001: ceil(120/30)-2=2, ceil(100/25)-2=2; SMP unchanged 3/3; SD Kahu ceil(30/30)=1, ceil(20/25)=1
    assert bone["toilets_to_build"] == {"boys": 6, "girls": 6, "teachers": 2}
    assert service.get_ratios(db).primary_boys == 30


def test_empty_database(db) -> None:  # type: ignore[no-untyped-def]
    assert summary(db) == {"year": None, "groups": []}


def test_levels_across_the_province(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _load(db, tmp_path)
    groups = summary(db, by="jenjang", per_kabupaten=False)["groups"]
    assert [(g["jenjang"], g["schools"]) for g in groups] == [("SD", 3), ("SMP", 1)]
    assert "kabupaten_code" not in groups[0]
    sd = groups[0]
    assert sd["water"] == {"basic": 2, "limited": 0, "none": 1}
