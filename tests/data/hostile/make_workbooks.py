"""Write the crafted workbooks of tests/data/hostile (see the "Workbooks" section of README.md).

Each is a few kilobytes of hand-written spreadsheet XML (or, for the old .xls, BIFF8 records in an OLE2
compound file, written by :func:`xls_bytes` below) that asks a reader for far more than it holds.
Run from the repository root: ``python tests/data/hostile/make_workbooks.py`` (the files are committed;
the tests use them as they are, and this script says exactly how they were made). The ordinary survey
workbook ``survey_libreoffice.xls`` is converted from its .xlsx by LibreOffice (``soffice`` must be installed
to remake it).
"""

from __future__ import annotations

import struct
import subprocess
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>NPSN</t></is></c><c r="B1" t="inlineStr"><is><t>Nama Sekolah</t></is></c></row>'


def sheet(rows: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f"{dim}<sheetData>{rows}</sheetData></worksheet>")


def xlsx(name: str, sheet_xml: str, shared: list[str] | str | None = None, folder: Path = HERE) -> Path:
    """An .xlsx with the one sheet ``sheet_xml`` and, if given, the shared strings ``shared`` (or their XML)."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared if isinstance(shared, str) else shared_strings(shared))
    return path


def shared_strings(strings: list[str]) -> str:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{items}</sst>')


def far_cell(ref: str, row: int) -> str:
    return f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>jauh</t></is></c></row>'


def ods(name: str, rows: int, columns: int, text: str = "<text:p>x</text:p>") -> Path:
    """An OpenDocument sheet whose one row is repeated ``rows`` times and its one cell (holding ``text``)
    ``columns`` times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet><table:table table:name=\"Data\">"
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        f"{text}</table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    path = HERE / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


# ---------------------------------------------------------------- the old .xls: BIFF8 in an OLE2 compound file
# Only what python-calamine reads: the workbook globals (BOF, CODEPAGE, BOUNDSHEET, SST, EOF) and, per sheet,
# BOF, DIMENSIONS, the cell records and EOF. [MS-XLS] and [MS-CFB] describe the records and the container.

ENDOFCHAIN, FATSECT, DIFSECT, FREESECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFF, 0xFFFFFFFF
SECTOR = 512


def record(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def _unicode(text: str, count: str) -> bytes:
    """An XLUnicodeString (count ``"H"``) or ShortXLUnicodeString (``"B"``), stored as UTF-16."""
    return struct.pack("<" + count, len(text)) + b"\x01" + text.encode("utf-16-le")


def number(row: int, col: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def label_sst(row: int, col: int, index: int) -> bytes:
    """A cell holding string ``index`` of the shared string table."""
    return record(0x00FD, struct.pack("<HHHI", row, col, 0, index))


def mulrk(row: int, first: int, values: list[int]) -> bytes:
    """Integers in neighbouring cells of one row, from column ``first``."""
    body = b"".join(struct.pack("<Hi", 0, (v << 2) | 2) for v in values)
    return record(0x00BD, struct.pack("<HH", row, first) + body + struct.pack("<H", first + len(values) - 1))


def _sst(strings: list[str]) -> bytes:
    """The shared strings, continued in CONTINUE records between strings."""
    out, current, typ = [], struct.pack("<II", len(strings), len(strings)), 0x00FC
    for text in strings:
        piece = _unicode(text, "H")
        if len(current) + len(piece) > 8224:
            out.append(record(typ, current))
            typ, current = 0x003C, b""
        while len(current) + len(piece) > 8224:  # a string longer than a record goes on in the next one,
            room = (8224 - len(current) - 3) // 2 * 2 + 3 if not current else (8224 - len(current)) // 2 * 2
            out.append(record(typ, current + piece[:room]))  # which begins with its flags byte again
            typ, current, piece = 0x003C, b"", b"\x01" + piece[room:]
        current += piece
    out.append(record(typ, current))
    return b"".join(out)


def _bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))


def workbook_stream(sheets: list[tuple[str, bytes, tuple[int, int, int, int] | None]], strings: list[str],
                    globals_extra: bytes = b"") -> bytes:
    """The Workbook stream: ``sheets`` are (name, cell records, DIMENSIONS first row, last row + 1, first
    column, last column + 1, or None); ``globals_extra`` are more records for the workbook globals."""
    head = _bof(0x0005) + record(0x0042, struct.pack("<H", 1200)) + globals_extra
    tail = _sst(strings) + record(0x000A)
    offset = len(head) + sum(4 + 6 + 2 + 2 * len(name) for name, *_ in sheets) + len(tail)
    bounds, bodies = [], []
    for name, cells, dimensions in sheets:
        body = _bof(0x0010)
        if dimensions:
            body += record(0x0200, struct.pack("<IIHHH", *dimensions, 0))
        body += cells + record(0x000A)
        bounds.append(record(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(name, "B")))
        bodies.append(body)
        offset += len(body)
    data = head + b"".join(bounds) + tail + b"".join(bodies)
    return data + b"\0" * max(0, 4096 - len(data))  # 4,096 bytes at least: kept out of the mini stream


