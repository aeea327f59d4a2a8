"""Crafted workbooks (tests/data/hostile, see its README): refused with one line, or read in bounded memory.

Each file is read in a process of its own whose address space is capped (RLIMIT_AS 600 MB): a reader
that allocated the rectangle up to a far cell would die there, as the window would. Memory growth and
time are measured too (< 200 MB, < 10 s).
"""

from __future__ import annotations

import json
import os
import struct
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
                                       ("cell_outside_its_row.xlsx", "1.048.000"),
                                       ("row_leading_zeros.xlsx", "100.000.000"), ("repeated_cells.ods", "1.048.576")])
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


@pytest.mark.parametrize("name, characters", [
    ("one_string_many_cells.xlsx", "196.602.016"),  # calamine: 400 MB from 22 KB
    ("long_text_repeated.ods", "6.000.000.000"),  # calamine: 11 GB
    ("many_spaces.ods", "100.000.001"),  # one cell of <text:s text:c="100000000"/>
])
def test_text_copied_into_many_cells_is_refused_before_reading(name: str, characters: str) -> None:
    """Each cell gets its own copy of a shared string or of a repeated cell's text (in calamine and again in
    Python): the characters the cells would hold are counted from the XML, exactly as calamine makes them."""
    message = _probe(name)["refused"]
    assert "\n" not in message and name in message
    assert characters in message and "40.000.000" in message


def test_the_text_is_counted_as_calamine_makes_it(tmp_path: Path) -> None:
    """The count equals the text python-calamine hands over, for shared strings written in the usual way, in
    unusual ways (the sheet is then parsed), rich text, inline strings and an ordinary survey workbook."""
    import zipfile

    from python_calamine import CalamineWorkbook

    from tests.data.hostile import make_workbooks as make

    rich = ('<si><r><rPr><b/><sz val="11"/></rPr><t>tebal</t></r><r><t xml:space="preserve"> biasa</t></r>'
            '<rPh sb="0" eb="1"><t>x</t></rPh></si>')
    cells = ('<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="s" s="1"><v>1</v></c>'
             '<c r="C1" t="inlineStr"><is><t>sebaris</t></is></c><c r="D1"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>')
    ways = {
        "usual": cells,
        "quoted": cells.replace('t="s"', "t='s'"),
        "spaced": cells.replace('t="s"', 't = "s"'),
        "formula": cells.replace('t="s"><v>', 't="s"><f>A1</f><v>'),
    }
    shared = make.shared_strings(["NPSN", "Nama Sekolah", "x" * 99, "-"]).replace("<si><t>-</t></si>", rich)
    paths = [make.xlsx(f"{way}.xlsx", make.sheet(rows), shared, folder=tmp_path) for way, rows in ways.items()]
    for path in [*paths, HOSTILE / "survey_libreoffice.xlsx"]:
        values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()
        expected = sum(len(v) for row in values for v in row if isinstance(v, str))
        with zipfile.ZipFile(path) as archive:
            exact = workbook._shared_lengths(archive, exact=True)
            assert workbook._sheet_text(archive, "xl/worksheets/sheet1.xml", exact, None, exact=True) == expected, \
                path.name
            quick = workbook._shared_lengths(archive)
            assert workbook._sheet_text(archive, "xl/worksheets/sheet1.xml", quick, None) >= expected


