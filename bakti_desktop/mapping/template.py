"""The blank survey workbook that sanitarians fill (docs/domain-rules.md §3.6)."""

from __future__ import annotations

from pathlib import Path

from bakti_desktop.mapping.fields import FIELDS, Field, Kind

YES_NO = ("Ya", "Tidak")
ROWS_WITH_LISTS = 2000

_RULES = {
    Kind.TEXT: "teks",
    Kind.NPSN: "8 digit (boleh diawali satu huruf, mis. P1234567)",
    Kind.INT: "bilangan bulat ≥ 0 (kosong = 0)",
    Kind.MONEY: "rupiah, bilangan bulat ≥ 0",
    Kind.YESNO: "Ya / Tidak",
    Kind.CHOICE: "pilih dari daftar",
    Kind.DATE: "tanggal dd/mm/yyyy, tidak di masa depan",
    Kind.LAT: "derajat desimal, -8 … -1",
    Kind.LON: "derajat desimal, 117 … 122",
    Kind.REGION: "nama atau kode Kemendagri",
    Kind.YEAR: "tahun putaran survei (kosong = tahun tanggal survei)",
}


def _rule(field: Field) -> str:
    text = _RULES[field.kind]
    if field.key == "kabupaten":
        text = "kabupaten/kota di Sulawesi Selatan, nama (mis. Bone) atau kode (73.08)"
    elif field.key == "kecamatan":
        text = "kecamatan di kabupaten tersebut, nama atau kode"
    elif field.key == "desa":
        text = "desa/kelurahan di kecamatan tersebut, nama atau kode"
    if field.help:
        text += "; " + field.help
    return text


def write_template(out: Path) -> Path:
    """Write the blank workbook: Data sheet with dropdowns, Petunjuk, Pilihan lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from bakti_desktop.spreadsheets.sheets import first_sheet
    from bakti_desktop.spreadsheets import printing

    workbook = Workbook()
    data = first_sheet(workbook)
    data.title = "Data"
    lists = workbook.create_sheet("Pilihan")
    guide = workbook.create_sheet("Petunjuk")

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="F8CBAD")
    list_column = 1
    for col, field in enumerate(FIELDS, start=1):
        cell = data.cell(row=1, column=col, value=field.label)
        cell.font = Font(bold=True)
        cell.fill = required_fill if field.required else header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(col)
        area = f"{letter}2:{letter}{ROWS_WITH_LISTS + 1}"
        validation: DataValidation | None = None
        if field.kind is Kind.YESNO:
            validation = DataValidation(type="list", formula1='"Ya,Tidak"', allow_blank=True)
        elif field.kind is Kind.CHOICE:
            lists.cell(row=1, column=list_column, value=field.label).font = Font(bold=True)
            for r, choice in enumerate(field.choices, start=2):
                lists.cell(row=r, column=list_column, value=choice.label)
            list_letter = get_column_letter(list_column)
            validation = DataValidation(
                type="list",
                formula1=f"Pilihan!${list_letter}$2:${list_letter}${len(field.choices) + 1}",
                allow_blank=True,
            )
            list_column += 1
        elif field.kind in (Kind.INT, Kind.MONEY):
            validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        elif field.kind is Kind.DATE:
            for row in range(2, ROWS_WITH_LISTS + 2):
                data.cell(row=row, column=col).number_format = "DD/MM/YYYY"
        if field.kind is Kind.NPSN:
            for row in range(2, ROWS_WITH_LISTS + 2):
                data.cell(row=row, column=col).number_format = "@"
        if validation is not None:
            validation.error = "Isian tidak sesuai aturan kolom ini (lihat lembar Petunjuk)."
            validation.errorTitle = field.label
            validation.showErrorMessage = True
            data.add_data_validation(validation)
            validation.add(area)
    # Empty columns: wide enough for a short entry and the header on up to three lines.
    widths = printing.measure([], headers=[[f.label for f in FIELDS]], minimum=10, header_least=12)
    printing.set_widths(data, widths)
    printing.prepare(data, "Templat Survei Sanitasi Sekolah — Data", widths=widths, freeze="C2", landscape=True)
    printing.readable_pages(data, widths, repeat_columns="A:B")  # some fifty columns: a few pages wide
    data.row_dimensions[1].height = printing.row_height([f.label for f in FIELDS], widths)

    guide.append(["Templat Survei Sanitasi Sekolah — BaKTI Desktop"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(["Satu baris = satu sekolah pada satu putaran survei. Isi lembar 'Data'. Kolom berwarna jingga wajib diisi."])
    guide.append(["Ya/Tidak boleh juga ditulis Y/T, Yes/No, 1/0. Pilihan boleh kode atau label. "
                  "Jumlah yang kosong dihitung 0."])
    guide.append([])
    guide.append(["Kunci", "Judul Kolom", "Wajib", "Aturan", "Pilihan (kode = label)"])
    for cell in guide[5]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for field in FIELDS:
        choices = "; ".join(f"{c.code} = {c.label}" for c in field.choices)
        guide.append([field.key, field.label, "ya" if field.required else "", _rule(field), choices])
    printing.finish(guide, "Templat Survei Sanitasi Sekolah — Petunjuk", header_row=5, caps={3: 45, 4: 60},
                    landscape=True)
    printing.head(lists[1], fill="DDEBF7", color="000000")
    printing.finish(lists, "Templat Survei Sanitasi Sekolah — Pilihan", landscape=True, caps={}, maximum=34)
    from bakti_desktop.reports.output import write_atomically

    return write_atomically(Path(out), workbook.save)
