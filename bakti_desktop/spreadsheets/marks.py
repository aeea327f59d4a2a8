"""What python-calamine does not hand over: error cells, hidden rows, and (for OpenDocument) merged cells.

python-calamine returns a cell holding ``#DIV/0!`` or ``#N/A`` as an empty string, and says nothing of
rows hidden by hand or by a filter. A survey import must not read an error as a blank (docs/domain-rules.md
§3.6), and counts the hidden rows it imports. Each format is looked at where it keeps these marks:

* .xlsx/.xlsm: cells of type ``t="e"`` and rows with ``hidden="1"`` in the sheet XML (searched only when the
  sheet holds the attribute at all: an ordinary sheet costs a byte search per 8 MB);
* .xls: the BIFF records BOOLERR and FORMULA with an error result, and ROW records flagged hidden;
* .ods: cells of value type ``error``, rows of visibility ``collapse``/``filter``, and cells spanning rows
  (calamine gives no merged ranges for OpenDocument).

Every reader refers to cells by 0-based (row, column), as python-calamine's rows are indexed.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# The codes a spreadsheet program shows for an error (Excel, LibreOffice); a CSV holds them as text.
ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                         "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"})
_BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
                0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


class SheetError:
    """A cell holding a spreadsheet error (``#DIV/0!``, ``#N/A``…), as the readers hand it over: never blank.

    ``ref`` is the cell as the spreadsheet names it (``"F7"``), when known."""

    __slots__ = ("code", "ref")

    def __init__(self, code: str, ref: str = "") -> None:
        self.code = code
        self.ref = ref

    def __eq__(self, other: object) -> bool:
        return type(other) is SheetError and (other.code, other.ref) == (self.code, self.ref)

    def __hash__(self) -> int:
        return hash((SheetError, self.code, self.ref))

    def __repr__(self) -> str:
        return f"SheetError({self.code!r}, {self.ref!r})"

    def __str__(self) -> str:
        return self.code


@dataclass
class Marks:
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → "#DIV/0!"
    hidden: set[int] = field(default_factory=set)  # rows hidden by hand or by a filter
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # ((r0, c0), (r1, c1))


def error_code(text: str) -> str | None:
    """The error a text shows, if it is one: ``"#N/A"``, or LibreOffice's ``"Err:502"``."""
    text = text.strip()
    if text.upper() in ERROR_CODES:
        return text.upper()
    if text.startswith("Err:") and text[4:].isdigit():
        return text
    return None


# ---------------------------------------------------------------- .xlsx

_CELL_E = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)(?<!/)>(.*?)</c>', re.DOTALL)  # not an empty <c t="e"/>
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ROW = re.compile(rb"<row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
_CHUNK = 8 * 1024 * 1024


def xlsx_marks(archive: zipfile.ZipFile, member: str) -> Marks:
    """Error cells and hidden rows of one worksheet member of an .xlsx."""
    marks = Marks()
    tail = b""
    with archive.open(member) as handle:
        while block := handle.read(_CHUNK):
            data = tail + block
            # A cell or row tag cut at the seam is found whole in the next round (the tail keeps it).
            xlsx_marks_in(data, marks)
            tail = data[-4096:]
    return marks


def xlsx_marks_in(data: bytes, marks: Marks) -> None:
    """Add the error cells and hidden rows found in ``data`` (worksheet XML) to ``marks``."""
    from bakti_desktop.spreadsheets.workbook import column_number

    if b't="e"' in data:
        for attrs, body in _CELL_E.findall(data):
            ref, value = _REF.search(attrs), _VALUE.search(body)
            if ref and value:
                marks.errors[(int(ref.group(2)) - 1, column_number(ref.group(1).decode()) - 1)] = (
                    value.group(1).decode("utf-8", "replace").strip())
    if b"hidden=" in data:
        for attrs in _ROW.findall(data):
            number = _ROW_NUMBER.search(attrs)
            if number and _HIDDEN.search(attrs):
                marks.hidden.add(int(number.group(1)) - 1)


# ---------------------------------------------------------------- .xls

_HEAD = struct.Struct("<HH").unpack_from
_RCX = struct.Struct("<HH").unpack_from


def xls_marks(path: Path) -> dict[str, Marks]:
    """Error cells and hidden rows of every sheet of an .xls, by sheet name."""
    from bakti_desktop.spreadsheets import xls_extent

    data = path.read_bytes()
    stream = xls_extent.workbook_stream(data)
    found: dict[str, Marks] = {}
    for name, offset in xls_extent._sheets(stream):
        marks = found[name] = Marks()
        pos, end = offset, len(stream)
        while pos + 4 <= end:
            typ, size = _HEAD(stream, pos)
            body = pos + 4
            pos = body + size
            if pos > end or typ == 0x000A:  # EOF of the sheet
                break
            if typ == 0x0205 and size >= 8 and stream[body + 7] == 1:  # BOOLERR holding an error
                row, col = _RCX(stream, body)
                marks.errors[(row, col)] = _BIFF_ERRORS.get(stream[body + 6], "#VALUE!")
            elif typ == 0x0006 and size >= 20:  # FORMULA: its cached result is an error
                result = stream[body + 6:body + 14]
                if result[0] == 2 and result[6:8] == b"\xff\xff":
                    row, col = _RCX(stream, body)
                    marks.errors[(row, col)] = _BIFF_ERRORS.get(result[2], "#VALUE!")
            elif typ == 0x0208 and size >= 16:  # ROW: fDyZero (0x20) is a hidden row
                if struct.unpack_from("<H", stream, body + 12)[0] & 0x20:
                    marks.hidden.add(struct.unpack_from("<H", stream, body)[0])
    return found


# ---------------------------------------------------------------- .ods

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def ods_marks(path: Path) -> dict[str, Marks]:
    """Error cells, hidden rows and cells spanning rows of every sheet of an OpenDocument spreadsheet."""
    from defusedxml.ElementTree import iterparse

    with zipfile.ZipFile(path) as archive:
        with archive.open("content.xml") as handle:
            wanted = False
            while block := handle.read(_CHUNK):
                if b'"error"' in block or b"visibility=" in block or b"rows-spanned=" in block:
                    wanted = True
                    break
        if not wanted:
            return {}
        found: dict[str, Marks] = {}
        marks = Marks()
        row = column = repeat_rows = 0
        hidden = False
        for event, el in iterparse(archive.open("content.xml"), events=("start", "end")):
            tag = el.tag
            if tag == f"{{{_TABLE}}}table" and event == "start":
                marks = found[el.get(f"{{{_TABLE}}}name", "")] = Marks()
                row = 0
            elif tag == f"{{{_TABLE}}}table-row":
                if event == "start":
                    column = 0
                    repeat_rows = int(el.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
                    hidden = el.get(f"{{{_TABLE}}}visibility", "visible") in ("collapse", "filter")
                else:
                    if hidden and repeat_rows < 10_000:
                        marks.hidden.update(range(row, row + repeat_rows))
                    row += repeat_rows
                    el.clear()
            elif tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell") and event == "end":
                repeat = int(el.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
                if el.get(f"{{{_CALCEXT}}}value-type") == "error":
                    shown = "".join(el.itertext()).strip()
                    marks.errors[(row, column)] = error_code(shown) or shown or "#VALUE!"
                spanned = int(el.get(f"{{{_TABLE}}}number-rows-spanned", "1"))
                if spanned > 1:
                    columns = int(el.get(f"{{{_TABLE}}}number-columns-spanned", "1"))
                    marks.merged.append(((row, column), (row + spanned - 1, column + columns - 1)))
                column += repeat
                el.clear()
        return found
