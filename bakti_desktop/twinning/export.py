"""The RKTL monitoring report per mentee: workbook or PDF.

For each mentee: its items with status, plan and completion, the evidence
list, the mentor's verification, and the progress notes since the previous
meeting (the visit before the latest one).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.reports.output import check_output, write_atomically
from bakti_desktop.storage.database import Database
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import Item, ItemStatus, Programme, Stage, Topic, Unit, UnitRole, Visit


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def report_data(db: Database, mentee: str | None = None, programme_id: int | None = None) -> dict[str, Any]:
    with db.session() as session:
        programme = session.get(Programme, programme_id) if programme_id else session.scalar(
            select(Programme).order_by(Programme.id.desc()))
        if programme is None:
            raise UserError(msg(en="There is no twinning programme yet.", id="Belum ada program twinning."))
        units = list(session.scalars(select(Unit).where(Unit.programme_id == programme.id, Unit.role == UnitRole.MENTEE)
                                     .order_by(Unit.name)))
        if mentee:
            chosen = service.find_unit(db, mentee)
            if chosen is None or chosen.programme_id != programme.id:
                raise UserError(msg(en="No mentee called {m}", id="Tidak ada mentee bernama {m}", m=mentee))
            units = [u for u in units if u.id == chosen.id]
        visits = list(session.scalars(select(Visit).where(Visit.programme_id == programme.id).order_by(Visit.visit_date)))
        since = visits[-2].visit_date if len(visits) >= 2 else None
        latest = visits[-1].visit_date if visits else None
        mentees = []
        for unit in units:
            rows = []
            stmt = (select(Item).join(Topic).where(Item.mentee_unit_id == unit.id)
                    .options(selectinload(Item.notes), selectinload(Item.evidence))
                    .order_by(Topic.number, Item.planned_end, Item.id))
            statuses = []
            for item in session.scalars(stmt):
                statuses.append(item.status)
                topic = session.get_one(Topic, item.topic_id)  # always there: deleting a topic deletes its items
                rows.append({
                    "topic": f"Topik {topic.number}", "activity": item.activity, "indicator": item.indicator or "",
                    "opd": item.responsible_opd or "", "plan": f"{_d(item.planned_start)} – {_d(item.planned_end)}",
                    "done": _d(item.actual_done), "status": ItemStatus.label_of(item.status, "id"),
                    "overdue": service.is_overdue(item),
                    "verified": f"{item.verified_by}, {_d(item.verified_at)}" if item.verified_by else "",
                    "evidence": [e.title if e.title.startswith(e.kind) else f"{e.kind}: {e.title}"
                                 for e in item.evidence],
                    "progress": [f"{_d(n.note_date)} {n.author}: {n.text}"
                                 for n in service.notes_between(item, since, None)],
                })
            done = statuses.count(ItemStatus.DONE)
            counted = len(statuses) - statuses.count(ItemStatus.CANCELLED)
            mentees.append({"name": unit.name, "kabupaten": unit.kabupaten, "rows": rows, "done": done,
                            "total": counted})
        return {"programme": programme.name, "stage": Stage.label_of(programme.stage, "id"), "since": since, "latest": latest,
                "mentees": mentees, "made": date.today()}


def export_rktl(db: Database, out: Path, mentee: str | None = None, programme_id: int | None = None) -> Path:
    """The report of ``programme_id`` (default: the newest programme), for one mentee or all."""
    suffix = check_output(out, (".xlsx", ".pdf"))
    data = report_data(db, mentee, programme_id)
    if not any(m["rows"] for m in data["mentees"]):
        from bakti_desktop.errors import NothingToExport

        raise NothingToExport(msg(en="There is no RKTL item for {m}.", id="Tidak ada butir RKTL untuk {m}.",
                                  m=mentee or data["programme"]))
    from bakti_desktop.reports.letterhead import letterhead

    data["kop"] = letterhead(db, "twinning")
    return write_atomically(Path(out), lambda tmp: (_xlsx if suffix == ".xlsx" else _pdf)(data, tmp))


HEADER = ["Topik", "Kegiatan", "Indikator keberhasilan", "OPD", "Rencana", "Selesai", "Status", "Verifikasi mentor",
          "Bukti", "Kemajuan sejak rapat sebelumnya"]


def _xlsx(data: dict[str, Any], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from bakti_desktop.spreadsheets.workbook import keep_text, safe_row
    from bakti_desktop.reports.text import sheet_title
    from bakti_desktop.spreadsheets.sheets import first_sheet

    workbook = Workbook()
    workbook.remove(first_sheet(workbook))
    taken: set[str] = set()
    for mentee in data["mentees"]:
        sheet = workbook.create_sheet(sheet_title(mentee["name"], "Mentee", taken))
        sheet.append(safe_row([f"Laporan Pemantauan RKTL — {mentee['name']}"]))
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(safe_row([f"{data['programme']}; selesai {mentee['done']} dari {mentee['total']} kegiatan; "
                               f"kemajuan sejak {_d(data['since']) or 'awal'}"]))
        sheet.append(HEADER)
        for cell in sheet[3]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
        for row in mentee["rows"]:
            sheet.append(safe_row([row["topic"], row["activity"], row["indicator"], row["opd"], row["plan"],
                                   row["done"], row["status"] + (" (terlambat)" if row["overdue"] else ""),
                                   row["verified"], "\n".join(row["evidence"]), "\n".join(row["progress"])]))
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        keep_text(sheet.iter_rows(min_row=4))
        for letter, width in zip("ABCDEFGHIJ", (9, 45, 30, 26, 23, 11, 16, 22, 40, 50)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "C4"
    if not data["mentees"]:
        workbook.create_sheet("RKTL").append(["Tidak ada mentee."])
    workbook.save(out)


def _pdf(data: dict[str, Any], out: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Spacer

    from bakti_desktop.reports.letterhead import Letterhead, pdf_flowables
    from bakti_desktop.reports.pdf import ReportDocument, date_text, escape, styles, table
    from bakti_desktop.reports.text import cut

    st = styles()
    doc = ReportDocument(out, title=f"Laporan Pemantauan RKTL — {cut(data['programme'], 300)}",
                         footer=f"Laporan Pemantauan RKTL — {data['programme']}", pagesize=landscape(A4))
    kop = data.get("kop") or Letterhead()
    number_text = kop.number(when=data["made"])
    story: list[Any] = [NextPageTemplate("body"), *pdf_flowables(kop, doc.width),
                        *([Paragraph(f"Nomor: {escape(number_text)}", st["Center"])] if number_text else []),
                        Paragraph("Laporan Pemantauan RKTL Twinning", st["Title"]),
                        Paragraph(escape(cut(data["programme"], 300)), st["Subtitle"]),
                        Paragraph(f"Tahap: {escape(data['stage'])} — kemajuan sejak rapat "
                                  f"{date_text(data['since']) if data['since'] else '—'} sampai "
                                  f"{date_text(data['latest']) if data['latest'] else '—'}", st["Center"]),
                        Spacer(1, 0.4 * cm)]
    for n, mentee in enumerate(data["mentees"]):
        if n:
            story.append(PageBreak())
        story.append(Paragraph(f"{escape(cut(mentee['name'], 300))} ({escape(cut(mentee['kabupaten'], 100))})",
                               st["H1"]))
        story.append(Paragraph(f"Selesai {mentee['done']} dari {mentee['total']} kegiatan.", st["Body"]))
        rows = []
        extra = []
        for r, row in enumerate(mentee["rows"]):
            rows.append([row["topic"], row["activity"], row["opd"], row["plan"], row["done"], row["status"],
                         row["verified"], "\n".join(row["evidence"]) or "—", "\n".join(row["progress"]) or "—"])
            if row["overdue"]:
                from reportlab.lib import colors

                extra.append(("TEXTCOLOR", (5, r), (5, r), colors.HexColor("#C62828")))
        story.append(table(["Topik", "Kegiatan", "OPD", "Rencana", "Selesai", "Status", "Verifikasi", "Bukti",
                            "Kemajuan sejak rapat sebelumnya"], rows, extra=extra, fit=doc.width))
    doc.build_with_toc(story)

