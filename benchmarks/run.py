"""The benchmark suite: every figure beside a baseline measured in the same run, with peak memory.

    python -m benchmarks.run                       # the small size (2,000 schools): CI's smoke test
    python -m benchmarks.run --schools 20000 --table-schools 200000 --memory-schools 200000 \\
        [--postgres postgresql+psycopg://user@host/db] [--markdown BENCHMARKS.md]

Figures (targets of issues #3, #8 and #18):

* import of a survey workbook vs python-calamine only reading the same file (≤ 2.5×), and of the same rows
  as a CSV file (semicolons, dd/mm/yyyy) against the same read (≤ 2.5×, issue 20), and of the same rows
  as a KoBoToolbox export of the phone form against a read of that export (≤ 2.5×, issue 21);
  as a CSV file (semicolons, dd/mm/yyyy) against the same read (≤ 2.5×, issue 20);
* undo of an import (a first one, one updating every survey) vs the import's write (≤ 2×, issue #20);
* district summary and dashboard queries (≤ 150 ms on SQLite at 20,000; ≤ 1 s on PostgreSQL at 200,000);
* school table: first page, a filter, a sort, a deep page (≤ 50 ms at 200,000);
* start-up to the first painted window vs a bare PySide6 window with four empty tabs (≤ 1.3×),
  and the time until the data are shown;
* start-up of a command that does little (``main.py summary`` of an empty year on the benchmark
  database) vs a bare script that imports SQLAlchemy and runs one query on the same file (≤ 1.5×);
* mapping workbook export vs openpyxl write-only writing the same cells (≤ 2×); mapping PDF vs
  ReportLab building the annex table alone;
* SSS PDF and Word export of the full demo document;
* peak memory of each (its own process); ≤ 400 MB when importing the ``--memory-schools`` workbook.

Every group runs in a fresh process (``benchmarks.probe``); each time is the best of a few runs.
Synthetic data are reproducible (fixed seeds) and follow the workbook format of docs/domain-rules.md §3.6.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STARTUP_RUNS = 5


@dataclass
class Target:
    text: str
    limit: float  # seconds, a ratio or megabytes
    kind: str  # "time", "ratio" or "memory"

    def met(self, figure: dict[str, Any]) -> bool:
        if self.kind == "ratio":
            return figure["program"] <= self.limit * figure["baseline"]
        if self.kind == "memory":
            return figure["peak_mb"] is None or figure["peak_mb"] <= self.limit
        return figure["program"] <= self.limit


def probe(name: str, **args: Any) -> list[dict[str, Any]]:
    result = subprocess.run([sys.executable, "-m", "benchmarks.probe", name, json.dumps(args)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if result.returncode != 0:
        raise SystemExit(f"probe {name} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def startup(data_dir: Path) -> list[dict[str, Any]]:
    """First paint of the program (database in the default place) and of a bare window, interleaved."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "BAKTI_DATA_DIR": str(data_dir), "XDG_CONFIG_HOME": str(data_dir / "config"),
           "BAKTI_STARTUP_PROBE": "1", "PYTHONPATH": str(ROOT)}
    bare_script = data_dir / "bare_window.py"
    bare_script.write_text(BARE_WINDOW)
    painted, ready, bare = [], [], []
    for _ in range(STARTUP_RUNS):
        for target, into in (([sys.executable, str(ROOT / "main.py")], "program"),
                             ([sys.executable, str(bare_script)], "bare")):
            start = time.time()
            result = subprocess.run(target, capture_output=True, text=True, env=env, cwd=data_dir, timeout=300)
            marks = dict(line.split() for line in result.stdout.splitlines() if line.split()[:1] in (["painted"], ["ready"]))
            if "painted" not in marks:
                raise SystemExit(f"start-up probe failed:\n{result.stderr}")
            if into == "bare":
                bare.append(float(marks["painted"]) - start)
            else:
                painted.append(float(marks["painted"]) - start)
                ready.append(float(marks["ready"]) - start)
    return [{"name": "start-up to the first painted window vs bare PySide6 window", "program": min(painted),
             "baseline": min(bare), "peak_mb": None},
            {"name": "start-up until the data are shown", "program": min(ready), "baseline": None, "peak_mb": None}]


