"""Reading a very large .xlsx worksheet row by row, in little memory.

python-calamine is fast but holds the whole sheet in memory (about 145 MB per
50,000 rows of the survey format); a national workbook of 200,000 schools would
need more than half a gigabyte before the first row is checked. Past
:data:`LARGE_SHEET_BYTES` of sheet XML the importer reads with this module
instead: the worksheet XML is parsed as a stream (defusedxml: no entities, no
DTD) and each row is handed over and forgotten.

Row numbers beyond ``workbook.MAX_ROWS`` and cells beyond ``workbook.MAX_COLUMNS``
stop the stream at once with a :class:`UserError` (a ``<row r="2000000000">``
would otherwise hand over two thousand million empty rows first).

Values come out as python-calamine gives them: text, numbers as ``float``,
``bool``, ``date``/``datetime`` for cells with a date format, and ``None`` for
empty cells; row numbers are kept (a missing row is an empty one).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import iterparse, parse

LARGE_SHEET_BYTES = 120 * 1024 * 1024  # unpacked sheet XML; about 60,000 survey rows
NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
              "http://purl.oclc.org/ooxml/spreadsheetml/main")
REL_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "http://purl.oclc.org/ooxml/officeDocument/relationships")
EPOCH = datetime(1899, 12, 30)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _root(archive: zipfile.ZipFile, member: str) -> Any:
    """The root element of an XML part of the workbook (ValueError if the part has none)."""
    root = parse(archive.open(member)).getroot()
    if root is None:
        raise ValueError(f"{member} is empty")
    return root


def sheet_member(archive: zipfile.ZipFile, preferred: str = "Data") -> tuple[str, str]:
    """(sheet name, zip member) of the sheet named ``preferred`` (any case), else the first sheet."""
    book = _root(archive, "xl/workbook.xml")
    sheets = [el for el in book.iter() if _local(el.tag) == "sheet"]
    if not sheets:
        raise ValueError("no sheet")
    chosen = next((s for s in sheets if s.get("name", "").strip().lower() == preferred.lower()), sheets[0])
    rid = next((chosen.get(f"{{{ns}}}id") for ns in REL_NS if chosen.get(f"{{{ns}}}id")), None)
    rels = _root(archive, "xl/_rels/workbook.xml.rels")
    target: str = next(r.get("Target") for r in rels if r.get("Id") == rid)
    member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return chosen.get("name", ""), member


def is_large(path: Path, preferred: str = "Data") -> bool:
    """Whether the data sheet of ``path`` is too large to read at once (an .xlsx only)."""
    try:
        with zipfile.ZipFile(path) as archive:
            _name, member = sheet_member(archive, preferred)
            return archive.getinfo(member).file_size > LARGE_SHEET_BYTES
    except Exception:  # not an .xlsx, or damaged: the normal reader explains it
        return False


def row_count_hint(path: Path, preferred: str = "Data") -> int | None:
    """The number of rows the sheet declares (its ``<dimension>``), for progress; None if it does not say."""
    import re

    try:
        with zipfile.ZipFile(path) as archive:
            _name, member = sheet_member(archive, preferred)
            with archive.open(member) as handle:
                head = handle.read(4096).decode("utf-8", "replace")
    except Exception:
        return None
    found = re.search(r'<(?:\w+:)?dimension ref="(?:[A-Z]+\d+:)?[A-Z]+(\d+)"', head)
    return int(found.group(1)) if found else None


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    parts: list[str] = []
    phonetic = False  # <rPh> runs (reading aids) are not part of the text
    for event, el in iterparse(archive.open("xl/sharedStrings.xml"), events=("start", "end")):
        tag = _local(el.tag)
        if tag == "rPh":
            phonetic = event == "start"
        elif event == "end" and tag == "t" and not phonetic:
            parts.append(el.text or "")
        elif event == "end" and tag == "si":
            strings.append("".join(parts))
            parts.clear()
            el.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats that show a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if "xl/styles.xml" not in archive.namelist():
        return set()
    root = _root(archive, "xl/styles.xml")
    custom = {int(el.get("numFmtId", -1)): el.get("formatCode", "") for el in root.iter() if _local(el.tag) == "numFmt"}
    xfs = next((el for el in root if _local(el.tag) == "cellXfs"), None)
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        number = int(xf.get("numFmtId", 0))
        code = custom.get(number, BUILTIN_FORMATS.get(number, ""))
        if (14 <= number <= 22 or 45 <= number <= 47) or (code and is_date_format(code)):
            dates.add(index)
    return dates


def _column(reference: str) -> int:
    number = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        else:
            break
    return number - 1


def iter_rows(path: Path, preferred: str = "Data") -> tuple[str, Iterator[list[Any]]]:
    """(sheet name, rows): every row of the data sheet from row 1, as lists of cell values."""
    from bakti_desktop.spreadsheets.workbook import MAX_COLUMNS, MAX_ROWS, too_many_columns, too_many_rows

    path = Path(path)
    archive = zipfile.ZipFile(path)
    name, member = sheet_member(archive, preferred)
    shared = _shared_strings(archive)
    dates = _date_styles(archive)

    def rows() -> Iterator[list[Any]]:
        expected = 1
        cells: list[Any] = []
        kind = style = ref = None
        value: str | None = None
        inline: list[str] = []
        sheet_data = None
        try:
            for event, el in iterparse(archive.open(member), events=("start", "end")):
                tag = _local(el.tag)
                if event == "start":
                    if tag == "c":
                        kind, style, ref, value = el.get("t"), el.get("s"), el.get("r"), None
                        inline.clear()
                    elif tag == "sheetData":
                        sheet_data = el
                    elif tag == "row":
                        number = int(el.get("r") or expected)
                        if number > MAX_ROWS:
                            raise too_many_rows(path, number)
                        while expected < number:  # rows absent from the file are empty rows
                            yield []
                            expected += 1
                        cells = []
                    continue
                if tag == "v":
                    value = el.text
                elif tag == "t" and kind == "inlineStr":
                    inline.append(el.text or "")
                elif tag == "c":
                    index = _column(ref) if ref else len(cells)
                    if index >= MAX_COLUMNS:
                        raise too_many_columns(path, index + 1)
                    if index > len(cells):
                        cells.extend([None] * (index - len(cells)))
                    cells.append(_value(kind, value, inline, style, shared, dates))
                    el.clear()
                elif tag == "row":
                    yield cells
                    expected += 1
                    if sheet_data is not None:
                        sheet_data.clear()  # forget the rows read (the tree would otherwise keep every one)
        finally:
            archive.close()

    return name, rows()


def _value(kind: str | None, value: str | None, inline: list[str], style: str | None, shared: list[str],
           dates: set[int]) -> Any:
    if kind == "inlineStr":
        return "".join(inline)
    if value is None:
        return None
    if kind == "s":
        return shared[int(value)]
    if kind in ("str", "e"):
        return value
    if kind == "b":
        return value == "1"
    if kind == "d":
        return datetime.fromisoformat(value)
    number = float(value)
    if style is not None and int(style) in dates:
        moment = EPOCH + timedelta(days=number)
        return moment.date() if moment.time() == datetime.min.time() else moment
    return number