def ole2(stream: bytes, declared: int | None = None, loop: bool = False) -> bytes:
    """A compound file (version 3, 512-byte sectors) holding the one stream ``Workbook``. ``declared``
    overrides the stream's size in its directory entry; ``loop`` makes its sector chain return to its start."""
    n = -(-len(stream) // SECTOR)
    fat_n = difat_n = 0
    while True:  # enough FAT sectors for every sector, themselves included
        need = -(-(n + 1 + fat_n + difat_n) // 128)
        need_difat = max(0, -(-(need - 109) // 127))
        if (need, need_difat) == (fat_n, difat_n):
            break
        fat_n, difat_n = need, need_difat
    directory_sector = n
    fat_sectors = list(range(n + 1, n + 1 + fat_n))
    difat_sectors = list(range(n + 1 + fat_n, n + 1 + fat_n + difat_n))
    fat = [FREESECT] * (fat_n * 128)
    for i in range(n):
        fat[i] = i + 1 if i < n - 1 else (0 if loop else ENDOFCHAIN)
    fat[directory_sector] = ENDOFCHAIN
    for s in fat_sectors:
        fat[s] = FATSECT
    for s in difat_sectors:
        fat[s] = DIFSECT
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"", 0x3E, 3, 0xFFFE, 9, 6,
                         b"", 0, fat_n, directory_sector, 0, 4096, ENDOFCHAIN, 0,
                         difat_sectors[0] if difat_sectors else ENDOFCHAIN, difat_n)
    header += struct.pack("<109I", *(fat_sectors[:109] + [FREESECT] * 109)[:109])

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1 if kind else 0,
                           NOSTREAM, NOSTREAM, child, b"", 0, 0, 0, start, size)

    directory = (entry("Root Entry", 5, 1, ENDOFCHAIN, 0)
                 + entry("Workbook", 2, NOSTREAM, 0, len(stream) if declared is None else declared)
                 + entry("", 0, NOSTREAM, 0, 0) * 2)
    difat, rest = [], fat_sectors[109:]
    for i in range(difat_n):
        ids = (rest[i * 127:(i + 1) * 127] + [FREESECT] * 127)[:127]
        difat.append(struct.pack("<128I", *ids, difat_sectors[i + 1] if i + 1 < difat_n else ENDOFCHAIN))
    padded = stream + b"\0" * (n * SECTOR - len(stream))
    return header + padded + directory + struct.pack(f"<{len(fat)}I", *fat) + b"".join(difat)


def xls_bytes(cells: bytes, strings: list[str], dimensions: tuple[int, int, int, int] | None = None,
              **container: object) -> bytes:
    """An .xls with one sheet ``Data``."""
    return ole2(workbook_stream([("Data", cells, dimensions)], strings), **container)  # type: ignore[arg-type]


XLS_STRINGS = ["NPSN", "Nama Sekolah", "jauh"]
XLS_HEADER = label_sst(0, 0, 0) + label_sst(0, 1, 1)


def xls(name: str, cells: bytes, dimensions: tuple[int, int, int, int] | None = None, **container: object) -> Path:
    path = HERE / name
    path.write_bytes(xls_bytes(XLS_HEADER + cells, XLS_STRINGS, dimensions, **container))
    return path


def survey_pair() -> None:
    """survey_libreoffice.xlsx (the survey template filled in) and the .xls LibreOffice saves from it."""
    import sys

    sys.path.insert(0, str(HERE.parents[2]))  # the repository, for the template and the test records
    from openpyxl import load_workbook

    from bakti_desktop.mapping.fields import BY_KEY
    from bakti_desktop.mapping.template import write_template
    from tests.helpers import record as survey_record

    rows = [survey_record(npsn=f"4030{i:04d}", siswa_laki=100 + i, nama_sekolah=f"SD Negeri {i} Watampone")
            for i in range(1, 9)]
    rows[2] = survey_record(npsn="40300003", siswa_laki="banyak")  # a row error
    rows[4] = survey_record(npsn="40300005", tanggal_survei=date(2020, 9, 14), air_tersedia="Tidak", jamban_guru=2.0)
    xlsx_path = HERE / "survey_libreoffice.xlsx"
    write_template(xlsx_path)
    workbook = load_workbook(xlsx_path)
    sheet = workbook["Data"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for r, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(row=r, column=columns[BY_KEY[key].label], value=value)
    workbook.save(xlsx_path)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
                        "--outdir", str(HERE), str(xlsx_path)], check=True, capture_output=True, timeout=300)


def main() -> None:
    # One cell at the last cell a sheet can have: calamine would allocate rows × columns for it.
    xlsx("far_cell_xfd.xlsx", sheet(HEADER_ROW + far_cell("XFD1048576", 1048576)))
    # One cell in column AW (49) of the last row: 51 million cells, 2 GB read at once.
    xlsx("far_cell_aw.xlsx", sheet(HEADER_ROW + far_cell("AW1048576", 1048576)))
    # A row numbered two thousand million: a stream would hand over that many empty rows first.
    xlsx("row_two_billion.xlsx", sheet(HEADER_ROW + far_cell("A2000000000", 2000000000)))
    # A cell in row 1 whose own reference points a million rows down (the row number says 2).
    xlsx("cell_outside_its_row.xlsx", sheet(HEADER_ROW + '<row r="2"><c r="AW1048000" t="inlineStr"><is><t>x</t>'
                                            "</is></c></row>"))
    # A row number written with leading zeros in a cell's reference (B0000000000100000000 is row 100,000,000):
    # no spreadsheet program writes one, and calamine reads the number all the same.
    xlsx("row_leading_zeros.xlsx", sheet(HEADER_ROW + '<row r="2"><c r="B0000000000100000000" t="inlineStr">'
                                         "<is><t>x</t></is></c></row>"))
    # A sheet that only claims to be huge (its dimension): the cells are two; it must read normally.
    xlsx("claims_huge_dimension.xlsx", sheet(HEADER_ROW, dimension="A1:XFD1048576"))
    # One cell in the last column a sheet can have, in row 1.
    xlsx("far_column_xfd1.xlsx", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>NPSN</t></is></c>'
                                       '<c r="XFD1" t="inlineStr"><is><t>jauh</t></is></c></row>'))
    # Within the limits but sparse: one cell at GR400000 spans 80 million cells; read as a stream.
    xlsx("sparse_far_cell.xlsx", sheet(HEADER_ROW + far_cell("GR400000", 400000)))
    # 150 cells without references in row 300,000: calamine would place them in columns 1-150.
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 150
    xlsx("cells_without_reference.xlsx", sheet(HEADER_ROW + f'<row r="300000">{cells}</row>'))
    # The OpenDocument form of the trick: repeated rows and cells (calamine would expand them).
    ods("repeated_cells.ods", 1048576, 16384)
    ods("repeated_cells_within_limits.ods", 300000, 100)
    # One shared string of 32,767 characters (Excel's longest) in 6,000 cells: python-calamine gives each cell
    # its own copy, 196 million characters (400 MB) from 22 KB.
    shared_cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>2</v></c><c r="B{r}" t="s"><v>2</v></c></row>'
                           for r in range(2, 3002))
    xlsx("one_string_many_cells.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                                             "</row>" + shared_cells),
         shared=["NPSN", "Nama Sekolah", "panjang " * 4095 + "teks!!!"])
    # The OpenDocument form: a cell of 30,000 characters repeated 100 times in a row repeated 2,000 times
    # (200,000 cells, within the limits), and one cell of a hundred million spaces (<text:s text:c=".."/>).
    ods("long_text_repeated.ods", 2000, 100, "<text:p>" + "panjang " * 3750 + "</text:p>")
    ods("many_spaces.ods", 1, 1, '<text:p>x<text:s text:c="100000000"/></text:p>')
    # The old .xls: one cell in the last row and column BIFF8 has (IV65536): 16.7 million cells, 540 MB.
    xls("far_cell_iv65536.xls", label_sst(65535, 255, 2))
    # Within 200 columns, but a rectangle of 65,536 rows × 151 columns (9.9 million cells).
    xls("far_cell_eu65536.xls", label_sst(65535, 150, 2))
    # Column 65,536: past what BIFF8 allows, and python-calamine places it all the same.
    xls("far_column_xls.xls", number(3, 65535, 1.0))
    # A run of integers (MULRK) whose last cell is in column IQ (the 251st) of row 60,000.
    xls("far_mulrk.xls", mulrk(59999, 240, list(range(11))))
    # Two real cells, and a DIMENSIONS record claiming 4,294,967,295 rows × 256 columns (calamine reserves them).
    xls("claims_huge_dimension.xls", b"", dimensions=(0, 0xFFFFFFFF, 0, 256))
    # A Workbook stream whose sectors loop back to the first, declared 4 GB long (calamine would read it all).
    xls("looping_sectors.xls", b"", declared=0xFFFFFF00, loop=True)
    # Within every limit: a number in the last row of column A and a run of integers to column L (12).
    xls("long_narrow.xls", mulrk(100, 2, list(range(10))) + number(65535, 0, 7.0))
    # One string of 32,767 characters (Excel's longest) in 6,000 cells: each holds its own copy, 196 million
    # characters from 150 KB.
    path = HERE / "one_string_many_cells.xls"
    long_cells = b"".join(label_sst(r, c, 3) for r in range(1, 3001) for c in (0, 1))
    path.write_bytes(xls_bytes(XLS_HEADER + long_cells, [*XLS_STRINGS, "panjang " * 4095 + "teks!!!"]))
    # A MERGECELLS record counting more ranges than it holds: calamine panics reading it.
    xls("merged_cells_overrun.xls", record(0x00E5, struct.pack("<H", 5)))
    survey_pair()


if __name__ == "__main__":
    main()
