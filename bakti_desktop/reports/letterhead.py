"""The letterhead (kop surat) and document-number pattern of each workspace.

An office prints its documents under its own kop: the institution's name on one to three lines
("PEMERINTAH KABUPATEN GOWA" / "BADAN PERENCANAAN PEMBANGUNAN DAERAH"), an address line and a logo,
above a double rule. Each workspace has its own (the mapping report goes out under the Pokja AMPL,
the minutes under the PKSAI secretariat), set in *Pengaturan* and stored in the database with the
other data settings (``storage/settings.py``), the logo's bytes included, so it travels with the data
and survives the file it was chosen from.

The API (Qt-free; the renderers import ReportLab or python-docx only when called):

- ``letterhead(db, workspace) -> Letterhead`` — what is set (an empty ``Letterhead`` when nothing is).
- ``save_letterhead(db, workspace, kop)`` — checks and stores it (``UserError`` in one sentence).
- ``read_logo(path) -> bytes`` — a logo file checked (an image, at most ``LOGO_MAX_BYTES``).
- ``Letterhead.number(nomor=None, when=None)`` — the document number from the pattern
  (``"050/{nomor}/Bappeda/{bulan}/{tahun}"`` → ``"050/12/Bappeda/IX/2020"``; without a ``nomor``,
  a dotted blank the office fills by hand).
- ``pdf_flowables(kop, width)`` — ReportLab flowables for the top of page 1 (nothing when empty).
- ``add_to_docx(document, kop)`` — the same kop at the start of a python-docx ``Document``.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg

if TYPE_CHECKING:
    from bakti_desktop.storage.database import Database

KEY = "letterhead.{workspace}"  # the text parts, a JSON object
LOGO_KEY = "letterhead.{workspace}.logo"  # the logo, base64 of the PNG or JPEG bytes
LOGO_MAX_BYTES = 1_000_000
LOGO_FORMATS = ("PNG", "JPEG")
MAX_LINES = 3  # institution lines
LINE_MAX = 120  # characters of one institution line or the address
PATTERN_MAX = 100
PLACEHOLDERS = ("nomor", "bulan", "tahun")
BLANK_NUMBER = "……"  # what a number without its running number shows: the office writes it in by hand
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class Letterhead:
    """A workspace's kop: institution lines (the first is the highest authority), an address line,
    the logo's bytes (PNG or JPEG) and the document-number pattern."""

    institutions: tuple[str, ...] = ()
    address: str = ""
    logo: bytes | None = field(default=None, repr=False)
    number_pattern: str = ""

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to print above the document (no name, no address, no logo)."""
        return not self.institutions and not self.address and not self.logo

    def number(self, nomor: str | int | None = None, when: date | None = None) -> str:
        """The document number from the pattern, or "" when no pattern is set.

        ``{nomor}`` is the running number (a dotted blank when None), ``{bulan}`` the month in Roman
        numerals, ``{tahun}`` the year, both of ``when`` (today by default).
        """
        if not self.number_pattern:
            return ""
        when = when or date.today()
        return self.number_pattern.format(nomor=BLANK_NUMBER if nomor in (None, "") else nomor,
                                          bulan=ROMAN_MONTHS[when.month - 1], tahun=when.year)


def check_pattern(pattern: str) -> str:
    """The pattern stripped, or ``UserError`` for one with an unknown or broken placeholder."""
    pattern = pattern.strip()
    if len(pattern) > PATTERN_MAX:
        raise UserError(msg(en="The document-number pattern is longer than {n} characters.",
                            id="Pola nomor dokumen lebih dari {n} karakter.", n=PATTERN_MAX))
    for name in re.findall(r"\{([^{}]*)\}", pattern):
        if name not in PLACEHOLDERS:
            raise UserError(msg(
                en="The document-number pattern uses {{{p}}}, which is not known: use {{nomor}}, {{bulan}} and {{tahun}}.",
                id="Pola nomor dokumen memakai {{{p}}}, yang tidak dikenal: gunakan {{nomor}}, {{bulan}}, dan {{tahun}}.",
                p=name))
    try:
        pattern.format(nomor="1", bulan="I", tahun=2020)
    except (ValueError, IndexError, KeyError) as error:
        raise UserError(msg(en="The document-number pattern has an unclosed brace { or }.",
                            id="Pola nomor dokumen memiliki kurung kurawal { atau } yang tidak berpasangan.")) from error
    return pattern


def check_logo(data: bytes, name: str = "") -> bytes:
    """``data`` when it is a PNG or JPEG image of at most ``LOGO_MAX_BYTES``; else ``UserError``."""
    where = name or msg(en="The logo", id="Logo")
    if len(data) > LOGO_MAX_BYTES:
        raise UserError(msg(en="{f} is too large ({s} KB): a logo may have at most {m} KB.",
                            id="{f} terlalu besar ({s} KB): logo paling besar {m} KB.", f=where,
                            s=len(data) // 1000, m=LOGO_MAX_BYTES // 1000))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UserError(msg(en="{f} is not an image: choose a PNG or JPEG file.",
                            id="{f} bukan gambar: pilih berkas PNG atau JPEG.", f=where)) from error
    if kind not in LOGO_FORMATS:
        raise UserError(msg(en="{f} is a {k} image: choose a PNG or JPEG file.",
                            id="{f} adalah gambar {k}: pilih berkas PNG atau JPEG.", f=where, k=kind))
    return data


def read_logo(path: Path) -> bytes:
    """The bytes of the logo file at ``path``, checked (``UserError`` in one sentence otherwise)."""
    from bakti_desktop.errors import explain_os_error

    path = Path(path)
    try:
        size = path.stat().st_size
        if size > LOGO_MAX_BYTES:
            raise UserError(msg(en="{f} is too large ({s} KB): a logo may have at most {m} KB.",
                                id="{f} terlalu besar ({s} KB): logo paling besar {m} KB.", f=path.name,
                                s=size // 1000, m=LOGO_MAX_BYTES // 1000))
        data = path.read_bytes()
    except OSError as error:
        raise explain_os_error(error, path) from error
    return check_logo(data, path.name)


def _clean_line(text: str) -> str:
    from bakti_desktop.reports.text import clean

    line = " ".join(clean(text).split())
    if len(line) > LINE_MAX:
        raise UserError(msg(en="A letterhead line is longer than {n} characters: {t}…",
                            id="Satu baris kop lebih dari {n} karakter: {t}…", n=LINE_MAX, t=line[:40]))
    return line


def checked(kop: Letterhead) -> Letterhead:
    """``kop`` with its texts cleaned and checked; ``UserError`` for what cannot be printed."""
    lines = tuple(line for line in (_clean_line(t) for t in kop.institutions) if line)
    if len(lines) > MAX_LINES:
        raise UserError(msg(en="A letterhead has at most {n} institution lines.",
                            id="Kop paling banyak {n} baris nama instansi.", n=MAX_LINES))
    return replace(kop, institutions=lines, address=_clean_line(kop.address),
                   logo=check_logo(kop.logo) if kop.logo else None, number_pattern=check_pattern(kop.number_pattern))


def letterhead(db: Database, workspace: str) -> Letterhead:
    """The kop set for ``workspace`` (``"mapping"``, ``"sss"``, ``"twinning"``, ``"pksai"``); empty when none."""
    from bakti_desktop.storage.settings import get_setting

    with db.session() as session:
        stored = get_setting(session, KEY.format(workspace=workspace)) or {}
        logo = get_setting(session, LOGO_KEY.format(workspace=workspace))
    if not isinstance(stored, dict):
        stored = {}
    try:
        logo_bytes = base64.b64decode(logo) if isinstance(logo, str) and logo else None
    except ValueError:
        logo_bytes = None
    lines = stored.get("institutions") or []
    return Letterhead(institutions=tuple(str(t) for t in lines if str(t).strip())[:MAX_LINES],
                      address=str(stored.get("address") or ""), logo=logo_bytes,
                      number_pattern=str(stored.get("number_pattern") or ""))


def save_letterhead(db: Database, workspace: str, kop: Letterhead) -> Letterhead:
    """Check and store ``workspace``'s kop in one transaction; returns what was stored."""
    from bakti_desktop.storage.settings import set_setting

    kop = checked(kop)
    with db.session() as session:
        set_setting(session, KEY.format(workspace=workspace),
                    {"institutions": list(kop.institutions), "address": kop.address,
                     "number_pattern": kop.number_pattern})
        set_setting(session, LOGO_KEY.format(workspace=workspace),
                    base64.b64encode(kop.logo).decode("ascii") if kop.logo else None)
    return kop


