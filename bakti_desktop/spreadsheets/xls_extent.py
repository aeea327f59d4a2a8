"""Checking a legacy Excel workbook (.xls: BIFF records in an OLE2 compound file) before python-calamine reads it.

python-calamine reads every sheet of an .xls when it opens it, and holds each sheet as the rectangle from
its first to its last cell (about 40 bytes a cell); it also reserves room for the rectangle a sheet's
DIMENSIONS record claims. A 6 KB file with one cell at IV65536, or a DIMENSIONS record claiming
4,294,967,295 rows, makes it ask for gigabytes and abort the process. A damaged container can make it
loop for ever or panic. :func:`check` reads the file the way calamine's ``cfb.rs`` and ``xls.rs`` do
(the same stream, the same sectors, the same records from each sheet's offset) and refuses, before
calamine sees the file, a sheet that reaches past column :data:`~bakti_desktop.spreadsheets.workbook.MAX_COLUMNS`
or whose rectangle (from A1, as the rows are handed over) exceeds
:data:`~bakti_desktop.spreadsheets.workbook.CALAMINE_CELLS`, and a container calamine could not read safely.

Cells are counted where calamine places them: the records NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST,
MULRK and FORMULA, by their own row and column (ROW, BLANK and MULBLANK records place nothing). The
records are walked with a regular expression that passes over whole runs of ordinary cell records
(columns up to :data:`NARROW`) at once, so that a 65,000-row workbook is checked in a fraction of a second.

Every cell that shows a shared string gets its own copy of it, in calamine and again in Python: one string of
32,767 characters in 6,000 cells makes 400 MB of a 150 KB file. The text so copied is limited to
:data:`MAX_SHARED_TEXT` characters, measured from the shared string table and the cells that refer to it.
"""

from __future__ import annotations

import mmap
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.spreadsheets.workbook import MAX_TEXT

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENDOFCHAIN = 0xFFFF_FFFE
DIFSECT = 0xFFFF_FFFC
RESERVED = 0xFFFF_FFFA
STREAM_NAMES = ("Workbook", "Book", "WORKBOOK", "BOOK")  # in calamine's order
MAX_DIFAT_CAPACITY = 1 << 24  # calamine reserves this many DIFAT entries from a header field (4 bytes each)
# Every sheet of an .xls has at most 65,536 rows, so a sheet whose cells all lie in the first NARROW + 1
# columns is within CALAMINE_CELLS whatever its rows: 65,536 × 61 = 3,997,696.
NARROW = 60

_U16 = struct.Struct("<H").unpack_from
_U32 = struct.Struct("<I").unpack_from
_HEAD = struct.Struct("<HH").unpack_from
_ROW_COL = struct.Struct("<HH").unpack_from
_CCH_FLAGS = struct.Struct("<HB").unpack_from

# Records that place a cell (type: shortest length calamine accepts), their row and column first.
_PLACED = {0x0203: 14, 0x0204: 6, 0x00D6: 6, 0x0205: 8, 0x027E: 10, 0x00FD: 10, 0x0006: 20}
_MULRK = 0x00BD
_DIMENSIONS = 0x0200
_BOF = 0x0809
_EOF = 0x000A
_BOUNDSHEET = 0x0085
_MERGECELLS = 0x00E5
_SST = 0x00FC
_CONTINUE = 0x003C
_LABELSST = 0x00FD
# Characters of text python-calamine may copy out of the shared string table into cells (each cell holds its
# own copy): the limit of every workbook.
MAX_SHARED_TEXT = MAX_TEXT


class Damaged(Exception):
    """The file is not a compound file calamine can read safely."""