def cli_startup(db_path: Path, data_dir: Path) -> list[dict[str, Any]]:
    """A command that does little (the summary of an empty year) vs a bare SQLAlchemy query, whole processes, interleaved."""
    env = {**os.environ, "BAKTI_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    bare_script = data_dir / "bare_query.py"
    bare_script.write_text(BARE_QUERY)
    program, bare = [], []
    for _ in range(STARTUP_RUNS):
        for target, into in (([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "summary", "--year", "1999"],
                              program),
                             ([sys.executable, str(bare_script), str(db_path)], bare)):
            start = time.perf_counter()
            result = subprocess.run(target, capture_output=True, text=True, env=env, cwd=data_dir, timeout=300)
            into.append(time.perf_counter() - start)
            if result.returncode != 0:
                raise SystemExit(f"command start-up probe failed:\n{result.stderr}")
    return [{"name": "CLI start-up: summary of an empty year vs bare SQLAlchemy query", "program": min(program),
             "baseline": min(bare), "peak_mb": None}]


BARE_QUERY = '''
import sys
from sqlalchemy import create_engine, text
engine = create_engine(f"sqlite:///{sys.argv[1]}")
with engine.connect() as conn:
    print(conn.execute(text("SELECT count(*) FROM survey WHERE year = 1999")).scalar())
'''


BARE_WINDOW = '''
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
tabs = QTabWidget()
for name in ("Pemetaan", "SSS", "Twinning", "PKSAI"):
    tabs.addTab(QWidget(), name)
window.setCentralWidget(tabs)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.window() is window:
            print(f"painted {time.time():.6f}", flush=True)
            app.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False
probe = FirstPaint()
app.installEventFilter(probe)
window.resize(1280, 800)
window.show()
app.exec()
'''


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f", {int(total.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    import sqlite3

    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=2000, help="schools for import, summary, exports, start-up")
    parser.add_argument("--table-schools", type=int, default=None, help="schools for the table figures")
    parser.add_argument("--memory-schools", type=int, default=None, help="schools for the import memory figure")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database for the server figures")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown (BENCHMARKS.md)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from benchmarks.data import fill_directly, synthetic_rows, write_csv, write_workbook
    from benchmarks.phone_export import write_export
    from bakti_desktop.storage.database import open_database

    n, table_n = args.schools, args.table_schools or args.schools
    rows: list[tuple[dict[str, Any], Target | None]] = []

    def add(figures: list[dict[str, Any]], target: Target | None) -> None:
        for f in figures:
            rows.append((f, target))
            show(f, target)

    print(f"{'figure':<64} {'program':>10} {'baseline':>10} {'ratio':>6} {'peak MB':>8}  target")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        book = work / "survei.xlsx"
        write_workbook(synthetic_rows(n), book)
        db_path = work / "bench.sqlite"
        open_database(db_path).close()
        empty_db = work / "empty.sqlite"
        shutil.copy(db_path, empty_db)
        add(probe("import", book=str(book), db=str(db_path), schools=n), Target("≤ 2.5×", 2.5, "ratio"))
        csv_book = work / "survei.csv"
        write_csv(synthetic_rows(n), csv_book)
        csv_db = work / "bench-csv.sqlite"
        open_database(csv_db).close()
        add(probe("import_csv", book=str(book), csv=str(csv_book), db=str(csv_db), schools=n),
            Target("≤ 2.5×", 2.5, "ratio"))
        kobo_book = work / "kobo.xlsx"
        write_export(synthetic_rows(n), kobo_book, "kobo")
        kobo_db = work / "bench-kobo.sqlite"
        open_database(kobo_db).close()
        add(probe("import_kobo", book=str(kobo_book), db=str(kobo_db), submissions=n),
            Target("≤ 2.5×", 2.5, "ratio"))
        changed = work / "survei-diubah.xlsx"
        write_workbook([{**row, "jamban_guru": row["jamban_guru"] + 1} for row in synthetic_rows(n)], changed)
        add(probe("undo", book=str(book), changed=str(changed), db=str(empty_db), schools=n),
            Target("≤ 2×", 2.0, "ratio"))
        add(probe("summary", db=str(db_path), schools=n), Target("≤ 150 ms", 0.150, "time"))
        add(probe("export_xlsx", db=str(db_path), out=str(work / "laporan.xlsx")), Target("≤ 2×", 2.0, "ratio"))
        add(probe("export_pdf", db=str(db_path), out=str(work / "laporan.pdf")), None)

        table_path = db_path
        if table_n != n:
            table_path = work / "table.sqlite"
            db = open_database(table_path)
            fill_directly(db, table_n)
            db.close()
        table_figures = probe("table", db=str(table_path), schools=table_n)
        add(table_figures[:3], Target("≤ 50 ms", 0.050, "time"))
        add(table_figures[3:], None)  # scrolling far down: OFFSET paging, no target

        demo_path = work / "demo.sqlite"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(demo_path), "demo"], check=True,
                       capture_output=True, env={**os.environ, "BAKTI_DATA_DIR": str(work)})
        add(probe("sss", db=str(demo_path), out=str(work / "sss.pdf")), None)

        start_dir = work / "start"
        start_dir.mkdir()
        shutil.copy(db_path, start_dir / "bakti.sqlite")
        (start_dir / "config" / "BaKTI").mkdir(parents=True)
        (start_dir / "config" / "BaKTI" / "bakti-desktop.conf").write_text("[firstRun]\ndone=true\n\n[user]\nname=Benchmark\n")
        figures = startup(start_dir)
        add(figures[:1], Target("≤ 1.3×", 1.3, "ratio"))
        add(figures[1:], None)
        cli_dir = work / "cli"
        cli_dir.mkdir()
        add(cli_startup(db_path, cli_dir), Target("≤ 1.5×", 1.5, "ratio"))

        if args.memory_schools:
            big = work / "besar.xlsx"
            write_workbook(synthetic_rows(args.memory_schools, seed=3), big)
            big_db = work / "big.sqlite"
            open_database(big_db).close()
            add(probe("import_memory", book=str(big), db=str(big_db), schools=args.memory_schools),
                Target("≤ 400 MB", 400, "memory"))

        if args.postgres:
            server = open_database(args.postgres)
            fill_directly(server, table_n)
            server.close()
            add(probe("summary", db=args.postgres, schools=table_n, where="PostgreSQL"), Target("≤ 1 s", 1.0, "time"))

    over = [f["name"] for f, t in rows if t is not None and not t.met(f)]
    print("all within target" if not over else f"OVER TARGET: {'; '.join(over)}")
    if args.markdown:
        write_markdown(Path(args.markdown), rows, args)
    return 0