def test_a_workbook_just_within_the_text_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit is on the text, not the cells: at the limit the sheet is read, one character more is refused."""
    from tests.data.hostile import make_workbooks as make

    monkeypatch.setattr(workbook, "MAX_TEXT", 4 + 12 + 2 * 3000 * 100)
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>2</v></c><c r="B{r}" t="s"><v>2</v></c></row>'
                   for r in range(2, 3002))
    sheet = make.sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' + rows)
    path = make.xlsx("pas.xlsx", sheet, ["NPSN", "Nama Sekolah", "y" * 100], folder=tmp_path)
    assert len(workbook.read_rows(path).rows) == 3001
    monkeypatch.setattr(workbook, "MAX_TEXT", 4 + 12 + 2 * 3000 * 100 - 1)
    with pytest.raises(UserError, match="600.016"):
        workbook.read_rows(path)


def test_limits_are_checked_in_process_too() -> None:
    """The refusals that are harmless should they regress (one row of 16,384 cells), without the subprocess."""
    with pytest.raises(UserError, match="kolom XFD"):
        workbook.read_rows(HOSTILE / "far_column_xfd1.xlsx")
    _name, rows = xlsx_stream.iter_rows(HOSTILE / "far_column_xfd1.xlsx")
    with pytest.raises(UserError, match="kolom XFD"):
        list(rows)


@pytest.mark.parametrize("name", ["far_cell_xfd.xlsx", "far_cell_iv65536.xls"])
def test_the_command_line_says_one_line_and_exits_1(tmp_path: Path, name: str) -> None:
    done = subprocess.run([sys.executable, "main.py", "--db", str(tmp_path / "x.sqlite"), "import-survey",
                           str(HOSTILE / name)], capture_output=True, text=True, timeout=120, cwd=ROOT,
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


# ---------------------------------------------------------------- the old .xls (BIFF8 in an OLE2 compound file)


@pytest.mark.parametrize("name, expected", [
    ("far_cell_iv65536.xls", ["kolom IV", "200", "GR"]),  # calamine asked for 540 MB and aborted
    ("far_mulrk.xls", ["kolom IQ"]),  # the last cell of a run of integers
    ("far_column_xls.xls", ["kolom CRXP"]),  # past what BIFF8 allows; calamine places it all the same
    ("far_cell_eu65536.xls", ["65.536", "151", ".xlsx"]),  # within 200 columns, 9.9 million cells
    ("claims_huge_dimension.xls", ["1.099.511.627.520"]),  # calamine reserves what DIMENSIONS claims
])
def test_an_xls_sheet_beyond_the_limits_is_refused_in_one_line(name: str, expected: list[str]) -> None:
    message = _probe(name)["refused"]
    assert "\n" not in message and name in message and '"Data"' in message  # the sheet is named
    for part in expected:
        assert part in message, message


@pytest.mark.parametrize("name", ["looping_sectors.xls", "merged_cells_overrun.xls"])
def test_an_xls_calamine_cannot_read_safely_is_refused_as_damaged(name: str) -> None:
    """A sector chain that loops (calamine would read 4 GB), merged cells beyond their record (calamine panics)."""
    message = _probe(name)["refused"]
    assert "\n" not in message and message.startswith(name)  # "<name> is not an Excel workbook or is damaged."


def test_a_long_narrow_xls_within_the_limits_is_read() -> None:
    """A cell in the last row an .xls has, in column A, and a run of integers to column L: read as it is."""
    result = _probe("long_narrow.xls")
    assert result["rows"] == 65536 and result["columns"] == 12  # the last row holds the number, in column A


def _wide_xls(path: Path, rows: int, columns: int) -> Path:
    from tests.data.hostile import make_workbooks as make

    cells = b"".join(make.number(r, c, r * 1000 + c) for r in range(rows) for c in range(columns))
    path.write_bytes(make.xls_bytes(cells, make.XLS_STRINGS))
    return path


def test_a_wide_xls_is_measured_exactly_and_read(tmp_path: Path) -> None:
    """Wider than the runs the fast walk passes over (61 columns): every record is looked at, and a sheet
    within the limits is read as before; one a row further down than 4,000,000 cells allow is refused."""
    from bakti_desktop.spreadsheets import xls_extent

    path = _wide_xls(tmp_path / "lebar.xls", 30, 120)
    assert [(e.rows, e.columns) for e in xls_extent.extents(path)] == [(30, 120)]
    rows = workbook.read_rows(path).rows
    assert len(rows) == 30 and len(rows[0]) == 120 and rows[29][119] == 29119
    from tests.data.hostile import make_workbooks as make

    far = make.xls_bytes(make.number(0, 119, 1.0) + make.number(40000, 0, 2.0), make.XLS_STRINGS)
    (tmp_path / "jauh.xls").write_bytes(far)  # 40,001 rows × 120 columns: 4.8 million cells
    with pytest.raises(UserError, match="40.001 baris × 120 kolom"):
        workbook.read_rows(tmp_path / "jauh.xls")


def test_a_panic_inside_calamine_is_one_sentence(tmp_path: Path) -> None:
    """calamine panics on some damaged records (here a CODEPAGE record without its value); pyo3 raises that
    as a PanicException, which is no Exception: it must not escape as a traceback."""
    from tests.data.hostile import make_workbooks as make

    stream = make.workbook_stream([("Data", make.XLS_HEADER, None)], make.XLS_STRINGS,
                                  globals_extra=make.record(0x0042))
    path = tmp_path / "rusak.xls"
    path.write_bytes(make.ole2(stream))
    with pytest.raises(UserError, match="rusak.xls"):
        workbook.read_rows(path)


def test_the_xls_check_keeps_up_with_a_65000_row_workbook(tmp_path: Path) -> None:
    """A real-sized .xls (65,000 rows × 49 columns, 40 MB, written as LibreOffice writes it: shared strings and
    runs of integers) is checked in less time than python-calamine takes to read it (0.4 s against 1.2 s on a
    busy two-core machine)."""
    import time

    import numpy as np
    from python_calamine import CalamineWorkbook

    from bakti_desktop.spreadsheets import xls_extent
    from tests.data.hostile import make_workbooks as make

    row = b"".join(make.label_sst(0, c, 2) + make.mulrk(0, c + 1, [c, c + 1]) for c in range(0, 48, 3))
    row = make.record(0x0208, bytes(16)) + row + make.label_sst(0, 48, 2)
    offsets = [i + 4 for i in range(len(row)) if row[i:i + 4] in (b"\xfd\x00\x0a\x00", b"\xbd\x00\x12\x00")]
    table = np.tile(np.frombuffer(row, dtype=np.uint8), (65000, 1))
    numbers = np.arange(1, 65001)
    for offset in offsets:  # each row its own row number
        table[:, offset] = numbers & 0xFF
        table[:, offset + 1] = numbers >> 8
    path = tmp_path / "besar.xls"
    path.write_bytes(make.ole2(make.workbook_stream([("Data", make.XLS_HEADER + table.tobytes(), None)],
                                                    make.XLS_STRINGS)))
    start = time.perf_counter()
    xls_extent.check(path)
    checked = time.perf_counter() - start
    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python(skip_empty_area=False)
    read = time.perf_counter() - start
    assert len(rows) == 65001 and len(rows[-1]) == 49
    assert checked < read, (checked, read)


def test_an_ordinary_xls_imports_exactly_like_its_xlsx(db) -> None:  # type: ignore[no-untyped-def]
    """survey_libreoffice.xls is LibreOffice's .xls of survey_libreoffice.xlsx (the template, filled in)."""
    from bakti_desktop.spreadsheets import xls_extent
    from bakti_desktop.mapping.importer import plan_import

    assert [e.name for e in xls_extent.extents(HOSTILE / "survey_libreoffice.xls")] == ["Data", "Pilihan", "Petunjuk"]
    old = plan_import(db, HOSTILE / "survey_libreoffice.xls")
    new = plan_import(db, HOSTILE / "survey_libreoffice.xlsx")
    assert old.as_json() == new.as_json()
    assert [(r.row, r.values) for r in old.new] == [(r.row, r.values) for r in new.new]
    assert len(old.new) == 7 and [r.row for r in old.rejected] == [4]


