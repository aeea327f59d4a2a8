"""Building survey workbooks and records for tests."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from bakti_desktop.mapping.fields import BY_KEY


def run_cli(capsys: Any, *args: str) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS`` run in-process, its result as a finished process's (returncode, stdout, stderr).

    Usage errors exit with 2 as in the process. The command closes the databases it opened.
    """
    from bakti_desktop import cli

    capsys.readouterr()  # what was printed before is not the command's
    try:
        code = cli.main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["main.py", *args], code, out, err)


def record(**overrides: Any) -> dict[str, Any]:
    """A valid survey row (raw cells by key): basic service everywhere."""
    base: dict[str, Any] = {
        "npsn": "40301234",
        "nama_sekolah": "SD Negeri 1 Watampone",
        "jenjang": "SD",
        "status": "negeri",
        "kabupaten": "Bone",
        "kecamatan": "Tanete Riattang",
        "desa": "",
        "tanggal_survei": "14/09/2020",
        "siswa_laki": 120,
        "siswa_perempuan": 100,
        "sumber_air_minum": "perpipaan",
        "air_tersedia": "Ya",
        "jenis_jamban": "leher_angsa",
        "jamban_laki_baik": 2,
        "jamban_perempuan_baik": 2,
        "jamban_guru": 1,
        "sarana_cuci_tangan": 3,
        "sarana_cuci_tangan_rusak": 0,
        "air_sabun": "air_dan_sabun",
    }
    base.update(overrides)
    return base


def write_workbook(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    headers: str = "label",
    title_rows: list[list[Any]] | None = None,
    extra_columns: dict[str, list[Any]] | None = None,
    sheet_name: str = "Data",
) -> Path:
    """Write ``rows`` to a workbook whose header uses keys or Indonesian labels."""
    from openpyxl import Workbook

    keys: list[str] = []
    for row in rows:
        for key in row:
            if key not in keys:
                keys.append(key)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    for title in title_rows or []:
        sheet.append(title)
    header = [BY_KEY[k].label if headers == "label" and k in BY_KEY else k for k in keys]
    extra = extra_columns or {}
    sheet.append(header + list(extra))
    for i, row in enumerate(rows):
        sheet.append([row.get(k) for k in keys] + [values[i] for values in extra.values()])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # user text that looks like a formula stays text
    workbook.save(path)
    return path


def index_definitions(db: Any, table: str) -> list[str]:
    """The definitions of ``table``'s indexes as the database stores them (SQLite or PostgreSQL), sorted.

    SQLAlchemy's inspector skips SQLite's expression indexes; the stored definitions show them too.
    """
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(
                "SELECT name || ': ' || coalesce(sql, 'constraint') FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = ?", (table,))
        else:
            rows = conn.exec_driver_sql("SELECT indexdef FROM pg_indexes WHERE tablename = %(t)s", {"t": table})
        return sorted(r[0] for r in rows)
