"""The mapping workbook: surveys with computed columns, summaries, a chart.

Written with openpyxl in write-only mode (streaming). User text is always
written as a text cell, so it can never become a formula, and passes through
:func:`bakti_desktop.reports.text.cell` (no control characters, at most what a
cell holds).
"""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bakti_desktop import regions
from bakti_desktop.gcpause import no_cycle_collection
from bakti_desktop.i18n import msg
from bakti_desktop.labels import column_label
from bakti_desktop.mapping.export import (
    DOMAINS,
    LEVELS,
    domain_label,
    field_header,
    display_table,
    group_label,
    level_label,
    priority_label,
    report_data,
    totals,
)
from bakti_desktop.mapping.fields import FIELDS, Kind
from bakti_desktop.mapping.indicators import students_per_toilet
from bakti_desktop.reports.text import cell as cell_text
from bakti_desktop.spreadsheets import printing
from bakti_desktop.storage.database import Database

HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
LEVEL_FILLS = {"basic": PatternFill("solid", fgColor="E8F5E9"), "limited": PatternFill("solid", fgColor="FFF8E1"),
               "none": PatternFill("solid", fgColor="FFEBEE")}
PERCENT = "0.0%"


class Writer:
    """Cells for a write-only sheet; strings are forced to text."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self._styles: dict[tuple[Any, ...], Any] = {}
        self.rows: list[list[Any]] = []

    def cell(self, value: Any, *, bold: bool = False, fmt: str | None = None, fill: PatternFill | None = None,
             head: bool = False) -> Cell:
        cell = WriteOnlyCell(self.sheet, value=cell_text(value))
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        if not (bold or fmt or fill or head):
            return cell
        # Setting a font or fill looks the style up in the workbook by hashing it, for every cell; the
        # style of the first cell of each kind is kept and copied to the next ones instead.
        key = (bold, fmt, id(fill), head)
        known = self._styles.get(key)
        if known is not None:
            cell._style = copy(known)  # type: ignore[attr-defined]  # openpyxl's private style array: see above
            return cell
        if head:
            cell.font = HEAD_FONT
            cell.fill = HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        elif bold:
            cell.font = Font(bold=True)
        if fmt:
            cell.number_format = fmt
        if fill is not None:
            cell.fill = fill
        self._styles[key] = copy(cell._style)  # type: ignore[attr-defined]  # as above
        return cell

    def row(self, values: list[Any], **style: Any) -> None:
        """Keep a row; :meth:`flush` writes them once the widths are known (a write-only sheet takes its
        widths and page setup before its first row)."""
        if style:
            self.rows.append([v if isinstance(v, Cell) else self.cell(v, **style) for v in values])
            return
        # Plain values stream fastest; openpyxl writes every string as text except one starting with "=",
        # which would become a formula: only those are wrapped. Every string is made safe for a cell.
        self.rows.append([v if type(v) is not str else self.cell(v) if v.startswith("=") else cell_text(v)
                          for v in values])

    def flush(self, title: str, *, header_rows: int = 1, title_rows: int = 0, freeze: str | None = None,
              caps: dict[int, float] | None = None, landscape: bool | None = None,
              pages_wide: int | None = 1, header_least: float = 14) -> list[float]:
        """Widths from the rows kept (``title_rows`` at the top do not count, ``header_rows`` under them
        wrap), print setup (:mod:`bakti_desktop.spreadsheets.printing`), then the rows, a text longer than
        its column or on several lines wrapped and its row made high enough. Returns the widths."""
        rows = self.rows
        top = title_rows + header_rows
        columns = printing.column_values(rows[top:])
        widths = printing.widths_for(columns, headers=rows[title_rows:top], caps=caps, header_least=header_least)
        # Only a row with a text that wraps is taller than one line: the rows are checked in the columns that
        # hold one (usually none of a survey sheet's), not measured cell by cell.
        tall = printing.tall_columns(columns, widths)
        printing.set_widths(self.sheet, widths)
        printing.prepare(self.sheet, title, widths=widths, header_rows=(title_rows + 1, top) if header_rows else None,
                         freeze=freeze, landscape=landscape, pages_wide=pages_wide)
        for number, values in enumerate(rows, start=1):
            if number <= title_rows:  # a title runs over the next cells, on one line
                self.sheet.append(values)
                continue
            if number > top and not any(printing.wraps(values[i], widths[i]) for i in tall if i < len(values)):
                self.sheet.append(values)
                continue
            height = printing.row_height(values, widths)
            if height is None:  # one line: nothing wraps
                self.sheet.append(values)
                continue
            self.sheet.row_dimensions[number].height = height
            for i, value in enumerate(values):  # a taller row: every cell at the top, long text wrapped
                if value is None:
                    continue
                if not isinstance(value, Cell):
                    value = self.cell(value)
                text = value.value
                wrap = type(text) is str and ("\n" in text or len(text) > widths[i] - 2)
                value.alignment = Alignment(horizontal=value.alignment.horizontal, vertical="top",
                                            wrap_text=wrap or value.alignment.wrap_text)
                values[i] = value
            self.sheet.append(values)
        self.rows = []
        return widths


def _summary_header(first: str) -> list[str]:
    header = [first, msg(en="Schools", id="Jumlah sekolah")]
    for domain in DOMAINS:
        for level in LEVELS:
            header.append(f"{domain_label(domain)}: {level_label(level)} (%)")
    header += [
        msg(en="Boys' toilets to build", id="Jamban laki-laki perlu dibangun"),
        msg(en="Girls' toilets to build", id="Jamban perempuan perlu dibangun"),
        msg(en="Teachers' toilets to build", id="Jamban guru perlu dibangun"),
        msg(en="PHBS average (of 8)", id="Rata-rata PHBS (dari 8)"),
        msg(en="No service in any domain", id="Tanpa layanan di semua bidang"),
    ]
    return header


def _summary_sheet(workbook: Workbook, document: str, title: str, first: str, groups: list[dict[str, Any]],
                   total_label: str, chart: bool = False) -> None:
    sheet = workbook.create_sheet(title)
    w = Writer(sheet)
    header = _summary_header(first)
    w.row(header, head=True)
    rows = [*groups, {**totals(groups), "_total": True}]
    for g in rows:
        name = total_label if g.get("_total") else group_label(g)
        values: list[Any] = [w.cell(name, bold=bool(g.get("_total"))), w.cell(g["schools"], bold=bool(g.get("_total")))]
        for domain in DOMAINS:
            for level in LEVELS:
                values.append(w.cell(g[domain][level] / g["schools"] if g["schools"] else 0, fmt=PERCENT))
        build = g["toilets_to_build"]
        values += [w.cell(build["boys"]), w.cell(build["girls"]), w.cell(build["teachers"]),
                   w.cell(round(g["phbs_average"], 2), fmt="0.00"), w.cell(g["no_service_all"])]
        w.row(values)
    widths = w.flush(f"{document} — {title}", freeze="B2", landscape=True)
    if chart and groups:
        bar = BarChart()
        bar.type = "bar"
        bar.grouping = "percentStacked"
        bar.overlap = 100
        bar.title = msg(en="Sanitation service ladder", id="Tangga layanan sanitasi")
        n = len(groups)
        data = Reference(sheet, min_col=6, max_col=8, min_row=1, max_row=n + 1)
        categories = Reference(sheet, min_col=1, min_row=2, max_row=n + 1)
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(categories)
        for series, color in zip(bar.series, ("43A047", "FBC02D", "E53935")):
            series.graphicalProperties.solidFill = color
            series.graphicalProperties.line.solidFill = color
        bar.height = max(7.5, 0.6 * n + 3)
        printing.fit_chart(bar, widths, 2)
        sheet.add_chart(bar, f"B{n + 5}")


def write_workbook(db: Database, out: Path, year: int, kabupaten_code: str | None) -> None:
    # A sheet's rows are kept until its widths are known: some 150,000 lists and cells for 20,000 surveys,
    # which the cycle collector would walk again and again (a twentieth of the export); they hold no cycles
    # to collect meanwhile (as in the import: bakti_desktop/gcpause.py).
    with no_cycle_collection():
        _write_workbook(db, out, year, kabupaten_code)


def _write_workbook(db: Database, out: Path, year: int, kabupaten_code: str | None) -> None:
    data = report_data(db, year, kabupaten_code)
    workbook = Workbook(write_only=True)

    about = workbook.create_sheet(msg(en="About", id="Keterangan"))
    w = Writer(about)
    report = msg(en="School sanitation mapping report", id="Laporan Hasil Pemetaan Kondisi Sanitasi Sekolah")
    document = f"{report} {year} — {data['scope']}"
    w.row([report], bold=True)
    w.row([msg(en="Area", id="Wilayah"), data["scope"]])
    w.row([msg(en="Survey year", id="Tahun survei"), year])
    w.row([msg(en="Schools surveyed", id="Sekolah disurvei"), len(data["surveys"])])
    ratios = data["ratios"]
    w.row([msg(en="Toilet benchmark", id="Acuan jumlah jamban"),
           msg(en="{name}: SD/MI/SLB {a} boys, {b} girls per toilet; other levels {c} boys, {d} girls",
               id="{name}: SD/MI/SLB {a} siswa laki-laki, {b} siswa perempuan per jamban; jenjang lain {c} / {d}",
               name=ratios.name, a=ratios.primary_boys, b=ratios.primary_girls, c=ratios.secondary_boys,
               d=ratios.secondary_girls)])
    w.row([msg(en="Service ladders", id="Tangga layanan"), "WHO/UNICEF JMP (2018)"])
    w.row([msg(en="Made on", id="Dibuat"), w.cell(data["made"], fmt=printing.DATE_FORMAT)])
    w.flush(document, header_rows=0, title_rows=1, caps={1: 80}, landscape=False)

    region_title = msg(en="By kecamatan", id="Per Kecamatan") if kabupaten_code else msg(en="By kabupaten", id="Per Kabupaten")
    first = "Kecamatan" if kabupaten_code else "Kabupaten/Kota"
    total = msg(en="Total", id="Jumlah")
    _summary_sheet(workbook, document, region_title, first, data["by_region"], total, chart=True)
    if not kabupaten_code:  # the province: every kecamatan too, named with its kabupaten
        kecamatan = [{**g, "kecamatan": f"{g['kecamatan']} ({g['kabupaten']})"} for g in data["by_kecamatan"]]
        _summary_sheet(workbook, document, msg(en="By kecamatan", id="Per Kecamatan"), "Kecamatan", kecamatan, total)
    _summary_sheet(workbook, document, msg(en="By level", id="Per Jenjang"), msg(en="Level", id="Jenjang"), data["by_level"], total)

    survey_title = msg(en="Surveys", id="Data Survei")
    sheet = workbook.create_sheet(survey_title)
    w = Writer(sheet)
    computed = [*(column_label("survey", k) for k in ("water_level", "sanitation_level", "hygiene_level",
                                                      "build_boys", "build_girls", "build_teachers")),
                msg(en="Boys per usable boys' toilet", id="Siswa L per jamban L layak"),
                msg(en="Girls per usable girls' toilet", id="Siswa P per jamban P layak"),
                column_label("survey", "phbs_score"), column_label("survey", "priority")]
    fields = [f for f in FIELDS if f.key != "tahun"]
    w.row([*(field_header(f) for f in fields), msg(en="Year", id="Tahun"), *computed], head=True)
    region_keys = {"kabupaten": "kabupaten_code", "kecamatan": "kecamatan_code", "desa": "desa_code"}
    shown = [(f, display_table(f)) for f in fields]
    for row in data["surveys"]:
        values: list[Any] = []
        for f, table in shown:
            if table is not None:
                value = row[f.key]
                values.append(table.get(value, value))  # a code no longer among the choices: as stored
            elif f.kind is Kind.REGION:
                values.append(regions.region_name(row[region_keys[f.key]]) or None)
            elif f.kind is Kind.DATE:
                values.append(w.cell(row[f.key], fmt=printing.DATE_FORMAT))
            else:
                values.append(row[f.key])
        values.append(row["year"])
        for level_key in ("water_level", "sanitation_level", "hygiene_level"):
            values.append(w.cell(level_label(row[level_key]), fill=LEVEL_FILLS[row[level_key]]))
        boys_per, girls_per = students_per_toilet(row)
        values += [row["build_boys"], row["build_girls"], row["build_teachers"],
                   w.cell(round(boys_per, 1), fmt="0.0") if boys_per is not None else None,
                   w.cell(round(girls_per, 1), fmt="0.0") if girls_per is not None else None,
                   row["phbs_score"], priority_label(row["priority"])]
        w.row(values)
    # Some sixty columns cannot be read on one A4 page (about 10%): this sheet prints a few pages wide at a
    # readable scale, the NPSN and school name repeated on each (docs/checklists.md, workbooks).
    widths = w.flush(f"{document} — {survey_title}", freeze="C2", landscape=True, caps={len(fields) - 1: 40},
                     pages_wide=None, header_least=8)
    printing.readable_pages(sheet, widths, repeat_columns="A:B")
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields) + 1 + len(computed))}{len(data['surveys']) + 1}"

    workbook.save(out)