def _narrow_run() -> re.Pattern[bytes]:
    """One or more records that place nothing, or a cell in a column up to NARROW (any row): the usual
    records of a sheet, in the lengths spreadsheet programs write them."""
    column = rb"[\x00-\x%02x]\x00" % NARROW
    # Length, row, first column, the values, last column; both columns narrow (calamine places the cells from
    # the first column on, and a first column beyond the last one would wrap around to far columns).
    mulrk = b"|".join(rb"%s..%s.{%d}%s" % (re.escape(struct.pack("<H", 6 + 6 * k)), column, 6 * k, column)
                      for k in range(1, NARROW + 2))
    records = [
        # type, length, row, column, the rest
        rb"\xfd\x00\x0a\x00.." + column + rb".{6}",  # LABELSST
        rb"\x7e\x02\x0a\x00.." + column + rb".{6}",  # RK
        rb"\x03\x02\x0e\x00.." + column + rb".{10}",  # NUMBER
        rb"\x05\x02\x08\x00.." + column + rb".{4}",  # BOOLERR
        rb"\x08\x02\x10\x00.{16}",  # ROW
        rb"\x01\x02\x06\x00.{6}",  # BLANK
        rb"\xbd\x00(?:" + mulrk + rb")",  # MULRK of 1 to NARROW + 1 cells ending in a narrow column
    ]
    return re.compile(rb"(?:" + b"|".join(records) + rb")++", re.DOTALL)  # possessive: five times as fast


_RUN: re.Pattern[bytes] | None = None


@dataclass
class SheetExtent:
    name: str
    # From row 1 and column A to the last row and column holding a cell; for a sheet whose cells all lie in
    # the first NARROW + 1 columns (read in runs, see _narrow_run), at most 65,536 rows and NARROW + 1 columns.
    rows: int
    columns: int
    claimed: int  # the most cells a DIMENSIONS record made calamine reserve room for


# ---------------------------------------------------------------- the compound file (calamine's cfb.rs)


