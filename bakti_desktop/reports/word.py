"""Word (.docx) building blocks on python-docx: an A4 page like the PDFs', page-number fields, a table of
contents field, lists that restart, and tables whose columns fit their content.

python-docx has no API for fields, numbering instances or row properties; those are written as the
WordprocessingML elements Word itself writes (ECMA-376 part 1, §17.16 fields, §17.9 numbering,
§17.4 tables). Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from bakti_desktop.i18n import msg
from bakti_desktop.reports.text import clean

A4_WIDTH, A4_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2)  # the PDFs' page (reports/pdf.py ReportDocument)
TEXT_WIDTH_PT = (21 - 4) / 2.54 * 72  # 17 cm in points
HEADER_FILL = "1F4E79"  # the PDF tables' header colour
TOTAL_FILL = "DDE7F0"
_bookmark_ids = count(1)


def a4(document: Any) -> Any:
    """Every section A4 portrait with 2 cm margins, as the PDFs print; returns the first section."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
        section.header_distance = section.footer_distance = Cm(1)
    return document.sections[0]


def add_field(paragraph: Any, instruction: str, shown: str = "", dirty: bool = False) -> None:
    """A complex field (PAGE, NUMPAGES, TOC, PAGEREF …) with ``shown`` as its result until it is updated."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if dirty and kind == "begin":
            element.set(qn("w:dirty"), "true")
        paragraph.add_run()._r.append(element)  # noqa: SLF001 - python-docx has no field API

    char("begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)  # noqa: SLF001
    char("separate")
    paragraph.add_run(shown)
    char("end")


def page_footer(section: Any, left: str, size: float = 8) -> None:
    """A footer like the PDFs': ``left`` (the document's title) and "Halaman X dari Y" at the right, as fields."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.text = ""
    width = section.page_width - section.left_margin - section.right_margin
    stops = paragraph.paragraph_format.tab_stops
    for inherited in (Twips(4680), Twips(9360)):  # the Footer style's centre and right tabs (for a Letter page)
        stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    run = paragraph.add_run(clean(left) + "\t")
    words = msg(en="Page {n} of {t}", id="Halaman {n} dari {t}", n="\x00", t="\x01")
    before, rest = words.split("\x00")
    middle, after = rest.split("\x01")
    paragraph.add_run(before)
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(middle)
    add_field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(after)
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor(0x75, 0x75, 0x75)


