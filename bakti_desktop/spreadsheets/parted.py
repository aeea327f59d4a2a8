"""Reading a large .xlsx sheet in parts: each part checked before python-calamine reads it, and the rows
of one part checked for the survey while python-calamine reads the next.

The size checks of :mod:`workbook` must come before python-calamine allocates anything for a sheet, and
python-calamine reads a whole sheet in one call: on its own, the size check, the read and the survey's
checks of the rows follow one another. python-calamine lets go of Python's lock while it reads, so on a
machine of two cores they can overlap. The sheet's XML is cut at row ends into parts of about
:data:`PART_BYTES`; each part, once checked, is written as a workbook of its own (the original's members,
its sheet holding only that part, stored unpacked in a temporary folder) and read in a second thread. The
rows are handed over part by part (:class:`PartedRows`), and while the caller checks one part's rows the
next part is checked and read.

The rows are those python-calamine gives for the whole sheet: every part keeps the sheet's own styles,
shared strings and workbook settings (dates, the 1904 calendar), each cell its own reference, and the parts
are put back by row number, with the marks :mod:`workbook` puts in (error cells, values merged over rows,
hidden rows). What follows the rows in the sheet (its merged ranges) is read on its own.

Only an ordinary sheet is read this way, one whose cells are written as spreadsheet programs write them:
every cell with its reference, written first; rows in order; no prefixed tags; every cell within the first
128 columns and :data:`MAX_ROW` rows, so that python-calamine holds at most :data:`workbook.CALAMINE_CELLS`
cells for a part, and the rows of all parts no more; and the text limit. :func:`start` returns None for a
sheet whose first part is not; a later part found unusual, or holding a cell among the rows of a part
before it, raises :class:`ReadWhole`, and the caller starts again with the sheet read whole
(``read_sheets(path, parted=False)``), with the exact checks and their refusals.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from functools import cache
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from bakti_desktop.spreadsheets.marks import Marks, xlsx_marks_in
from bakti_desktop.spreadsheets.workbook import CALAMINE_CELLS

if TYPE_CHECKING:
    from bakti_desktop.spreadsheets.workbook import _TextCount

PART_BYTES = 4 * 1024 * 1024  # bytes of sheet XML per part
MIN_BYTES = 3 * PART_BYTES  # a smaller sheet is read in one call (the parts would cost more than they save)
READ_AHEAD = 3  # parts checked and queued for reading beyond the one the caller waits for
READERS = 1  # parts read at once (two gain nothing on two cores: the checks keep the other busy)
HEAD_BYTES = 64 * 1024  # room for what comes before the rows (sheet settings, column widths)
COLUMNS = 128  # columns a part's cells may reach: the rows held count as this wide
MAX_ROW = CALAMINE_CELLS // COLUMNS  # rows a sheet read in parts may reach (31,250)
EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
               b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')

_SHEET_DATA = re.compile(rb"<sheetData\s*>")
_ROW_NUMBER = re.compile(rb'<row r="([1-9][0-9]{0,8})"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}[0-9]+:)?[A-Z]{1,3}([0-9]{1,9})"')


class ReadWhole(Exception):
    """A part of a sheet being read in parts is not ordinary, or beyond a limit: read the sheet whole."""


def ordinary(data: bytes, begin: int, end: int, after: int) -> tuple[int, int] | None:
    """(first, last) row number of the part ``data[begin:end]`` when its rows and cells are written as
    spreadsheet programs write them (every cell with its reference, written first), its rows come
    after row ``after`` and its cells lie within the first 128 columns and rows :data:`MAX_ROW`; None
    otherwise. (A cell of another part's rows is found when the parts are put together.)"""
    if data.count(b"<c", begin, end) != data.count(b'<c r="', begin, end):
        return None  # a cell without its reference (calamine counts its place), or another tag (rich text)
    # (A row without its reference places no cell: each cell has its own. The first and last rows' are read.)
    first_row = _ROW_NUMBER.search(data, begin, end)
    last_at = data.rfind(b'<row r="', begin, end)
    last_row = _ROW_NUMBER.match(data, last_at, end) if last_at >= 0 else None
    if first_row is None or last_row is None:
        return None
    first, last = int(first_row.group(1)), int(last_row.group(1))
    if first <= after or last < first or last > MAX_ROW or _outside().search(data, begin, end):
        return None
    return first, last


@cache
def _outside() -> re.Pattern[bytes]:
    """A cell beyond column 128 or row :data:`MAX_ROW`, or with a leading zero in its row number."""
    from bakti_desktop.spreadsheets.workbook import _BEYOND_128, _greater_than

    return re.compile(rb'r="(?:' + _BEYOND_128 + rb"[0-9]|[A-Z]{1,3}+(?:0|" + _greater_than(MAX_ROW) + rb'"))')


def _cuts(data: bytes, begin: int, end: int) -> list[tuple[int, int]] | None:
    """``data[begin:end]`` (rows) cut after a row end into pieces of about PART_BYTES (None if it cannot be)."""
    cuts = []
    while begin < end:
        stop = end if end - begin <= PART_BYTES else data.rfind(b"</row>", begin, begin + PART_BYTES)
        if stop < 0:
            return None  # no row ends in a whole part: nothing a spreadsheet program writes
        stop = end if stop == end else stop + len(b"</row>")
        cuts.append((begin, stop))
        begin = stop
    return cuts


def start(path: Path, archive: zipfile.ZipFile, member: str, name: str, text: _TextCount) -> PartedRows | None:
    """The rows of the sheet ``name`` (the zip ``member``), its first part being read; None, with nothing
    read, when the sheet cannot be read in parts (see the module notes). ``text`` is fed the sheet.

    The first part is checked and read as soon as it is unpacked, and the rest of the sheet unpacked
    meanwhile; what follows the rows (the merged ranges) is read on its own."""
    others = [(info.filename, EMPTY_SHEET if _other_sheet(info.filename) else archive.read(info.filename))
              for info in archive.infolist() if info.filename != member]
    with archive.open(member) as handle:
        block = handle.read(PART_BYTES + HEAD_BYTES)
        opened = _SHEET_DATA.search(block)
        if re.search(rb"<\w+:worksheet\b", block[:2048]) or opened is None:
            return None  # prefixed tags (the patterns miss them), or the rows far down
        cut = block.rfind(b"</row>", opened.end(), opened.end() + PART_BYTES)
        claimed = _DIMENSION.search(block, 0, opened.start())
        if cut < 0 or (claimed and int(claimed.group(1)) > MAX_ROW):
            return None  # no row end, or more rows claimed than parts may hold (the parts would find it late)
        cut += len(b"</row>")
        rows = PartedRows(path, name, member, block[:opened.end()], others, text)
        try:
            rows.read_part(block, opened.end(), cut)
            data = block + handle.read()
            close = data.rfind(b"</sheetData>")
            cuts = _cuts(data, cut, close) if close >= cut else None
            if cuts is None:
                raise ReadWhole
            rows.read_rest(data, cuts, data[close:])
            for _ in range(READ_AHEAD):  # the reading thread kept busy while the caller looks at the first rows
                rows.check_next()
        except BaseException as error:
            rows.close()
            # Unusual, damaged (calamine raises several error types, and a panic is no Exception): read whole,
            # which explains it.
            if isinstance(error, Exception) or type(error).__name__ == "PanicException":
                return None
            raise
    return rows


def _other_sheet(filename: str) -> bool:
    """Whether a zip member (not the sheet read) is a worksheet: its parts' workbooks hold it empty."""
    return filename.startswith("xl/worksheets/") and filename.endswith(".xml")


Part = tuple[tuple[int, int] | None, list[list[Any]]]  # (start, rows) as calamine reads them


class PartedRows(Sequence[list[Any]]):
    """The rows of a sheet read in parts: a read-only sequence that waits for the parts it needs.

    Reading a row checks and starts reading the part after the one it lies in; a part found unusual
    raises :class:`ReadWhole`. :attr:`expected` is about how many rows the sheet has (for progress), and
    :attr:`hidden` its hidden rows. :meth:`close` stops the reading and removes the parts.
    """

    def __init__(self, path: Path, name: str, member: str, head: bytes, others: list[tuple[str, bytes]],
                 text: _TextCount) -> None:
        self.path = path
        self._marks = Marks()  # found in each part as it is checked
        self.hidden = self._marks.hidden  # grows with the parts checked, before their rows are handed over
        self._name, self._member, self._others, self._text, self._head = name, member, others, text, head
        self._data = b""
        self._cuts: list[tuple[int, int]] = []
        self._last_row = 0  # the last row of the parts checked
        claimed = _DIMENSION.search(head)
        self.expected = int(claimed.group(1)) if claimed else 0
        self._rows: list[list[Any]] = []
        self._width = 0
        self._merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self._sources: dict[tuple[int, int], Any] = {}  # merged ranges' values, as read (before error marks)
        self._folder = Path(tempfile.mkdtemp(prefix="bakti-bagian-"))
        self._pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="bakti-bagian")
        self._pending: list[Future[Part]] = []
        self._parts = 0
        self._checked = 0

    def read_part(self, data: bytes, begin: int, end: int) -> None:
        """Check the part ``data[begin:end]`` and start reading it (:class:`ReadWhole` when it is not
        ordinary or goes beyond a limit)."""
        from bakti_desktop.spreadsheets.workbook import MAX_TEXT

        found = ordinary(data, begin, end, self._last_row)
        if found is None:
            raise ReadWhole
        self._last_row = found[1]
        if data.find(b't="e"', begin, end) >= 0 or data.find(b"hidden=", begin, end) >= 0:
            xlsx_marks_in(data[begin:end], self._marks)  # an ordinary sheet seldom has either
        text = self._text
        text.feed(data[begin:end])
        if text.unusual or text.typed != text.matched or text.text > MAX_TEXT:
            raise ReadWhole
        file = self._write(f"bagian-{self._parts}.xlsx", self._head, memoryview(data)[begin:end],
                           b"</sheetData></worksheet>")
        self._pending.append(self._pool.submit(_read_part, file, self._name))
        self._parts += 1

    def _write(self, name: str, *sheet: bytes | memoryview) -> Path:
        """A workbook of the original's members, its sheet holding ``sheet`` (pieces of XML), stored unpacked in
        the parts' folder as ``name``. Written whole, then once to the file: see :func:`_read_part`."""
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as book:
            for filename, content in self._others:
                book.writestr(filename, content)
            book.writestr(self._member, b"".join(sheet))
        file = self._folder / name
        file.write_bytes(packed.getbuffer())
        return file

    def read_rest(self, data: bytes, cuts: list[tuple[int, int]], tail: bytes) -> None:
        """The whole sheet's XML ``data`` (the first part read already), the rest of its rows cut into ``cuts``,
        and ``tail``, what follows the rows: its merged ranges are read now, as python-calamine reads them."""
        from python_calamine import CalamineWorkbook

        self._data, self._cuts = data, cuts
        if re.search(rb"<mergeCell\b", tail):
            workbook = CalamineWorkbook.from_path(str(self._write("gabungan.xlsx", self._head, tail)))
            try:
                merged = workbook.get_sheet_by_name(self._name).merged_cell_ranges
            finally:
                workbook.close()
            self._merged = [((int(a), int(b)), (int(c), int(d))) for (a, b), (c, d) in merged or []]
        if not cuts:
            self._finish()

    def check_next(self) -> bool:
        """Check the next part and start reading it; False when every part has been."""
        if self._checked == len(self._cuts):
            return False
        begin, end = self._cuts[self._checked]
        self.read_part(self._data, begin, end)
        self._checked += 1
        if self._checked == len(self._cuts):
            self._finish()
        return True

    def _finish(self) -> None:
        """Every part checked: the text counted exactly where the quick count could not tell."""
        from bakti_desktop.spreadsheets.workbook import MAX_TEXT

        total = self._text.total()
        if total is None or total > MAX_TEXT:
            raise ReadWhole
        self.expected = self._last_row

    def _more(self) -> bool:
        """Put the next part's rows after those read, the part after it being checked and read meanwhile;
        False when every part is in."""
        if not self._pending:
            return False
        try:
            while len(self._pending) <= READ_AHEAD and self.check_next():
                pass  # parts read ahead: the next ones are read while the caller checks this one's rows
            start, rows = self._pending.pop(0).result()
        except ReadWhole:
            self.close()
            raise
        except BaseException as error:
            self.close()
            from bakti_desktop.spreadsheets.workbook import _not_excel

            # calamine raises several error types for damaged files, and a panic is no Exception
            if isinstance(error, Exception) or type(error).__name__ == "PanicException":
                raise _not_excel(self.path) from None
            raise
        if start is None:
            return True
        top, left = start
        held = self._rows
        if top < len(held):  # a cell among the rows of a part before: only the whole sheet places it
            self.close()
            raise ReadWhole
        self._width = max(self._width, left + (len(rows[0]) if rows else 0))
        first = len(held)
        while len(held) < top:
            held.append([""] * self._width)
        for row in rows:
            if left:
                row[:0] = [""] * left
            if len(row) < self._width:
                row.extend([""] * (self._width - len(row)))
            held.append(row)
        self._mark(first, len(held))
        return True

    def _mark(self, first: int, end: int) -> None:
        """The values merged over rows and the error cells in rows ``first`` to ``end``, as a sheet read whole
        gets them."""
        from bakti_desktop.spreadsheets.workbook import mark_rows

        mark_rows(self._rows, self._merged, self._marks.errors, first, end, self._sources)

    def _until(self, count: int | None) -> None:
        """Read parts until ``count`` rows are in (None: all of them)."""
        while (count is None or len(self._rows) < count) and self._more():
            pass

    def __iter__(self) -> Iterator[list[Any]]:
        index = 0
        while True:
            while index < len(self._rows):
                yield self._rows[index]
                index += 1
            if not self._more():
                return

    def __len__(self) -> int:
        self._until(None)
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Any]]: ...

    def __getitem__(self, index: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(index, slice):
            stop = index.stop
            whole = stop is None or stop < 0 or (index.start or 0) < 0
            self._until(None if whole else stop)
        else:
            self._until(index + 1 if index >= 0 else None)
        return self._rows[index]

    def close(self) -> None:
        """Stop reading: the parts not begun are dropped, the one being read is waited for; the parts'
        folder is removed."""
        for future in self._pending:
            future.cancel()
        self._pending = []
        self._checked = len(self._cuts)
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._folder, ignore_errors=True)


def _read_part(file: Path, name: str) -> Part:
    """Read one part's workbook with python-calamine (in the reading thread), and remove it.

    Only the read happens here: the part is written by the main thread, whole, since each write to a file
    lets go of Python's lock, and a thread taking it back a few dozen times a part would wait each time for
    the other one, busy checking."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(file))
        try:
            read = workbook.get_sheet_by_name(name)
            rows = read.to_python()
        finally:
            workbook.close()  # before the file is removed (Windows keeps an open file)
        return read.start if rows else None, rows
    finally:
        with suppress(OSError):
            file.unlink()
