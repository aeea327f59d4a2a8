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


def status_text(row: dict[str, Any]) -> str:
    """The status as every format of the report prints it: "Berjalan (terlambat)" when the item is overdue
    on the report date (``row["overdue"]``, computed once by :func:`service.is_overdue`)."""
    return str(row["status"]) + (" (terlambat)" if row["overdue"] else "")


def report_data(db: Database, mentee: str | None = None, programme_id: int | None = None,
                as_of: date | None = None) -> dict[str, Any]:
    """The report as it stands on ``as_of`` (default today): items overdue on that date, the visits up to
    it, the progress noted since the meeting before the last one."""
    as_of = as_of or date.today()
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
        visits = list(session.scalars(select(Visit).where(Visit.programme_id == programme.id, Visit.visit_date <= as_of)
                                      .order_by(Visit.visit_date)))
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
                    "status_code": item.status, "start": item.planned_start, "end": item.planned_end,
                    "done_date": item.actual_done, "verified_by": item.verified_by or "",
                    "verified_at": item.verified_at,
                    "overdue": service.is_overdue(item, as_of),
                    "verified": f"{item.verified_by}, {_d(item.verified_at)}" if item.verified_by else "",
                    "evidence": [e.title if e.title.startswith(e.kind) else f"{e.kind}: {e.title}"
                                 for e in item.evidence],
                    "progress": [f"{_d(n.note_date)} {n.author}: {n.text}"
                                 for n in service.notes_between(item, since, as_of)],
                })
            done = statuses.count(ItemStatus.DONE)
            counted = len(statuses) - statuses.count(ItemStatus.CANCELLED)
            mentees.append({"name": unit.name, "kabupaten": unit.kabupaten, "rows": rows, "done": done,
                            "total": counted, "running": statuses.count(ItemStatus.IN_PROGRESS),
                            "overdue": sum(1 for r in rows if r["overdue"])})
        return {"programme": programme.name, "stage": Stage.label_of(programme.stage, "id"), "since": since, "latest": latest,
                "mentees": mentees, "made": date.today(), "as_of": as_of}


def export_rktl(db: Database, out: Path, mentee: str | None = None, programme_id: int | None = None,
                as_of: date | None = None) -> Path:
    """The report of ``programme_id`` (default: the newest programme), for one mentee or all, as it stands
    on ``as_of`` (the report date, default today)."""
    suffix = check_output(out, (".xlsx", ".pdf"))
    data = report_data(db, mentee, programme_id, as_of)
    if not any(m["rows"] for m in data["mentees"]):
        from bakti_desktop.errors import NothingToExport

        raise NothingToExport(msg(en="There is no RKTL item for {m}.", id="Tidak ada butir RKTL untuk {m}.",
                                  m=mentee or data["programme"]))
    from bakti_desktop.reports.letterhead import letterhead

    data["kop"] = letterhead(db, "twinning")
    return write_atomically(Path(out), lambda tmp: (_xlsx if suffix == ".xlsx" else _pdf)(data, tmp))


HEADER = ["Topik", "Kegiatan", "Indikator keberhasilan", "OPD", "Rencana mulai", "Rencana selesai", "Selesai",
          "Status", "Diverifikasi oleh", "Tanggal verifikasi", "Bukti", "Kemajuan sejak rapat sebelumnya"]
SUMMARY_HEADER = ["Mentee", "Kabupaten/Kota", "Kegiatan", "Selesai", "Berjalan", "Terlambat"]


