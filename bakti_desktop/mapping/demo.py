"""Demonstration surveys for the districts of the seed report.

Bone, Bulukumba, Maros, Jeneponto and Pangkep (Pangkajene dan Kepulauan),
two survey rounds (2019 and 2020), generated from a fixed seed so that every
run gives the same schools and numbers. The rows go through the same
checks as the form and a workbook, and are stored by the one writer of surveys.

True to the report: Bone surveyed SD, MI and SMP, Bulukumba SD and MI; the
sanitarians visited the schools before the districts discussed their SSS
drafts (Bone 17–18, Bulukumba 24–25 September 2020), so every survey of a
round is dated between 20 July and ``LAST_SURVEY_DAY`` (14 September); and
every row passes the rules of docs/domain-rules.md §3.5 without a warning.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from bakti_desktop import regions
from bakti_desktop.mapping.rows import SurveyRow
from bakti_desktop.mapping.validation import validate
from bakti_desktop.mapping.writer import write_surveys
from bakti_desktop.storage.database import Database

DISTRICTS = {
    "73.08": (-4.54, 120.33),  # Bone
    "73.02": (-5.42, 120.20),  # Bulukumba
    "73.09": (-5.00, 119.62),  # Maros
    "73.04": (-5.63, 119.73),  # Jeneponto
    "73.10": (-4.80, 119.58),  # Pangkep
}
SCHOOLS_PER_DISTRICT = 36
YEARS = (2019, 2020)
SANITARIANS = (
    "Andi Nurhayati", "Muhammad Arifin", "Sitti Rahmawati", "Hasanuddin", "Nurul Fadhilah",
    "Rusdi Amir", "Hj. Darmawati", "Syamsul Bahri", "Irma Suryani", "Abdul Rahman",
)
LEVEL_WEIGHTS = (("SD", 55), ("MI", 10), ("SMP", 18), ("MTs", 7), ("SMA", 5), ("MA", 2), ("SMK", 2), ("SLB", 1))
# The levels the report surveyed where it says so (Bone: SD/MI/SMP; Bulukumba: SD/MI); the other districts
# keep the general mix.
LEVELS_SURVEYED = {
    "73.08": (("SD", 60), ("MI", 12), ("SMP", 28)),  # Bone
    "73.02": (("SD", 85), ("MI", 15)),  # Bulukumba
}
FIRST_SURVEY_DAY = (7, 20)  # (month, day) of each round's first visit
LAST_SURVEY_DAY = (9, 14)  # before Bone's discussion of 17–18 September (and Bulukumba's of 24–25)


def _school_name(rng: random.Random, jenjang: str, number: int, kecamatan: str) -> tuple[str, str]:
    if jenjang in ("MI", "MTs", "MA"):
        return f"{jenjang} {rng.choice(('DDI', 'Muhammadiyah', 'As’adiyah', 'Al-Ikhlas'))} {kecamatan}", "swasta"
    if jenjang == "SLB":
        return f"SLB Negeri {kecamatan}", "negeri"
    if jenjang == "SD" and rng.random() < 0.3:
        return f"SD Inpres {number} {kecamatan}", "negeri"
    status = "swasta" if rng.random() < 0.12 else "negeri"
    return f"{jenjang} {'Negeri' if status == 'negeri' else 'Swasta'} {number} {kecamatan}", status


def demo_records() -> list[dict[str, Any]]:
    """Raw survey rows (as in a workbook) for both rounds."""
    rng = random.Random(20201)
    records: list[dict[str, Any]] = []
    npsn = 40300100
    for kab_code, (lat, lon) in DISTRICTS.items():
        levels, weights = zip(*LEVELS_SURVEYED.get(kab_code, LEVEL_WEIGHTS))
        kecamatan = regions.children(kab_code)[:9]
        for i in range(SCHOOLS_PER_DISTRICT):
            kec = kecamatan[i % len(kecamatan)]
            desa = rng.choice(regions.children(kec.code))
            jenjang = rng.choices(levels, weights)[0]
            npsn += rng.randint(1, 40)
            name, status = _school_name(rng, jenjang, i // len(kecamatan) + 1, kec.name)
            size = {"SD": 160, "MI": 120, "SLB": 40}.get(jenjang, 320)
            boys = max(0, int(rng.gauss(size / 2, size / 6)))
            girls = max(0, int(rng.gauss(size / 2, size / 6)))
            school = {
                "npsn": str(npsn), "nama_sekolah": name, "jenjang": jenjang, "status": status,
                "kabupaten": kab_code, "kecamatan": kec.code, "desa": desa.code,
                "puskesmas": f"Puskesmas {kec.name}",
                "lintang": round(lat + rng.uniform(-0.15, 0.15), 5), "bujur": round(lon + rng.uniform(-0.15, 0.15), 5),
            }
            quality = rng.random()
            for round_no, year in enumerate(YEARS):
                quality = min(1.0, quality + (0.12 if round_no else 0))
                records.append({**school, **_survey(rng, year, quality, boys + round_no * 3, girls + round_no * 2)})
    return records


def _survey(rng: random.Random, year: int, quality: float, boys: int, girls: int) -> dict[str, Any]:
    good = quality > 0.35
    source = rng.choice(("perpipaan", "sumur_bor", "sumur_terlindungi", "air_kemasan", "air_hujan")) if good else rng.choice(
        ("sumur_tidak_terlindungi", "air_permukaan", "bawa_dari_rumah", "tidak_ada", "mata_air_terlindungi")
    )
    toilet = rng.choice(("leher_angsa", "leher_angsa", "cubluk_dengan_slab")) if quality > 0.2 else rng.choice(
        ("cubluk_tanpa_slab", "jamban_gantung", "tidak_ada")
    )
    counts = dict.fromkeys(("jamban_laki_baik", "jamban_laki_rusak", "jamban_perempuan_baik", "jamban_perempuan_rusak",
                            "jamban_bersama_baik", "jamban_bersama_rusak"), 0)
    if toilet != "tidak_ada":
        if quality > 0.55:
            counts["jamban_laki_baik"] = rng.randint(1, 3)
            counts["jamban_perempuan_baik"] = rng.randint(1, 3)
        else:
            counts["jamban_bersama_baik"] = rng.randint(0, 2)
        counts["jamban_laki_rusak"] = rng.randint(0, 1)
        counts["jamban_bersama_rusak"] = rng.randint(0, 1)
        if sum(counts.values()) == 0:
            counts["jamban_bersama_rusak"] = 1
    facilities = rng.randint(0, 4) if quality > 0.25 else rng.randint(0, 1)
    broken_facilities = rng.randint(0, facilities) if facilities else 0
    soap = "air_dan_sabun" if quality > 0.6 else rng.choice(("air_saja", "sabun_saja", "tidak_ada"))
    if facilities - broken_facilities < 1:  # §3.5: no working facility, so no water or soap at one
        soap = "tidak_ada"
    first, last = date(year, *FIRST_SURVEY_DAY), date(year, *LAST_SURVEY_DAY)
    when = first + timedelta(days=rng.randint(0, (last - first).days))

    def yn(p: float) -> str:
        return "Ya" if rng.random() < p else "Tidak"

    record = {
        "tanggal_survei": when.strftime("%d/%m/%Y"),
        "enumerator": rng.choice(SANITARIANS),
        "siswa_laki": boys, "siswa_perempuan": girls, "siswa_disabilitas": rng.choice((0, 0, 0, 1, 2)),
        "sumber_air_minum": source,
        "air_tersedia": "" if source == "tidak_ada" else yn(0.55 + quality / 2),
        "jenis_jamban": toilet, **counts,
        "jamban_guru": rng.choice((0, 1, 1, 2)),
        "jamban_difabel": yn(0.15),
        "sarana_cuci_tangan": facilities,
        "sarana_cuci_tangan_rusak": broken_facilities,
        "air_sabun": soap,
        "mkm_tempat_sampah": yn(0.3), "mkm_pembalut": rng.choice(("tidak", "beli", "gratis")), "mkm_edukasi": yn(0.35),
        "air_limbah": rng.choice(("septik_ipal", "saluran_sungai")),
        "kuras_septik": yn(0.2), "anggaran_sanitasi": yn(0.5),
        "anggaran_rp": rng.choice((0, 500_000, 1_000_000, 2_500_000)),
        "piket_kebersihan": yn(0.8), "siswa_terlibat": yn(0.6), "uks_aktif": yn(0.5),
    }
    if record["anggaran_sanitasi"] == "Tidak":  # §1.6: no budget in the school plan, no amount
        record["anggaran_rp"] = 0
    for i in range(1, 9):
        record[f"phbs_{i}"] = yn(0.3 + quality * 0.6)
    return record


def load(db: Database) -> dict[str, Any]:
    """Add (or refresh) the demo surveys; running it twice changes nothing. Returns the surveys
    imported (added), updated and unchanged."""
    rows = []
    for record in demo_records():
        values, problems = validate(record)
        if problems:  # the generator is ours: a refused record is a bug
            raise AssertionError(problems[0])
        rows.append(SurveyRow.of(values))
    with db.engine.begin() as conn:
        done = write_surveys(conn, rows, note="demo")
    return {"imported": done.added, "updated": done.updated, "unchanged": done.unchanged}
