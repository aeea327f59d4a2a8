"""Crafted workbooks (tests/data/hostile, see its README): refused with one line, or read in bounded memory.

Each file is read in a process of its own whose address space is capped (RLIMIT_AS 600 MB): a reader
that allocated the rectangle up to a far cell would die there, as the window would. Memory growth and
time are measured too (< 200 MB, < 10 s).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bakti_desktop.errors import UserError
from bakti_desktop.spreadsheets import workbook, xlsx_stream

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = ROOT / "tests" / "data" / "hostile"

PROBE = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (600 * 1024 * 1024, 600 * 1024 * 1024))
from pathlib import Path
from bakti_desktop.errors import UserError
from bakti_desktop.spreadsheets import workbook, xlsx_stream
from bakti_desktop.i18n import set_language
set_language("id")
start = time.monotonic()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
path, how = Path(sys.argv[1]), sys.argv[2]
result = {}
try:
    if how == "stream":
        _name, rows = xlsx_stream.iter_rows(path)
        result["rows"] = sum(1 for _ in rows)
    else:
        sheet = workbook.read_rows(path)
        result["rows"] = len(sheet.rows)
        result["columns"] = max((len(r) for r in sheet.rows), default=0)
        result["last"] = sheet.rows[-1][-1] if sheet.rows and sheet.rows[-1] else None
except UserError as error:
    result["refused"] = str(error)
result["seconds"] = time.monotonic() - start
result["grew_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(result))
"""


def _probe(name: str, how: str = "read") -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(HOSTILE / name), how], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]  # a process abort (134) or MemoryError fails here
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["seconds"] < 10, result
    assert result["grew_mb"] < 200, result
    return result


@pytest.mark.parametrize("name, row", [("far_cell_xfd.xlsx", "1.048.576"), ("far_cell_aw.xlsx", "1.048.576"),
                                       ("row_two_billion.xlsx", "2.000.000.000"),
                                       ("cell_outside_its_row.xlsx", "1.048.000"), ("repeated_cells.ods", "1.048.576")])
def test_a_cell_beyond_the_row_limit_is_refused_in_one_line(name: str, row: str) -> None:
    result = _probe(name)
    message = result["refused"]
    assert "\n" not in message and name in message
    assert row in message and "500.000" in message  # the row found and the limit, in Indonesian numbers


def test_a_cell_beyond_the_column_limit_is_refused() -> None:
    message = _probe("far_column_xfd1.xlsx")["refused"]
    assert "XFD" in message and "200" in message and "GR" in message


def test_a_stream_refuses_a_far_row_at_once() -> None:
    result = _probe("row_two_billion.xlsx", "stream")
    assert "2.000.000.000" in result["refused"]
    assert result["seconds"] < 2


def test_a_sparse_sheet_within_the_limits_is_read_as_a_stream() -> None:
    result = _probe("sparse_far_cell.xlsx")
    assert result["rows"] == 400_000 and result["columns"] == 200 and result["last"] == "jauh"


def test_cells_without_references_are_placed_as_calamine_would_and_read_as_a_stream() -> None:
    result = _probe("cells_without_reference.xlsx")
    assert result["rows"] == 300_000 and result["columns"] == 150


def test_a_claimed_dimension_alone_does_not_matter() -> None:
    result = _probe("claims_huge_dimension.xlsx")
    assert result == {**result, "rows": 1, "columns": 2}


def test_an_opendocument_sheet_spanning_too_many_cells_is_refused() -> None:
    message = _probe("repeated_cells_within_limits.ods")["refused"]
    assert "300.000" in message and ".xlsx" in message


def test_limits_are_checked_in_process_too() -> None:
    """The refusals that are harmless should they regress (one row of 16,384 cells), without the subprocess."""
    with pytest.raises(UserError, match="kolom XFD"):
        workbook.read_rows(HOSTILE / "far_column_xfd1.xlsx")
    _name, rows = xlsx_stream.iter_rows(HOSTILE / "far_column_xfd1.xlsx")
    with pytest.raises(UserError, match="kolom XFD"):
        list(rows)


def test_the_command_line_says_one_line_and_exits_1(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "main.py", "--db", str(tmp_path / "x.sqlite"), "import-survey",
                           str(HOSTILE / "far_cell_xfd.xlsx")], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "BAKTI_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "ditolak" in done.stderr and "Traceback" not in done.stderr


def test_regular_expression_helpers() -> None:
    import re

    for n in (0, 7, 9, 19, 20001, 99999, 500000):
        pattern = re.compile(workbook._greater_than(n) + rb"$")
        for m in (0, 1, 8, 9, 10, 19, 20, 20001, 20002, 30000, 99999, 100000, 500000, 500001, 1048576):
            assert bool(pattern.match(str(m).encode())) == (m > n), (n, m)
    for n in (1, 25, 26, 64, 200, 701):
        pattern = re.compile(workbook._columns_beyond(n) + rb"$")
        for m in (1, 2, 26, 27, 64, 65, 200, 201, 701, 702, 16384):
            assert bool(pattern.match(workbook.column_letters(m).encode())) == (m > n), (n, m)
