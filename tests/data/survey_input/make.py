"""Write the survey workbooks of issue 20 (``python -m tests.data.survey_input.make`` from the repository root).

openpyxl writes the .xlsx files and the CSV files are written byte for byte; LibreOffice (when installed)
saves the .xlsx files again as .xls and .ods, as a sanitarian's office suite would. See README.md.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from bakti_desktop.mapping.fields import BY_KEY
from tests.helpers import record

HERE = Path(__file__).parent
KEYS = list(record())


def _rows(sheet: Any, rows: list[dict[str, Any]], keys: list[str] | None = None, first: list[Any] | None = None) -> None:
    keys = keys or KEYS
    sheet.append([*(first or []), *(BY_KEY[k].label for k in keys)])
    for row in rows:
        sheet.append([*(row.pop("_first", []) if "_first" in row else []), *(row.get(k) for k in keys)])


def school(i: int, **overrides: Any) -> dict[str, Any]:
    return record(**{"npsn": f"4030{i:04d}", "nama_sekolah": f"SD Negeri {i} Watampone", **overrides})


def typed() -> None:
    """What people type: dashes, Indonesian yes/no words, dates with month names and two-digit years."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    keys = [*KEYS, "jamban_difabel", "uks_aktif", "siswa_disabilitas"]
    _rows(sheet, [
        school(1, tanggal_survei="14 Juli 2020", air_tersedia="Iya", jamban_difabel="Tidak ada", uks_aktif="Ada",
               siswa_disabilitas="-", sarana_cuci_tangan_rusak="–"),
        school(2, tanggal_survei="14 Jul 2020", air_tersedia="tdk", jamban_difabel="Gak", uks_aktif="Ya",
               siswa_disabilitas="—"),
        school(3, tanggal_survei="14.07.2020", air_tersedia="Tdk", uks_aktif="-"),
        school(4, tanggal_survei="14/07/20", air_tersedia="Ya"),
        school(5, tanggal_survei="14 Agt 2020", air_tersedia="Ya"),
        school(6, sumber_air_minum="sungai"),  # not a choice: the message lists the dropdown's labels
        school(7, siswa_laki=150_000),  # a count above 100,000
        school(8, nama_sekolah="SD " + "x" * 600),  # a text over 500 characters
    ], keys)
    workbook.save(HERE / "typed.xlsx")


def layouts() -> None:
    """A hand-made layout: a numbered "No" column with empty numbered rows, a kecamatan merged over three
    rows, one hidden row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["PEMETAAN SANITASI SEKOLAH KABUPATEN BONE"])
    rows = [school(i, _first=[i]) for i in range(1, 4)]
    for row in rows[1:]:
        row["kecamatan"] = None  # merged below
    _rows(sheet, rows, first=["No"])
    for n in range(4, 9):
        sheet.append([n])  # numbered rows left empty
    column = 1 + KEYS.index("kecamatan") + 1
    sheet.merge_cells(start_row=3, start_column=column, end_row=5, end_column=column)
    sheet.row_dimensions[4].hidden = True
    workbook.save(HERE / "layouts.xlsx")


def error_cells() -> None:
    """Spreadsheet errors: #DIV/0! in an optional count, #N/A in a required cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    keys = [*KEYS, "siswa_disabilitas"]
    _rows(sheet, [school(1), school(2), school(3)], keys)
    sheet.cell(row=2, column=keys.index("siswa_disabilitas") + 1).value = "=1/0"
    sheet.cell(row=3, column=keys.index("kabupaten") + 1).value = "=NA()"
    # openpyxl keeps no computed value: the .xlsx saved by LibreOffice below holds the errors
    workbook.save(HERE / "error_formulas.xlsx")
    for row, key, code in ((2, "siswa_disabilitas", "#DIV/0!"), (3, "kabupaten", "#N/A")):
        sheet.cell(row=row, column=keys.index(key) + 1).value = code  # an error value, as Excel stores it
    workbook.save(HERE / "error_cells.xlsx")


