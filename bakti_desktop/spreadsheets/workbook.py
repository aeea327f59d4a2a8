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

Every cell that shows a shared string gets its own copy of it from python-calamine (and again in Python):
one string of 32,767 characters in 6,000 cells makes 400 MB of a 22 KB file, and an OpenDocument cell
repeated (``number-columns-repeated``) copies its text as often. The text the cells of a sheet will hold is
therefore counted while its extent is checked, and a sheet holding more than :data:`MAX_TEXT` characters is
refused before any reader starts. (The importer's stream of a national workbook, ``xlsx_stream.iter_rows``
called directly, hands over one string object for every cell that refers to it and is not limited.)
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg

if TYPE_CHECKING:
    from bakti_desktop.spreadsheets.marks import Marks
    from bakti_desktop.spreadsheets.parted import PartedRows

MAX_UNCOMPRESSED = 400 * 1024 * 1024  # bytes of XML a workbook may unpack to
MAX_STREAMED = 4 * 1024 * 1024 * 1024  # the same, for a sheet read as a stream (xlsx_stream)
MAX_RATIO = 200  # unpacked / packed size of one member
MAX_ROWS = 500_000  # rows a sheet may use: every school of Indonesia (about 440,000) fits
MAX_COLUMNS = 200  # columns (to GR); the survey has about 50
CALAMINE_CELLS = 4_000_000  # rows × columns python-calamine may hold at once (about 160 MB)
MAX_ODS_XML = 200 * 1024 * 1024  # bytes of content.xml an OpenDocument sheet may unpack to
SCAN_CHUNK = 8 * 1024 * 1024
# Characters of text the cells of a workbook may hold once read (each cell its own copy; up to 5 bytes a
# character in calamine and Python together). A survey of 65,536 rows may hold 600 characters of text a row.
MAX_TEXT = 40_000_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def header_key(text: Any) -> str:
    """A header cell reduced to letters and digits: ``"Jumlah Siswa Laki-laki"`` → ``"jumlahsiswalakilaki"``."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^0-9a-z]", "", value)


@dataclass
class Sheet:
    name: str
    rows: Sequence[list[Any]]  # a list, or the rows of a sheet read in parts (parted.PartedRows)
    # 0-based indexes of the rows hidden by hand or by a filter (read in parts: those of the parts read so far,
    # a set that grows with them)
    hidden: AbstractSet[int] = frozenset()
    merged: Any = None  # merged ranges as python-calamine gives them: [((r0, c0), (r1, c1))]

    def close(self) -> None:
        """Stop reading the rows of a sheet read in parts (nothing for the others)."""
        from bakti_desktop.spreadsheets.parted import PartedRows

        if isinstance(self.rows, PartedRows):
            self.rows.close()


READ_FORMATS = ".xlsx, .xlsm, .xls, .ods, .csv"  # what the survey import reads (read_sheets)
WORKBOOK_FORMATS = ".xlsx, .xlsm, .xls, .ods"  # what read_rows reads (the RKTL import)


def _not_excel(path: Path, formats: str = READ_FORMATS) -> UserError:
    """A file that is a workbook container (zip, OLE2) but cannot be read: damaged."""
    return UserError(
        msg(
            en="{name} is a damaged workbook and cannot be read. Open it in Excel or LibreOffice and save it again "
               "(formats read: {formats}).",
            id="{name} adalah buku kerja yang rusak dan tidak dapat dibaca. Buka di Excel atau LibreOffice lalu "
               "simpan ulang (format yang dibaca: {formats}).",
            name=path.name, formats=formats,
        )
    )


def not_a_spreadsheet(path: Path, formats: str = READ_FORMATS) -> UserError:
    """A file that is neither a workbook nor a CSV text (a PDF, a picture, a Word document…)."""
    return UserError(
        msg(
            en="{name} is not a spreadsheet. The formats read are {formats}.",
            id="{name} bukan berkas lembar kerja. Format yang dapat dibaca: {formats}.",
            name=path.name, formats=formats,
        )
    )


def _existing_file(path: Path) -> None:
    """Refuse a path that is missing or a folder, in one sentence."""
    if not path.exists():
        raise UserError(msg(en="The file {p} does not exist.", id="Berkas {p} tidak ada.", p=path))
    if path.is_dir():
        raise UserError(msg(en="{p} is a folder, not a file.", id="{p} adalah folder, bukan berkas.", p=path))


def file_kind(path: Path) -> str:
    """``"zip"`` (.xlsx, .xlsm, .ods), ``"ole"`` (.xls) or ``"csv"``; refuses anything else in one sentence."""
    from bakti_desktop.spreadsheets.csvfile import CSV_SUFFIXES, looks_like_text

    _existing_file(path)
    with path.open("rb") as handle:
        head = handle.read(65536)
    if head.startswith(b"PK"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if looks_like_text(head) and (path.suffix.lower() in CSV_SUFFIXES or path.suffix.lower() not in EXCEL_SUFFIXES):
        return "csv"
    raise not_a_spreadsheet(path)


def check_workbook_file(path: Path, streamed: bool = False, formats: str = READ_FORMATS) -> None:
    """Refuse missing files, non-workbooks and zip bombs before parsing.

    A workbook read as a stream (``streamed``) may unpack to more than one read at once.
    """
    _existing_file(path)
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
        raise not_a_spreadsheet(path, formats)


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


def too_much_text(path: Path, characters: int) -> UserError:
    from bakti_desktop.reports.format import number

    return UserError(msg(
        en="{name} is refused: its cells hold {n} characters of text, and at most {limit} are read.",
        id="{name} ditolak: sel-selnya memuat {n} karakter teks, sedangkan batasnya {limit} karakter.",
        name=path.name, n=number(characters), limit=number(MAX_TEXT)))


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
        first, second = letters[0], letters[1]
        if first != "Z":
            parts.append(rb"[%s-Z][A-Z]" % chr(ord(first) + 1).encode())
        if second != "Z":
            parts.append(first.encode() + rb"[%s-Z]" % chr(ord(second) + 1).encode())
    return b"(?:" + b"|".join(parts) + b")"


_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]+)"')
_BEYOND_64 = _columns_beyond(64)  # the survey has about 50 columns
_BEYOND_128 = _columns_beyond(128)  # a phone-form export (KoBoToolbox, ODK Central) about 75 (issue 21)
_WIDE = re.compile(rb'r="' + _BEYOND_64 + rb"[0-9]")
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


# ---------------------------------------------------------------- text the cells will hold

SHARED_STRINGS = "xl/sharedStrings.xml"  # where python-calamine (and xlsx_stream) read them
_SI_START = re.compile(rb"<si[\s>/]")
# A cell showing a shared string as spreadsheet programs write it: the type last among its attributes and
# the index alone in <v>, the cell closed right after. Any other way of writing one makes the counts below
# differ, and the sheet is then parsed.
_SHARED_CELL = re.compile(rb't="s"[^>]{0,60}>\s{0,20}<v>([0-9]{1,10})</v></c>')
_INLINE_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_SMALLEST_SHARED_CELL = len(b'<c t="s"><v>0</v></c>')


def _shared_lengths(archive: zipfile.ZipFile, exact: bool = False) -> list[int]:
    """The length of every string of the shared string table: in bytes of its XML (at least its characters:
    quick), or ``exact`` in characters, as python-calamine reads them (phonetic runs left out)."""
    if SHARED_STRINGS not in archive.namelist():
        return []
    if exact:
        from defusedxml.ElementTree import iterparse

        lengths, length, phonetic = [], 0, False
        for event, el in iterparse(archive.open(SHARED_STRINGS), events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "rPh":
                phonetic = event == "start"
            elif event == "end" and tag == "t" and not phonetic:
                length += len(el.text or "")
            elif event == "end" and tag == "si":
                lengths.append(length)
                length = 0
                el.clear()
        return lengths
    starts: list[int] = []
    offset, carry = 0, b""
    with archive.open(SHARED_STRINGS) as handle:
        while block := handle.read(SCAN_CHUNK):
            data = carry + block  # a start cut at the seam is found whole (and none twice: 3 bytes are too few)
            starts.extend(offset - len(carry) + m.start() for m in _SI_START.finditer(data))
            offset += len(block)
            carry = block[-3:]
    return [b - a for a, b in zip(starts, starts[1:] + [offset], strict=True)]


class _TextCount:
    """The characters of text the cells of one sheet will hold, from its XML fed block by block: each cell
    showing a shared string (``t="s"``) counts the length of that string, each inline string its text (in
    bytes of XML, or ``exact`` in characters). While far from the limit, a block is measured more roughly
    (and quicker): each value element in it as if it showed the longest shared string, its inline strings as
    many characters as it has bytes. :meth:`total` is None when the sheet is written in a way the
    quick patterns may miss (then parse it)."""

    def __init__(self, lengths: list[int], exact: bool = False) -> None:
        self.lengths = lengths
        self.longest = max(lengths, default=0)
        self.exact = exact
        self.pending = b""
        self.text = self.typed = self.matched = 0
        self.unusual = False
        self.fed = False  # set when the whole sheet has been fed

    def feed(self, block: bytes, last: bool = False) -> None:
        if self.unusual:
            return
        data = self.pending + block
        # Cut after the last end of a cell or empty element: no pattern crosses one (one cut short makes the
        # counts of cells and matches differ, so the sheet is parsed).
        cell_end, empty = data.rfind(b"</c>"), data.rfind(b"/>")
        cut = len(data) if last else max(cell_end + 4 if cell_end >= 0 else 0, empty + 2 if empty >= 0 else 0)
        data, self.pending = data[:cut], data[cut:]
        if len(self.pending) > SCAN_CHUNK:  # no cell ends in 8 MB: nothing a spreadsheet program writes
            self.unusual, self.pending = True, b""
        if self.unusual or not data:
            return
        if self.lengths:  # without shared strings, a cell of type "s" holds nothing
            values = data.count(b"v>")  # at least every value element (<v>, </v>, prefixed or not)
            if not self.exact and self.text + values * self.longest <= MAX_TEXT:
                self.text += values * self.longest  # far from the limit: every value as if the longest string
            elif b"'s'" in data or b":v>" in data or b"<![CDATA[" in data:
                self.unusual = True  # another spelling of the type, a prefixed value, a value in CDATA
                return
            else:
                typed = data.count(b't="s"')
                if data.count(b'"s"') != typed:  # t = "s", with spaces (or "s" in a text: read exactly)
                    self.unusual = True
                    return
                found = _SHARED_CELL.findall(data) if typed else []
                self.typed += typed
                self.matched += len(found)
                lengths, size = self.lengths, len(self.lengths)
                self.text += sum(lengths[i] for i in map(int, found) if i < size)
        if b"<t" in data:
            if not self.exact and self.text + len(data) <= MAX_TEXT:
                self.text += len(data)  # inline text holds fewer characters than the XML bytes around it: quick
                return
            if b":t>" in data:
                self.unusual = True
                return
            found = _INLINE_TEXT.findall(data)
            if self.exact:
                from html import unescape

                self.text += sum(len(unescape(t.decode("utf-8", "replace"))) for t in found)
            else:
                self.text += sum(map(len, found))

    def total(self) -> int | None:
        self.feed(b"", last=True)
        return None if self.unusual or self.typed != self.matched else self.text


def _parsed_text(archive: zipfile.ZipFile, member: str, lengths: list[int]) -> int:
    """The characters of text the cells of the sheet will hold, by parsing it (every value of a shared-string
    cell counts, and the whole text of an inline string)."""
    from defusedxml.ElementTree import iterparse

    text, size = 0, len(lengths)
    for _event, el in iterparse(archive.open(member), events=("end",)):
        if el.tag.rsplit("}", 1)[-1] != "c":
            continue
        kind = el.get("t")
        if kind == "s":
            for child in el:
                if child.tag.rsplit("}", 1)[-1] == "v":
                    value = (child.text or "").strip()
                    if value.isdigit() and int(value) < size:
                        text += lengths[int(value)]
        elif kind == "inlineStr":
            text += sum(len(t) for t in el.itertext())
        el.clear()
    return text


def _sheet_text(archive: zipfile.ZipFile, member: str, lengths: list[int], count: _TextCount | None,
                exact: bool = False) -> int:
    """The text the sheet will hold: from ``count`` (fed with the whole sheet) if it could tell, else read
    (``exact``: in characters rather than bytes of XML)."""
    total = count.total() if count is not None and count.fed else None
    if total is None:
        count = _TextCount(lengths, exact)
        for tail, data in _chunks(archive, member):
            count.feed(data[len(tail):])
        total = count.total()
    return total if total is not None else _parsed_text(archive, member, lengths)


def check_text(path: Path, archive: zipfile.ZipFile, member: str, count: _TextCount | None = None) -> None:
    """Refuse a sheet whose cells would hold more than :data:`MAX_TEXT` characters (see the module notes).
    ``count``, if given, has been fed the whole sheet. The shared strings are first measured in bytes of XML
    (quick), and in characters only when that gives too much."""
    lengths = count.lengths if count is not None else _shared_lengths(archive)
    text = _sheet_text(archive, member, lengths, count)
    if text > MAX_TEXT:
        text = _sheet_text(archive, member, _shared_lengths(archive, exact=True), None, exact=True)
    if text > MAX_TEXT:
        raise too_much_text(path, text)


def xlsx_extent(path: Path, archive: zipfile.ZipFile, member: str, text: _TextCount | None = None) -> tuple[int, int] | None:
    """(last row, last column) holding a cell in the sheet ``member`` — or None for an ordinary sheet:
    every cell at most in column 128 and in a row the sheet has reached, within :data:`CALAMINE_CELLS`
    (counted as 64 columns, or 128 when a cell lies beyond column 64).
    Refuses a sheet beyond :data:`MAX_ROWS` or :data:`MAX_COLUMNS`. An ordinary sheet costs one
    regular-expression search and a few counts per 8 MB; an unusual one is read exactly. ``text`` is fed the
    sheet as it is read (left unfed, ``text.fed`` False, when the sheet is read again)."""
    last_row = 0
    wide = False  # a cell beyond column 64 seen
    counts = dict.fromkeys(_COUNTED, 0)
    with archive.open(member) as handle:
        head = handle.read(2048)
    unusual = re.search(rb"<\w+:worksheet\b", head) is not None  # prefixed tags: the fast patterns miss them
    for tail, data in _chunks(archive, member):
        if unusual:
            break
        if text is not None:
            text.feed(data[len(tail):])
        for key in _COUNTED:
            counts[key] += data.count(key) - tail.count(key)
        if b"<c>" in data:  # a cell without its reference
            unusual = True
            break
        # A cell further right than column 64, or further down than the last row reached: read exactly.
        # (In an ordinary sheet rows come in order and each cell lies in its row.) Any attribute named r
        # is looked at, whatever comes before it; row numbers have no letters and are passed over. A row
        # number with a leading zero (no program writes one; calamine reads its value) is read exactly too.
        last = data.rfind(b'<row r="')
        if last >= 0:
            found = _LAST_ROW.match(data, last)
            if found:
                last_row = max(last_row, int(found.group(1)))
        pattern = rb'r="(?:' + _BEYOND_128 + rb"[0-9]|[A-Z]{1,3}(?:0|" + _greater_than(last_row) + rb'"))'
        if re.search(pattern, data):
            unusual = True
            break
    if text is not None:
        text.fed = not unusual
    unusual = unusual or counts[b"<c "] != counts[b'<c r="']  # a cell without its reference
    if not unusual:
        # Whether a cell lies beyond column 64 matters only when 128 columns of these rows would be too many
        # to hold at once: then (a large sheet) it is looked for, in a second pass.
        if last_row * 128 > CALAMINE_CELLS:
            wide = any(_WIDE.search(data) for _tail, data in _chunks(archive, member))
        columns = 128 if wide else 64
        return None if last_row * columns <= CALAMINE_CELLS else (last_row, columns)
    refs_complete = counts[b"<c "] == counts[b'<c r="'] and not re.search(rb"<\w+:worksheet\b", head)
    last_row, last_column = (_referenced_extent if refs_complete else _parsed_extent)(archive, member)
    if last_row > MAX_ROWS:
        raise too_many_rows(path, last_row)
    if last_column > MAX_COLUMNS:
        raise too_many_columns(path, last_column)
    return last_row, last_column


def _ods_text(cell: Any, office_ns: str, text_ns: str) -> int:
    """At most the characters python-calamine makes of an OpenDocument cell: its ``office:string-value``, or
    its paragraphs joined by line breaks (one between two), each ``<text:s text:c="n"/>`` n spaces (so counted, never
    expanded), tabs and line breaks one each."""
    count = len(cell.get(f"{{{office_ns}}}string-value", ""))
    paragraphs = 0
    for el in cell.iter():
        if el is not cell:
            count += len(el.tail or "")
        count += len(el.text or "")
        tag = el.tag
        if tag == f"{{{text_ns}}}p":
            paragraphs += 1
        elif tag == f"{{{text_ns}}}s":
            spaces = el.get(f"{{{text_ns}}}c", "1")
            count += int(spaces) if spaces.isdigit() else 1
        elif tag in (f"{{{text_ns}}}tab", f"{{{text_ns}}}line-break"):
            count += 1
    return count + max(paragraphs - 1, 0)


def _ods_extent(path: Path) -> tuple[int, int]:
    """(last row, last column) holding a value in the first sheets of an OpenDocument file; repeated
    rows and cells (``number-rows-repeated``) are counted without expanding them. Refuses a file beyond the
    limits, or whose cells, repeated, would hold more than :data:`MAX_TEXT` characters."""
    from defusedxml.ElementTree import iterparse

    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    last_row = last_column = text = 0
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
                    text += _ods_text(el, office_ns, text_ns) * repeat * repeat_rows
                    if text > MAX_TEXT:
                        raise too_much_text(path, text)
                el.clear()
    return last_row, last_column


def read_rows(path: Path, preferred_sheet: str = "Data") -> Sheet:
    """The rows of the data sheet: one named ``preferred_sheet``, else the first.

    The sheet's size is checked first (see the module notes): a sheet beyond the limits is refused, one
    whose rectangle is too large to hold at once is streamed.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    check_workbook_file(path, formats=WORKBOOK_FORMATS)
    if _streams(path, preferred_sheet):
        from bakti_desktop.spreadsheets import xlsx_stream

        try:
            name, rows = xlsx_stream.iter_rows(path, preferred_sheet)
            return Sheet(name, _trimmed(rows))
        except UserError:
            raise
        except Exception:
            raise _not_excel(path, WORKBOOK_FORMATS) from None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise _not_excel(path, WORKBOOK_FORMATS)
        chosen = next((n for n in names if n.strip().lower() == preferred_sheet.lower()), names[0])
        cells = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except UserError:
        raise
    except Exception:  # calamine raises several error types for damaged files
        raise _not_excel(path, WORKBOOK_FORMATS) from None
    except BaseException as error:  # a panic inside calamine (pyo3's PanicException is no Exception)
        if type(error).__name__ != "PanicException":
            raise
        raise _not_excel(path, WORKBOOK_FORMATS) from None
    return Sheet(chosen, cells)


