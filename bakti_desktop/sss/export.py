"""Printing an SSS: a PDF to sign and a Word document to keep editing.

PDF: cover (district, title, period, space for the logo), Daftar Isi with page
numbers, numbered chapters, tables with repeated headers, charts, page
numbers and an endorsement page for the bupati/walikota. DOCX: Word heading
styles (so Word builds its own table of contents), real Word tables and the
same content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from bakti_desktop import regions
from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.mapping.indicators import DOMAINS, LEVELS, domain_label, level_label
from bakti_desktop.reports.output import check_output, write_atomically
from bakti_desktop.reports.text import clean, cut
from bakti_desktop.sss import markdown
from bakti_desktop.sss.blocks import document_blocks
from bakti_desktop.sss.models import SssDocument
from bakti_desktop.sss.outline import BLOCKS
from bakti_desktop.sss.service import numbered
from bakti_desktop.storage.database import Database


def _document(session: Any, document_id: int | None) -> SssDocument:
    document: SssDocument | None = session.get(SssDocument, document_id) if document_id else session.scalar(
        select(SssDocument).order_by(SssDocument.id))
    if document is None:
        raise UserError(msg(en="There is no SSS document yet.", id="Belum ada dokumen SSS.")
                        if document_id is None else
                        msg(en="SSS document {n} does not exist.", id="Dokumen SSS {n} tidak ada.", n=document_id))
    return document


def export_sss(db: Database, out: Path, document_id: int | None = None) -> Path:
    suffix = check_output(out, (".pdf", ".docx"))
    with db.session() as session:
        document = _document(session, document_id)
        blocks = document_blocks(db, document)
        writer = _pdf if suffix == ".pdf" else _docx
        return write_atomically(Path(out), lambda tmp: writer(document, blocks, tmp))


def _data_note(blocks: dict[str, Any]) -> str:
    from bakti_desktop.sss.preview import data_note

    return data_note(blocks)


def _chart_counts(blocks: dict[str, Any], domain: str) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = blocks["grafik_tangga"]["series"][domain]
    return counts


# -- PDF ------------------------------------------------------------------------------------------------------
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


def _pdf_block(name: str, blocks: dict[str, Any]) -> list[Any]:
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Spacer

    from bakti_desktop.reports.pdf import escape, ladder_chart, styles, table

    st = styles()
    if name not in blocks and name != "grafik_tangga":
        return [Paragraph(escape(f"[{BLOCKS.get(name, name)}: belum ada data]"), st["Small"])]
    if name == "grafik_tangga":
        if "grafik_tangga" not in blocks:
            return [Paragraph("[Grafik: belum ada data pemetaan]", st["Small"])]
        out: list[Any] = []
        labels = {lv: level_label(lv) for lv in LEVELS}
        for domain in DOMAINS:
            out.append(ladder_chart(domain_label(domain), blocks["grafik_tangga"]["categories"],
                                    _chart_counts(blocks, domain), labels, width=16.5 * cm, bar_height=9))
        out.append(Paragraph(escape(_data_note(blocks)), st["Small"]))
        return out
    data = blocks[name]
    if not data["rows"]:
        return [Paragraph(escape(f"[{BLOCKS.get(name, name)}: belum diisi]"), st["Small"])]
    columns = len(data["header"])
    width = 17 * cm
    if name in ("tangga_kecamatan", "tangga_jenjang"):
        widths = [3.2 * cm, 1.4 * cm] + [(width - 4.6 * cm) / 9] * 9
    elif name == "program":
        widths = [w * cm for w in (2.1, 2.3, 1.8, 1.2, 1.3, 2.05, 2.05, 1.3, 1.8, 1.1)]  # 17 cm; no word is split
    else:
        widths = [width / columns] * columns
    header, groups = data["header"], None
    if name in ("tangga_kecamatan", "tangga_jenjang"):  # "Air minum: Dasar" → a grouped two-row header
        header = header[:2] + [h.split(": ", 1)[1] for h in header[2:]]
        groups = [("", 2)] + [(h.split(": ", 1)[0], 3) for h in data["header"][2::3]]
    out = [table(header, data["rows"], widths, align_right_from=1 if name != "program" else None,
                 total_row=data.get("total_row", False), groups=groups), Spacer(1, 0.15 * cm)]
    if name in ("tangga_kecamatan", "tangga_jenjang", "kebutuhan_jamban"):
        out.append(Paragraph(escape(_data_note(blocks)), st["Small"]))
    return out


def _pdf(document: SssDocument, blocks: dict[str, Any], out: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak, ListFlowable, ListItem, NextPageTemplate, PageBreak, Paragraph, Spacer
    from reportlab.platypus import Table, TableStyle

    from bakti_desktop.reports.pdf import ReportDocument, escape, styles, table

    st = styles()
    kabupaten = regions.region_name(document.kabupaten_code)
    head = "BUPATI" if not kabupaten.startswith("Kota") else "WALIKOTA"
    doc = ReportDocument(out, title=cut(clean(document.title), 300),
                         footer=f"{document.title}{' — DRAF' if not document.final else ''}")
    logo = Table([[Paragraph("Logo<br/>daerah", st["Center"])]], colWidths=[3.5 * cm], rowHeights=[3.5 * cm])
    logo.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story: list[Any] = [Spacer(1, 2 * cm), logo, Spacer(1, 1.5 * cm),
                        Paragraph("STRATEGI SANITASI SEKOLAH", st["Title"]),
                        Paragraph(escape(kabupaten.upper()), st["Subtitle"]),
                        Paragraph(f"Periode {document.start_year}–{document.end_year}", st["Subtitle"]),
                        Spacer(1, 5 * cm),
                        Paragraph("Kelompok Kerja Air Minum dan Penyehatan Lingkungan (Pokja AMPL)", st["Center"]),
                        Paragraph(escape(kabupaten), st["Center"])]
    if not document.final:
        story.append(Paragraph("<font color='#C62828'>DRAF — belum disahkan</font>", st["Center"]))
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
                story.append(ListFlowable(items, bulletType="bullet" if block.kind == "bullets" else "1",
                                          start="•" if block.kind == "bullets" else None, leftIndent=14,
                                          bulletFontName="DejaVuSans"))
            elif block.kind == "table" and block.rows:
                header = [markdown.plain(c) for c in block.rows[0]]
                rows = [[markdown.plain(c) for c in r] for r in block.rows[1:]]
                story.append(table(header, rows, [17 * cm / len(header)] * len(header)))
                story.append(Spacer(1, 0.2 * cm))
            elif block.kind == "data":
                story += _pdf_block(block.name, blocks)
    # Endorsement page
    place = kabupaten.replace("Kabupaten ", "").replace("Kota ", "")
    story += [PageBreak(), Paragraph("LEMBAR PENGESAHAN", st["Title"]), Spacer(1, 1 * cm),
              Paragraph(f"Dokumen {escape(cut(document.title, 300))} telah disusun oleh Pokja AMPL bersama Dinas Pendidikan, "
                        f"Tim Pembina UKS, Dinas Kesehatan, dan Bappeda {escape(kabupaten)}, dan disahkan sebagai "
                        f"bagian dari Strategi Sanitasi Kabupaten/Kota (SSK).", st["Body"]),
              Spacer(1, 1.5 * cm)]
    sign = Table([["", Paragraph(f"Ditetapkan di {escape(place)}<br/>pada tanggal ……………………<br/><br/>"
                                 f"{head} {escape(place.upper())},", st["Center"])],
                  ["", Spacer(1, 2.5 * cm)],
                  ["", Paragraph("( …………………………………… )", st["Center"])]], colWidths=[8.5 * cm, 8.5 * cm])
    story.append(sign)
    doc.build_with_toc(story)


# -- Word -----------------------------------------------------------------------------------------------------
def _add_runs(paragraph: Any, runs: list[markdown.Run]) -> None:
    for text, bold, italic in runs:
        run = paragraph.add_run(clean(text))
        run.bold = bold or None
        run.italic = italic or None


def _docx_table(doc: Any, header: list[str], rows: list[list[str]], total_row: bool = False) -> None:
    from docx.shared import Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(clean(str(text)))
        run.bold = True
        run.font.size = Pt(8)
    _repeat_header(table.rows[0])
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = ""
            run = cell.paragraphs[0].add_run(clean(str(text)))
            run.font.size = Pt(8)
            if total_row and r == len(rows) - 1:
                run.bold = True
    doc.add_paragraph()


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()  # noqa: SLF001 - python-docx has no API for this
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _docx_block(doc: Any, name: str, blocks: dict[str, Any]) -> None:
    from io import BytesIO

    from docx.shared import Cm

    from bakti_desktop.reports.png_chart import ladder_png

    if name == "grafik_tangga":
        if "grafik_tangga" not in blocks:
            doc.add_paragraph("[Grafik: belum ada data pemetaan]")
            return
        labels = {lv: level_label(lv) for lv in LEVELS}
        for domain in DOMAINS:
            png = ladder_png(domain_label(domain), blocks["grafik_tangga"]["categories"],
                             _chart_counts(blocks, domain), labels)
            doc.add_picture(BytesIO(png), width=Cm(16))
        doc.add_paragraph(_data_note(blocks)).runs[0].italic = True
        return
    data = blocks.get(name)
    if not data or not data["rows"]:
        doc.add_paragraph(f"[{BLOCKS.get(name, name)}: belum ada data]")
        return
    _docx_table(doc, data["header"], data["rows"], data.get("total_row", False))
    if name in ("tangga_kecamatan", "tangga_jenjang", "kebutuhan_jamban"):
        doc.add_paragraph(_data_note(blocks)).runs[0].italic = True


def _docx(document: SssDocument, blocks: dict[str, Any], out: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    kabupaten = regions.region_name(document.kabupaten_code)
    doc = Document()
    doc.core_properties.title = cut(clean(document.title), 255)
    doc.core_properties.author = "Pokja AMPL"
    for line, size, bold in (("STRATEGI SANITASI SEKOLAH", 24, True), (kabupaten.upper(), 16, False),
                             (f"Periode {document.start_year}–{document.end_year}", 14, False)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.font.size = Pt(size)
        run.bold = bold
    if not document.final:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("DRAF — belum disahkan").italic = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Daftar isi: di Word, pilih References → Table of Contents (semua judul memakai gaya Heading).")
    for number, section in numbered(list(document.sections)):
        if section.level == 1:
            doc.add_page_break()
            doc.add_heading(clean(f"BAB {number} {section.title.upper()}"), level=1)
        else:
            doc.add_heading(clean(f"{number} {section.title}"), level=2)
        parsed = markdown.parse(section.content)
        if not parsed and section.guidance and not document.final:
            doc.add_paragraph(clean(f"[Panduan: {section.guidance}]")).runs[0].italic = True
        for block in parsed:
            if block.kind == "heading":
                _add_runs(doc.add_heading(level=3), block.runs)
            elif block.kind == "paragraph":
                _add_runs(doc.add_paragraph(), block.runs)
            elif block.kind in ("bullets", "numbers"):
                style = "List Bullet" if block.kind == "bullets" else "List Number"
                for item in block.items:
                    _add_runs(doc.add_paragraph(style=style), item)
            elif block.kind == "table" and block.rows:
                _docx_table(doc, [markdown.plain(c) for c in block.rows[0]],
                            [[markdown.plain(c) for c in r] for r in block.rows[1:]])
            elif block.kind == "data":
                _docx_block(doc, block.name, blocks)
    doc.add_page_break()
    doc.add_heading("LEMBAR PENGESAHAN", level=1)
    doc.add_paragraph(clean(f"Dokumen {document.title} disusun oleh Pokja AMPL bersama Dinas Pendidikan, Tim Pembina UKS, "
                      f"Dinas Kesehatan, dan Bappeda {kabupaten}."))
    place = kabupaten.replace("Kabupaten ", "").replace("Kota ", "")
    head = "BUPATI" if not kabupaten.startswith("Kota") else "WALIKOTA"
    for line in (f"Ditetapkan di {place}", "pada tanggal ……………………", "", f"{head} {place.upper()},", "", "", "",
                 "( …………………………………… )"):
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(out))
