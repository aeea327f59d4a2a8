"""One group of benchmark figures, measured in a process of its own so that its peak memory is its own.

    python -m benchmarks.probe FIGURE '{"db": ..., ...}'

prints a JSON list of figures: ``{"name", "program", "baseline", "peak_mb"}`` (seconds; the
baseline is the raw library doing the same work, measured in the same process, or null).
Used by :mod:`benchmarks.run`; not meant to be called by hand.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def best(function: Callable[[], Any], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs (the least disturbed by the rest of the machine)."""
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


# Rounds of a program and its baseline taken in turn: this shared machine's timings swing by a quarter from
# minute to minute, and more rounds give steadier minima.
ROUNDS = 5


def alternating(baseline: Callable[[], Any], program: Callable[[], Any], rounds: int = ROUNDS) -> tuple[float, float]:
    """The fastest of ``rounds`` runs of each, taken in turn, so that a slow spell of the machine
    touches both sides alike."""
    fastest = [float("inf"), float("inf")]
    for _ in range(rounds):
        for side, function in enumerate((baseline, program)):
            start = time.perf_counter()
            function()
            fastest[side] = min(fastest[side], time.perf_counter() - start)
    return fastest[0], fastest[1]


def peak_mb() -> float | None:
    """The process's peak resident memory so far.

    On Linux from /proc (VmHWM): getrusage's ru_maxrss keeps the high-water mark of the parent
    process this one was forked from, which would charge the runner's own memory to the probe.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def figure(name: str, program: float, baseline: float | None = None) -> dict[str, Any]:
    return {"name": name, "program": program, "baseline": baseline, "peak_mb": peak_mb()}




def _import_rounds(read: Callable[[], Any], source: str, db_path: str, expected: int) -> tuple[float, float]:
    r"""The fastest of ROUNDS imports of ``source`` into an empty database against the fastest of as many ``read``\ s.

    Reads and imports alternate, so that a slow spell of the machine touches both sides alike; the
    last import stays in the database for the figures that follow. Each import must add ``expected``
    surveys and reject none.
    """
    import shutil

    from bakti_desktop.mapping.importer import apply_import, plan_import
    from bakti_desktop.storage.database import open_database

    target = Path(db_path)
    empty = target.with_name(target.name + ".empty")
    shutil.copy(target, empty)
    reads: list[float] = []
    imports: list[float] = []
    for _ in range(ROUNDS):
        reads.append(best(read, repeat=1))
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copy(empty, target)
        db = open_database(target)
        start = time.perf_counter()
        result = apply_import(db, plan_import(db, Path(source)))
        imports.append(time.perf_counter() - start)
        db.close()
        assert result["imported"] == expected and not result["rejected"], result
    empty.unlink()
    return min(imports), min(reads)


def _calamine_read(book: str, sheet: str | None = "Data") -> Callable[[], Any]:
    """The raw read: python-calamine reading the sheet (by name, or the first) into Python values."""
    from python_calamine import CalamineWorkbook

    def read() -> Any:
        workbook = CalamineWorkbook.from_path(book)
        return (workbook.get_sheet_by_name(sheet) if sheet else workbook.get_sheet_by_index(0)).to_python()

    return read


def probe_import(args: dict[str, Any]) -> list[dict[str, Any]]:
    """The workbook import against python-calamine only reading the same file."""
    program, baseline = _import_rounds(_calamine_read(args["book"]), args["book"], args["db"], args["schools"])
    return [figure(f"import of {args['schools']:,} schools vs calamine read", program, baseline)]


def probe_import_csv(args: dict[str, Any]) -> list[dict[str, Any]]:
    """The same rows as a CSV file against the raw read of the workbook (the workbook import's target holds
    for CSV too, issue 20)."""
    program, baseline = _import_rounds(_calamine_read(args["book"]), args["csv"], args["db"], args["schools"])
    return [figure(f"import of {args['schools']:,} schools from CSV vs calamine read of the workbook", program, baseline)]


def probe_import_kobo(args: dict[str, Any]) -> list[dict[str, Any]]:
    """A KoBoToolbox export of the phone form (issue 21: grouped XML headers, the server's columns, n/a)
    against the raw read of that file."""
    program, baseline = _import_rounds(_calamine_read(args["book"], sheet=None), args["book"], args["db"],
                                       args["submissions"])
    return [figure(f"import of a KoBoToolbox export of {args['submissions']:,} submissions vs calamine read",
                   program, baseline)]


def probe_undo(args: dict[str, Any]) -> list[dict[str, Any]]:
    """Undoing an import against the import's write (``apply_import``, the workbook already read and checked).

    Two imports into a copy of the empty database, rounds alternating: a first import (every survey and
    school new, the undo moves them to the trash) and one updating every survey it stored (the undo gives
    them their previous values back).
    """
    import shutil

    from bakti_desktop.mapping.importer import apply_import, plan_import
    from bakti_desktop.mapping.undo import undo_import
    from bakti_desktop.storage.database import open_database

    target = Path(args["db"])
    fresh = target.with_name(target.name + ".undo")
    writes: dict[str, list[float]] = {"new": [], "update": []}
    undos: dict[str, list[float]] = {"new": [], "update": []}
    for _ in range(args.get("rounds", 3)):
        for suffix in ("", "-wal", "-shm"):
            Path(str(fresh) + suffix).unlink(missing_ok=True)
        shutil.copy(target, fresh)
        db = open_database(fresh)
        for kind, book in (("new", args["book"]), ("update", args["changed"])):
            plan = plan_import(db, Path(book))
            start = time.perf_counter()
            batch = apply_import(db, plan)["batch"]
            writes[kind].append(time.perf_counter() - start)
            start = time.perf_counter()
            result = undo_import(db, batch)
            undos[kind].append(time.perf_counter() - start)
            assert not result["conflicts"], result["conflicts"][:3]
            if kind == "new":
                assert result["surveys_trashed"] == args["schools"], result
                apply_import(db, plan)  # stored again, for the update import to change
            else:
                assert result["surveys_restored"] == args["schools"], result
        db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(fresh) + suffix).unlink(missing_ok=True)
    n = args["schools"]
    return [figure(f"undo of a first import of {n:,} rows vs its write", min(undos["new"]), min(writes["new"])),
            figure(f"undo of an import updating {n:,} rows vs its write", min(undos["update"]), min(writes["update"]))]


def probe_import_memory(args: dict[str, Any]) -> list[dict[str, Any]]:
    """Only the import, in a fresh process: its peak memory."""
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from bakti_desktop.storage.database import open_database

    db = open_database(args["db"])
    start = time.perf_counter()
    result = apply_import(db, plan_import(db, Path(args["book"])))
    assert result["imported"] == args["schools"], result
    return [figure(f"import of {args['schools']:,} schools (peak memory)", time.perf_counter() - start)]


def probe_summary(args: dict[str, Any]) -> list[dict[str, Any]]:
    from bakti_desktop.mapping.summary import summary
    from bakti_desktop.storage.database import open_database

    db = open_database(args["db"])
    where = args.get("where", "SQLite")
    n = f"{args['schools']:,}"
    kabupaten = "73.08"
    return [
        figure(f"summary by kabupaten, {n} schools ({where})", best(lambda: summary(db))),
        figure(f"summary by kecamatan, {n} schools ({where})", best(lambda: summary(db, by="kecamatan"))),
        figure(f"dashboard of one kabupaten, {n} schools ({where})",
               best(lambda: (summary(db, by="kecamatan", kabupaten_code=kabupaten, per_kabupaten=False),
                             summary(db, by="jenjang", kabupaten_code=kabupaten, per_kabupaten=False)))),
    ]


def probe_table(args: dict[str, Any]) -> list[dict[str, Any]]:
    from bakti_desktop.mapping import queries
    from bakti_desktop.storage.database import open_database

    db = open_database(args["db"])
    n = f"{args['schools']:,}"
    everything = queries.SurveyFilter()
    gaps = queries.SurveyFilter(kabupaten_code="73.08", level="none", domain="sanitation")
    return [
        figure(f"table first page, {n} schools",
               best(lambda: (queries.count(db, everything), queries.page(db, everything, offset=0, limit=200)))),
        figure(f"table filter (kabupaten, no sanitation), {n} schools",
               best(lambda: (queries.count(db, gaps), queries.page(db, gaps, offset=0, limit=200)))),
        figure(f"table sort by students, {n} schools",
               best(lambda: queries.page(db, everything, sort="students", descending=True, limit=200))),
        figure(f"table page deep in the list (row 150,000 of {n})" if args["schools"] > 150_000 else
               f"table last page, {n} schools",
               best(lambda: queries.page(db, everything, offset=max(0, min(150_000, args["schools"] - 200)),
                                         limit=200))),
    ]


def _survey_cells(db: Any, year: int) -> list[list[Any]]:
    """The cells of the program's survey sheet, as plain values (what the baseline writes)."""
    from bakti_desktop.mapping.export import survey_rows
    from bakti_desktop.mapping.fields import FIELDS

    keys = [f.key for f in FIELDS if f.key != "tahun"]
    out = []
    for row in survey_rows(db, year, None):
        out.append([row.get(k) for k in keys] + [row["year"], row["water_level"], row["sanitation_level"],
                                                 row["hygiene_level"], row["build_boys"], row["build_girls"],
                                                 row["build_teachers"], None, None, row["phbs_score"], row["priority"]])
    return out


def probe_export_xlsx(args: dict[str, Any]) -> list[dict[str, Any]]:
    from openpyxl import Workbook

    from bakti_desktop.mapping.export import export_mapping
    from bakti_desktop.mapping.summary import latest_year
    from bakti_desktop.storage.database import open_database

    db = open_database(args["db"])
    year = latest_year(db)
    cells = _survey_cells(db, year)
    out = Path(args["out"])

    def raw() -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Data")
        for row in cells:
            sheet.append(row)
        workbook.save(out.with_name("raw.xlsx"))

    baseline, program = alternating(raw, lambda: export_mapping(db, out.with_suffix(".xlsx"), year=year))
    return [figure(f"mapping workbook export, {len(cells):,} surveys vs openpyxl write-only", program, baseline)]


def probe_export_pdf(args: dict[str, Any]) -> list[dict[str, Any]]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from bakti_desktop.mapping.export import export_mapping, survey_rows
    from bakti_desktop.mapping.summary import latest_year
    from bakti_desktop.reports.pdf import FONT, register_fonts
    from bakti_desktop.storage.database import open_database

    db = open_database(args["db"])
    year = latest_year(db)
    rows = survey_rows(db, year, None)
    out = Path(args["out"])
    register_fonts()
    font = FONT

    def raw() -> None:
        # The annex table of every school (the bulk of the report's pages), built by ReportLab alone.
        data = [["No", "NPSN", "Sekolah", "Jenjang", "Kecamatan", "Siswa", "Air", "Sanitasi", "Higiene", "PHBS"]]
        for i, s in enumerate(rows, start=1):
            data.append([str(i), s["npsn"], s["nama_sekolah"], s["jenjang"], s["kecamatan_code"],
                         str(s["siswa_laki"] + s["siswa_perempuan"]), s["water_level"], s["sanitation_level"],
                         s["hygiene_level"], f"{s['phbs_score']}/8"])
        table = Table(data, repeatRows=1, colWidths=[0.9 * cm, 1.75 * cm, 3.6 * cm, 1.25 * cm, 2.3 * cm, 1.25 * cm,
                                                    1.6 * cm, 1.6 * cm, 1.6 * cm, 1.15 * cm])
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 7), ("GRID", (0, 0), (-1, -1), 0.25, "grey")]))
        SimpleDocTemplate(str(out.with_name("raw.pdf")), pagesize=A4).build([table])

    baseline = best(raw, repeat=2)
    program = best(lambda: export_mapping(db, out.with_suffix(".pdf"), year=year), repeat=2)
    return [figure(f"mapping PDF report, {len(rows):,} surveys vs ReportLab table alone", program, baseline)]


def probe_sss(args: dict[str, Any]) -> list[dict[str, Any]]:
    from bakti_desktop.sss.export import export_sss
    from bakti_desktop.storage.database import open_database

    db = open_database(args["db"])
    out = Path(args["out"])
    return [
        figure("SSS document (demo, full outline) as PDF", best(lambda: export_sss(db, out.with_suffix(".pdf")), 2)),
        figure("SSS document (demo, full outline) as Word", best(lambda: export_sss(db, out.with_suffix(".docx")), 2)),
    ]


PROBES = {name[len("probe_"):]: function for name, function in globals().items() if name.startswith("probe_")}


def main() -> int:
    name, raw_args = sys.argv[1], json.loads(sys.argv[2])
    from bakti_desktop import regions

    regions.kabupaten_list()  # reference data loaded outside the timings
    print(json.dumps(PROBES[name](raw_args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
