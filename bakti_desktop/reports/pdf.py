"""PDF building blocks on ReportLab: fonts, styles, page frame, tables, charts.

Every PDF the program writes embeds DejaVu Sans (shipped in
``resources/fonts``, with Droid Sans Fallback for Chinese, Japanese and Korean),
numbers its pages "Halaman n dari N", repeats table headers on each page, and can
carry a table of contents. Stored text reaches the page through
:mod:`bakti_desktop.reports.text`: cleaned, escaped, set in a font that has its
glyphs, and cut with "…" where a table cell would not fit on a page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, cast

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from bakti_desktop.i18n import msg
from bakti_desktop.mapping.indicators import LEVELS
from bakti_desktop.paths import font_path
from bakti_desktop.reports.columns import numeric_columns
from bakti_desktop.reports.format import date_text as date_text, number as number  # re-exported for the writers
from bakti_desktop.reports.text import covered, cut, fits_box, pdf_markup, pdf_plain

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_FALLBACK = "DroidSansFallback"  # registered when a text first needs it (4 MB to read)
MAX_CELL_HEIGHT = 280.0  # points: a table row must fit a page (A4 landscape leaves 480), so a cell is cut there
TOC_LIMIT = 200  # characters of a heading shown in the table of contents and the bookmarks
LEVEL_FILLS = {"basic": colors.HexColor("#C8E6C9"), "limited": colors.HexColor("#FFF59D"),
               "none": colors.HexColor("#FFCDD2")}
LEVEL_COLORS = {"basic": colors.HexColor("#43A047"), "limited": colors.HexColor("#FBC02D"),
                "none": colors.HexColor("#E53935")}
HEADER_BG = colors.HexColor("#1F4E79")
ZEBRA = colors.HexColor("#F2F6FA")


@cache
def register_fonts() -> None:
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                       ("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf"),
                       ("DejaVuSans-BoldOblique", "DejaVuSans-BoldOblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(font_path(file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic="DejaVuSans-Oblique",
                                  boldItalic="DejaVuSans-BoldOblique")


@cache
def register_fallback() -> None:
    """Droid Sans Fallback, for the characters DejaVu Sans lacks (it has one weight: bold and italic use it too)."""
    pdfmetrics.registerFont(TTFont(FONT_FALLBACK, str(font_path("DroidSansFallbackFull.ttf"))))
    pdfmetrics.registerFontFamily(FONT_FALLBACK, normal=FONT_FALLBACK, bold=FONT_FALLBACK, italic=FONT_FALLBACK,
                                  boldItalic=FONT_FALLBACK)


@cache
def font_coverage(name: str) -> frozenset[int]:
    """The characters font ``name`` has glyphs for."""
    register_fonts()
    if name == FONT_FALLBACK:
        register_fallback()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)  # type: ignore[attr-defined]  # a TTFont's face: not in the stubs


@cache
def styles() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=FONT, fontSize=10, leading=14, spaceAfter=6))
    sheet.add(ParagraphStyle("Small", parent=sheet["Body"], fontSize=8, leading=10, spaceAfter=0))
    sheet.add(ParagraphStyle("Cell", parent=sheet["Body"], fontSize=8, leading=10, spaceAfter=0))
    sheet.add(ParagraphStyle("CellRight", parent=sheet["Cell"], alignment=2))
    sheet.add(ParagraphStyle("HeadCell", parent=sheet["Cell"], fontName=FONT_BOLD, fontSize=7, leading=8.5,
                             textColor=colors.white))
    sheet.add(ParagraphStyle("HeadCentered", parent=sheet["HeadCell"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("Title", fontName=FONT_BOLD, fontSize=22, leading=28, alignment=TA_CENTER, spaceAfter=12))
    sheet.add(ParagraphStyle("Subtitle", fontName=FONT, fontSize=14, leading=18, alignment=TA_CENTER, spaceAfter=8))
    sheet.add(ParagraphStyle("Center", parent=sheet["Body"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("H1", fontName=FONT_BOLD, fontSize=15, leading=19, spaceBefore=6, spaceAfter=10,
                             textColor=HEADER_BG))
    sheet.add(ParagraphStyle("H1Plain", fontName=FONT_BOLD, fontSize=15, leading=19, spaceBefore=6, spaceAfter=10,
                             textColor=HEADER_BG))
    sheet.add(ParagraphStyle("H2", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=6))
    sheet.add(ParagraphStyle("H3", fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=4))
    sheet.add(ParagraphStyle("TOC1", fontName=FONT_BOLD, fontSize=10.5, leading=16, leftIndent=0))
    sheet.add(ParagraphStyle("TOC2", fontName=FONT, fontSize=10, leading=14, leftIndent=18))
    return sheet


class ReportDocument(BaseDocTemplate):
    """A4 document with a running footer and (optionally) a table of contents.

    Headings whose style is H1 or H2 are entered in the table of contents
    and as PDF bookmarks. Build with :meth:`build_with_toc` (two passes for
    page numbers).
    """

    def __init__(self, path: Path, title: str, footer: str, pagesize: tuple[float, float] = A4, **kw: Any) -> None:
        register_fonts()
        super().__init__(str(path), pagesize=pagesize, title=title, author="BaKTI Desktop", leftMargin=2 * cm,
                         rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm, initialFontName=FONT,
                         initialFontSize=10, **kw)
        self.footer = footer
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        wide = (max(pagesize), min(pagesize))  # landscape, for wide tables: NextPageTemplate("wide")
        self.wide_width = wide[0] - self.leftMargin - self.rightMargin
        wide_frame = Frame(self.leftMargin, self.bottomMargin, self.wide_width, wide[1] - self.topMargin - self.bottomMargin,
                           id="wide")
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[frame], onPage=lambda c, d: None),
            PageTemplate(id="body", frames=[frame], onPage=self._decorate),
            PageTemplate(id="wide", frames=[wide_frame], onPage=self._decorate, pagesize=wide),
        ])
        self.toc = TableOfContents(levelStyles=[styles()["TOC1"], styles()["TOC2"]], dotsMinLevel=0)
        self._heading_count = 0
        self._outline_level = -1

    def _decorate(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.grey)
        width = canvas._pagesize[0] - self.leftMargin - self.rightMargin  # noqa: SLF001 - this page's size
        canvas.drawString(self.leftMargin, 1.2 * cm, self._footer_text(width))
        canvas.setStrokeColor(colors.lightgrey)
        canvas.line(self.leftMargin, 1.6 * cm, self.leftMargin + width, 1.6 * cm)
        canvas.restoreState()
        canvas.numbered = True  # NumberedCanvas writes "page n of N" here once N is known

    def _footer_text(self, width: float) -> str:
        """The footer on one line, cut to leave room for "Halaman n dari N"."""
        text = pdf_plain(self.footer, 300)
        room = width - 4 * cm
        while len(text) > 1 and stringWidth(text, FONT, 8) > room:
            text = cut(text, max(1, int(len(text) * room / stringWidth(text, FONT, 8)) - 1))
        return text

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab hook, once per pass
        self._heading_count = 0
        self._outline_level = -1

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - ReportLab hook
        if isinstance(flowable, Paragraph) and flowable.style.name in ("H1", "H2"):
            level = 0 if flowable.style.name == "H1" else 1
            level = min(level, self._outline_level + 1)  # outlines may not skip a level
            self._outline_level = level
            text = cut(" ".join(flowable.getPlainText().split()), TOC_LIMIT)
            key = f"h{self._heading_count}"
            self._heading_count += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, pdf_markup(text), self.page, key))  # the contents take markup

    def build_with_toc(self, story: list[Any]) -> None:
        """Build (in as many passes as the table of contents needs) with numbered pages."""
        self.multiBuild(story, canvasmaker=NumberedCanvas)


class NumberedCanvas(Canvas):
    """A canvas that knows the page count when it writes "Halaman n dari N" on every page (two passes:
    each page is kept until the last is drawn)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        kwargs.setdefault("initialFontName", FONT)
        kwargs.setdefault("initialFontSize", 10)
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.numbered = False

    def showPage(self) -> None:  # noqa: N802 - ReportLab API
        self._pages.append({**self.__dict__, "numbered": self.numbered})
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's private page reset (the "page N of M" recipe)
        self.numbered = False

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:  # every page, the cover included: a printed page out of order is found again
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(colors.grey)
            width = self._pagesize[0]  # type: ignore[attr-defined]  # private page state restored above
            self.drawRightString(width - 2 * cm, 1.2 * cm,
                                 msg(en="Page {n} of {t}", id="Halaman {n} dari {t}",
                                     n=self._pageNumber, t=total))  # type: ignore[attr-defined]  # private, as above
            super().showPage()
        super().save()


