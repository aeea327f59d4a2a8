"""Printing an SSS: a PDF to sign and a Word document to keep editing, the same document in both.

Both have the same cover (:func:`cover_lines`, with the letterhead ``kop`` when one is given), a table
of contents (in Word a TOC field that Word rebuilds on opening), numbered chapters, tables whose
columns fit their content (reports/columns.py) with repeated headers, page numbers "Halaman X dari Y",
and the same endorsement page (:func:`endorsement`), signed in the kabupaten's capital. A draft
prints "DRAF" at the top of every page and its guidance notes; a final document prints neither, and its
data blocks say the date they were frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bakti_desktop import regions
from bakti_desktop.errors import NothingToExport, UserError
from bakti_desktop.i18n import msg
from bakti_desktop.mapping.indicators import DOMAINS, LEVELS, domain_label, level_label
from bakti_desktop.reports.columns import fit_columns, numeric_columns, scale_needed
from bakti_desktop.reports.format import date_text
from bakti_desktop.reports.letterhead import Letterhead, add_to_docx, letterhead, pdf_flowables
from bakti_desktop.reports.output import check_output, write_atomically
from bakti_desktop.reports.text import clean, cut
from bakti_desktop.sss import markdown
from bakti_desktop.sss.blocks import document_blocks
from bakti_desktop.sss.models import SssDocument
from bakti_desktop.sss.outline import BLOCKS
from bakti_desktop.sss.service import numbered
from bakti_desktop.storage.database import Database

NO_KOP = Letterhead()  # no letterhead: nothing above the cover


def _document(session: Any, document_id: int | None) -> SssDocument:
    document: SssDocument | None = session.get(SssDocument, document_id) if document_id else session.scalar(
        select(SssDocument).order_by(SssDocument.id))
    if document is None:
        raise UserError(msg(en="There is no SSS document yet.", id="Belum ada dokumen SSS.")
                        if document_id is None else
                        msg(en="SSS document {n} does not exist.", id="Dokumen SSS {n} tidak ada.", n=document_id))
    return document


def export_sss(db: Database, out: Path, document_id: int | None = None, kop: Letterhead | None = None) -> Path:
    """The document as PDF or Word (by ``out``'s suffix).

    ``kop``: the letterhead at the top of the cover; by default the one set for the SSS workspace in
    *Pengaturan* (:mod:`bakti_desktop.reports.letterhead`), none when none is set. A document without any
    section is refused (:class:`NothingToExport`): nothing is written.
    """
    suffix = check_output(out, (".pdf", ".docx"))
    kop = letterhead(db, "sss") if kop is None else kop
    with db.session() as session:
        document = _document(session, document_id)
        if not document.sections:
            raise NothingToExport(msg(en="SSS document {t} has no section to print.",
                                      id="Dokumen SSS {t} belum berisi bab untuk dicetak.", t=document.title))
        blocks = document_blocks(db, document)

        def write(tmp: Path) -> None:
            if suffix == ".pdf":
                _pdf(document, blocks, tmp, kop)
            else:
                _docx(document, blocks, tmp, kop)

        return write_atomically(Path(out), write)


# -- What both formats print alike ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    text: str
    role: str  # title, subtitle, body, draft, gap


def cover_lines(document: SssDocument) -> list[Line]:
    """The cover below the letterhead, line by line, for the PDF and Word alike."""
    kabupaten = regions.region_name(document.kabupaten_code)
    lines = [Line("", "gap"), Line("STRATEGI SANITASI SEKOLAH", "title"), Line(kabupaten.upper(), "subtitle"),
             Line(f"Periode {document.start_year}–{document.end_year}", "subtitle"), Line("", "gap"),
             Line("Kelompok Kerja Air Minum dan Penyehatan Lingkungan (Pokja AMPL)", "body"), Line(kabupaten, "body")]
    if not document.final:
        lines.append(Line("DRAF — belum disahkan", "draft"))
    return lines


@dataclass(frozen=True)
class Endorsement:
    text: str
    place: str  # the kabupaten's capital: "Watampone" for Bone
    office: str  # "BUPATI BONE", "WALIKOTA PAREPARE"


def endorsement(document: SssDocument) -> Endorsement:
    """The endorsement page's text and the signature block's place and office, for the PDF and Word alike."""
    kabupaten = regions.region_name(document.kabupaten_code)
    short = kabupaten.removeprefix("Kabupaten ").removeprefix("Kota ")
    office = ("WALIKOTA " if kabupaten.startswith("Kota") else "BUPATI ") + short.upper()
    text = (f"Dokumen {clean(document.title)} disusun oleh Kelompok Kerja Air Minum dan Penyehatan Lingkungan "
            f"(Pokja AMPL) {kabupaten} bersama Bappeda, Dinas Kesehatan, Dinas Perkimtan, Dinas Lingkungan Hidup, "
            f"dan Dinas Pendidikan, dan disahkan sebagai bagian dari Strategi Sanitasi Kabupaten/Kota (SSK) {kabupaten}.")
    return Endorsement(text, regions.capital_of(document.kabupaten_code) or short, office)


SIGNATURE = ("Ditetapkan di {place}", "pada tanggal ……………………", "", "{office},", "", "", "", "( …………………………………… )")


def data_note(document: SssDocument, blocks: dict[str, Any]) -> str:
    """Where a mapping block's figures come from and as of when: a final document's frozen date, a
    draft's latest survey update (marked as provisional), both as long Indonesian dates."""
    source = f"Sumber: pemetaan sanitasi sekolah {blocks.get('kabupaten', '')} tahun {blocks.get('year') or '—'}"
    if document.final:
        frozen = document.frozen_at or datetime.now()
        return f"{source}; data per {date_text(frozen.date())}."
    when = blocks.get("data_date")
    if not when:
        return f"{source}."
    return f"{source}; data sementara per {date_text(date.fromisoformat(str(when)[:10]))} (draf)."


MAPPING_NOTES = ("tangga_kecamatan", "tangga_jenjang", "kebutuhan_jamban")
LADDERS = ("tangga_kecamatan", "tangga_jenjang")


def _table_shape(name: str, data: dict[str, Any]) -> tuple[list[str], list[tuple[str, int]] | None]:
    """The header row and, for the ladder tables, the group row above it ("Air minum" over three levels)."""
    header = list(data["header"])
    if name not in LADDERS:
        return header, None
    groups = [("", 2)] + [(h.split(": ", 1)[0], 3) for h in header[2::3]]
    return header[:2] + [h.split(": ", 1)[1] for h in header[2:]], groups


def _missing(document: SssDocument, text: str) -> str | None:
    """A placeholder for what is not there yet: printed in a draft, never in a final document."""
    return None if document.final else text


def _chart_counts(blocks: dict[str, Any], domain: str) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = blocks["grafik_tangga"]["series"][domain]
    return counts


# -- PDF ------------------------------------------------------------------------------------------------------
TEXT_WIDTH = 17 * 28.3464566929  # points: A4 less 2 cm margins, as reports/pdf.py ReportDocument


def _runs_markup(runs: list[markdown.Run]) -> str:
    from bakti_desktop.reports.pdf import escape

    out = []
    for text, bold, italic in runs:
        piece = escape(text).replace("\n", "<br/>")
        if bold:
            piece = f"<b>{piece}</b>"
        if italic:
            piece = f"<i>{piece}</i>"
        out.append(piece)
    return "".join(out)


def _pdf_table(header: list[str], rows: list[list[str]], total_row: bool = False,
               groups: list[tuple[str, int]] | None = None) -> Any:
    """A table whose columns fit their content: no word or amount broken, figures aligned right, long
    texts wrapped between words; a table whose longest words need more than the page prints smaller."""
    from reportlab.lib.styles import ParagraphStyle

    from bakti_desktop.reports.pdf import FONT_BOLD, cell_paragraph, styles, table

    rows = [[clean(str(c)) for c in r] for r in rows]
    size = round(8 * scale_needed(header, rows, TEXT_WIDTH), 1)
    widths = fit_columns(header, rows, TEXT_WIDTH, size=size, head_size=min(7, size))
    numeric = numeric_columns(rows, skip_last=total_row)
    last = max(0, len(rows) - 1)  # body coordinates: table() moves them below the header, so no -1 here
    extra: list[Any] = [("ALIGN", (j, 0), (j, last), "RIGHT") for j, flag in enumerate(numeric) if flag]
    if total_row and rows:
        extra.append(("FONTNAME", (0, len(rows) - 1), (-1, len(rows) - 1), FONT_BOLD))
    if size < 8:
        st = styles()
        left = ParagraphStyle(f"SssCell{size}", parent=st["Cell"], fontSize=size, leading=size * 1.25)
        right = ParagraphStyle(f"SssCellRight{size}", parent=left, alignment=2)
        cells: list[list[Any]] = [[cell_paragraph(c, right if j < len(numeric) and numeric[j] else left, widths[j] - 6)
                                    for j, c in enumerate(r)] for r in rows]
        rows = cells
        extra.append(("FONTSIZE", (0, 0), (-1, -1), size))
    return table(header, rows, widths, total_row=total_row, groups=groups, extra=extra)


def _pdf_block(document: SssDocument, name: str, blocks: dict[str, Any]) -> list[Any]:
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Spacer

    from bakti_desktop.reports.pdf import escape, ladder_chart, styles

    st = styles()

    def missing(text: str) -> list[Any]:
        shown = _missing(document, text)
        return [Paragraph(escape(shown), st["Small"])] if shown else []

    if name == "grafik_tangga":
        if "grafik_tangga" not in blocks:
            return missing("[Grafik: belum ada data pemetaan]")
        out: list[Any] = []
        labels = {lv: level_label(lv) for lv in LEVELS}
        for domain in DOMAINS:
            out.append(ladder_chart(domain_label(domain), blocks["grafik_tangga"]["categories"],
                                    _chart_counts(blocks, domain), labels, width=16.5 * cm, bar_height=9))
        out.append(Paragraph(escape(data_note(document, blocks)), st["Small"]))
        return out
    if name not in blocks:
        return missing(f"[{BLOCKS.get(name, name)}: belum ada data]")
    data = blocks[name]
    if not data["rows"]:
        return missing(f"[{BLOCKS.get(name, name)}: belum diisi]")
    header, groups = _table_shape(name, data)
    out = [_pdf_table(header, data["rows"], data.get("total_row", False), groups), Spacer(1, 0.15 * cm)]
    if name in MAPPING_NOTES:
        out.append(Paragraph(escape(data_note(document, blocks)), st["Small"]))
    return out


def _sss_pdf_document(out: Path, document: SssDocument) -> Any:
    """The report template, with "DRAF" at the top of every page of a draft."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm

    from bakti_desktop.reports.pdf import FONT_BOLD, ReportDocument

    class SssPdf(ReportDocument):
        def _decorate(self, canvas: Any, doc: Any) -> None:
            super()._decorate(canvas, doc)
            if not document.final:
                canvas.saveState()
                canvas.setFont(FONT_BOLD, 10)
                canvas.setFillColor(colors.HexColor("#C62828"))
                canvas.drawRightString(self.leftMargin + self.width, self.pagesize[1] - 1.2 * cm, "DRAF")
                canvas.restoreState()

    return SssPdf(out, title=cut(clean(document.title), 300),
                  footer=f"{document.title}{' — DRAF' if not document.final else ''}")


def _pdf_cover(document: SssDocument, kop: Letterhead, width: float) -> list[Any]:
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Spacer

    from bakti_desktop.reports.pdf import escape, styles

    st = styles()
    story: list[Any] = []
    story += pdf_flowables(kop, width)
    style = {"title": st["Title"], "subtitle": st["Subtitle"], "body": st["Center"]}
    for line in cover_lines(document):
        if line.role == "gap":
            story.append(Spacer(1, 4.5 * cm))
        elif line.role == "draft":
            story.append(Paragraph(f"<font color='#C62828'>{escape(line.text)}</font>", st["Center"]))
        else:
            story.append(Paragraph(escape(line.text), style[line.role]))
    return story


def _pdf(document: SssDocument, blocks: dict[str, Any], out: Path, kop: Letterhead = NO_KOP) -> list[int]:
    """Write the PDF; returns the page of each chapter and section heading, in order."""
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak, KeepTogether, ListFlowable, ListItem, NextPageTemplate, PageBreak
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from bakti_desktop.reports.pdf import escape, styles

    st = styles()
    doc = _sss_pdf_document(out, document)
    story: list[Any] = _pdf_cover(document, kop, doc.width)
    story += [NextPageTemplate("body"), PageBreak(), Paragraph("Daftar Isi", st["H1Plain"]), doc.toc, PageBreak()]
    first = True
    for number, section in numbered(list(document.sections)):
        if section.level == 1:
            if not first:
                story.append(PageBreak())
            first = False
            story.append(Paragraph(f"BAB {number} {escape(cut(section.title, 300).upper())}", st["H1"]))
        else:
            story.append(CondPageBreak(3 * cm))
            story.append(Paragraph(f"{number} {escape(cut(section.title, 300))}", st["H2"]))
        parsed = markdown.parse(section.content)
        if not parsed and section.guidance and not document.final:
            story.append(Paragraph(f"<i><font color='#757575'>[Panduan: {escape(section.guidance)}]</font></i>",
                                   st["Body"]))
        for block in parsed:
            if block.kind == "heading":
                story.append(Paragraph(_runs_markup(block.runs), st["H3"]))
            elif block.kind == "paragraph":
                story.append(Paragraph(_runs_markup(block.runs), st["Body"]))
            elif block.kind in ("bullets", "numbers"):
                items: list[Any] = [ListItem(Paragraph(_runs_markup(item), st["Body"])) for item in block.items]
                if block.kind == "bullets":
                    story.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=14,
                                              bulletFontName="DejaVuSans"))
                else:  # "1." as in Word, each list from 1
                    story.append(ListFlowable(items, bulletType="1", bulletFormat="%s.", leftIndent=16,
                                              bulletFontName="DejaVuSans"))
            elif block.kind == "table" and block.rows:
                header = [markdown.plain(c) for c in block.rows[0]]
                rows = [[markdown.plain(c) for c in r] for r in block.rows[1:]]
                story.append(_pdf_table(header, rows))
                story.append(Spacer(1, 0.2 * cm))
            elif block.kind == "data":
                story += _pdf_block(document, block.name, blocks)
    page = endorsement(document)
    signature = "<br/>".join(escape(line.format(place=page.place, office=page.office)) for line in SIGNATURE[:4])
    sign = Table([["", Paragraph(signature, st["Center"])],
                  ["", Spacer(1, 2.5 * cm)],
                  ["", Paragraph(escape(SIGNATURE[-1]), st["Center"])]], colWidths=[8.5 * cm, 8.5 * cm])
    sign.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story += [PageBreak(), Paragraph("LEMBAR PENGESAHAN", st["Title"]), Spacer(1, 1 * cm),
              KeepTogether([Paragraph(escape(page.text), st["Body"]), Spacer(1, 1.5 * cm), sign])]
    doc.build_with_toc(story)
    return [entry[2] for entry in doc.toc._lastEntries]  # noqa: SLF001 - (level, text, page, key) per heading


# -- Word -----------------------------------------------------------------------------------------------------
def _add_runs(paragraph: Any, runs: list[markdown.Run]) -> None:
    for text, bold, italic in runs:
        run = paragraph.add_run(clean(text))
        run.bold = bold or None
        run.italic = italic or None


def _docx_table(doc: Any, header: list[str], rows: list[list[str]], total_row: bool = False,
                groups: list[tuple[str, int]] | None = None) -> None:
    """The same table as the PDF's (same widths, same alignment), then a small gap."""
    from docx.shared import Pt

    from bakti_desktop.reports.word import add_table

    rows = [[clean(str(c)) for c in r] for r in rows]
    size = round(8 * scale_needed(header, rows, TEXT_WIDTH) * 2) / 2  # Word sizes go by half points
    widths = fit_columns(header, rows, TEXT_WIDTH, size=size, head_size=min(7, size))
    add_table(doc, header, rows, widths, numeric_columns(rows, skip_last=total_row), total_row, groups, size)
    gap = doc.add_paragraph()
    gap.paragraph_format.space_after = Pt(2)


def _note(doc: Any, text: str) -> None:
    from docx.shared import Pt, RGBColor

    run = doc.add_paragraph().add_run(text)
    run.italic = True
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x54, 0x6E, 0x7A)


