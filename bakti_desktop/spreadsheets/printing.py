"""Worksheets that print as they come out: the one helper every workbook the program writes goes through.

- column widths computed from the values written (capped), so a column shows its content;
- print setup on every sheet: A4, landscape where the table is wide, fit to one page wide (any height),
  the header rows repeated on every page, a footer with the document title and "Halaman &P dari &N";
- wrapped multi-line cells (a note never runs over the next row), headers wrapped;
- real date cells (date values with a dd/mm/yyyy number format, so they sort);
- frozen header rows;
- charts no wider than the columns they stand on, so they stay on the printed page.

Works for normal sheets and for write-only sheets. A write-only sheet writes its ``<cols>``, panes and
page properties with its first row (openpyxl drops what is set later), so there: measure the rows first
(:func:`measure`), call :func:`set_widths` and :func:`prepare` before the first ``append``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from copy import copy
from itertools import zip_longest
from datetime import date, datetime
from typing import Any

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MIN_WIDTH = 5.0
MAX_WIDTH = 50.0
#: Widths (in characters) above which a sheet is printed landscape: about what portrait A4 holds at 100%.
PORTRAIT_LIMIT = 100.0
A4 = 9
#: Printable width of A4 landscape with the margins below, in cm (29.7 - 2 × 1.5).
LANDSCAPE_PRINTABLE_CM = 26.7
PORTRAIT_PRINTABLE_CM = 18.0
MARGIN_INCH = 0.6


def _value(cell: Any) -> Any:
    return getattr(cell, "value", cell)


def value_width(value: Any) -> float:
    """The characters the longest line of ``value`` needs, as a spreadsheet shows it."""
    if value is None:
        return 0.0
    if isinstance(value, datetime):
        return 16.0 if (value.hour or value.minute) else 10.0
    if isinstance(value, date):
        return 10.0
    if isinstance(value, bool):
        return 5.0
    if isinstance(value, int):
        return len(f"{value:,}")
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    text = str(value)
    longest = max((len(line) for line in text.split("\n")), default=0)
    # Capitals and digits are wider than the average letter the width unit is measured with.
    return longest * 1.1 if longest and sum(c.isupper() for c in text) > len(text) / 2 else float(longest)


def header_width(value: Any, least: float = 14) -> float:
    """A header wraps: it needs its longest word, and its whole text up to ``least`` characters."""
    text = "" if value is None else str(value)
    words = max((len(w) for w in text.split()), default=0)
    return float(max(words, min(len(text), least)))


def measure(rows: Iterable[Sequence[Any]], *, headers: Sequence[Sequence[Any]] = (), minimum: float = MIN_WIDTH,
            maximum: float = MAX_WIDTH, caps: dict[int, float] | None = None, header_least: float = 14) -> list[float]:
    """Column widths (characters) that show the values of ``rows`` (values or cells), within a cap.

    ``headers``: header rows, which wrap (they count by their longest word). ``caps``: a different cap
    for some columns (0-based index)."""
    return widths_for(column_values(rows), headers=headers, minimum=minimum, maximum=maximum, caps=caps,
                      header_least=header_least)


#: Values that are not cells (the common case, told apart without an attribute lookup).
_PLAIN = frozenset({str, int, float, bool, date, datetime, type(None)})


def column_values(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """The distinct values of each column of ``rows`` (a cell counts by its value), without None.

    A sheet of 20,000 surveys measured cell by cell took a fifth of its export time; a column holds
    mostly codes, labels and numbers repeated, so each distinct value is looked at once. Values are told
    apart with their type: 1, 1.0 and True are one value to a set, but not equally wide."""
    columns = []
    for column in zip_longest(*rows):  # the rows' cells column by column
        values = set(zip(map(type, column), column))
        cells = [value for kind, value in values if kind not in _PLAIN]
        if cells:
            values = {pair for pair in values if pair[0] in _PLAIN}
            values.update((type(value), value) for value in map(_value, cells))
        columns.append([value for _kind, value in values if value is not None])
    return columns


def widths_for(columns: Sequence[Sequence[Any]], *, headers: Sequence[Sequence[Any]] = (), minimum: float = MIN_WIDTH,
               maximum: float = MAX_WIDTH, caps: dict[int, float] | None = None, header_least: float = 14) -> list[float]:
    """:func:`measure` from the :func:`column_values` of the rows."""
    needed: list[float] = []

    def take(index: int, width: float) -> None:
        while len(needed) <= index:
            needed.append(0.0)
        if width > needed[index]:
            needed[index] = width

    for row in headers:
        for i, cell in enumerate(row):
            take(i, header_width(_value(cell), header_least))
    for i, values in enumerate(columns):
        if values:
            take(i, _widest(values))
    caps = caps or {}
    return [min(max(minimum, w + 2), caps.get(i, maximum)) for i, w in enumerate(needed)]


def _widest(values: Iterable[Any]) -> float:
    """The width the widest of ``values`` (no None) needs."""
    texts = []
    widest = 0.0
    for value in values:
        if type(value) is str:
            texts.append(value)
        else:
            widest = max(widest, value_width(value))
    # A text needs at most 1.1 × its length (value_width): the longest are measured until none can be wider.
    for text in sorted(texts, key=len, reverse=True):
        if len(text) * 1.1 <= widest:
            break
        widest = max(widest, value_width(text))
    return widest


LINE_HEIGHT = 15.0  # points: one line of the default font (Calibri 11) with its spacing


def lines_needed(value: Any, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (words do not break, so a line
    holds a little less than the width)."""
    if not isinstance(value, str) or not value:
        return 1
    room = max(1.0, width - 2)  # the padding measure() adds
    return sum(1 if len(line) <= room else math.ceil(len(line) / (room * 0.9)) for line in value.split("\n"))