SMALLEST_HEAD_SIZE = 5.5  # points: a header word is shrunk to fit its column down to this size, then broken


@cache
def _head_style(size: float) -> ParagraphStyle:
    base = cast(ParagraphStyle, styles()["HeadCell"])  # StyleSheet1 is typed as holding PropertySets
    if size >= base.fontSize:
        return base
    return ParagraphStyle(f"HeadCell{size:.1f}", parent=base, fontSize=size, leading=size * base.leading / base.fontSize)


def head_cell(text: str, room: float | None) -> Paragraph:
    """A header cell whose longest word fits ``room`` points: shrunk a little rather than broken mid-word
    ("Terbatas" in a narrow column of the ladder table would otherwise print as "Terbata" over "s")."""
    size = styles()["HeadCell"].fontSize
    if room is not None:
        widest = max((stringWidth(word, FONT_BOLD, size) for word in text.split()), default=0.0)
        if widest > room:
            size = max(SMALLEST_HEAD_SIZE, round(size * room / widest - 0.05, 1))
    return Paragraph(pdf_markup(cut(text, 300)), _head_style(size))


def cell_paragraph(text: str, style: ParagraphStyle, width: float, height: float = MAX_CELL_HEIGHT) -> Paragraph:
    """A paragraph for a table cell ``width`` points wide, cut with "…" to at most ``height`` points:
    ReportLab cannot split a table row across pages, and a row taller than a page stops the PDF."""
    return Paragraph(pdf_markup(fits_box(text, style, width, height)).replace("\n", "<br/>"), style)