def _docx_block(doc: Any, document: SssDocument, name: str, blocks: dict[str, Any]) -> None:
    from io import BytesIO

    from docx.shared import Cm

    from bakti_desktop.reports.png_chart import ladder_png

    def missing(text: str) -> None:
        shown = _missing(document, text)
        if shown:
            _note(doc, shown)

    if name == "grafik_tangga":
        if "grafik_tangga" not in blocks:
            missing("[Grafik: belum ada data pemetaan]")
            return
        labels = {lv: level_label(lv) for lv in LEVELS}
        for domain in DOMAINS:
            png = ladder_png(domain_label(domain), blocks["grafik_tangga"]["categories"],
                             _chart_counts(blocks, domain), labels)
            doc.add_picture(BytesIO(png), width=Cm(16))
        _note(doc, data_note(document, blocks))
        return
    if name not in blocks:
        missing(f"[{BLOCKS.get(name, name)}: belum ada data]")
        return
    data = blocks[name]
    if not data["rows"]:
        missing(f"[{BLOCKS.get(name, name)}: belum diisi]")
        return
    header, groups = _table_shape(name, data)
    _docx_table(doc, header, data["rows"], data.get("total_row", False), groups)
    if name in MAPPING_NOTES:
        _note(doc, data_note(document, blocks))