def row_height(values: Sequence[Any], widths: Sequence[float]) -> float | None:
    """The height (points) of a row whose text cells wrap, or None when every cell holds on one line.

    Spreadsheet programs do not all grow a row to its wrapped text on opening (LibreOffice keeps the
    default height), so the height is written."""
    most = 1
    for i, cell in enumerate(values):
        value = _value(cell)
        if isinstance(value, str) and i < len(widths):
            most = max(most, lines_needed(value, widths[i]))
    return LINE_HEIGHT * most + 2 if most > 1 else None


def wraps(value: Any, width: float) -> bool:
    """Whether ``value`` (a value or a cell) is a text taking more than one line in a column ``width``
    wide (:func:`lines_needed` above 1): one cheap check."""
    value = _value(value)
    return isinstance(value, str) and ("\n" in value or len(value) > max(1.0, width - 2))


def tall_columns(columns: Sequence[Sequence[Any]], widths: Sequence[float]) -> list[int]:
    """The columns (0-based) holding a text that wraps, from the rows' :func:`column_values`: only there
    can a row need more than one line."""
    return [i for i, values in enumerate(columns)
            if i < len(widths) and any(wraps(value, widths[i]) for value in values)]


def set_widths(sheet: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = round(width, 1)


def widths_of(sheet: Any) -> list[float]:
    from openpyxl.utils import get_column_letter

    count = max(sheet.max_column, len(sheet.column_dimensions))
    return [sheet.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(1, count + 1)]


def _footer_text(text: str) -> str:
    """Header/footer text: "&" is a code there, written "&&"; the whole footer holds at most 255 characters."""
    from bakti_desktop.reports.text import cell

    text = " ".join(str(cell(text)).split())  # user text (a programme's name) without control characters
    if len(text) > 150:
        text = text[:149] + "…"
    return text.replace("&", "&&")


def page_text() -> str:
    from bakti_desktop.i18n import msg

    return msg(en="Page &P of &N", id="Halaman &P dari &N")


def prepare(sheet: Any, title: str, *, widths: Sequence[float], header_rows: tuple[int, int] | None = (1, 1),
            freeze: str | None = None, landscape: bool | None = None, pages_wide: int | None = 1) -> None:
    """Print setup of ``sheet``: A4, orientation, one page wide, repeated header rows, footer, frozen panes.

    ``pages_wide``: None for a sheet too wide for one page, set afterwards by :func:`readable_pages`.
    ``header_rows``: first and last row (1-based) repeated on every printed page, or None.
    ``freeze``: the top-left cell that is not frozen (default: the cell under the header rows)."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    wide = sum(widths) > PORTRAIT_LIMIT if landscape is None else landscape
    setup = sheet.page_setup
    setup.paperSize = A4
    setup.orientation = "landscape" if wide else "portrait"
    setup.fitToWidth = pages_wide or 1
    setup.fitToHeight = 0
    properties = sheet.sheet_properties
    if properties.pageSetUpPr is None:
        properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=MARGIN_INCH, right=MARGIN_INCH, top=0.7, bottom=0.75, header=0.3,
                                     footer=0.3)
    sheet.print_options.horizontalCentered = False
    if header_rows is not None:
        sheet.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
        if freeze is None:
            freeze = f"A{header_rows[1] + 1}"
    if freeze:
        sheet.freeze_panes = freeze
    footer = sheet.oddFooter
    footer.left.text = _footer_text(title)
    footer.left.size = 8
    footer.right.text = page_text()
    footer.right.size = 8


def wrap(sheet: Any, *, min_row: int = 1, widths: Sequence[float] | None = None) -> None:
    """Wrap (top-aligned) every text cell of a normal sheet that holds a line break or is wider than its column."""
    from openpyxl.styles import Alignment

    widths = list(widths) if widths is not None else widths_of(sheet)
    for row in sheet.iter_rows(min_row=min_row):
        for cell in row:
            value = cell.value
            if not isinstance(value, str):
                continue
            column = cell.column - 1
            width = widths[column] if column < len(widths) else 8.43
            if "\n" in value or len(value) > width - 2:
                alignment = copy(cell.alignment) if cell.has_style else Alignment()
                cell.alignment = Alignment(horizontal=alignment.horizontal, vertical="top", wrap_text=True,
                                           indent=alignment.indent)
        height = row_height(row, widths)
        if height is not None and row:
            sheet.row_dimensions[row[0].row].height = height
            top(row)


def top(cells: Iterable[Any]) -> None:
    """Align the cells of a row taller than one line at the top, so the row reads across."""
    from openpyxl.styles import Alignment

    for cell in cells:
        if cell.alignment.vertical != "top":
            alignment = copy(cell.alignment)
            cell.alignment = Alignment(horizontal=alignment.horizontal, vertical="top",
                                       wrap_text=alignment.wrap_text, indent=alignment.indent)


def head(cells: Iterable[Any], *, fill: str = "1F4E79", color: str = "FFFFFF") -> None:
    """The look of a header row: bold, coloured, wrapped, centred vertically."""
    from openpyxl.styles import Alignment, Font, PatternFill

    font = Font(bold=True, color=color)
    background = PatternFill("solid", fgColor=fill)
    alignment = Alignment(wrap_text=True, vertical="center")
    for cell in cells:
        cell.font = font
        cell.fill = background
        cell.alignment = alignment


def date_cells(cells: Iterable[Any]) -> None:
    """Give date values the dd/mm/yyyy format (they stay dates, so they sort)."""
    for cell in cells:
        if isinstance(cell.value, datetime):
            cell.number_format = DATETIME_FORMAT if (cell.value.hour or cell.value.minute) else DATE_FORMAT
        elif isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT


def finish(sheet: Any, title: str, *, header_row: int = 1, first_row: int | None = None,
           caps: dict[int, float] | None = None, maximum: float = MAX_WIDTH, landscape: bool | None = None,
           freeze: str | None = None, repeat: bool = True, header_least: float = 14) -> list[float]:
    """Everything above for a normal (not write-only) sheet already filled: widths measured from the rows
    from ``header_row`` on (rows above it, a title, do not widen the columns), multi-line cells wrapped,
    date cells formatted, print setup. Returns the widths."""
    rows = list(sheet.iter_rows(min_row=header_row))
    start = (first_row or header_row + 1) - header_row
    widths = measure(rows[start:], headers=rows[:start], caps=caps, maximum=maximum, header_least=header_least)
    set_widths(sheet, widths)
    for row in rows[start:]:
        date_cells(row)
    wrap(sheet, min_row=header_row + start, widths=widths)
    for row in rows[:start]:  # header rows wrap: high enough for their longest header
        height = row_height(row, widths)
        if height is not None and row:
            sheet.row_dimensions[row[0].row].height = height
    prepare(sheet, title, widths=widths, header_rows=(header_row, header_row + start - 1) if repeat else None,
            freeze=freeze, landscape=landscape)
    return widths


#: The smallest scale a printed sheet may take: below it letters are too small to read.
READABLE_SCALE = 0.6


def readable_pages(sheet: Any, widths: Sequence[float], *, repeat_columns: str) -> int:
    """For a sheet too wide to read on one page: as many landscape pages wide as keep the scale at
    :data:`READABLE_SCALE`, with ``repeat_columns`` (e.g. "A:B", the row's name) printed on each, pages
    numbered across first. Returns the number of pages wide."""
    from openpyxl.utils import column_index_from_string

    first, last = (column_index_from_string(c) for c in repeat_columns.split(":"))
    repeated = width_cm(widths[first - 1 : last])
    room = LANDSCAPE_PRINTABLE_CM / READABLE_SCALE - repeated
    rest = width_cm(widths[last:])
    pages = max(1, math.ceil(rest / room)) if room > 0 else 1
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = pages
    sheet.page_setup.pageOrder = "overThenDown"
    sheet.print_title_cols = repeat_columns
    return pages


def width_cm(widths: Sequence[float]) -> float:
    """Width of columns in cm (a width unit of the default font is 7 px plus 5 px padding, at 96 dpi)."""
    return sum((w * 7 + 5) * 2.54 / 96 for w in widths)


def fit_chart(chart: Any, widths: Sequence[float], first_column: int, *, wanted_cm: float = 18.0) -> None:
    """Make ``chart`` (anchored on 1-based ``first_column``) no wider than the columns from there to the
    last one, so that printing one page wide keeps the whole chart on the page."""
    room = width_cm(widths[first_column - 1 :])
    chart.width = max(8.0, min(wanted_cm, math.floor(room * 10) / 10))
