"""Benchmarks of the mapping workspace, each figure beside a baseline measured in the same run.

    python -m benchmarks.run                 # the small size (2,000 schools), as CI's smoke test
    python -m benchmarks.run --schools 20000 --table-schools 200000

Figures:
* import of a survey workbook vs python-calamine only reading the same file (target ≤ 2.5×);
* the district summary (target < 150 ms at 20,000 schools);
* the school table's first page, a filter and a sort (target < 50 ms at 200,000 schools).
Synthetic data are reproducible (fixed seed) and follow the workbook format of the domain brief.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
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
            counts = {k: 0 for k in counts}
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


def timed(function: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_memory(function: Callable[[], Any]) -> float:
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def report(name: str, value: float, baseline: float | None, target: str, ok: bool) -> bool:
    ratio = f"{value / baseline:5.2f}×" if baseline else "     "
    base = f"{baseline * 1000:9.1f} ms" if baseline else " " * 12
    print(f"{name:<46} {value * 1000:9.1f} ms {base} {ratio}  {target:<14} {'ok' if ok else 'OVER'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--table-schools", type=int, default=None, help="schools for the table figures")
    args = parser.parse_args(argv)
    from bakti_desktop.mapping import queries
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from bakti_desktop.mapping.summary import summary
    from bakti_desktop.storage.database import open_database

    regions.kabupaten_list()  # load the reference data once, outside the timings
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "survei.xlsx"
        write_workbook(synthetic_rows(args.schools), book)
        print(f"{'figure':<46} {'program':>12} {'baseline':>12} {'ratio':>6}  {'target':<14}")
        from python_calamine import CalamineWorkbook

        raw, _ = timed(lambda: CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Data").to_python(), repeat=2)
        db = open_database(Path(folder) / "bench.sqlite")
        imported, result = timed(lambda: apply_import(db, plan_import(db, book)))
        assert result["imported"] == args.schools, result
        ok &= report(f"import {args.schools} schools vs calamine read", imported, raw, "≤ 2.5×", imported <= 2.5 * raw)
        took, _ = timed(lambda: summary(db), repeat=3)
        ok &= report(f"summary by kabupaten, {args.schools} schools", took, None, "< 150 ms", took < 0.150)
        took, _ = timed(lambda: summary(db, by="kecamatan"), repeat=3)
        ok &= report(f"summary by kecamatan, {args.schools} schools", took, None, "< 150 ms", took < 0.150)
        table_db = db
        table_schools = args.table_schools or args.schools
        if table_schools != args.schools:
            table_db = open_database(Path(folder) / "table.sqlite")
            _fill_directly(table_db, table_schools)
        first, _ = timed(lambda: (queries.count(table_db, queries.SurveyFilter()),
                                  queries.page(table_db, queries.SurveyFilter(), offset=0, limit=200)), repeat=3)
        ok &= report(f"table first page, {table_schools} schools", first, None, "< 50 ms", first < 0.050)
        f = queries.SurveyFilter(kabupaten_code="73.08", level="none", domain="sanitation")
        took, _ = timed(lambda: (queries.count(table_db, f), queries.page(table_db, f)), repeat=3)
        ok &= report(f"table filter, {table_schools} schools", took, None, "< 50 ms", took < 0.050)
        took, _ = timed(lambda: queries.page(table_db, queries.SurveyFilter(), sort="students", descending=True),
                        repeat=3)
        ok &= report(f"table sort by students, {table_schools} schools", took, None, "< 50 ms", took < 0.050)
        memory = peak_memory(lambda: plan_import(db, book))
        print(f"peak memory of checking the workbook: {memory:.0f} MB (Python allocations)")
    print("all within target" if ok else "SOME FIGURES ARE OVER TARGET")
    return 0


def _fill_directly(db: Any, count: int) -> None:
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


if __name__ == "__main__":
    raise SystemExit(main())
