"""The letterhead and document number of a workspace: stored, checked, printed in PDF and Word."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bakti_desktop.errors import UserError
from bakti_desktop.reports import letterhead as lh
from bakti_desktop.storage.database import open_database


def png_bytes(size: tuple[int, int] = (120, 140)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 80, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "kop.sqlite")
    yield database
    database.close()


KOP = lh.Letterhead(("Pemerintah Kabupaten Gowa", "Badan Perencanaan Pembangunan Daerah"),
                    "Jl. Mesjid Raya No. 30, Sungguminasa", png_bytes(), "050/{nomor}/Bappeda/{bulan}/{tahun}")


def test_stored_per_workspace_with_its_logo(db) -> None:  # type: ignore[no-untyped-def]
    assert lh.letterhead(db, "mapping").is_empty
    lh.save_letterhead(db, "mapping", KOP)
    got = lh.letterhead(db, "mapping")
    assert got.institutions == KOP.institutions and got.address == KOP.address and got.logo == KOP.logo
    assert lh.letterhead(db, "pksai").is_empty


def test_number_from_the_pattern() -> None:
    assert KOP.number(12, date(2020, 9, 15)) == "050/12/Bappeda/IX/2020"
    assert KOP.number(None, date(2020, 9, 15)) == f"050/{lh.BLANK_NUMBER}/Bappeda/IX/2020"
    assert lh.Letterhead().number(3) == ""


@pytest.mark.parametrize("pattern", ["050/{no}/Bappeda", "050/{nomor/x", "{0}/x", "x" * 101])
def test_broken_patterns_refused(db, pattern: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError):
        lh.save_letterhead(db, "mapping", lh.Letterhead(("Bappeda",), number_pattern=pattern))
    assert lh.letterhead(db, "mapping").is_empty


def test_logo_must_be_a_small_png_or_jpeg(tmp_path: Path) -> None:
    text = tmp_path / "logo.png"
    text.write_text("bukan gambar")
    with pytest.raises(UserError):
        lh.read_logo(text)
    gif = tmp_path / "logo.gif"
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(UserError):
        lh.read_logo(gif)
    big = tmp_path / "big.png"
    big.write_bytes(png_bytes() + b"\0" * (lh.LOGO_MAX_BYTES + 1))
    with pytest.raises(UserError):
        lh.read_logo(big)
    good = tmp_path / "good.png"
    good.write_bytes(png_bytes())
    assert lh.read_logo(good) == good.read_bytes()


def test_pdf_and_docx_carry_the_kop(tmp_path: Path) -> None:
    import docx
    from pypdf import PdfReader
    from reportlab.platypus import Paragraph

    from bakti_desktop.reports.pdf import ReportDocument, styles

    out = tmp_path / "kop.pdf"
    doc = ReportDocument(out, "t", "f")
    doc.build_with_toc([*lh.pdf_flowables(KOP, doc.width), Paragraph("Isi", styles()["Body"])])
    page = PdfReader(out).pages[0]
    text = " ".join(page.extract_text().split())
    assert "BADAN PERENCANAAN PEMBANGUNAN DAERAH" in text and "Sungguminasa" in text
    assert page.images  # the logo

    document = docx.Document()
    document.add_paragraph("Isi")
    lh.add_to_docx(document, KOP)
    saved = tmp_path / "kop.docx"
    document.save(saved)
    again = docx.Document(saved)
    first = again.element.body[0]
    assert first.tag.endswith("}tbl")  # the kop comes before what was there
    assert "PEMERINTAH KABUPATEN GOWA" in again.tables[0].cell(0, 1).text
    assert again.inline_shapes  # the logo
    assert lh.pdf_flowables(lh.Letterhead(), 100) == []


def test_time_in_running_text() -> None:
    from datetime import time

    from bakti_desktop.reports.format import time_long

    assert time_long(time(9, 15)) == "pukul 09.15 WITA"
    assert time_long(None) == ""


def test_columns_fit_their_words_and_numbers_align_right() -> None:
    from bakti_desktop.reports.columns import numeric_columns
    from bakti_desktop.reports.pdf import FONT, fit_widths, stringWidth

    header = ["No", "Sekolah", "Anggaran (Rp)"]
    rows = [["1", "SD Negeri 1 Pangkajene Kepulauan dengan nama yang sangat panjang sekali", "5.615.000.000"],
            ["12", "MTs", "35.000.000"]]
    widths = fit_widths(header, rows, 200)
    assert abs(sum(widths) - 200) < 0.01
    assert widths[2] >= stringWidth("5.615.000.000", FONT, 8) + 6  # the amount is never broken
    assert widths[1] >= stringWidth("Kepulauan", FONT, 8) + 6
    assert numeric_columns(rows) == [True, False, True]
    assert numeric_columns([["40301234", "66,7%"]]) == [False, True]  # an NPSN names, it does not count
    assert numeric_columns([["Rp 1.500.000", "-", "3/8"], ["2021", "12", "1/8"]]) == [True, True, True]


def test_an_office_name_and_address_hold_on_one_line_each_beside_a_narrow_logo(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from reportlab.platypus import Paragraph

    from bakti_desktop.reports.pdf import ReportDocument, styles

    kop = lh.Letterhead(("Pemerintah Kabupaten Gowa", "Badan Perencanaan Pembangunan Daerah"),
                        "Jl. Mesjid Raya No. 30, Sungguminasa 92111, Telp. (0411) 861 102", png_bytes((240, 280)))
    out = tmp_path / "kop.pdf"
    doc = ReportDocument(out, "t", "f")
    doc.build_with_toc([*lh.pdf_flowables(kop, doc.width), Paragraph("Isi", styles()["Body"])])
    lines = [" ".join(line.split()) for line in PdfReader(out).pages[0].extract_text().splitlines()]
    assert "BADAN PERENCANAAN PEMBANGUNAN DAERAH" in lines  # not broken before "DAERAH"
    assert "Jl. Mesjid Raya No. 30, Sungguminasa 92111, Telp. (0411) 861 102" in lines