def several_sheets() -> None:
    """Petunjuk first, a blank "Data" sheet, two filled sheets, the Pilihan lists."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Petunjuk"
    guide.append(["Petunjuk pengisian"])
    guide.append(["NPSN", "Nama Sekolah", "Jenjang", "Kabupaten/Kota"])  # a table of the columns, not data
    guide.append(["8 digit", "teks", "SD, MI, …", "nama"])
    blank = workbook.create_sheet("Data")
    _rows(blank, [])
    first = workbook.create_sheet("Data 2021")
    first.append(["Survei 2021"])
    _rows(first, [school(1, tanggal_survei="01/03/2021"), school(2, tanggal_survei="01/03/2021")])
    second = workbook.create_sheet("Data 2022")
    keys = list(reversed(KEYS))  # another order of columns
    _rows(second, [school(1, tanggal_survei="01/03/2022"), school(3, tanggal_survei="01/03/2022", siswa_laki="banyak")],
          keys)
    lists = workbook.create_sheet("Pilihan")
    _rows(lists, [school(9)])  # even survey-looking rows on Pilihan are never data
    workbook.save(HERE / "several_sheets.xlsx")
    empty = Workbook()
    empty.active.title = "Data"
    _rows(empty.active, [])
    empty.save(HERE / "no_rows.xlsx")


def csv_files() -> None:
    """The same five schools as CSV: comma + UTF-8 with BOM, semicolon + Windows-1252, comma + UTF-8."""
    header = [BY_KEY[k].label for k in [*KEYS, "lintang"]]
    rows = [school(i, tanggal_survei="05/04/2020", lintang="-4.10") for i in range(1, 6)]
    rows[1]["nama_sekolah"] = "SD Inpres Mattirowalié"  # é: Windows-1252 and UTF-8 differ
    rows[2]["siswa_laki"] = "1.200"  # Indonesian thousands
    rows[3]["sarana_cuci_tangan"] = "#DIV/0!"  # an error as Excel writes it into a CSV

    def line(cells: list[Any], sep: str) -> str:
        out = []
        for c in cells:
            text = "" if c is None else str(c)
            out.append(f'"{text}"' if sep in text or '"' in text else text)
        return sep.join(out)

    def write(name: str, sep: str, encoding: str, bom: bool = False) -> None:
        text = "\r\n".join([line(["DATA SURVEI SANITASI SEKOLAH"], sep), line(header, sep),
                            *(line([r.get(k) for k in [*KEYS, "lintang"]], sep) for r in rows)]) + "\r\n"
        data = text.encode(encoding)
        (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)

    write("comma_bom.csv", ",", "utf-8", bom=True)
    write("semicolon_cp1252.csv", ";", "cp1252")
    write("comma_utf8.csv", ",", "utf-8")
    (HERE / "not_a_sheet.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\x00\x01endobj\n")


def office_suite() -> None:
    """The .xlsx files saved again by LibreOffice as .xls and .ods (and the formulas computed, as .xlsx)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice not found: the .xls/.ods copies were not written")
        return
    profile = Path(tempfile.mkdtemp(prefix="lo-survey-input-"))
    out = HERE / "libreoffice"
    out.mkdir(exist_ok=True)
    for name in ("typed", "layouts", "error_cells", "several_sheets"):
        for fmt in ("xls", "ods"):
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                            "--outdir", str(out), str(HERE / f"{name}.xlsx")], check=True, capture_output=True)
    tmp = Path(tempfile.mkdtemp())
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "ods",
                    "--outdir", str(tmp), str(HERE / "error_formulas.xlsx")], check=True, capture_output=True)
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), str(tmp / "error_formulas.ods")], check=True, capture_output=True)
    shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    typed()
    layouts()
    error_cells()
    several_sheets()
    csv_files()
    office_suite()