def _xlsx(data: dict[str, Any], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from bakti_desktop.reports.format import date_text
    from bakti_desktop.reports.text import sheet_title
    from bakti_desktop.spreadsheets import printing
    from bakti_desktop.spreadsheets.sheets import first_sheet
    from bakti_desktop.spreadsheets.workbook import keep_text, safe_row
    from bakti_desktop.twinning.codes import STATUS_COLORS

    document = f"Laporan Pemantauan RKTL — {data['programme']}"
    as_of = date_text(data["as_of"])
    workbook = Workbook()
    summary = first_sheet(workbook)
    summary.title = "Ringkasan"
    summary.append(safe_row(["Laporan Pemantauan RKTL Twinning"]))
    summary["A1"].font = Font(bold=True, size=13)
    summary.append(safe_row([f"{data['programme']}; tahap {data['stage']}; keadaan per {as_of}"]))
    summary.append(SUMMARY_HEADER)
    printing.head(summary[3])
    for mentee in data["mentees"]:
        summary.append(safe_row([mentee["name"], mentee["kabupaten"], mentee["total"], mentee["done"],
                                 mentee["running"], mentee["overdue"]]))
    if not data["mentees"]:
        summary.append(["Tidak ada mentee."])
    keep_text(summary.iter_rows(min_row=4))
    printing.finish(summary, document, header_row=3, landscape=False, freeze="A4")
    _signatures(summary, as_of)

    taken: set[str] = {"Ringkasan"}
    for mentee in data["mentees"]:
        sheet = workbook.create_sheet(sheet_title(mentee["name"], "Mentee", taken))
        sheet.append(safe_row([f"Laporan Pemantauan RKTL — {mentee['name']}"]))
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(safe_row([f"{data['programme']}; keadaan per {as_of}; selesai {mentee['done']} dari "
                               f"{mentee['total']} kegiatan; kemajuan sejak {_d(data['since']) or 'awal'}"]))
        sheet.append(HEADER)
        printing.head(sheet[3])
        for row in mentee["rows"]:
            sheet.append(safe_row([row["topic"], row["activity"], row["indicator"], row["opd"], row["start"],
                                   row["end"], row["done_date"], status_text(row), row["verified_by"],
                                   row["verified_at"], "\n".join(row["evidence"]), "\n".join(row["progress"])]))
            status = sheet.cell(row=sheet.max_row, column=8)
            status.font = Font(color=STATUS_COLORS.get(row["status_code"], "000000"), bold=row["overdue"])
        keep_text(sheet.iter_rows(min_row=4))
        printing.finish(sheet, f"{document} — {mentee['name']}", header_row=3, freeze="C4", landscape=True,
                        caps={1: 30, 2: 22, 3: 20, 8: 14, 10: 28, 11: 34}, header_least=10)
    workbook.save(out)


def _signatures(sheet: Any, as_of: str) -> None:
    """Room to sign under the summary: made by, and acknowledged by, with name and NIP."""
    from openpyxl.styles import Alignment

    start = sheet.max_row + 3
    blank = "(" + "." * 24 + ")"
    lines = [("", f"..............., {as_of}"), ("Dibuat oleh,", "Mengetahui,"), ("", ""), ("", ""),
             ("", ""), (blank, blank), ("NIP.", "NIP.")]
    for offset, (a, b) in enumerate(lines):
        row = start + offset
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)  # the right signer: C:F
        for column, text in ((1, a), (3, b)):
            if text:
                cell = sheet.cell(row=row, column=column, value=text)
                cell.alignment = Alignment(horizontal="left")
    sheet.print_area = f"A1:F{start + len(lines) - 1}"


def _pdf(data: dict[str, Any], out: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Spacer

    from bakti_desktop.reports.letterhead import Letterhead, pdf_flowables
    from bakti_desktop.twinning.codes import STATUS_COLORS
    from bakti_desktop.reports.pdf import ReportDocument, date_text, escape, signature_blocks, styles, table
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
                        Paragraph(f"Keadaan per {date_text(data['as_of'])}", st["Center"]),
                        Spacer(1, 0.4 * cm)]
    for n, mentee in enumerate(data["mentees"]):
        if n:
            story.append(PageBreak())
        story.append(Paragraph(f"{escape(cut(mentee['name'], 300))} ({escape(cut(mentee['kabupaten'], 100))})",
                               st["H1"]))
        story.append(Paragraph(f"Selesai {mentee['done']} dari {mentee['total']} kegiatan.", st["Body"]))
        rows = []
        extra: list[Any] = []
        for row in mentee["rows"]:
            color = STATUS_COLORS.get(row["status_code"], "000000")
            text = escape(status_text(row))
            status = Paragraph(f"<font color='#{color}'>{f'<b>{text}</b>' if row['overdue'] else text}</font>",
                               st["Cell"])
            rows.append([row["topic"], row["activity"], row["opd"], row["plan"], row["done"], status,
                         row["verified"], "\n".join(row["evidence"]) or "—", "\n".join(row["progress"]) or "—"])
        # Fixed widths: the status cells are Paragraphs (coloured), which content fitting cannot measure;
        # "(terlambat)" must stay whole.
        widths = [1.4, 4.1, 3.0, 3.2, 2.2, 2.4, 2.6, 3.6, 3.2]
        story.append(table(["Topik", "Kegiatan", "OPD", "Rencana", "Selesai", "Status", "Verifikasi", "Bukti",
                            "Kemajuan sejak rapat sebelumnya"], rows, [w * cm for w in widths], extra=extra))
    # Room to sign, as in the workbook: made by, and acknowledged by (the place written by hand), kept together.
    story.append(signature_blocks([("Dibuat oleh,", "", ""), ("Mengetahui,", "", "")], doc.width,
                                  place_date=f"..............., {date_text(data['as_of'])}"))
    doc.build_with_toc(story)