def read_sheets(path: Path, parted: bool = True) -> list[Sheet]:
    """Every sheet of the workbook (or the one sheet of a CSV file), each checked against the limits first,
    with the marks python-calamine leaves out (:mod:`marks`): error cells become :class:`marks.SheetError`,
    a value merged over several rows is in each of them, hidden rows are listed.

    A large sheet of an .xlsx is read in parts (``parted``, see :mod:`parted`): its rows arrive as they
    are used, and :class:`parted.ReadWhole` may come from them; read the workbook again with ``parted``
    False then. The caller closes the sheets (:meth:`Sheet.close`)."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "csv":
        from bakti_desktop.spreadsheets.csvfile import read_csv

        return [Sheet(path.stem, read_csv(path))]
    check_workbook_file(path)
    names = _zip_sheet_names(path) if kind == "zip" else None
    in_parts = _parted(path, names) if names and parted else {}
    try:
        streamed = {name for name in names if name not in in_parts and _streams(path, name)} if names else set()
        if names is None or not names:
            _streams(path, "Data")  # .xls and .ods: the check covers every sheet
        sheets: list[Sheet] = []
        # The marks are looked for while python-calamine reads the cells: it lets go of Python's lock while it
        # works, so on a machine of two cores the second pass over the sheets' XML costs no time of its own.
        # (A sheet read in parts has its marks already.)
        with ThreadPoolExecutor(max_workers=1) as pool:
            marks = pool.submit(_find_marks, path, kind, [n for n in names or [] if n not in in_parts])
            _read_cells(path, sheets, streamed, in_parts)
            _put_marks(sheets, marks.result())
    except BaseException:
        for rows in in_parts.values():
            rows.close()
        raise
    return sheets


def _parted(path: Path, names: list[str]) -> dict[str, PartedRows]:
    """The large sheets of an .xlsx, being read in parts (:mod:`parted`), by name; the others are read whole."""
    from bakti_desktop.spreadsheets import parted, xlsx_stream

    found: dict[str, PartedRows] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name in names:
                try:
                    _name, member = xlsx_stream.sheet_member(archive, name)
                    if _name != name or archive.getinfo(member).file_size < parted.MIN_BYTES:
                        continue
                    rows = parted.start(path, archive, member, name, _TextCount(_shared_lengths(archive)))
                except Exception:  # damaged: read whole, which explains it
                    rows = None
                if rows is not None:
                    found[name] = rows
    except BaseException:
        for rows in found.values():
            rows.close()
        raise
    return found


def _read_cells(path: Path, sheets: list[Sheet], streamed: set[str], parted: dict[str, PartedRows]) -> None:
    """The cells of every sheet, as python-calamine reads them (``streamed`` ones in a stream, ``parted`` ones
    being read in parts), into ``sheets``."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            rows: list[list[Any]]
            if name in parted:
                sheets.append(Sheet(name, parted[name], hidden=parted[name].hidden))
                continue
            if name in streamed:
                from bakti_desktop.spreadsheets import xlsx_stream

                rows = _trimmed(xlsx_stream.iter_rows(path, name)[1])
                merged = None
            else:
                sheet = workbook.get_sheet_by_name(name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges
            sheets.append(Sheet(name, rows, merged=merged))
    except UserError:
        raise
    except Exception:  # calamine raises several error types for damaged files
        raise _not_excel(path) from None
    except BaseException as error:  # a panic inside calamine (pyo3's PanicException is no Exception)
        if type(error).__name__ != "PanicException":
            raise
        raise _not_excel(path) from None


def _zip_sheet_names(path: Path) -> list[str] | None:
    """The sheet names of an .xlsx (None for an OpenDocument file or one that is not an .xlsx)."""
    from defusedxml.ElementTree import parse

    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return None
            book = parse(archive.open("xl/workbook.xml")).getroot()
    except Exception:
        raise _not_excel(path) from None
    if book is None:
        raise _not_excel(path)
    return [el.get("name", "") for el in book.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]


def _find_marks(path: Path, kind: str, names: list[str]) -> dict[str, Marks]:
    """The marks of :mod:`marks` of every sheet, by name: error cells, values merged over rows, hidden rows
    (``names``: the sheets of an .xlsx; the other formats find their sheets themselves)."""
    from bakti_desktop.spreadsheets import marks as found_marks

    by_name: dict[str, found_marks.Marks] = {}
    try:
        if kind == "ole":
            by_name = found_marks.xls_marks(path)
        else:
            with zipfile.ZipFile(path) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    from bakti_desktop.spreadsheets import xlsx_stream

                    for name in names:
                        by_name[name] = found_marks.xlsx_marks(archive, xlsx_stream.sheet_member(archive, name)[1])
            if not by_name:
                by_name = found_marks.ods_marks(path)
    except UserError:
        raise
    except Exception:  # damaged marks: the cells as calamine read them
        by_name = {}
    return by_name


def _put_marks(sheets: list[Sheet], by_name: dict[str, Marks]) -> None:
    """Put the marks into the rows read: error cells, values merged over rows, hidden rows."""
    from bakti_desktop.spreadsheets import marks as found_marks

    for sheet in sheets:
        marks = by_name.get(sheet.name) or found_marks.Marks()
        if not isinstance(sheet.rows, list):
            continue  # read in parts: parted.PartedRows puts the marks in as the rows arrive
        mark_rows(sheet.rows, sheet.merged or marks.merged, marks.errors)
        sheet.hidden = frozenset(marks.hidden)


def mark_rows(rows: list[list[Any]], merged: Iterable[tuple[tuple[int, int], tuple[int, int]]],
              errors: dict[tuple[int, int], str], first: int = 0, end: int | None = None,
              values: dict[tuple[int, int], Any] | None = None) -> None:
    """Put into ``rows[first:end]`` the value of each merged range (in the cells below its first one, where
    empty) and the error cells (:class:`marks.SheetError`). ``values`` keeps the merged ranges' values as
    read (before any error mark) from one call to the next, for rows put in part by part (:mod:`parted`)."""
    from bakti_desktop.spreadsheets.marks import SheetError

    end = len(rows) if end is None else end
    values = {} if values is None else values
    for (r0, c0), _end in merged:
        if first <= r0 < end and c0 < MAX_COLUMNS and c0 < len(rows[r0]):
            values[(r0, c0)] = rows[r0][c0]
    for (r0, c0), (r1, _c1) in merged:
        value = values.get((r0, c0))
        if value is None or value == "":
            continue
        for r in range(max(r0 + 1, first), min(r1, end - 1) + 1):
            row = rows[r] = list(rows[r])  # empty rows of a stream share one list
            if c0 >= len(row):
                row.extend([None] * (c0 + 1 - len(row)))
            if row[c0] is None or row[c0] == "":
                row[c0] = value
    for (r, c), code in errors.items():
        if first <= r < end and c < MAX_COLUMNS:
            row = rows[r] = list(rows[r])
            if c >= len(row):
                row.extend([None] * (c + 1 - len(row)))
            row[c] = SheetError(code, f"{column_letters(c + 1)}{r + 1}")


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
        try:
            count = _TextCount(_shared_lengths(archive))
            extent = xlsx_extent(path, archive, member, count)
            check_text(path, archive, member, count)
        except UserError:
            raise
        except Exception:  # a damaged member or XML
            raise _not_excel(path) from None
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
