"""Reading user workbooks defensively (python-calamine) and writing them safely.

A workbook handed over by someone else may be anything: a renamed PDF, a
damaged file, a zip bomb, a 6 KB file with one cell at XFD1048576.
``read_rows`` checks the file before python-calamine parses it and turns every
failure into a :class:`UserError` in plain words.

Limits (no real survey workbook comes near them): at most :data:`MAX_ROWS`
rows and :data:`MAX_COLUMNS` columns, checked from the sheet XML before any
reader allocates. python-calamine holds the whole rectangle from A1 to the
last cell in memory (about 40 bytes a cell), so a sheet whose rectangle is
larger than :data:`CALAMINE_CELLS` is read as a stream (``xlsx_stream``)
instead, in memory that grows with what the sheet holds, not with how far
its last cell is.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg

MAX_UNCOMPRESSED = 400 * 1024 * 1024  # bytes of XML a workbook may unpack to
MAX_STREAMED = 4 * 1024 * 1024 * 1024  # the same, for a sheet read as a stream (xlsx_stream)
MAX_RATIO = 200  # unpacked / packed size of one member
MAX_ROWS = 500_000  # rows a sheet may use: every school of Indonesia (about 440,000) fits
MAX_COLUMNS = 200  # columns (to GR); the survey has about 50
CALAMINE_CELLS = 4_000_000  # rows × columns python-calamine may hold at once (about 160 MB)
MAX_ODS_XML = 200 * 1024 * 1024  # bytes of content.xml an OpenDocument sheet may unpack to
SCAN_CHUNK = 8 * 1024 * 1024
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def header_key(text: Any) -> str:
    """A header cell reduced to letters and digits: ``"Jumlah Siswa Laki-laki"`` → ``"jumlahsiswalakilaki"``."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^0-9a-z]", "", value)


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def _not_excel(path: Path) -> UserError:
    return UserError(
        msg(
            en="{name} is not an Excel workbook or is damaged.",
            id="{name} bukan buku kerja Excel atau berkasnya rusak.",
            name=path.name,
        )
    )


def check_workbook_file(path: Path, streamed: bool = False) -> None:
    """Refuse missing files, non-workbooks and zip bombs before parsing.

    A workbook read as a stream (``streamed``) may unpack to more than one read at once.
    """
    if not path.exists():
        raise UserError(msg(en="The file {p} does not exist.", id="Berkas {p} tidak ada.", p=path))
    if path.is_dir():
        raise UserError(msg(en="{p} is a folder, not a file.", id="{p} adalah folder, bukan berkas.", p=path))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                total = 0
                for info in archive.infolist():
                    total += info.file_size
                    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 10_000_000:
                        raise UserError(
                            msg(
                                en="{name} unpacks to far more data than it holds; it is refused as unsafe.",
                                id="{name} mengembang jauh melebihi ukurannya; berkas ditolak karena tidak aman.",
                                name=path.name,
                            )
                        )
                if total > (MAX_STREAMED if streamed else MAX_UNCOMPRESSED):
                    raise UserError(
                        msg(
                            en="{name} is too large to read ({mb} MB unpacked).",
                            id="{name} terlalu besar untuk dibaca ({mb} MB setelah dibuka).",
                            name=path.name,
                            mb=total // 1_000_000,
                        )
                    )
        except zipfile.BadZipFile:
            raise _not_excel(path) from None
    elif not head.startswith(b"\xd0\xcf\x11\xe0"):  # the old .xls format
        raise _not_excel(path)


