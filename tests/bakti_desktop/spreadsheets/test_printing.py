"""Every workbook the program writes prints as it comes out (issue #19), read back with openpyxl.

Each sheet: column widths (``<cols>``) wide enough for its values (or the long text wraps), A4, one page
wide (a sheet of some fifty columns: a few pages wide at a readable scale, its name columns repeated),
the header rows repeated, a footer with the title and page numbers, multi-line cells wrapped, dates as
date cells, frozen header rows.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from bakti_desktop.demo import load_demo
from bakti_desktop.spreadsheets import printing

#: Sheets without a header row to repeat (a title and label/value lines, or running instructions).
NO_HEADER = {"Keterangan", "Petunjuk"}


def _check_sheet(sheet, name: str) -> None:  # type: ignore[no-untyped-def]
    where = f"{name}: {sheet.title}"
    setup = sheet.page_setup
    assert int(setup.paperSize) == 9, where
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
    assert int(setup.fitToHeight) == 0, where
    if sheet.print_title_cols:  # too wide for one readable page: a few pages, the name columns on each
        assert int(setup.fitToWidth) >= 1 and setup.orientation == "landscape", where
    else:
        assert int(setup.fitToWidth) == 1, where
    footer = sheet.oddFooter
    assert "&P" in footer.right.text and "&N" in footer.right.text, where
    assert footer.left.text, where
    header_rows = 0
    if sheet.print_title_rows:
        _first, last = (int(part.strip("$")) for part in sheet.print_title_rows.split(":"))
        header_rows = last
        assert sheet.freeze_panes, where
        assert int(sheet.freeze_panes.lstrip("ABCDEFGHIJ")) == last + 1, where
    else:
        assert sheet.title in NO_HEADER or sheet.title.startswith("Petunjuk"), where
    merged = {r.start_cell.coordinate: sum(sheet.column_dimensions[get_column_letter(c)].width or 8.43
                                           for c in range(r.min_col, r.max_col + 1)) for r in sheet.merged_cells.ranges}
    widths = {}
    for row in sheet.iter_rows(min_row=header_rows + 1 if header_rows else 2):
        for cell in row:
            value = cell.value
            if value is None:
                continue
            letter = get_column_letter(cell.column)
            width = sheet.column_dimensions[letter].width
            assert width, f"{where}: column {letter} has no width"
            width = merged.get(cell.coordinate, width)
            widths[letter] = width
            if isinstance(value, str):
                if "\n" in value:
                    assert cell.alignment.wrap_text, f"{where} {cell.coordinate}: a multi-line cell not wrapped"
                longest = max(len(line) for line in value.split("\n"))
                assert longest <= width or cell.alignment.wrap_text, \
                    f"{where} {cell.coordinate}: {value!r} wider than its column ({width}) and not wrapped"
                if cell.alignment.wrap_text and "\n" not in value and longest > width:
                    assert width >= 20 or longest <= 2 * width, where  # wrapped in a column of some width
            elif isinstance(value, (date, datetime)):
                assert width >= 10, where
                assert cell.number_format.upper().startswith("DD/MM/YYYY"), f"{where} {cell.coordinate}"
            elif isinstance(value, int):
                assert len(f"{value:,}") <= width, f"{where} {cell.coordinate}"
            elif isinstance(value, float):  # shown with at most two decimals (0.0%, 0.00)
                assert len(f"{value:,.2f}") <= width, f"{where} {cell.coordinate}"


def _check(path: Path) -> list:  # type: ignore[type-arg]
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        _check_sheet(sheet, path.name)
    return workbook.worksheets


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    load_demo(db)
    return db


def test_mapping_workbook(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.export import export_mapping

    sheets = _check(export_mapping(demo_db, tmp_path / "m.xlsx", year=2020))
    survey = next(s for s in sheets if s.title == "Data Survei")
    header = [c.value for c in survey[1]]
    dates = [row[header.index("Tanggal Survei")].value for row in survey.iter_rows(min_row=2)]
    assert dates and all(isinstance(d, datetime) for d in dates)
    by_region = next(s for s in sheets if s.title == "Per Kabupaten")
    # the longest kabupaten name shows whole (the issue: "Kabupaten" read on every row)
    assert by_region.column_dimensions["A"].width >= max(len(r[0].value) for r in by_region.iter_rows(min_row=2))
    assert by_region.freeze_panes == "B2"
    chart = by_region._charts[0]
    widths = printing.widths_of(by_region)
    assert chart.width <= printing.width_cm(widths[1:])  # anchored on B, inside the printed columns
    # the survey sheet (some sixty columns) is printed a few pages wide, each at a readable scale
    survey_widths = printing.widths_of(survey)
    pages = int(survey.page_setup.fitToWidth)
    per_page = printing.width_cm(survey_widths[2:]) / pages + printing.width_cm(survey_widths[:2])
    assert pages >= 2 and survey.print_title_cols == "$A:$B"
    assert printing.LANDSCAPE_PRINTABLE_CM / per_page >= printing.READABLE_SCALE


def test_rktl_workbook(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.twinning.export import export_rktl
    from tests.ui.twinning.follow_ups import add_follow_ups

    add_follow_ups(demo_db)  # the demo's items are all achieved: running and postponed ones added

    sheets = _check(export_rktl(demo_db, tmp_path / "r.xlsx", as_of=date(2020, 9, 15)))
    summary = sheets[0]
    assert summary.title == "Ringkasan"
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Mengetahui," in texts and texts.count("NIP.") == 2  # the signature block
    assert any("15 September 2020" in t for t in texts)
    mentee = sheets[1]
    header = [c.value for c in mentee[3]]
    for name in ("Rencana mulai", "Rencana selesai", "Selesai", "Tanggal verifikasi"):
        column = header.index(name)
        values = [row[column].value for row in mentee.iter_rows(min_row=4) if row[column].value is not None]
        assert values and all(isinstance(v, datetime) for v in values), name
    # every status in its own colour: Berjalan is not printed in the red of Tertunda
    colors = {}
    for sheet in sheets[1:]:
        for row in sheet.iter_rows(min_row=4):
            cell = row[header.index("Status")]
            colors.setdefault(cell.value.split(" (")[0], set()).add(cell.font.color.rgb[-6:])
    assert colors["Berjalan"].isdisjoint(colors["Tertunda"])


def test_actions_register_and_templates(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.template import write_template
    from bakti_desktop.pksai.export import export_actions
    from bakti_desktop.twinning.workbook import write_template as write_rktl_template

    actions = _check(export_actions(demo_db, tmp_path / "a.xlsx"))[0]
    header = [c.value for c in actions[1]]
    due = [row[header.index("Batas waktu")].value for row in actions.iter_rows(min_row=2)]
    assert due and all(isinstance(d, datetime) for d in due if d is not None)
    notes = [c for row in actions.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and len(c.value) > 45]
    assert notes and all(c.alignment.wrap_text for c in notes)
    _check(write_template(tmp_path / "t.xlsx"))
    _check(write_rktl_template(tmp_path / "tr.xlsx"))


def test_rejected_rows_workbook(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import plan_import, write_rejected
    from bakti_desktop.mapping.template import write_template

    source = write_template(tmp_path / "t.xlsx")
    book = load_workbook(source)
    sheet = book["Data"]
    for i in range(3):
        sheet.cell(row=i + 2, column=1, value="12X")
        sheet.cell(row=i + 2, column=2, value=f"SD Negeri {i} dengan nama sekolah yang panjang sekali")
        sheet.cell(row=i + 2, column=5, value="Tidak dikenal\nbaris kedua")
    book.save(source)
    plan = plan_import(demo_db, source)
    assert plan.rejected
    data = _check(write_rejected(plan, tmp_path / "rejected.xlsx"))[0]
    reasons = [row[-2] for row in data.iter_rows(min_row=2)]
    assert all(c.alignment.wrap_text for c in reasons if len(c.value) > 58)


def _terlambat_in_pdf(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum((page.extract_text() or "").replace("\n", " ").count("terlambat") for page in pdf.pages)


@pytest.mark.parametrize("as_of", [date(2020, 9, 15), date(2021, 6, 1)])
def test_workbook_and_pdf_agree_on_late_items(demo_db, tmp_path: Path, as_of: date) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.twinning.export import export_rktl, report_data
    from tests.ui.twinning.follow_ups import add_follow_ups

    add_follow_ups(demo_db)  # open items planned after the report date
    expected = sum(r["overdue"] for m in report_data(demo_db, as_of=as_of)["mentees"] for r in m["rows"])
    book = load_workbook(export_rktl(demo_db, tmp_path / "r.xlsx", as_of=as_of))
    in_workbook = sum(1 for sheet in book.worksheets[1:] for row in sheet.iter_rows(min_row=4)
                      if isinstance(row[7].value, str) and row[7].value.endswith("(terlambat)"))
    in_pdf = _terlambat_in_pdf(export_rktl(demo_db, tmp_path / "r.pdf", as_of=as_of))
    assert in_workbook == in_pdf == expected
    if as_of == date(2021, 6, 1):
        assert expected > 0  # a year on, open items are late; on the report date of the demo they were not
    else:
        assert expected == 0


def test_measure_takes_each_distinct_value_with_its_type() -> None:
    """Widths come from each distinct value of a column once (20,000 rows repeat a few codes): 1, 1.0 and
    True are one value to a set but not equally wide, and capitals are wider than a longer lower-case text."""
    rows = [[1, "abcdefghijklm"], [1.0, "ABCDEFGHIJKL"], [True, None], [1, "abcdefghijklm"], [None]]
    cell_by_cell = [max(printing.value_width(row[i]) for row in rows if len(row) > i and row[i] is not None)
                    for i in range(2)]
    assert cell_by_cell == [5.0, pytest.approx(13.2)]
    assert printing.measure(rows, minimum=0) == [w + 2 for w in cell_by_cell]


def test_mapping_survey_rows_with_long_or_multiline_text_wrap(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only rows holding a text that wraps are taller (the export checks the columns that hold one)."""
    from bakti_desktop.mapping.export import export_mapping
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from tests.helpers import record, write_workbook

    long_name = "SD Negeri " + "Sangat Panjang " * 6
    rows = [record(npsn="40300001", catatan="Jamban rusak\nperlu diperbaiki"),
            record(npsn="40300002", nama_sekolah=long_name.strip()),
            record(npsn="40300003")]
    apply_import(db, plan_import(db, write_workbook(tmp_path / "in.xlsx", rows)))
    book = load_workbook(export_mapping(db, tmp_path / "m.xlsx"))
    _check_sheet(book["Data Survei"], "m.xlsx")
    survey = book["Data Survei"]
    by_npsn = {row[0].value: row for row in survey.iter_rows(min_row=2)}
    height = {npsn: survey.row_dimensions[row[0].row].height for npsn, row in by_npsn.items()}
    assert height["40300001"] and height["40300001"] >= 2 * printing.LINE_HEIGHT
    assert height["40300002"] and height["40300002"] >= 2 * printing.LINE_HEIGHT
    assert not height["40300003"]  # one line: no height written
    for npsn in ("40300001", "40300002"):
        assert all(c.alignment.vertical == "top" for c in by_npsn[npsn] if c.value is not None)
    assert by_npsn["40300002"][1].alignment.wrap_text
