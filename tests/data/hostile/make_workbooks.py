"""Write the crafted workbooks of tests/data/hostile (see the "Workbooks" section of README.md).

Each is a few kilobytes of hand-written spreadsheet XML that asks a reader for far more than it holds.
Run from the repository root: ``python tests/data/hostile/make_workbooks.py`` (the files are committed;
the tests use them as they are, and this script says exactly how they were made).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

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


def xlsx(name: str, sheet_xml: str) -> Path:
    path = HERE / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def far_cell(ref: str, row: int) -> str:
    return f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>jauh</t></is></c></row>'


def ods(name: str, rows: int, columns: int) -> Path:
    """An OpenDocument sheet whose one row is repeated ``rows`` times and its one cell ``columns`` times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet><table:table table:name=\"Data\">"
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
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


if __name__ == "__main__":
    main()