def column_letters(number: int) -> str:
    """1 → A, 200 → GR, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A → 1, GR → 200."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def too_many_rows(path: Path, row: int) -> UserError:
    from bakti_desktop.reports.format import number

    return UserError(msg(
        en="{name} is refused: it has a cell in row {row}, and at most {limit} rows are read.",
        id="{name} ditolak: ada sel di baris {row}, sedangkan batasnya {limit} baris.",
        name=path.name, row=number(row), limit=number(MAX_ROWS)))


def too_many_columns(path: Path, column: int) -> UserError:
    from bakti_desktop.reports.format import number

    return UserError(msg(
        en="{name} is refused: it has a cell in column {col}, and at most {limit} columns (to {last}) are read.",
        id="{name} ditolak: ada sel di kolom {col}, sedangkan batasnya {limit} kolom (sampai kolom {last}).",
        name=path.name, col=column_letters(column), limit=number(MAX_COLUMNS), last=column_letters(MAX_COLUMNS)))


def _greater_than(n: int) -> bytes:
    """A regular expression for the decimal numbers (no leading zero) greater than ``n``."""
    digits = str(n)
    parts = [rb"[1-9][0-9]{%d,}" % len(digits)]  # more digits
    for i, ch in enumerate(digits):  # same length: equal up to i, then a larger digit
        if ch != "9":
            parts.append(digits[:i].encode() + rb"[%d-9]" % (int(ch) + 1) + (rb"[0-9]{%d}" % (len(digits) - i - 1)))
    return b"(?:" + b"|".join(parts) + b")"


def _columns_beyond(n: int) -> bytes:
    """A regular expression for the column letters after column ``n`` (n < 702, two letters)."""
    letters = column_letters(n)
    parts = [rb"[A-Z]{3,}"]
    if len(letters) == 1:
        parts.append(rb"[A-Z]{2}")
        if letters != "Z":
            parts.append(rb"[%s-Z]" % chr(ord(letters) + 1).encode())
    else:
        first, second = letters
        if first != "Z":
            parts.append(rb"[%s-Z][A-Z]" % chr(ord(first) + 1).encode())
        if second != "Z":
            parts.append(first.encode() + rb"[%s-Z]" % chr(ord(second) + 1).encode())
    return b"(?:" + b"|".join(parts) + b")"


_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]+)"')
_BEYOND_64 = _columns_beyond(64)  # the survey has about 50 columns
_COUNTED = (b"<c ", b'<c r="')  # equal when every cell (with attributes) has its reference


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[tuple[bytes, bytes]]:
    """(tail, tail + block): the member in blocks, each with the end of the one before, so that no
    attribute is lost at a seam (counts subtract what the tail alone holds)."""
    tail = b""
    with archive.open(member) as handle:
        while True:
            block = handle.read(SCAN_CHUNK)
            if not block:
                return
            yield tail, tail + block
            tail = block[-200:]


def _parsed_extent(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(last row, last column) holding a cell, by parsing the sheet as python-calamine places cells
    (its reference, else the next column): for sheets written in an unusual way."""
    from defusedxml.ElementTree import iterparse

    row = column = last_row = last_column = 0
    for _event, el in iterparse(archive.open(member), events=("start",)):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "row":
            row = int(el.get("r") or row + 1)
            column = 0
        elif tag == "c":
            ref = el.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column = column_number(letters)
                last_row = max(last_row, int(ref[len(letters):] or row))
            else:
                column += 1
                last_row = max(last_row, row)
            last_column = max(last_column, column)
            if last_row > MAX_ROWS or last_column > MAX_COLUMNS:
                break  # refused anyway: no need to read on
    return last_row, last_column