CELL_PADDING = 6.0  # points: 3 a side
def fit_widths(header: Sequence[str], rows: Sequence[Sequence[Any]], width: float, font_size: float = 8) -> list[float]:
    """Column widths filling ``width`` points, from the content (``stringWidth``): every column is at least
    as wide as its longest word, so no word or number is broken inside a cell; the room left goes to the
    columns whose texts are longer than their column, which then wrap between words. A header word may
    shrink (``head_cell``) down to ``SMALLEST_HEAD_SIZE``. Only when even the longest words do not fit side
    by side are all columns narrowed alike. A single word longer than 40 % of ``width`` (a web address)
    counts as that much."""
    register_fonts()
    n = len(header)
    least = [max((stringWidth(w, FONT_BOLD, SMALLEST_HEAD_SIZE) for w in str(h).split()), default=0.0)
             for h in header]
    natural = [max((stringWidth(w, FONT_BOLD, styles()["HeadCell"].fontSize) for w in str(h).split()), default=0.0)
               for h in header]
    cap = 0.4 * width
    for row in rows:
        for j, cell in enumerate(row[:n]):
            if not isinstance(cell, str) or not cell:
                continue
            for line in cell.split("\n"):
                full = stringWidth(line, FONT, font_size)
                if full > natural[j]:
                    natural[j] = full
                longest = max((stringWidth(w, FONT, font_size) for w in line.split()), default=0.0) if " " in line else full
                if longest > least[j]:
                    least[j] = min(longest, cap)
    least = [w + CELL_PADDING + 0.5 for w in least]
    natural = [max(a, b + CELL_PADDING + 0.5) for a, b in zip(least, natural)]
    if sum(natural) <= width:  # everything on one line: the spare room shared out by width
        scale = width / sum(natural)
        return [w * scale for w in natural]
    if sum(least) <= width:  # the longest words fit: the room left fills the columns, the shortest wants first
        spare = width - sum(least)
        wants = [b - a for a, b in zip(least, natural)]
        level = _water_level(wants, spare)
        return [a + min(want, level) for a, want in zip(least, wants)]
    return [w * width / sum(least) for w in least]