def _docx_cover(doc: Any, document: SssDocument, kop: Letterhead) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    add_to_docx(doc, kop)
    sizes = {"title": (22, True), "subtitle": (14, False), "body": (10, False), "draft": (10, False)}
    for line in cover_lines(document):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line.role == "gap":
            p.paragraph_format.space_before = Cm(4.5)
            continue
        size, bold = sizes[line.role]
        run = p.add_run(line.text)
        run.font.size = Pt(size)
        run.bold = bold or None
        if line.role == "draft":
            run.font.color.rgb = RGBColor(0xC6, 0x28, 0x28)


def _pdf_pages(document: SssDocument, blocks: dict[str, Any], kop: Letterhead) -> list[int]:
    """The page of each heading as the PDF lays the document out: the Word file's table of contents shows
    them until Word rebuilds it (LibreOffice never does)."""
    from tempfile import TemporaryDirectory

    with TemporaryDirectory(prefix="bakti-sss-") as folder:
        return _pdf(document, blocks, Path(folder) / "layout.pdf", kop)


def _docx(document: SssDocument, blocks: dict[str, Any], out: Path, kop: Letterhead = NO_KOP) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from bakti_desktop.reports import word

    doc = Document()
    doc.core_properties.title = cut(clean(document.title), 255)
    doc.core_properties.author = "Pokja AMPL"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.styles["Normal"].font.name = "Arial"  # as wide as the PDF's sans serif; the column widths assume so
    section = word.a4(doc)
    word.blank_first_page(section)
    word.page_footer(section, f"{clean(document.title)}{' — DRAF' if not document.final else ''}")
    if not document.final:
        word.page_header(section, "DRAF")
    _docx_cover(doc, document, kop)
    doc.add_page_break()
    sections = numbered(list(document.sections))
    pages = _pdf_pages(document, blocks, kop)  # the same pagination: each chapter starts a page in both
    headings = []
    for i, (number, section_row) in enumerate(sections):
        title = clean(f"BAB {number} {section_row.title.upper()}" if section_row.level == 1 else
                      f"{number} {section_row.title}")
        headings.append((1 if section_row.level == 1 else 2, title, f"_TocSss{i}",
                         pages[i] if len(pages) == len(sections) else None))
    contents = doc.add_paragraph()
    contents.add_run("Daftar Isi").bold = True
    contents.runs[0].font.size = Pt(15)
    word.table_of_contents(doc, headings)
    for (level, title, mark, _page), (_number, section_row) in zip(headings, sections):
        if level == 1:
            doc.add_page_break()
        word.bookmark(doc.add_heading(title, level=level), mark)
        parsed = markdown.parse(section_row.content)
        if not parsed and section_row.guidance and not document.final:
            _note(doc, clean(f"[Panduan: {section_row.guidance}]"))
        for block in parsed:
            if block.kind == "heading":
                _add_runs(doc.add_heading(level=3), block.runs)
            elif block.kind == "paragraph":
                _add_runs(doc.add_paragraph(), block.runs)
            elif block.kind == "bullets":
                for item in block.items:
                    _add_runs(doc.add_paragraph(style="List Bullet"), item)
            elif block.kind == "numbers":
                num_id = word.new_list(doc)  # each list counts from 1
                for item in block.items:
                    _add_runs(word.list_item(doc, num_id), item)
            elif block.kind == "table" and block.rows:
                _docx_table(doc, [markdown.plain(c) for c in block.rows[0]],
                            [[markdown.plain(c) for c in r] for r in block.rows[1:]])
            elif block.kind == "data":
                _docx_block(doc, document, block.name, blocks)
    doc.add_page_break()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("LEMBAR PENGESAHAN")
    run.bold = True
    run.font.size = Pt(22)
    page = endorsement(document)
    text = doc.add_paragraph(page.text)
    text.paragraph_format.space_before = Cm(1)
    text.paragraph_format.space_after = Cm(1.5)
    text.paragraph_format.keep_with_next = True
    for line in SIGNATURE:
        p = doc.add_paragraph(line.format(place=page.place, office=page.office))
        p.paragraph_format.left_indent = Cm(8.5)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.keep_with_next = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.update_fields_on_open(doc)
    doc.save(str(out))
