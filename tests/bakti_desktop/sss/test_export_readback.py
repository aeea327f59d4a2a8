"""The SSS as printed, read back by independent libraries: python-docx for the Word file, pdfplumber for the PDF.

What an office needs to sign and print it as it comes out (issue #19): A4, page numbers, a table of
contents, lists that count from 1, tables whose columns fit their content, the capital as the place of
signing, and a final document free of draft marks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from sqlalchemy import select

from bakti_desktop.mapping import demo as mapping_demo
from bakti_desktop.reports.format import date_text, number
from bakti_desktop.sss import demo, service
from bakti_desktop.sss.blocks import document_blocks
from bakti_desktop.sss.export import export_sss
from bakti_desktop.sss.models import SssDocument, SssSection

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _bone(db) -> int:  # type: ignore[no-untyped-def]
    mapping_demo.load(db)
    demo.load(db)
    with db.session() as session:
        return session.scalar(select(SssDocument.id).where(SssDocument.kabupaten_code == "73.08"))


def _instructions(element) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join((t.text or "").split()) for t in element.iter(qn("w:instrText"))]


def _text(word) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(t.text or "" for t in word.element.body.iter(qn("w:t")))


def _pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _pdf_words(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [w["text"] for page in pdf.pages for w in page.extract_words(keep_blank_chars=False)]


def test_word_file_is_a4_with_page_numbers_contents_and_fitted_tables(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document_id = _bone(db)
    word = Document(str(export_sss(db, tmp_path / "sss.docx", document_id=document_id)))
    section = word.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert all(abs(m - Cm(2)) < Cm(0.01) for m in (section.left_margin, section.right_margin,
                                                   section.top_margin, section.bottom_margin))
    footer = _instructions(section.footer._element)  # noqa: SLF001
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "Halaman" in "".join(t.text or "" for t in section.footer._element.iter(qn("w:t")))  # noqa: SLF001
    assert section.different_first_page_header_footer  # the cover has no page number
    assert "DRAF" in section.header.paragraphs[0].text  # a draft says so on every page
    body = _instructions(word.element.body)
    assert any(i.startswith("TOC ") for i in body)
    assert word.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    # the stored contents list the numbered headings, each pointing at its heading's bookmark
    marks = {b.get(qn("w:name")) for b in word.element.body.iter(qn("w:bookmarkStart"))}
    refs = [i.split()[1] for i in body if i.startswith("PAGEREF")]
    assert refs and set(refs) <= marks
    text = _text(word)
    assert "BAB 4 STRATEGI JANGKA MENENGAH" in text and "4.3 Strategi" in text
    assert "Daftar isi: di Word" not in text
    # the cover and the endorsement as in the PDF
    assert "Kelompok Kerja Air Minum dan Penyehatan Lingkungan (Pokja AMPL)" in text
    assert "Ditetapkan di Watampone" in text and "BUPATI BONE," in text

    for table in word.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]  # noqa: SLF001
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"  # noqa: SLF001
        assert abs(sum(grid) - 17 / 2.54 * 1440) < 20  # the text width, 17 cm
        rows = table._tbl.findall(qn("w:tr"))  # noqa: SLF001
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    programme = next(t for t in word.tables if t.rows[0].cells[0].text == "Program")
    grid = [int(c.get(qn("w:w"))) for c in programme._tbl.tblGrid.findall(qn("w:gridCol"))]  # noqa: SLF001
    assert len(set(grid)) > 3  # widths from content, not ten equal columns
    total = programme.rows[-1].cells[6]
    assert re.fullmatch(r"[\d.]+", total.text) and total.paragraphs[0].alignment == 2  # RIGHT
    assert programme.rows[1].cells[1].paragraphs[0].alignment != 2  # text stays left


def test_each_numbered_list_in_word_counts_from_one(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document_id = _bone(db)
    word = Document(str(export_sss(db, tmp_path / "sss.docx", document_id=document_id)))
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]  # noqa: SLF001
    assert len(numbered) >= 6 and len(set(ids)) >= 2  # §1.2 and §4.3 are two lists
    assert ids[0] != ids[-1]
    numbering = word.part.numbering_part.element
    for num_id in set(ids):
        num = next(n for n in numbering.num_lst if n.numId == num_id)
        start = num.find(f"{W}lvlOverride/{W}startOverride")
        assert start is not None and start.get(qn("w:val")) == "1"


def test_pdf_programme_table_keeps_every_word_and_amount_whole(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document_id = _bone(db)
    pdf = export_sss(db, tmp_path / "sss.pdf", document_id=document_id)
    pages = _pdf_pages(pdf)
    for n, text in enumerate(pages, start=1):  # every page is numbered, the cover too (reports/pdf.py)
        assert f"Halaman {n} dari {len(pages)}" in text
    words = set(_pdf_words(pdf))
    with db.session() as session:
        programme = document_blocks(db, session.get(SssDocument, document_id))["program"]["rows"]
    for row in programme:
        for cell in row:
            for word in str(cell).split():
                assert word in words, (word, row)  # "angkat|an", "5.615.000.0|00" would miss
    joined = "\n".join(pages)
    assert "Ditetapkan di Watampone" in joined and "Ditetapkan di Bone" not in joined
    assert re.search(r"^1\. ", joined, re.M)  # list numbers with a period
    assert "DRAF" in pages[3]  # a draft says so at the top of each page


def test_final_document_prints_no_draft_marks(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document_id = _bone(db)
    with db.session() as session:
        draft_text = session.scalar(select(SssSection.id).where(SssSection.document_id == document_id,
                                                                SssSection.content == ""))
    assert draft_text is not None  # an empty section: its guidance prints in the draft only
    draft = "\n".join(_pdf_pages(export_sss(db, tmp_path / "draft.pdf", document_id=document_id)))
    assert "[Panduan:" in draft and "data sementara per" in draft
    service.mark_final(db, document_id)
    with db.session() as session:
        frozen = session.get(SssDocument, document_id).frozen_at.date()
    pdf = "\n".join(_pdf_pages(export_sss(db, tmp_path / "final.pdf", document_id=document_id)))
    word = _text(Document(str(export_sss(db, tmp_path / "final.docx", document_id=document_id))))
    for text in (pdf, word):
        for mark in ("[Panduan", "DRAF", "Logo", "otomatis", "sementara", "belum ada data", "belum diisi"):
            assert mark not in text, mark
        assert f"data per {date_text(frozen)}" in text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO date on a document for signature
    final = Document(str(tmp_path / "final.docx"))
    assert "DRAF" not in final.sections[0].header.paragraphs[0].text


def test_ladder_tables_end_with_the_kabupaten_row_the_baselines_cite(db) -> None:  # type: ignore[no-untyped-def]
    document_id = _bone(db)
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        blocks = document_blocks(db, document)
        targets = {t.source: t.baseline for t in document.targets}
    for name in ("tangga_kecamatan", "tangga_jenjang"):
        table = blocks[name]
        assert table["total_row"] and table["rows"][-1][0] == "Kabupaten Bone"
        schools = sum(int(r[1].replace(".", "")) for r in table["rows"][:-1])
        assert table["rows"][-1][1] == number(schools)
    last = blocks["tangga_kecamatan"]["rows"][-1]
    header = blocks["tangga_kecamatan"]["header"]
    for source, column in (("water_basic", "Air minum: Dasar"), ("sanitation_basic", "Sanitasi: Dasar"),
                           ("hygiene_basic", "Higiene: Dasar")):
        if column not in header:
            pytest.fail(f"no column {column}: {header}")
        assert last[header.index(column)] == number(targets[source], 1) + "%"


def test_pdf_figures_are_aligned_right(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In the funding table (§5.2) every amount ends at its column's right edge."""
    document_id = _bone(db)
    pdf = export_sss(db, tmp_path / "sss.pdf", document_id=document_id)
    with db.session() as session:
        rows = document_blocks(db, session.get(SssDocument, document_id))["pendanaan"]["rows"]
    with pdfplumber.open(pdf) as document:
        page = [p for p in document.pages if "5.2 Indikasi Pendanaan" in (p.extract_text() or "")][-1]  # not the contents
        words = page.extract_words()
        top = next(w["top"] for w in words if w["text"] == "5.2")
        column = [w for w in words if w["top"] > top and w["x0"] > page.width * 0.7 and w["text"] in {r[-1] for r in rows}]
    assert len(column) == len(rows)
    assert max(w["x1"] for w in column) - min(w["x1"] for w in column) < 1  # one right edge


def test_the_sss_letterhead_set_in_settings_heads_both_formats(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.reports import letterhead as lh

    document_id = _bone(db)
    lh.save_letterhead(db, "sss", lh.Letterhead(("Pemerintah Kabupaten Bone", "Badan Perencanaan Pembangunan Daerah"),
                                                 "Jl. Jenderal Sudirman, Watampone"))
    pdf = export_sss(db, tmp_path / "sss.pdf", document_id=document_id)
    assert "PEMERINTAH KABUPATEN BONE" in _pdf_pages(pdf)[0]
    word = Document(str(export_sss(db, tmp_path / "sss.docx", document_id=document_id)))
    first_table_text = " ".join(cell.text for cell in word.tables[0]._cells)
    assert "Jl. Jenderal Sudirman, Watampone" in first_table_text


def test_a_document_without_sections_is_refused_and_nothing_written(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.errors import NothingToExport

    document_id = service.create_document(db, "73.02", 2025, 2029)
    with db.session() as session:
        for section in list(session.get(SssDocument, document_id).sections):
            session.delete(section)
        session.commit()
    with pytest.raises(NothingToExport):
        export_sss(db, tmp_path / "kosong.pdf", document_id=document_id)
    assert not (tmp_path / "kosong.pdf").exists()
