"""Reading a CSV file as a sheet (docs/domain-rules.md §3.6).

Sanitarians save a survey as CSV from Excel (an Indonesian Excel separates with ";", an English one with ",")
or from Google Sheets (UTF-8); older Windows programs write Windows-1252. The program reads the file itself
rather than asking for a conversion: an office suite set to English swaps day and month and drops the
trailing zero of "73.10".

Every cell is text as written (the survey's rules read numbers and day-first dates from text); an empty
cell is None; a cell showing a spreadsheet error (``#DIV/0!``) becomes a :class:`SheetError`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg

MAX_CSV_BYTES = 200 * 1024 * 1024
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
DELIMITERS = (";", ",", "\t")


def looks_like_text(head: bytes) -> bool:
    """Whether the first bytes of a file could be a CSV: no NUL byte, and readable as UTF-8 or Windows-1252."""
    if not head or b"\0" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:  # a character cut at the end of the sample
            return True
    try:
        text = head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def decode(data: bytes) -> str:
    """UTF-8 (with or without its byte-order mark), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def delimiter(text: str) -> str:
    """The separator of the file: the one that splits its first lines into the most columns, consistently."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, score = ",", -1
    for candidate in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        except csv.Error:
            continue
        if not widths:
            continue
        # the widest line counts most (the header); title lines above it have fewer separators
        found = max(widths) * 1000 + sum(1 for w in widths if w == max(widths))
        if max(widths) > 1 and found > score:
            best, score = candidate, found
    return best


def read_csv(path: Path) -> list[list[Any]]:
    """The rows of a CSV file; refuses one beyond the size limits of :mod:`workbook`."""
    from bakti_desktop.spreadsheets.marks import SheetError, error_code
    from bakti_desktop.spreadsheets.workbook import MAX_COLUMNS, MAX_ROWS, too_many_columns, too_many_rows

    if path.stat().st_size > MAX_CSV_BYTES:
        raise UserError(msg(en="{name} is too large to read.", id="{name} terlalu besar untuk dibaca.", name=path.name))
    text = decode(path.read_bytes())
    separator = delimiter(text)
    rows: list[list[Any]] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=1):
            if number > MAX_ROWS:
                raise too_many_rows(path, number)
            if len(record) > MAX_COLUMNS and any(c.strip() for c in record[MAX_COLUMNS:]):
                raise too_many_columns(path, len(record))
            row: list[Any] = []
            for column, cell in enumerate(record[:MAX_COLUMNS]):
                value = cell.strip()
                if not value:
                    row.append(None)
                elif value[0] in "#E" and (code := error_code(value)):
                    from bakti_desktop.spreadsheets.workbook import column_letters

                    row.append(SheetError(code, f"{column_letters(column + 1)}{number}"))
                else:
                    row.append(value)
            rows.append(row)
    except csv.Error as error:
        raise UserError(msg(en="{name} cannot be read as CSV: {e}", id="{name} tidak dapat dibaca sebagai CSV: {e}",
                            name=path.name, e=error)) from None
    return rows