def _ratio(f: dict[str, Any]) -> str:
    return f"{f['program'] / f['baseline']:.2f}×" if f["baseline"] else ""


def show(f: dict[str, Any], target: Target | None) -> None:
    base = f"{f['baseline'] * 1000:8.1f}ms" if f["baseline"] else " " * 10
    peak = f"{f['peak_mb']:8.0f}" if f["peak_mb"] else " " * 8
    verdict = "" if target is None else f"{target.text} {'ok' if target.met(f) else 'OVER'}"
    print(f"{f['name']:<64} {f['program'] * 1000:8.1f}ms {base} {_ratio(f):>6} {peak}  {verdict}", flush=True)


def write_markdown(path: Path, rows: list[tuple[dict[str, Any], Target | None]], args: argparse.Namespace) -> None:
    command = "python -m benchmarks.run " + " ".join(sys.argv[1:])
    lines = ["| Figure | Program | Baseline | Ratio | Peak memory | Target | Met |",
             "|---|---:|---:|---:|---:|---|---|"]
    for f, target in rows:
        base = f"{f['baseline'] * 1000:.1f} ms" if f["baseline"] else ""
        peak = f"{f['peak_mb']:.0f} MB" if f["peak_mb"] else ""
        met = "" if target is None else ("yes" if target.met(f) else "**no**")
        lines.append(f"| {f['name']} | {f['program'] * 1000:.1f} ms | {base} | {_ratio(f)} | {peak} | "
                     f"{target.text if target else ''} | {met} |")
    table = "\n".join(lines)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = "<!-- results -->"
    block = (f"{marker}\nMeasured on {date.today():%d %B %Y} with `{command}` on {machine()}.\n\n{table}\n"
             f"<!-- end of results -->")
    if marker in text and "<!-- end of results -->" in text:
        head, rest = text.split(marker, 1)
        text = head + block + rest.split("<!-- end of results -->", 1)[1]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