# ---------------------------------------------------------------- ReportLab

LOGO_HEIGHT_CM = 2.2


def _logo_size(data: bytes, height: float) -> tuple[float, float]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        w, h = image.size
    return (height * w / h if h else height), height


def _logo_column(logo_cm: float) -> float:
    """The width (cm) of the logo's column, kept on the right too: the logo and a little air, at most 3.6 cm. A fixed
    3.6 cm beside a round 1.9 cm logo left the institution lines 9 cm, and "BADAN PERENCANAAN PEMBANGUNAN DAERAH"
    broke in two."""
    return min(3.6, max(2.4, logo_cm + 0.5))


def _fitted(text: str, style: Any, width: float) -> Any:
    """``style`` shrunk (down to 11.5 points, then it wraps) so that ``text`` holds on one line of ``width`` points."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    wide = stringWidth(text, style.fontName, style.fontSize)
    if wide <= width:
        return style
    size = max(11.5, style.fontSize * width / wide - 0.1)
    return ParagraphStyle(f"{style.name}{size:.1f}", parent=style, fontSize=size, leading=size * 1.2)


def pdf_flowables(kop: Letterhead, width: float) -> list[Any]:
    """The kop as ReportLab flowables ``width`` points wide, for the top of page 1: the logo at the left,
    the institution lines centred (the last, the office itself, largest), the address, a double rule.
    Nothing when the kop is empty."""
    if kop.is_empty:
        return []
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import HRFlowable, Image, Paragraph, Spacer, Table, TableStyle

    from bakti_desktop.reports.pdf import FONT, FONT_BOLD, escape, register_fonts

    register_fonts()
    upper = ParagraphStyle("KopUpper", fontName=FONT_BOLD, fontSize=11.5, leading=14, alignment=TA_CENTER)
    office = ParagraphStyle("KopOffice", parent=upper, fontSize=14, leading=17)
    address = ParagraphStyle("KopAddress", fontName=FONT, fontSize=8.5, leading=11, alignment=TA_CENTER)
    logo_width = 0.0
    cells: list[Any] = []
    if kop.logo:
        w, h = _logo_size(kop.logo, LOGO_HEIGHT_CM * cm)
        if w > 3.5 * cm:  # a wide logo is fitted to its column
            w, h = 3.5 * cm, h * 3.5 * cm / w
        logo_width = _logo_column(w / cm) * cm
        cells.append(Image(io.BytesIO(kop.logo), width=w, height=h))
    text_width = width - 2 * logo_width  # centred: the logo's room is kept on the right too
    lines = [Paragraph(escape(t.upper()), _fitted(t.upper(), office if i == len(kop.institutions) - 1 else upper,
                                                  text_width))
             for i, t in enumerate(kop.institutions)]
    if kop.address:
        lines.append(Paragraph(escape(kop.address), address))
    row = [*cells, lines, ""] if kop.logo else [lines]
    widths = [logo_width, text_width, logo_width] if kop.logo else [width]
    block = Table([row], colWidths=widths)
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (0, 0), "CENTER"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [block, Spacer(1, 2), HRFlowable(width="100%", thickness=2, color=colors.black, spaceAfter=1.5),
            HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=10)]


# ---------------------------------------------------------------- python-docx


def add_to_docx(document: Any, kop: Letterhead, usable_width_cm: float = 17.0) -> None:
    """Put ``kop`` at the start of a python-docx ``Document``'s body: a borderless table (logo left,
    centred institution lines and address) and a double rule under it. Nothing when the kop is empty.
    ``usable_width_cm``: page width less margins (A4 with 2 cm margins: 17)."""
    if kop.is_empty:
        return
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    body = document.element.body
    first = body[0] if len(body) else None
    logo_cm = _logo_column(min(3.4, _logo_size(kop.logo, LOGO_HEIGHT_CM)[0])) if kop.logo else 0.0
    columns = 3 if kop.logo else 1
    grid = document.add_table(rows=1, cols=columns)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [logo_cm, usable_width_cm - 2 * logo_cm, logo_cm] if kop.logo else [usable_width_cm]
    for column, cell, w in zip(grid.columns, grid.rows[0].cells, widths):
        column.width = Cm(w)  # the grid LibreOffice reads
        cell.width = Cm(w)  # the cell width Word reads
    text_cell = grid.rows[0].cells[1 if kop.logo else 0]
    if kop.logo:
        picture = grid.rows[0].cells[0].paragraphs[0]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        w, h = _logo_size(kop.logo, LOGO_HEIGHT_CM)
        picture.add_run().add_picture(io.BytesIO(kop.logo), height=Cm(min(LOGO_HEIGHT_CM, h * 3.4 / w if w > 3.4 else h)))
    paragraph = text_cell.paragraphs[0]
    for i, line in enumerate(kop.institutions):
        if i:
            paragraph = text_cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line.upper())
        run.bold = True
        run.font.size = Pt(14 if i == len(kop.institutions) - 1 else 12)
    if kop.address:
        paragraph = text_cell.add_paragraph() if kop.institutions else paragraph
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(kop.address).font.size = Pt(8.5)
    rule = document.add_paragraph()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "thickThinSmallGap"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    rule._p.get_or_add_pPr().append(border)  # noqa: SLF001 - python-docx has no API for paragraph borders
    rule.paragraph_format.space_after = Pt(10)
    if first is not None:  # written at the end: move before what the document already held
        for element in (grid._tbl, rule._p):  # noqa: SLF001
            first.addprevious(element)