def page_header(section: Any, text: str, color: RGBColor | None = None) -> None:
    """A header line at the right of every page (a draft's "DRAF")."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(10)
    run.font.color.rgb = color if color is not None else RGBColor(0xC6, 0x28, 0x28)  # the PDF's draft red


def blank_first_page(section: Any) -> None:
    """The cover carries no header or footer (Word's "different first page")."""
    section.different_first_page_header_footer = True


def update_fields_on_open(document: Any) -> None:
    """``w:updateFields``: Word fills the table of contents and page numbers when the file is opened."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    # The schema orders settings: updateFields comes before these (Word rejects a misplaced element).
    later = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
             "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
             "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
             "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
    for child in settings:
        if any(child.tag == qn(tag) for tag in later if not tag.startswith("sl:")):
            child.addprevious(element)
            return
    settings.append(element)


def bookmark(paragraph: Any, name: str) -> None:
    """Mark ``paragraph`` as the target ``name`` of a PAGEREF or hyperlink."""
    number = str(next(_bookmark_ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), number)
    properties = paragraph._p.pPr  # noqa: SLF001
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph._p.insert(0, start)  # noqa: SLF001
    paragraph._p.append(end)  # noqa: SLF001


def table_of_contents(document: Any, entries: Sequence[tuple[int, str, str, int | None]], levels: int = 2) -> None:
    """A TOC field over heading levels 1–``levels``, marked to be rebuilt when the file is opened.

    Its result until then lists ``entries`` (level, text, bookmark, page or None) with their headings'
    numbers and the pages given, so the contents read right even where fields are not updated
    (LibreOffice shows a TOC's stored result); each page is a PAGEREF field Word recomputes.
    """
    width = document.sections[-1].page_width - document.sections[-1].left_margin - document.sections[-1].right_margin
    paragraphs = []
    for level, text, mark, page in entries or [(1, "", "", None)]:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        paragraph.paragraph_format.space_after = Pt(2 if level > 1 else 4)
        paragraphs.append((paragraph, level, text, mark, page))
    first, last = paragraphs[0][0], paragraphs[-1][0]
    _field_start(first, f'TOC \\o "1-{levels}" \\h \\z \\u')
    for paragraph, level, text, mark, page in paragraphs:
        run = paragraph.add_run(clean(text))
        run.bold = level == 1 or None
        if page is not None and mark:
            paragraph.add_run("\t")
            add_field(paragraph, f"PAGEREF {mark} \\h", str(page))
    _field_end(last)


def _field_start(paragraph: Any, instruction: str) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # stale until updated: Word rebuilds it
    paragraph.add_run()._r.append(begin)  # noqa: SLF001
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)  # noqa: SLF001
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)  # noqa: SLF001


def _field_end(paragraph: Any) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)  # noqa: SLF001


def new_list(document: Any, style: str = "List Number") -> int:
    """A numbering instance of ``style``'s list that starts again at 1; returns its numId.

    Paragraphs of the "List Number" style share one instance, so a second list would go on from the
    first (4, 5, 6 after 1, 2, 3); each list gets its own instance restarting at 1.
    """
    numbering = document.part.numbering_part.element
    style_num = document.styles[style].element.pPr.numPr.numId.val
    abstract = next(n.abstractNumId.val for n in numbering.num_lst if n.numId == style_num)
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    return int(num.numId)


def list_item(document: Any, num_id: int, style: str = "List Number") -> Any:
    """A paragraph of the list ``num_id`` (see :func:`new_list`)."""
    paragraph = document.add_paragraph(style=style)
    properties = paragraph._p.get_or_add_pPr()  # noqa: SLF001
    numbering = properties.get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = num_id
    return paragraph


def _shade(cell: Any, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # noqa: SLF001
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _row_flag(row: Any, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()  # noqa: SLF001 - python-docx has no API for this
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    properties.append(element)


def _fixed_layout(table: Any, widths: Sequence[float]) -> None:
    properties = table._tbl.tblPr  # noqa: SLF001
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(round(sum(widths) * 20)))
    total.set(qn("w:type"), "dxa")
    for old in properties.findall(qn("w:tblW")):
        properties.remove(old)
    properties.append(total)
    grid = table._tbl.tblGrid  # noqa: SLF001
    for column, width in zip(grid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(round(width * 20)))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "60")  # 3 points, as the PDF tables
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


def add_table(document: Any, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
              numeric: Sequence[bool] = (), total_row: bool = False, groups: Sequence[tuple[str, int]] | None = None,
              size: float = 8) -> Any:
    """A table as the PDFs print it: ``widths`` in points, a coloured header repeated on every page,
    rows kept whole across pages, figures (``numeric`` columns) aligned right, a bold total row.

    ``groups`` adds a header row above ``header`` whose cells span columns (as in
    :func:`bakti_desktop.reports.pdf.table`); a leading cell with an empty label merges downwards.
    """
    columns = len(header)
    head_rows = 2 if groups else 1
    table = document.add_table(rows=head_rows, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table, widths)
    numeric = list(numeric) + [False] * (columns - len(numeric))

    def put(cell: Any, text: str, column: int, bold: bool = False, head: bool = False, span: int = 1) -> None:
        cell.text = ""
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        if numeric[column]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(clean(str(text)))
        run.font.size = Pt(size - 1 if head else size)
        run.bold = bold or None
        if head:
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, HEADER_FILL)
        cell.width = Pt(sum(widths[column:column + span]))

    if groups:
        top = table.rows[0].cells
        column = 0
        for label, span in groups:
            if not label:
                for i in range(span):
                    merged = top[column + i].merge(table.rows[1].cells[column + i])
                    put(merged, header[column + i], column + i, bold=True, head=True)
            else:
                merged = top[column].merge(top[column + span - 1]) if span > 1 else top[column]
                put(merged, label, column, bold=True, head=True, span=span)
                merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                for i in range(span):
                    put(table.rows[1].cells[column + i], header[column + i], column + i, bold=True, head=True)
            column += span
    else:
        for j, text in enumerate(header):
            put(table.rows[0].cells[j], text, j, bold=True, head=True)
    for r in range(head_rows):
        _row_flag(table.rows[r], "w:tblHeader")
        _row_flag(table.rows[r], "w:cantSplit")
    for r, values in enumerate(rows):
        row = table.add_row()
        _row_flag(row, "w:cantSplit")
        last = total_row and r == len(rows) - 1
        for j, (cell, text) in enumerate(zip(row.cells, values)):
            put(cell, text, j, bold=last)
            if last:
                _shade(cell, TOTAL_FILL)
    return table