def test_a_run_of_integers_whose_first_column_wraps_around_is_seen(tmp_path: Path) -> None:
    """A MULRK whose first column (65,535) lies after its last (0): calamine counts the columns in 16 bits and
    places the cells from column 65,535 on; the fast walk must not take it for a narrow run."""
    from tests.data.hostile import make_workbooks as make

    values = b"".join(struct.pack("<Hi", 0, (v << 2) | 2) for v in (1, 2))
    wrapped = make.record(0x00BD, struct.pack("<HH", 1, 0xFFFF) + values + struct.pack("<H", 0))
    path = tmp_path / "putar.xls"
    path.write_bytes(make.xls_bytes(make.XLS_HEADER + wrapped, make.XLS_STRINGS))
    with pytest.raises(UserError, match="putar.xls"):
        workbook.read_rows(path)


def test_one_long_string_in_many_cells_is_refused() -> None:
    """Each cell gets its own copy of a shared string (in calamine and again in Python): 150 KB would become
    196 million characters, 400 MB."""
    message = _probe("one_string_many_cells.xls")["refused"]
    assert "\n" not in message and "196.602.016" in message and "40.000.000" in message


def test_the_shared_strings_are_measured_as_calamine_reads_them() -> None:
    """The string lengths, continued across records, and the text each sheet's cells copy add up to what
    calamine hands over."""
    from python_calamine import CalamineWorkbook

    from bakti_desktop.spreadsheets import xls_extent

    for name in ("one_string_many_cells.xls", "survey_libreoffice.xls"):
        path = HOSTILE / name
        book = CalamineWorkbook.from_path(str(path))
        text = sum(len(cell) for sheet in book.sheet_names
                   for row in book.get_sheet_by_name(sheet).to_python() for cell in row if isinstance(cell, str))
        stream = xls_extent.workbook_stream(path.read_bytes())
        lengths = xls_extent._sst_lengths(stream)
        offsets = [offset for _name, offset in xls_extent._sheets(stream)]
        assert xls_extent._shared_text_exact(stream, offsets, lengths) == text, name
        assert xls_extent._shared_text_bound(stream, lengths) >= text
