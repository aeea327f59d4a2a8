"""RKTL workbooks: the blank template and the import of RKTL rows.

Like the survey import: every problem is reported with its spreadsheet row and
column, the good rows go in together in one transaction, nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bakti_desktop.errors import UserError
from bakti_desktop.spreadsheets.workbook import header_key, iter_nonblank, read_rows
from bakti_desktop.i18n import msg
from bakti_desktop.mapping.parsing import CellError, is_blank, parse_text, read_date
from bakti_desktop.regions import normalize_name
from bakti_desktop.storage.database import Database
from bakti_desktop.twinning.models import Item, ItemStatus, Topic, Unit, UnitRole


def _status_names() -> list[str]:
    """The statuses as the (Indonesian) workbook names them."""
    return [status.label_in("id") for status in ItemStatus]

COLUMNS = (  # key, header, required
    ("topik", "Topik", True),
    ("mentee", "Mentee", True),
    ("kegiatan", "Kegiatan", True),
    ("tujuan", "Tujuan/Target", False),
    ("indikator", "Indikator Keberhasilan", False),
    ("opd", "OPD Penanggung Jawab", False),
    ("penanggung_jawab", "Penanggung Jawab", False),
    ("mulai", "Rencana Mulai", False),
    ("selesai", "Rencana Selesai", False),
    ("tanggal_selesai", "Tanggal Selesai", False),
    ("status", "Status", False),
)
HEADERS = {header_key(k): k for k, _h, _r in COLUMNS} | {header_key(h): k for k, h, _r in COLUMNS}


@dataclass
class RktlPlan:
    programme_id: int
    good: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self, imported: int = 0) -> dict[str, Any]:
        return {"imported": imported, "rejected": self.rejected, "warnings": self.warnings}


def write_template(out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from bakti_desktop.spreadsheets.sheets import first_sheet
    from bakti_desktop.spreadsheets import printing

    workbook = Workbook()
    sheet = first_sheet(workbook)
    sheet.title = "Data"
    sheet.append([h for _k, h, _r in COLUMNS])
    for cell, (_k, _h, required) in zip(sheet[1], COLUMNS):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F8CBAD" if required else "DDEBF7")
    statuses = ",".join(_status_names())
    validation = DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=True)
    sheet.add_data_validation(validation)
    validation.add("K2:K1000")
    widths = [10, 28, 40, 30, 30, 26, 22, 12, 12, 12, 14]  # empty columns: room for a usual entry
    printing.set_widths(sheet, widths)
    for letter in "HIJ":
        for row in range(2, 1001):
            sheet[f"{letter}{row}"].number_format = printing.DATE_FORMAT
    printing.prepare(sheet, "Templat RKTL — Data", widths=widths, landscape=True)
    guide = workbook.create_sheet("Petunjuk")
    for line in (
        "Satu baris = satu kegiatan RKTL. Kolom berwarna jingga wajib diisi.",
        "Topik: nomor topik (mis. 5) atau namanya. Mentee: nama UPTD atau kabupaten/kotanya (mis. Palopo).",
        "Tanggal: dd/mm/yyyy. Status: " + ", ".join(_status_names()) + f" (kosong = {ItemStatus.NOT_STARTED.label_in('id')}).",
    ):
        guide.append([line])
    printing.finish(guide, "Templat RKTL — Petunjuk", header_row=1, first_row=1, caps={0: 90}, landscape=False,
                    repeat=False)
    from bakti_desktop.reports.output import write_atomically

    return write_atomically(Path(out), workbook.save)


def _status(value: Any) -> str:
    key = normalize_name(parse_text(value))
    for status in ItemStatus:
        if key in (normalize_name(status), normalize_name(status.label_in("id"))):
            return status.value
    raise CellError(msg(en="'{v}' is not one of: {a}", id="'{v}' bukan salah satu dari: {a}", v=parse_text(value),
                        a=", ".join(_status_names())))


def plan_rktl(db: Database, path: Path, programme_id: int) -> RktlPlan:
    sheet = read_rows(Path(path))
    header_index = None
    for index, cells in enumerate(sheet.rows[:10]):
        keys = {HEADERS.get(header_key(c)) for c in cells if not is_blank(c)}
        if {"topik", "mentee", "kegiatan"} <= keys:
            header_index = index
            break
    if header_index is None:
        raise UserError(msg(en="No header row with Topik, Mentee and Kegiatan in the first 10 rows.",
                            id="Baris judul dengan Topik, Mentee, dan Kegiatan tidak ditemukan pada 10 baris pertama."))
    columns: dict[int, str] = {}
    plan = RktlPlan(programme_id)
    for col, cell in enumerate(sheet.rows[header_index]):
        if is_blank(cell):
            continue
        key = HEADERS.get(header_key(cell))
        if key is None:
            plan.warnings.append(msg(en="Unknown column, not imported: {c}", id="Kolom tidak dikenal, tidak diimpor: {c}",
                                     c=str(cell).strip()))
        else:
            columns[col] = key
    with db.session() as session:
        topics = list(session.scalars(select(Topic).where(Topic.programme_id == programme_id)))
        mentees = list(session.scalars(select(Unit).where(Unit.programme_id == programme_id, Unit.role == UnitRole.MENTEE)))
        topic_keys = {str(t.number): t.id for t in topics} | {normalize_name(t.name): t.id for t in topics} | \
            {normalize_name(f"Topik {t.number}"): t.id for t in topics}
        mentee_keys: dict[str, int] = {}
        for unit in mentees:
            for name in (unit.name, unit.kabupaten, unit.kabupaten.replace("Kota ", "").replace("Kabupaten ", "")):
                mentee_keys[normalize_name(name)] = unit.id
    for number, cells in iter_nonblank(sheet.rows[header_index + 1 :], header_index + 1):
        raw = {key: cells[col] if col < len(cells) else None for col, key in columns.items() if key}
        problems: list[tuple[str, str]] = []
        values: dict[str, Any] = {}
        for key, header, required in COLUMNS:
            cell = raw.get(key)
            if is_blank(cell):
                if required:
                    problems.append((key, msg(en="{h} is required", id="{h} wajib diisi", h=header)))
                continue
            try:
                if key == "topik":
                    text = parse_text(cell)
                    found = topic_keys.get(text) or topic_keys.get(normalize_name(text))
                    if found is None:
                        raise CellError(msg(en="no topic '{v}' in this programme", id="topik '{v}' tidak ada di program ini",
                                            v=text))
                    values["topic_id"] = found
                elif key == "mentee":
                    text = parse_text(cell)
                    found = mentee_keys.get(normalize_name(text))
                    if found is None:
                        raise CellError(msg(en="no mentee '{v}' in this programme", id="mentee '{v}' tidak ada di program ini",
                                            v=text))
                    values["mentee_unit_id"] = found
                elif key in ("mulai", "selesai", "tanggal_selesai"):
                    values[{"mulai": "planned_start", "selesai": "planned_end",
                            "tanggal_selesai": "actual_done"}[key]] = read_date(cell)
                elif key == "status":
                    values["status"] = _status(cell)
                else:
                    values[{"kegiatan": "activity", "tujuan": "objective", "indikator": "indicator",
                            "opd": "responsible_opd", "penanggung_jawab": "responsible_person"}[key]] = parse_text(cell)
            except CellError as error:
                problems.append((key, f"{header}: {error}"))
        start, end = values.get("planned_start"), values.get("planned_end")
        if not problems and start and end and end < start:
            problems.append(("selesai", msg(en="the planned end is before the planned start",
                                            id="rencana selesai lebih awal dari rencana mulai")))
        if problems:
            plan.rejected.append({"row": number, "column": problems[0][0], "message": "; ".join(p[1] for p in problems)})
        else:
            values.setdefault("status", ItemStatus.NOT_STARTED.value)
            plan.good.append(values)
    return plan



def apply_rktl(db: Database, plan: RktlPlan) -> int:
    """Add the good rows in one transaction."""
    with db.session() as session:
        for values in plan.good:
            session.add(Item(**values))
    return len(plan.good)
