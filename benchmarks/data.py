"""Synthetic, reproducible survey data in the workbook format of docs/domain-rules.md §3.6."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

from bakti_desktop import regions
from bakti_desktop.mapping.fields import FIELDS, IMPROVED_TOILETS, TOILET_TYPES, WATER_SOURCES

SOURCES = [c.code for c in WATER_SOURCES]
TOILETS = [c.code for c in TOILET_TYPES]
LEVELS = ["SD", "SD", "SD", "MI", "SMP", "MTs", "SMA", "SMK"]


def synthetic_rows(count: int, seed: int = 8) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    kabupaten = regions.kabupaten_list()
    kecamatan = {k.code: regions.children(k.code) for k in kabupaten}
    rows = []
    for i in range(count):
        kab = kabupaten[i % len(kabupaten)]
        kec = rng.choice(kecamatan[kab.code])
        toilet = rng.choice(TOILETS)
        counts = {"jamban_laki_baik": rng.randint(0, 3), "jamban_perempuan_baik": rng.randint(0, 3),
                  "jamban_bersama_baik": rng.randint(0, 2)}
        if toilet == "tidak_ada":
            counts = dict.fromkeys(counts, 0)
        elif toilet in IMPROVED_TOILETS and sum(counts.values()) == 0:
            counts["jamban_bersama_baik"] = 1
        source = rng.choice(SOURCES)
        facilities = rng.randint(0, 4)
        rows.append({
            "npsn": f"{50000000 + i}", "nama_sekolah": f"Sekolah Uji {i}", "jenjang": rng.choice(LEVELS),
            "status": "negeri", "kabupaten": kab.name, "kecamatan": kec.name, "puskesmas": f"Puskesmas {kec.name}",
            "tanggal_survei": date(2024, 8, 1 + i % 28), "enumerator": "Sanitarian",
            "siswa_laki": rng.randint(20, 400), "siswa_perempuan": rng.randint(20, 400),
            "sumber_air_minum": source, "air_tersedia": None if source == "tidak_ada" else rng.choice(("Ya", "Tidak")),
            "jenis_jamban": toilet, **counts, "jamban_guru": rng.randint(0, 2), "sarana_cuci_tangan": facilities,
            "sarana_cuci_tangan_rusak": rng.randint(0, facilities),
            "air_sabun": rng.choice(("air_dan_sabun", "air_saja", "sabun_saja", "tidak_ada")),
            **{f"phbs_{n}": rng.choice(("Ya", "Tidak")) for n in range(1, 9)},
        })
    return rows


def write_workbook(rows: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append([f.label for f in FIELDS])
    for row in rows:
        sheet.append([row.get(f.key) for f in FIELDS])
    workbook.save(path)


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    """The rows as an Indonesian Excel saves them as CSV: ";" between cells, dates dd/mm/yyyy, decimal commas."""
    import csv
    from datetime import date

    def shown(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float):
            return str(value).replace(".", ",")
        if isinstance(value, bool):
            return "Ya" if value else "Tidak"
        return str(value)

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([f.label for f in FIELDS])
        for row in rows:
            writer.writerow([shown(row.get(f.key)) for f in FIELDS])


def fill_directly(db: Any, count: int) -> None:
    """Many schools quickly: the rows are checked and computed as in an import, then written in bulk."""
    from bakti_desktop.mapping.importer import ImportPlan, apply_import, check_records

    step = 20_000
    for start in range(0, count, step):
        rows = synthetic_rows(min(step, count - start), seed=start)
        for i, row in enumerate(rows):
            row["npsn"] = f"{60000000 + start + i}"
        plan = ImportPlan(path=Path("bench"), sheet="bench", header_row=1, header=[])
        check_records(db, plan, [(i + 2, r, []) for i, r in enumerate(rows)])
        apply_import(db, plan)