def _referenced_extent(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(last row, last column) from every cell reference (each cell has one)."""
    last_row = last_column = 0
    for _tail, data in _chunks(archive, member):
        refs = set(_CELL_REF.findall(data))
        if refs:
            last_row = max(last_row, max(int(r) for _c, r in refs))
            last_column = max(last_column, max(column_number(c.decode()) for c, _r in refs))
    return last_row, last_column


def xlsx_extent(path: Path, archive: zipfile.ZipFile, member: str) -> tuple[int, int] | None:
    """(last row, last column) holding a cell in the sheet ``member`` — or None for an ordinary sheet:
    every cell at most in column 64 and in a row the sheet has reached, within :data:`CALAMINE_CELLS`.
    Refuses a sheet beyond :data:`MAX_ROWS` or :data:`MAX_COLUMNS`. An ordinary sheet costs one
    regular-expression search and a few counts per 8 MB; an unusual one is read exactly."""
    last_row = 0
    counts = dict.fromkeys(_COUNTED, 0)
    with archive.open(member) as handle:
        head = handle.read(2048)
    unusual = re.search(rb"<\w+:worksheet\b", head) is not None  # prefixed tags: the fast patterns miss them
    for tail, data in _chunks(archive, member):
        if unusual:
            break
        for key in _COUNTED:
            counts[key] += data.count(key) - tail.count(key)
        if b"<c>" in data:  # a cell without its reference
            unusual = True
            break
        # A cell further right than column 64, or further down than the last row reached: read exactly.
        # (In an ordinary sheet rows come in order and each cell lies in its row.) Any attribute named r
        # is looked at, whatever comes before it; row numbers have no letters and are passed over.
        last = data.rfind(b'<row r="')
        if last >= 0:
            found = _LAST_ROW.match(data, last)
            if found:
                last_row = max(last_row, int(found.group(1)))
        pattern = rb'r="(?:' + _BEYOND_64 + rb"[0-9]|[A-Z]{1,3}" + _greater_than(last_row) + rb'")'
        if re.search(pattern, data):
            unusual = True
            break
    unusual = unusual or counts[b"<c "] != counts[b'<c r="']  # a cell without its reference
    if not unusual:
        return None if last_row * 64 <= CALAMINE_CELLS else (last_row, 64)
    refs_complete = counts[b"<c "] == counts[b'<c r="'] and not re.search(rb"<\w+:worksheet\b", head)
    last_row, last_column = (_referenced_extent if refs_complete else _parsed_extent)(archive, member)
    if last_row > MAX_ROWS:
        raise too_many_rows(path, last_row)
    if last_column > MAX_COLUMNS:
        raise too_many_columns(path, last_column)
    return last_row, last_column


def _ods_extent(path: Path) -> tuple[int, int]:
    """(last row, last column) holding a value in the first sheets of an OpenDocument file; repeated
    rows and cells (``number-rows-repeated``) are counted without expanding them."""
    from defusedxml.ElementTree import iterparse

    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    last_row = last_column = 0
    row = column = 0
    with zipfile.ZipFile(path) as archive:
        if archive.getinfo("content.xml").file_size > MAX_ODS_XML:
            raise UserError(msg(en="{name} is too large to read.", id="{name} terlalu besar untuk dibaca.",
                                name=path.name))
        for event, el in iterparse(archive.open("content.xml"), events=("start", "end")):
            tag = el.tag
            if tag == f"{{{table_ns}}}table" and event == "start":
                row = 0
            elif tag == f"{{{table_ns}}}table-row":
                if event == "start":
                    column = 0
                    repeat_rows = int(el.get(f"{{{table_ns}}}number-rows-repeated", "1"))
                else:
                    row += repeat_rows
                    el.clear()
            elif tag in (f"{{{table_ns}}}table-cell", f"{{{table_ns}}}covered-table-cell") and event == "end":
                repeat = int(el.get(f"{{{table_ns}}}number-columns-repeated", "1"))
                filled = el.get(f"{{{office_ns}}}value-type") is not None or len(el)
                column += repeat
                if filled:
                    last_column = max(last_column, column)
                    last_row = max(last_row, row + repeat_rows)
                    if last_row > MAX_ROWS:
                        raise too_many_rows(path, last_row)
                    if last_column > MAX_COLUMNS:
                        raise too_many_columns(path, last_column)
                el.clear()
    return last_row, last_column


def read_rows(path: Path, preferred_sheet: str = "Data") -> Sheet:
    """The rows of the data sheet: one named ``preferred_sheet``, else the first.

    The sheet's size is checked first (see the module notes): a sheet beyond the limits is refused, one
    whose rectangle is too large to hold at once is streamed.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    check_workbook_file(path)
    if _streams(path, preferred_sheet):
        from bakti_desktop.spreadsheets import xlsx_stream

        try:
            name, rows = xlsx_stream.iter_rows(path, preferred_sheet)
            return Sheet(name, _trimmed(rows))
        except UserError:
            raise
        except Exception:
            raise _not_excel(path) from None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise _not_excel(path)
        chosen = next((n for n in names if n.strip().lower() == preferred_sheet.lower()), names[0])
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except UserError:
        raise
    except Exception:  # calamine raises several error types for damaged files
        raise _not_excel(path) from None
    except BaseException as error:  # a panic inside calamine (pyo3's PanicException is no Exception)
        if type(error).__name__ != "PanicException":
            raise
        raise _not_excel(path) from None
    return Sheet(chosen, rows)


def _streams(path: Path, preferred_sheet: str) -> bool:
    """Whether the sheet must be read as a stream; refuses it when it is beyond the limits."""
    with path.open("rb") as handle:
        zipped = handle.read(2) == b"PK"
    if not zipped:
        from bakti_desktop.spreadsheets import xls_extent

        xls_extent.check(path)  # the old .xls: refused when python-calamine would hold too much
        return False
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _not_excel(path) from None
    with archive:
        names = set(archive.namelist())
        if "content.xml" in names and "xl/workbook.xml" not in names:
            rows, columns = _ods_extent(path)
            if rows * columns > CALAMINE_CELLS:
                from bakti_desktop.reports.format import number

                raise UserError(msg(
                    en="{name} is refused: its cells span {r} rows × {c} columns; save it as .xlsx to import it.",
                    id="{name} ditolak: selnya membentang {r} baris × {c} kolom; simpan sebagai .xlsx untuk mengimpornya.",
                    name=path.name, r=number(rows), c=number(columns)))
            return False
        if "xl/workbook.xml" not in names:
            return False  # .xlsb or damaged: calamine says which
        from bakti_desktop.spreadsheets import xlsx_stream

        try:
            _name, member = xlsx_stream.sheet_member(archive, preferred_sheet)
            archive.getinfo(member)
        except Exception:
            return False  # calamine explains a damaged workbook
        extent = xlsx_extent(path, archive, member)
    return extent is not None and extent[0] * extent[1] > CALAMINE_CELLS


def _trimmed(rows: Iterable[list[Any]]) -> list[list[Any]]:
    """Streamed rows as a list, the empty rows sharing one list (a far cell leaves many)."""
    empty: list[Any] = []
    return [row if row else empty for row in rows]


def iter_nonblank(rows: Iterable[list[Any]], start: int) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) for the rows that hold anything; ``rows`` begin at 0-based index ``start``."""
    for index, cells in enumerate(rows, start):
        for c in cells:  # a plain loop: it usually stops at the first cell, and a generator per row costs more
            if c is not None and (not isinstance(c, str) or c.strip()):
                yield index + 1, cells
                break


def keep_text(cells: Any) -> None:
    """Mark every string cell as text, so that user text never becomes a formula.

    openpyxl stores a string starting with ``=`` as a formula; a cell typed as
    text is stored as a string whatever it starts with, and spreadsheet
    programs show it as typed without evaluating it.
    """
    for row in cells:
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of values for ``sheet.append``: every string without control characters (openpyxl refuses
    them) and cut to what a cell holds (:func:`bakti_desktop.reports.text.cell`)."""
    from bakti_desktop.reports.text import cell

    return [cell(v) for v in values]