def _water_level(wants: Sequence[float], spare: float) -> float:
    """The level L at which ``sum(min(want, L))`` equals ``spare``: each column gets what it wants up to L, so a
    short text ("Tidak ada") gets its whole line and the long texts share what is left alike."""
    remaining = spare
    ordered = sorted(wants)
    for i, want in enumerate(ordered):
        share = remaining / (len(ordered) - i)
        if want > share:
            return share
        remaining -= want
    return max(ordered, default=0.0)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None,
          align_right_from: int | None = None, total_row: bool = False,
          groups: Sequence[tuple[str, int]] | None = None, extra: Sequence[Any] = (),
          fit: float | None = None) -> Table:
    """A table with a coloured header repeated on every page and zebra stripes.

    ``fit``: the width in points the table takes, its columns sized from the content (``fit_widths``)
    instead of ``widths``. Columns of numbers (``numeric_columns``) are right-aligned, and every
    column from ``align_right_from`` on.

    ``groups`` adds a header row above ``header`` whose cells span columns:
    ``[("", 2), ("Air minum", 3), …]``; each leading cell with an empty label
    merges with the header cell below it.
    """
    if fit is not None:
        widths = fit_widths(header, rows, fit)
    st = styles()
    data: list[list[Any]] = []
    spans: list[Any] = []
    room = [w - 6 for w in widths] if widths else None  # the cells' padding is 3 points a side
    if groups:
        top: list[Any] = []
        column = 0
        for label, span in groups:
            for i in range(span):
                if not label:
                    top.append(head_cell(str(header[column + i]), room[column + i] if room else None))
                    spans.append(("SPAN", (column + i, 0), (column + i, 1)))
                else:
                    top.append(Paragraph(pdf_markup(cut(label, 300)), st["HeadCentered"]) if i == 0 else "")
            if label:
                spans.append(("SPAN", (column, 0), (column + span - 1, 0)))
            column += span
        data.append(top)
    head_rows = 2 if groups else 1
    data.append([head_cell(str(h), room[j] if room else None) for j, h in enumerate(header)])
    # Text that fits its column stays a plain string (drawn as is); only longer text, or text with
    # characters DejaVu Sans lacks, becomes a wrapping Paragraph, which costs far more to lay out in a
    # table of thousands of rows.
    right = {j for j, figures in enumerate(numeric_columns(rows)) if figures}
    if align_right_from is not None:
        right |= set(range(align_right_from, len(header)))
    fallback_width = (widths[0] if widths else 17 * cm / max(1, len(header))) - 6
    for row in rows:
        data.append([c if not isinstance(c, str) else
                     c if room and len(c) < 200 and c.isprintable() and covered(c) and stringWidth(c, FONT, 8) <= room[j]
                     else cell_paragraph(c, cast(ParagraphStyle, st["CellRight"] if j in right else st["Cell"]),
                                         room[j] if room else fallback_width)
                     for j, c in enumerate(row)])
    result = Table(data, colWidths=widths, repeatRows=head_rows)
    commands: list[Any] = [
        *spans,
        ("BACKGROUND", (0, 0), (-1, head_rows - 1), HEADER_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#B0BEC5")),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if len(data) > head_rows:
        commands.append(("ROWBACKGROUNDS", (0, head_rows), (-1, -1), [colors.white, ZEBRA]))
    for j in sorted(right):
        commands.append(("ALIGN", (j, head_rows), (j, -1), "RIGHT"))
    if total_row and len(data) > head_rows:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#DDE7F0")))
    head = head_rows
    for command in extra:  # cell styles given in body coordinates (row 0 = first body row)
        name, (c0, r0), (c1, r1), *rest = command
        commands.append((name, (c0, r0 + head), (c1, r1 + head), *rest))
    result.setStyle(TableStyle(commands))
    return result


def long_table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None,
               extra: Sequence[Any] = (), chunk: int = 250, **kwargs: Any) -> list[Table]:
    """A table of many rows as consecutive tables of ``chunk`` rows.

    ReportLab re-lays out a table's remaining rows at every page break, which grows with the square
    of its length; in pieces, a list of 20,000 schools prints in seconds instead of minutes.
    ``extra`` cell styles are in body coordinates of the whole list.
    """
    by_piece: dict[int, list[Any]] = {}
    for name, (c0, r0), (c1, r1), *rest in extra:
        start = r0 - r0 % chunk
        by_piece.setdefault(start, []).append((name, (c0, r0 - start), (c1, min(r1, start + chunk - 1) - start), *rest))
    return [table(header, rows[start : start + chunk], widths, extra=by_piece.get(start, []), **kwargs)
            for start in range(0, max(len(rows), 1), chunk)]


def _escape(text: str) -> str:
    return pdf_markup(text)


def escape(text: str) -> str:
    """Stored text for a paragraph: cleaned, escaped, in a font that has its characters."""
    return pdf_markup(text)


def ladder_chart(title: str, categories: Sequence[str], counts: Mapping[str, Sequence[int]], labels: dict[str, str],
                 width: float = 16 * cm, bar_height: float = 14) -> Drawing:
    """Horizontal 100 % stacked bars: share of schools at each level per category."""
    register_fonts()
    n = max(1, len(categories))
    plot_height = n * bar_height * 1.35
    height = plot_height + 70
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = 125
    chart.y = 40
    chart.width = width - 130  # type: ignore[assignment]  # typed int in the stubs; ReportLab takes any number
    chart.height = plot_height  # type: ignore[assignment]  # typed int in the stubs; ReportLab takes any number
    shares: list[list[float]] = []
    levels = LEVELS
    totals = [sum(counts[level][i] for level in levels) for i in range(len(categories))]
    for level in levels:
        shares.append([100.0 * counts[level][i] / totals[i] if totals[i] else 0 for i in range(len(categories))])
    # ReportLab draws the first category at the bottom: reverse so the list reads top-down.
    chart.data = [list(reversed(s)) for s in shares] if categories else [[0]] * 3
    chart.categoryAxis.categoryNames = [pdf_plain(c, 30) for c in reversed(categories)] or [""]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.barWidth = bar_height  # type: ignore[assignment]  # typed int in the stubs; ReportLab takes any number
    for i, level in enumerate(levels):
        chart.bars[i].fillColor = LEVEL_COLORS[level]
        chart.bars[i].strokeColor = colors.white
        chart.bars[i].strokeWidth = 0.3
    drawing.add(chart)
    drawing.add(String(0, height - 14, pdf_plain(title, 120), fontName=FONT_BOLD, fontSize=10))
    legend = Legend()
    legend.x = 125
    legend.y = 18
    legend.dx = legend.dy = 8
    legend.fontName = FONT
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.colorNamePairs = [(LEVEL_COLORS[level], labels[level]) for level in levels]
    drawing.add(legend)
    return drawing


BLANK_NAME = "(" + "." * 48 + ")"  # a name written in by hand above the stamp


def signature_blocks(signers: Sequence[tuple[str, str, str]], width: float, place_date: str = "",
                     closing: Sequence[Any] = ()) -> KeepTogether:
    """Signature blocks side by side (two to a row), kept on one page with ``closing`` (the text that
    precedes them: a signature never stands alone on a page).

    ``signers``: ``(role, name, nip)``; the role may hold "\\n" ("Mengetahui,\\nKepala Bappeda …"); an empty
    name leaves a dotted line to fill by hand, an empty NIP a "NIP." to complete. ``place_date``
    ("Sungguminasa, 15 September 2020") stands above the last block, as Indonesian letters have it.
    """
    st = styles()
    centre = ParagraphStyle("Signature", parent=st["Body"], alignment=TA_CENTER, spaceAfter=0)
    bold = ParagraphStyle("SignatureName", parent=centre, fontName=FONT_BOLD)
    cells = []
    for role, name, nip in signers:
        cell: list[Any] = [Paragraph(escape(line), centre) for line in role.split("\n")]
        cell.append(Spacer(1, 1.9 * cm))
        cell.append(Paragraph(f"<u>{escape(name)}</u>" if name else BLANK_NAME, bold if name else centre))
        cell.append(Paragraph(f"NIP. {escape(nip)}" if nip else "NIP. " + "." * 30, centre))
        cells.append(cell)
    rows: list[list[Any]] = []
    for start in range(0, len(cells), 2):
        pair = cells[start : start + 2]
        rows.append(pair + [""] * (2 - len(pair)) if len(cells) > 1 else pair)
    if place_date:
        last_row = rows[-1]
        column = 1 if len(cells) > 1 and last_row[1] != "" else 0
        last_row[column] = [Paragraph(escape(place_date), centre), *last_row[column]]
    columns = 2 if len(cells) > 1 else 1
    grid = Table(rows, colWidths=[width / columns] * columns)
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 10)]))
    return KeepTogether([*closing, Spacer(1, 0.4 * cm), grid])