class _Sectors:
    def __init__(self, data: mmap.mmap | bytes, start: int, size: int, maxid: int, whole: bool = False) -> None:
        self.data, self.start, self.size, self.maxid = data, start, size, maxid
        self.whole = whole  # every sector must lie wholly within ``data``

    def where(self, sector: int) -> tuple[int, int]:
        """(offset, length) of a sector in ``data``: shorter than a sector at the end of the file."""
        if sector > self.maxid:
            raise Damaged("sector beyond the end")
        begin = self.start + sector * self.size
        if begin > len(self.data) or (self.whole and begin + self.size > len(self.data)):
            # calamine would panic (a slice out of range), or read a mini sector on from the file itself
            raise Damaged("sector beyond the end")
        return begin, min(self.size, len(self.data) - begin)

    def get(self, sector: int) -> bytes:
        begin, length = self.where(sector)
        return self.data[begin:begin + length]

    def chain(self, sector: int, table: Any, limit: int) -> bytes:
        """The sectors from ``sector`` on, as calamine's ``get_chain`` joins them; a loop is refused
        (calamine would go round it for ever, or until ``limit`` bytes). ``table`` is the allocation table
        (a numpy array); runs of neighbouring sectors, as files are usually written, are taken at once."""
        import numpy as np

        pieces: list[list[int]] = []  # [offset, length]
        total = 0
        seen = np.zeros(len(table) + 1, dtype=bool)  # sectors beyond the table end the chain (see below)
        # Sectors wholly in the file and in the table: runs are looked for among them.
        whole = min(self.maxid + 1, (len(self.data) - self.start) // self.size, len(table))
        while sector != ENDOFCHAIN:
            begin, length = self.where(sector)
            count = 1
            if sector < whole:  # how many sectors follow one another from here: table[s] == s + 1
                window = table[sector:whole]
                breaks = np.flatnonzero(window != np.arange(sector + 1, sector + 1 + len(window), dtype=np.int64))
                count = int(breaks[0]) + 1 if len(breaks) else len(window)
                length = count * self.size
            marked = seen[min(sector, len(table)):min(sector + count, len(table) + 1)]
            if marked.any():
                raise Damaged("a sector chain loops")
            marked[:] = True
            length = min(length, limit - total)
            if pieces and pieces[-1][0] + pieces[-1][1] == begin:
                pieces[-1][1] += length
            else:
                pieces.append([begin, length])
            total += length
            if total >= limit:
                break
            last = sector + count - 1
            if last >= len(table):
                raise Damaged("a sector outside the allocation table")  # calamine would panic
            sector = int(table[last])
        out = bytearray(total)  # one copy, whatever the number of pieces
        done = 0
        with memoryview(self.data) as view:
            for begin, length in pieces:
                out[done:done + length] = view[begin:begin + length]
                done += length
        return out  # type: ignore[return-value]  # a bytearray reads as bytes do


def _u32s(data: bytes) -> tuple[int, ...]:
    if len(data) % 4:
        raise Damaged("a partial table sector")  # calamine asserts whole entries
    return struct.unpack(f"<{len(data) // 4}I", data)


def _table(data: bytes) -> Any:
    """An allocation table as a numpy array of its entries."""
    import numpy as np

    if len(data) % 4:
        raise Damaged("a partial table sector")  # calamine asserts whole entries
    return np.frombuffer(data, dtype="<u4").astype(np.int64)


def workbook_stream(data: mmap.mmap | bytes) -> bytes:
    """The Workbook (or Book) stream of a compound file, read as python-calamine reads it."""
    length = len(data)
    if length < 512 or data[:8] != SIGNATURE:
        raise Damaged("not a compound file")
    header = data[:512]
    version = _U16(header, 26)[0]
    shift = _U16(header, 30)[0]
    if shift not in (9, 12) or _U16(header, 32)[0] != 6:
        raise Damaged("sector sizes")
    size = 1 << shift
    first = 512 if size == 512 else 4096
    if length < first:
        raise Damaged("short header")
    fat_len, dir_start = _U32(header, 44)[0], _U32(header, 48)[0]
    mini_fat_start, mini_fat_len, difat_start = _U32(header, 60)[0], _U32(header, 64)[0], _U32(header, 68)[0]
    maxid = length // size
    # calamine reserves room from two header fields (the second one read across two fields) before anything else.
    if fat_len > maxid + 1 or _U32(header, 62)[0] > MAX_DIFAT_CAPACITY:
        raise Damaged("header sizes")
    sectors = _Sectors(data, first, size, maxid)
    difat = list(_u32s(header[76:512]))
    sector, seen = difat_start, set()
    while sector < RESERVED:
        if sector in seen:
            raise Damaged("the DIFAT loops")
        seen.add(sector)
        difat.extend(_u32s(sectors.get(sector)))
        sector = difat.pop()
    fat_sectors = [s for s in difat if s < DIFSECT]
    if len(fat_sectors) > maxid + 1:
        raise Damaged("more FAT sectors than sectors")
    fats = _table(b"".join(sectors.get(s) for s in fat_sectors))
    directory = sectors.chain(dir_start, fats, 1 << 62)
    if len(directory) % 128:
        raise Damaged("a partial directory entry")  # calamine would panic
    entries = []
    for offset in range(0, len(directory), 128):
        name = directory[offset:offset + 64].decode("utf-16-le", "replace").split("\0")[0]
        start = _U32(directory, offset + 116)[0]
        length_field = struct.unpack_from("<I" if size == 512 else "<Q", directory, offset + 120)[0]
        entries.append((name, start, length_field))
    if not entries or (version != 3 and entries[0][1] == ENDOFCHAIN):
        raise Damaged("no root directory")
    ministream, minifat = b"", _table(b"")
    if mini_fat_len > 0:
        ministream = sectors.chain(entries[0][1], fats, entries[0][2])
        minifat = _table(sectors.chain(mini_fat_start, fats, mini_fat_len * size))
    for wanted in STREAM_NAMES:
        found = next((e for e in entries if e[0] == wanted), None)
        if found is None:
            continue
        _name, start, stream_len = found
        if stream_len < 4096:
            return _Sectors(ministream, 0, 64, maxid * 8, whole=True).chain(start, minifat, stream_len)
        return sectors.chain(start, fats, stream_len)
    raise Damaged("no Workbook stream")


# ---------------------------------------------------------------- the records (calamine's xls.rs)


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, offset) of every sheet, from the BOUNDSHEET records of the workbook globals."""
    sheets = []
    biff8 = True
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        typ, size = _HEAD(stream, pos)
        body = pos + 4
        pos = body + size
        if pos > end:
            break  # calamine stops with an error: no sheet is read
        if typ == _EOF:
            break
        if typ == _BOF and size >= 2:
            biff8 = _U16(stream, body)[0] == 0x0600
        elif typ == _BOUNDSHEET and size >= 7:
            offset, count = _U32(stream, body)[0], stream[body + 6]
            if biff8:  # the name's characters follow a byte of flags: UTF-16 or one byte each
                wide = size > 7 and stream[body + 7] & 1
                raw = stream[body + 8:body + 8 + count * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            else:  # BIFF5 and earlier: bytes of the workbook's code page
                name = stream[body + 7:body + 7 + count].decode("cp1252", "replace")
            sheets.append((name, offset))
    return sheets


def _dimension_cells(stream: bytes, body: int, size: int) -> int:
    """How many cells calamine reserves room for from a DIMENSIONS record (0 for one it refuses)."""
    if size == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", stream, body)
    elif size == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", stream, body)
    else:
        return 0
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row < 1 or last_col < 1:
        return 1
    rows = (last_row - 1 - first_row + 1) % (1 << 32)  # unsigned 32-bit, as calamine computes it
    columns = (last_col - 1 - first_col + 1) % (1 << 32)
    return int(rows * columns)


def sheet_extent(stream: bytes, name: str, offset: int) -> SheetExtent:
    """The rectangle calamine builds for the sheet whose records begin at ``offset``: runs of narrow cells
    are passed over at once; a sheet with a cell beyond column NARROW + 1 is walked again, record by record."""
    global _RUN
    if _RUN is None:
        _RUN = _narrow_run()
    if offset > len(stream):
        raise Damaged("a sheet beyond the end of the stream")  # calamine would panic
    last_row, last_col, claimed, narrow = _walk(stream, offset, _RUN.match)
    if last_col > NARROW:
        last_row, last_col, claimed, narrow = _walk(stream, offset, None)
    elif narrow:  # every cell lies within the first NARROW + 1 columns, and an .xls has at most 65,536 rows
        return SheetExtent(name, 65536, NARROW + 1, claimed)
    return SheetExtent(name, last_row + 1, last_col + 1, claimed)


def _walk(stream: bytes, offset: int, run: Any) -> tuple[int, int, int, bool]:
    """(last row, last column, cells reserved for, whether ``run`` passed over records) of one sheet, walking
    its records as calamine does: from ``offset`` to its EOF, nested substreams (charts) skipped."""
    last_row = last_col = -1
    claimed = 0
    narrow = False
    pos, end = offset, len(stream)
    depth, seen_bof = 0, False
    while pos + 4 <= end:
        if run is not None and depth == 0:
            found = run(stream, pos)
            if found:  # records placing cells within the first NARROW + 1 columns, or nothing
                pos = found.end()
                narrow = True
                continue
        typ, size = _HEAD(stream, pos)
        body = pos + 4
        pos = body + size
        if pos > end:
            break  # calamine stops with an error
        if depth:
            if typ == _BOF:
                depth += 1
            elif typ == _EOF:
                depth -= 1
            continue
        if typ == _EOF:
            break
        if typ == _BOF:
            if seen_bof:
                depth += 1
            seen_bof = True
        elif typ in _PLACED:
            if size >= _PLACED[typ]:
                row, col = _ROW_COL(stream, body)
                if row > last_row:
                    last_row = row
                if col > last_col:
                    last_col = col
        elif typ == _MULRK:
            if size >= 6:
                row, first = _ROW_COL(stream, body)
                last = _U16(stream, body + size - 2)[0]
                cells = (size - 6) // 6
                if size == 6 + 6 * ((last - first + 1) % 65536) and cells:  # else calamine stops with an error
                    last_row, last_col = max(last_row, row), max(last_col, first + cells - 1)
        elif typ == _DIMENSIONS:
            claimed = max(claimed, _dimension_cells(stream, body, size))
        elif typ == _MERGECELLS:
            if size < 2 or 2 + 8 * _U16(stream, body)[0] > size:
                raise Damaged("merged cells beyond their record")  # calamine would panic
    return last_row, last_col, claimed, narrow


# ---------------------------------------------------------------- shared strings, copied into every cell


def _sst_lengths(stream: bytes) -> Any:
    """The length (characters) of every string of the shared string table, as calamine's ``parse_sst`` reads
    it (a string continued in the next CONTINUE record begins there with a byte of flags again)."""
    import numpy as np

    segments: list[tuple[int, int]] = []
    pos, end = 0, len(stream)
    while pos + 4 <= end:  # the workbook globals: the last SST and the CONTINUE records right after it
        typ, size = _HEAD(stream, pos)
        body, pos = pos + 4, pos + 4 + size
        if pos > end or typ == _EOF:
            break
        if typ == _SST:
            segments = [(body, pos)]
            while pos + 4 <= end and _U16(stream, pos)[0] == _CONTINUE:
                size = _U16(stream, pos + 2)[0]
                if pos + 4 + size > end:
                    break
                segments.append((pos + 4, pos + 4 + size))
                pos += 4 + size
    lengths: list[int] = []
    if not segments or segments[0][1] - segments[0][0] < 8:
        return np.zeros(0, dtype=np.int64)
    index, at, stop = 0, segments[0][0] + 8, segments[0][1]

    def next_segment() -> bool:
        nonlocal index, at, stop
        if index + 1 >= len(segments):
            return False
        index += 1
        at, stop = segments[index]
        return True

    def skip(count: int) -> bool:
        nonlocal at
        while count > 0:
            if at == stop and not next_segment():
                return False
            taken = min(count, stop - at)
            at += taken
            count -= taken
        return True

    while at < stop or next_segment():
        if at + 3 <= stop:  # the usual string: plain, wholly in this record
            cch, flags = _CCH_FLAGS(stream, at)
            if not flags & 0xC and at + 3 + (cch << (flags & 1)) <= stop:
                lengths.append(cch)
                at += 3 + (cch << (flags & 1))
                continue
        if at == stop:
            lengths.append(0)  # calamine's empty string for a spec violation
            continue
        if stop - at < 3:
            break  # calamine stops with an error
        cch, flags = _U16(stream, at)[0], stream[at + 2]
        at += 3
        runs = extra = 0
        if flags & 0x8:
            if stop - at < 2:
                break
            runs = _U16(stream, at)[0]
            at += 2
        if flags & 0x4:
            if stop - at < 4:
                break
            extra = struct.unpack_from("<i", stream, at)[0]
            at += 4
            if extra < 0:
                break  # calamine cannot skip that far: an error
        left, wide = cch, flags & 1
        while left > 0:
            taken = min((stop - at) // 2, left) if wide else min(stop - at, left)
            at += 2 * taken if wide else taken
            left -= taken
            if left > 0:
                if not next_segment() or at == stop:
                    break
                wide = stream[at] & 1
                at += 1
        if left > 0 or not skip(runs * 4 + extra):
            break
        lengths.append(cch)
    return np.array(lengths, dtype=np.int64)


def _shared_text_bound(stream: bytes, lengths: Any) -> int:
    """At most how many characters of shared strings the LABELSST records hand over (each cell gets its own
    copy): every place in the stream that could begin one counts, so that nothing is missed."""
    import numpy as np

    if not len(lengths):
        return 0
    total = 0
    data = np.frombuffer(stream, dtype=np.uint8)
    chunk = 4 * 1024 * 1024
    for begin in range(0, max(len(data) - 13, 0), chunk):
        part = data[begin:begin + chunk + 14]
        starts = np.flatnonzero((part[:-14] == 0xFD) & (part[1:-13] == 0x00))
        if not len(starts):
            continue
        size = part[starts + 2].astype(np.int64) | (part[starts + 3].astype(np.int64) << 8)
        starts = starts[size >= 10]  # calamine reads a LABELSST of 10 bytes or more
        index = np.zeros(len(starts), dtype=np.int64)
        for k in range(4):
            index |= part[starts + 10 + k].astype(np.int64) << (8 * k)
        total += int(lengths[index[index < len(lengths)]].sum())
    return total


def _shared_text_exact(stream: bytes, offsets: list[int], lengths: Any) -> int:
    """The characters of shared strings the LABELSST records of the sheets hand over, record by record."""
    total = 0
    for offset in offsets:
        pos, end = offset, len(stream)
        depth, seen_bof = 0, False
        while pos + 4 <= end:
            typ, size = _HEAD(stream, pos)
            body, pos = pos + 4, pos + 4 + size
            if pos > end:
                break
            if typ == _BOF:
                depth += 1 if seen_bof else 0
                seen_bof = True
            elif typ == _EOF:
                if not depth:
                    break
                depth -= 1
            elif typ == _LABELSST and not depth and size >= 10:
                index = _U32(stream, body + 6)[0]
                if index < len(lengths):
                    total += int(lengths[index])
    return total


@dataclass
class Measure:
    sheets: list[SheetExtent]
    shared_text: int  # characters of shared strings copied into cells (an upper bound while within the limit)


def measure(path: Path, max_text: int = 0) -> Measure:
    """The sheets of the .xls at ``path`` and the text calamine would copy into their cells. The text is
    counted exactly when its quick upper bound exceeds ``max_text``."""
    with path.open("rb") as handle:
        try:
            data: mmap.mmap | bytes = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            data = b""
        try:
            stream = workbook_stream(data)
        finally:
            if isinstance(data, mmap.mmap):
                data.close()
    sheets = _sheets(stream)
    lengths = _sst_lengths(stream)
    text = _shared_text_bound(stream, lengths)
    if text > max_text:
        text = _shared_text_exact(stream, [offset for _name, offset in sheets], lengths)
    return Measure([sheet_extent(stream, name, offset) for name, offset in sheets], text)


def extents(path: Path) -> list[SheetExtent]:
    """The rectangle of every sheet of the .xls at ``path``, as python-calamine would hold them."""
    return measure(path).sheets


def _shown(name: str) -> str:
    """A sheet name fit for a one-line message."""
    shown = "".join(ch for ch in name if ch.isprintable())[:60]
    return f'"{shown}"'


def check(path: Path) -> None:
    """Refuse, in one sentence, an .xls that python-calamine cannot read within the limits of
    :mod:`bakti_desktop.spreadsheets.workbook` (or cannot read safely at all)."""
    from bakti_desktop.spreadsheets.workbook import (CALAMINE_CELLS, MAX_COLUMNS, _not_excel, column_letters,
                                                     too_much_text)
    from bakti_desktop.reports.format import number

    try:
        found = measure(path, MAX_SHARED_TEXT)
    except Damaged:
        raise _not_excel(path) from None
    if found.shared_text > MAX_SHARED_TEXT:
        raise too_much_text(path, found.shared_text)
    for sheet in found.sheets:
        if sheet.columns > MAX_COLUMNS:
            raise UserError(msg(
                en="{name} is refused: its sheet {sheet} has a cell in column {col}, and at most {limit} columns "
                   "(to {last}) are read.",
                id="{name} ditolak: lembar {sheet} memiliki sel di kolom {col}, sedangkan batasnya {limit} kolom "
                   "(sampai kolom {last}).",
                name=path.name, sheet=_shown(sheet.name), col=column_letters(sheet.columns),
                limit=number(MAX_COLUMNS), last=column_letters(MAX_COLUMNS)))
        if sheet.rows * sheet.columns > CALAMINE_CELLS:
            raise UserError(msg(
                en="{name} is refused: the cells of its sheet {sheet} span {r} rows × {c} columns; save it as .xlsx "
                   "to import it.",
                id="{name} ditolak: sel lembar {sheet} membentang {r} baris × {c} kolom; simpan sebagai .xlsx "
                   "untuk mengimpornya.",
                name=path.name, sheet=_shown(sheet.name), r=number(sheet.rows), c=number(sheet.columns)))
        if sheet.claimed > CALAMINE_CELLS:
            raise UserError(msg(
                en="{name} is refused: its sheet {sheet} declares a size of {n} cells, more than can be read at once; "
                   "save it as .xlsx to import it.",
                id="{name} ditolak: lembar {sheet} menyatakan ukuran {n} sel, melebihi yang dapat dibaca sekaligus; "
                   "simpan sebagai .xlsx untuk mengimpornya.",
                name=path.name, sheet=_shown(sheet.name), n=number(sheet.claimed)))
