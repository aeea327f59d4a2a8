"""Printing the notulen (with the daftar hadir) and the actions register.

The minutes follow the Indonesian government format: header block, opening,
discussion per agenda item, district progress, decisions, follow-up table,
closing, signature blocks for chair and note taker with NIP, then the
attendance list with a signature column, printable for signing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bakti_desktop import regions
from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.pksai import service
from bakti_desktop.pksai.models import ActionStatus, Meeting, MeetingMode
from bakti_desktop.reports.output import check_output, write_atomically
from bakti_desktop.storage.database import Database

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def export_minutes(db: Database, out: Path, meeting_id: int | None = None) -> Path:
    """Write the minutes of one meeting (default: the latest) as PDF."""
    check_output(out, (".pdf",))
    if meeting_id is None:
        meeting_id = service.latest_meeting_id(db)
        if meeting_id is None:
            raise UserError(msg(en="There are no meetings yet.", id="Belum ada rapat."))
    with db.session() as session:
        meeting = service.load_meeting(session, meeting_id)
        return write_atomically(Path(out), lambda tmp: _write_minutes(meeting, tmp))


def _para(text: str | None, style: Any) -> list[Any]:
    from reportlab.platypus import Paragraph

    from bakti_desktop.reports.pdf import escape

    return [Paragraph(escape(line), style) for line in (text or "").splitlines() if line.strip()]


def _write_minutes(meeting: Meeting, out: Path) -> None:
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

    from bakti_desktop.reports.pdf import FONT, ReportDocument, cell_paragraph, date_text, escape, styles, table
    from bakti_desktop.reports.text import cut

    st = styles()
    day = DAYS_ID[meeting.meeting_date.weekday()]
    totals = service.attendance_totals(meeting)
    title = cut(meeting.title, 300)
    doc = ReportDocument(out, title=f"Notulen — {title}", footer=f"Notulen: {title}")
    story: list[Any] = [Paragraph("NOTULEN RAPAT", st["Title"]), Paragraph(escape(title), st["Subtitle"]),
                        Paragraph(escape(cut(meeting.forum.name, 300)), st["Center"]), Spacer(1, 0.4 * cm)]
    time = f"{meeting.start_time or '…'} – {meeting.end_time or 'selesai'} WITA"
    header = [
        ("Hari/Tanggal", f"{day}, {date_text(meeting.meeting_date)}"),
        ("Waktu", time),
        ("Tempat", meeting.place or "—"),
        ("Bentuk rapat", MeetingMode.label_of(meeting.mode, "id")),
        ("Pimpinan rapat", ", ".join(x for x in (meeting.chair_name, meeting.chair_position) if x) or "—"),
        ("Notulis", meeting.notetaker_name or "—"),
        ("Peserta", totals.text() + " — daftar hadir terlampir"),
    ]
    block = Table([[Paragraph(k, st["Body"]), Paragraph(":", st["Body"]), cell_paragraph(v, st["Body"], 12.8 * cm - 4, 150)]
                   for k, v in header], colWidths=[3.5 * cm, 0.5 * cm, 12.8 * cm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    story += [block, Spacer(1, 0.3 * cm)]
    if meeting.agenda:
        story.append(Paragraph("Agenda", st["H3"]))
        story += [Paragraph(f"{a.number}. {escape(a.title)}", st["Body"]) for a in meeting.agenda]
    story.append(Paragraph("I. Pembukaan", st["H2"]))
    story += _para(meeting.opening, st["Body"]) or [Paragraph("—", st["Body"])]
    story.append(Paragraph("II. Pembahasan", st["H2"]))
    for item in meeting.agenda:
        story.append(Paragraph(f"{item.number}. {escape(item.title)}", st["H3"]))
        story += _para(item.discussion, st["Body"])
    if meeting.progress:
        story.append(Paragraph("III. Perkembangan dan Tantangan per Kabupaten/Kota", st["H2"]))
        rows = [[regions.region_name(p.kabupaten_code), p.progress or "", p.challenges or ""] for p in meeting.progress]
        story.append(table(["Kabupaten/Kota", "Perkembangan", "Tantangan"], rows, [4 * cm, 6.5 * cm, 6.5 * cm]))
    n = 4 if meeting.progress else 3
    roman = {3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII"}
    reviewed = service.reviewed_in(meeting)
    if reviewed:
        story.append(Paragraph("Tinjauan tindak lanjut rapat sebelumnya", st["H3"]))
        rows = [[str(i), a.what, a.responsible or "", ActionStatus.label_of(a.status, "id")]
                for i, a in enumerate(reviewed, start=1)]
        story.append(table(["No", "Tindak lanjut", "Penanggung jawab", "Hasil tinjauan"], rows,
                           [0.9 * cm, 9.6 * cm, 4.2 * cm, 2.3 * cm]))
    story.append(Paragraph(f"{roman[n]}. Keputusan/Kesepakatan", st["H2"]))
    story += [Paragraph(f"{d.number}. {escape(d.text)}", st["Body"]) for d in meeting.decisions] or \
        [Paragraph("—", st["Body"])]
    story.append(Paragraph(f"{roman[n + 1]}. Rencana Tindak Lanjut", st["H2"]))
    rows = [[str(i), a.what, a.responsible or "", a.due_date.strftime("%d/%m/%Y") if a.due_date else "",
             ActionStatus.label_of(a.status, "id")] for i, a in enumerate(meeting.actions, start=1)]
    story.append(table(["No", "Tindak lanjut", "Penanggung jawab", "Batas waktu", "Status"], rows,
                       [0.9 * cm, 7.6 * cm, 4.2 * cm, 2.2 * cm, 2.1 * cm]))
    if meeting.cases:
        story.append(Paragraph("Data kasus (agregat)", st["H3"]))
        rows = [[c.period, f"{c.category}. {service.CASE_LABELS.get(c.category, c.category)}", str(c.male),
                 str(c.female), str(c.male + c.female)] for c in meeting.cases]
        story.append(table(["Periode", "Kategori (UU 35/2014 Ps. 59 ayat 2)", "L", "P", "Jumlah"], rows,
                           [3 * cm, 9.5 * cm, 1.5 * cm, 1.5 * cm, 1.5 * cm], align_right_from=2))
        story.append(Paragraph(escape(service.NO_IDENTITY_NOTE), st["Small"]))
    story.append(Paragraph(f"{roman[n + 2]}. Penutup", st["H2"]))
    story += _para(meeting.closing, st["Body"])
    if meeting.closed_at:
        story.append(Paragraph(f"Rapat ditutup pukul {meeting.closed_at} WITA.", st["Body"]))
    place = cut((meeting.place or "").split(",")[-1].strip(), 100) or "…"
    sign = Table(
        [[Paragraph("Pimpinan Rapat,", st["Center"]), Paragraph(f"{escape(place)}, {date_text(meeting.meeting_date)}<br/>"
                                                                 "Notulis,", st["Center"])],
         [Spacer(1, 2 * cm), Spacer(1, 2 * cm)],
         [Paragraph(f"<u>{escape(cut(meeting.chair_name or '..............................', 150))}</u>", st["Center"]),
          Paragraph(f"<u>{escape(cut(meeting.notetaker_name or '..............................', 150))}</u>",
                    st["Center"])],
         [Paragraph(f"NIP. {escape(cut(meeting.chair_nip or '', 60))}", st["Center"]),
          Paragraph(f"NIP. {escape(cut(meeting.notetaker_nip or '', 60))}", st["Center"])]],
        colWidths=[8.5 * cm, 8.5 * cm],
    )
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story += [Spacer(1, 0.8 * cm), KeepTogether([sign])]

    # Attendance list, on its own pages
    story += [PageBreak(), Paragraph("DAFTAR HADIR", st["Title"]), Paragraph(escape(title), st["Center"]),
              Paragraph(f"{day}, {date_text(meeting.meeting_date)} — {escape(cut(meeting.place or '', 300))}",
                        st["Center"]),
              Paragraph(f"<b>{escape(totals.text())}</b>", st["Center"]), Spacer(1, 0.3 * cm)]
    if meeting.attendees:
        rows = []
        for i, a in enumerate(meeting.attendees, start=1):
            rows.append([str(i), a.name, a.institution or "", a.position or "", a.sex,
                         Paragraph(f"{i}. ……………", st["Cell"]) if i % 2 else Paragraph(f"&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;"
                                                                                         f"&nbsp;&nbsp;&nbsp;&nbsp;{i}. ……………", st["Cell"])])
        attendance = table(["No", "Nama", "Instansi/OPD", "Jabatan", "L/P", "Tanda tangan"], rows,
                           [0.9 * cm, 4.4 * cm, 4.4 * cm, 3 * cm, 0.9 * cm, 3.4 * cm])
        attendance.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
                                        ("FONTNAME", (0, 0), (-1, -1), FONT)]))
        story.append(attendance)
    if meeting.counts:
        story.append(Spacer(1, 0.4 * cm))
        story.append(Paragraph("Peserta menurut instansi dan jenis kelamin", st["H3"]))
        rows = [[c.institution, str(c.male), str(c.female), str(c.male + c.female)] for c in meeting.counts]
        cm_l = sum(c.male for c in meeting.counts)
        cm_p = sum(c.female for c in meeting.counts)
        rows.append(["Jumlah", str(cm_l), str(cm_p), str(cm_l + cm_p)])
        story.append(table(["Instansi/OPD", "L", "P", "Jumlah"], rows, [10 * cm, 2.3 * cm, 2.3 * cm, 2.4 * cm],
                           align_right_from=1, total_row=True))
    doc.build_with_toc(story)


def export_actions(db: Database, out: Path, forum_id: int | None = None, status: str | None = None,
                   responsible: str | None = None, overdue_on: date | None = None) -> Path:
    """The actions register across meetings, as a workbook, with the same filters as on screen."""
    from openpyxl import Workbook

    from bakti_desktop.spreadsheets import printing
    from bakti_desktop.spreadsheets.workbook import keep_text, safe_row

    check_output(out, (".xlsx",))
    rows = service.actions_register(db, forum_id=forum_id, status=status, responsible=responsible,
                                    overdue_on=overdue_on)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tindak Lanjut"
    header = ["No", "Forum", "Rapat", "Tanggal rapat", "Tindak lanjut", "Penanggung jawab", "Batas waktu", "Status",
              "Catatan"]
    sheet.append(header)
    printing.head(sheet[1])
    for i, r in enumerate(rows, start=1):
        sheet.append(safe_row([i, r["forum"], r["meeting"], r["meeting_date"], r["what"], r["responsible"],
                               r["due_date"], ActionStatus.label_of(r["status"], "id"), r["note"]]))
        sheet.cell(row=i + 1, column=4).number_format = printing.DATE_FORMAT
        sheet.cell(row=i + 1, column=7).number_format = printing.DATE_FORMAT
    keep_text(sheet.iter_rows(min_row=2))
    printing.finish(sheet, "Daftar Tindak Lanjut PKSAI", landscape=True, caps={1: 30, 2: 30, 4: 45, 5: 24, 8: 40},
                    header_least=10)
    sheet.auto_filter.ref = f"A1:I{len(rows) + 1}"
    return write_atomically(Path(out), workbook.save)
