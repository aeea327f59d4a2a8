"""Printing the notulen (with the daftar hadir) and the actions register.

The minutes follow the Indonesian government format: header block, opening,
discussion per agenda item, district progress, decisions, follow-up table,
closing, signature blocks for chair and note taker with NIP, then the
attendance list with a signature column, printable for signing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

from bakti_desktop import regions
from bakti_desktop.errors import NothingToExport
from bakti_desktop.i18n import msg
from bakti_desktop.pksai import service
from bakti_desktop.pksai.models import ActionStatus, Meeting, MeetingMode
from bakti_desktop.reports.letterhead import Letterhead, letterhead, pdf_flowables
from bakti_desktop.reports.output import check_output, write_atomically
from bakti_desktop.storage.database import Database

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIME_ZONE = "WITA"  # Sulawesi Selatan keeps Central Indonesian Time


def export_minutes(db: Database, out: Path, meeting_id: int | None = None) -> Path:
    """Write the minutes of one meeting (default: the latest) as PDF, in the chosen language."""
    check_output(out, (".pdf",))
    if meeting_id is None:
        meeting_id = service.latest_meeting_id(db)
        if meeting_id is None:
            raise NothingToExport(msg(en="There are no meetings yet.", id="Belum ada rapat."))
    kop = letterhead(db, "pksai")
    with db.session() as session:
        meeting = service.load_meeting(session, meeting_id)
        minutes = Minutes(meeting, service.status_at(session, meeting), service.reviewed_in(meeting), kop)
        return write_atomically(Path(out), lambda tmp: _write_minutes(minutes, tmp))


class Minutes:
    """A meeting with the statuses its own meeting decided (history-true: later meetings do not change them)."""

    def __init__(self, meeting: Meeting, status: dict[int, str], reviewed: list[service.Reviewed],
                 kop: Letterhead | None = None) -> None:
        self.meeting = meeting
        self.status = status
        self.reviewed = reviewed
        self.kop = kop or Letterhead()


def clock(value: str | None) -> str:
    """A stored time ("09:15") as documents write it: "09.15" in Indonesian, "09:15" in English."""
    from datetime import time

    from bakti_desktop.reports import format as fmt

    if not value:
        return ""
    hours, minutes = value.replace(".", ":").split(":")
    return fmt.time_text(time(int(hours), int(minutes)))


def time_span(start: str | None, end: str | None) -> str:
    """ "pukul 09.00 – 15.00 WITA" / "09:00 – 15:00 WITA"; an unknown end is "selesai" (until done)."""
    if not start and not end:
        return "—"
    first = clock(start) or "…"
    last = clock(end) or msg(en="close", id="selesai")
    return msg(en="{a} – {b} {z}", id="pukul {a} – {b} {z}", a=first, b=last, z=TIME_ZONE)


def signing_place(meeting: Meeting) -> str:
    """Where the minutes are signed: the capital town of the forum's kabupaten/kota (Gowa: Sungguminasa);
    for a provincial forum, the town the meeting was held in ("Hotel Claro, Makassar" → Makassar)."""
    town = regions.capital_of(meeting.forum.kabupaten_code) if meeting.forum.kabupaten_code else ""
    if not town:
        last = (meeting.place or "").split(",")[-1].strip()
        town = regions.capital_of(last) if last else ""
        if not town and last and not last.lower().startswith(("kabupaten ", "kota ")):
            town = last
    return town or "…"


def _para(text: str | None, style: Any) -> list[Any]:
    from reportlab.platypus import Paragraph

    from bakti_desktop.reports.pdf import escape

    return [Paragraph(escape(line), style) for line in (text or "").splitlines() if line.strip()]


def _sex(code: str) -> str:
    return msg(en="M", id="L") if code == "L" else msg(en="F", id="P") if code == "P" else code


def _write_minutes(minutes: Minutes, out: Path) -> None:
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

    from bakti_desktop.i18n import language
    from bakti_desktop.reports import format as fmt
    from bakti_desktop.reports.pdf import FONT, ReportDocument, cell_paragraph, escape, styles, table
    from bakti_desktop.reports.text import cut

    from reportlab.lib.styles import ParagraphStyle

    meeting = minutes.meeting
    st = dict(styles().byName)
    # A heading never ends a page: it stays with what follows (same names, so the bookmarks still find H2).
    st["H2"] = ParagraphStyle("H2", parent=st["H2"], keepWithNext=1)
    st["H3"] = ParagraphStyle("H3", parent=st["H3"], keepWithNext=1)
    day = (DAYS_EN if language() == "en" else DAYS_ID)[meeting.meeting_date.weekday()]
    when = f"{day}, {fmt.date_text(meeting.meeting_date)}"
    totals = service.attendance_totals(meeting)
    title = cut(meeting.title, 300)
    listed = bool(meeting.attendees)  # names to sign against; counts only: a participant summary
    doc = ReportDocument(out, title=msg(en="Minutes — {t}", id="Notulen — {t}", t=title),
                         footer=msg(en="Minutes: {t}", id="Notulen: {t}", t=title))
    doc._firstPageTemplateIndex = 1  # type: ignore[attr-defined]  # ReportLab's own, unknown to its stubs; every page numbered, the first too (the "body" template)
    story: list[Any] = [*pdf_flowables(minutes.kop, doc.width),
                        Paragraph(msg(en="MINUTES OF MEETING", id="NOTULEN RAPAT"), st["Title"])]
    number = minutes.kop.number(when=meeting.meeting_date)  # the running number is written in by hand
    if number:
        story.append(Paragraph(escape(msg(en="Number: {n}", id="Nomor: {n}", n=number)), st["Center"]))
    story += [Paragraph(escape(title), st["Subtitle"]), Paragraph(escape(cut(meeting.forum.name, 300)), st["Center"]),
              Spacer(1, 0.4 * cm)]
    attached = (msg(en="attendance list attached", id="daftar hadir terlampir") if listed
                else msg(en="participant summary attached", id="ringkasan peserta terlampir"))
    header = [
        (msg(en="Day/Date", id="Hari/Tanggal"), when),
        (msg(en="Time", id="Waktu"), time_span(meeting.start_time, meeting.end_time)),
        (msg(en="Place", id="Tempat"), meeting.place or "—"),
        (msg(en="Form of meeting", id="Bentuk rapat"), MeetingMode.label_of(meeting.mode)),
        (msg(en="Chair", id="Pimpinan rapat"),
         ", ".join(x for x in (meeting.chair_name, meeting.chair_position) if x) or "—"),
        (msg(en="Note-taker", id="Notulis"), meeting.notetaker_name or "—"),
        (msg(en="Participants", id="Peserta"), f"{totals.text()} — {attached}"),
    ]
    body = cast(ParagraphStyle, st["Body"])
    block = Table([[Paragraph(k, body), Paragraph(":", body), cell_paragraph(v, body, 12.8 * cm - 4, 150)]
                   for k, v in header], colWidths=[3.5 * cm, 0.5 * cm, 12.8 * cm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    story += [block, Spacer(1, 0.3 * cm)]
    if meeting.agenda:
        story.append(Paragraph(msg(en="Agenda", id="Agenda"), st["H3"]))
        story += [Paragraph(f"{a.number}. {escape(a.title)}", st["Body"]) for a in meeting.agenda]
    story.append(Paragraph(msg(en="I. Opening", id="I. Pembukaan"), st["H2"]))
    story += _para(meeting.opening, st["Body"]) or [Paragraph("—", st["Body"])]
    story.append(Paragraph(msg(en="II. Discussion", id="II. Pembahasan"), st["H2"]))
    for item in meeting.agenda:
        story.append(Paragraph(f"{item.number}. {escape(item.title)}", st["H3"]))
        story += _para(item.discussion, st["Body"])
    if meeting.progress:
        story.append(Paragraph(msg(en="III. Progress and Challenges by Kabupaten/Kota",
                                   id="III. Perkembangan dan Tantangan per Kabupaten/Kota"), st["H2"]))
        rows = [[regions.region_name(p.kabupaten_code), p.progress or "", p.challenges or ""] for p in meeting.progress]
        story.append(table([msg(en="Kabupaten/Kota", id="Kabupaten/Kota"), msg(en="Progress", id="Perkembangan"),
                            msg(en="Challenges", id="Tantangan")], rows, [4 * cm, 6.5 * cm, 6.5 * cm]))
    n = 4 if meeting.progress else 3
    roman = {3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII"}
    if minutes.reviewed:
        story.append(Paragraph(msg(en="Review of the follow-up of earlier meetings",
                                   id="Tinjauan tindak lanjut rapat sebelumnya"), st["H3"]))
        rows = [[str(i), r.action.what, r.action.responsible or "", ActionStatus.label_of(r.status), r.note or ""]
                for i, r in enumerate(minutes.reviewed, start=1)]
        story.append(table([msg(en="No", id="No"), msg(en="Follow-up action", id="Tindak lanjut"),
                            msg(en="Responsible", id="Penanggung jawab"), msg(en="Outcome", id="Hasil tinjauan"),
                            msg(en="Note", id="Catatan")], rows,
                           [0.9 * cm, 6.8 * cm, 3.8 * cm, 2.3 * cm, 3.2 * cm]))
    story.append(Paragraph(msg(en="{n}. Decisions/Agreements", id="{n}. Keputusan/Kesepakatan", n=roman[n]), st["H2"]))
    story += [Paragraph(f"{d.number}. {escape(d.text)}", st["Body"]) for d in meeting.decisions] or \
        [Paragraph("—", st["Body"])]
    story.append(Paragraph(msg(en="{n}. Follow-up Plan", id="{n}. Rencana Tindak Lanjut", n=roman[n + 1]), st["H2"]))
    rows = [[str(i), a.what, a.responsible or "", fmt.date_text(a.due_date) if a.due_date else "",
             ActionStatus.label_of(minutes.status.get(a.id, a.status))] for i, a in enumerate(meeting.actions, start=1)]
    if rows:
        story.append(table([msg(en="No", id="No"), msg(en="Follow-up action", id="Tindak lanjut"),
                            msg(en="Responsible", id="Penanggung jawab"), msg(en="Due date", id="Batas waktu"),
                            msg(en="Status", id="Status")], rows, [0.9 * cm, 6.8 * cm, 3.9 * cm, 3.3 * cm, 2.1 * cm]))
    else:
        story.append(Paragraph("—", st["Body"]))
    if meeting.cases:
        story.append(Paragraph(msg(en="Case figures (aggregate)", id="Data kasus (agregat)"), st["H3"]))
        rows = [[c.period, f"{c.category}. {service.case_label(c.category)}", str(c.male), str(c.female),
                 str(c.male + c.female)] for c in meeting.cases]
        story.append(table([msg(en="Period", id="Periode"),
                            msg(en="Category (UU 35/2014 Art. 59(2))", id="Kategori (UU 35/2014 Ps. 59 ayat 2)"),
                            _sex("L"), _sex("P"), msg(en="Total", id="Jumlah")], rows,
                           [3 * cm, 9.5 * cm, 1.5 * cm, 1.5 * cm, 1.5 * cm], align_right_from=2))
        story.append(Paragraph(escape(service.no_identity_note()), st["Small"]))
    closing: list[Any] = [Paragraph(msg(en="{n}. Closing", id="{n}. Penutup", n=roman[n + 2]), st["H2"])]
    closing += _para(meeting.closing, st["Body"])
    if meeting.closed_at:
        closing.append(Paragraph(msg(en="The meeting closed at {t} {z}.", id="Rapat ditutup pukul {t} {z}.",
                                     t=clock(meeting.closed_at), z=TIME_ZONE), st["Body"]))
    place = cut(signing_place(meeting), 100)
    blank = ".............................."
    sign = Table(
        [[Paragraph(msg(en="Chair,", id="Pimpinan Rapat,"), st["Center"]),
          Paragraph(f"{escape(place)}, {fmt.date_text(meeting.meeting_date)}<br/>"
                    + msg(en="Note-taker,", id="Notulis,"), st["Center"])],
         [Spacer(1, 2 * cm), Spacer(1, 2 * cm)],
         [Paragraph(f"<u>{escape(cut(meeting.chair_name or blank, 150))}</u>", st["Center"]),
          Paragraph(f"<u>{escape(cut(meeting.notetaker_name or blank, 150))}</u>", st["Center"])],
         [Paragraph(f"NIP. {escape(cut(meeting.chair_nip or '', 60))}", st["Center"]),
          Paragraph(f"NIP. {escape(cut(meeting.notetaker_nip or '', 60))}", st["Center"])]],
        colWidths=[8.5 * cm, 8.5 * cm],
    )
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    # The signatures never stand alone on a page: they keep the closing (heading and text) with them.
    story.append(KeepTogether([*closing, Spacer(1, 0.8 * cm), sign]))

    # The attendance list (names, to sign) or, for a meeting counted by institution, the participant summary
    heading = (msg(en="ATTENDANCE LIST", id="DAFTAR HADIR") if listed
               else msg(en="PARTICIPANT SUMMARY", id="RINGKASAN PESERTA"))
    story += [PageBreak(), Paragraph(heading, st["Title"]), Paragraph(escape(title), st["Center"]),
              Paragraph(f"{when} — {escape(cut(meeting.place or '', 300))}", st["Center"]),
              Paragraph(f"<b>{escape(totals.text())}</b>", st["Center"]), Spacer(1, 0.3 * cm)]
    if listed:
        signers: list[list[Any]] = []
        for i, a in enumerate(meeting.attendees, start=1):
            signers.append([str(i), a.name, a.institution or "", a.position or "", _sex(a.sex),
                         Paragraph(f"{i}. ……………" if i % 2 else "&nbsp;" * 9 + f"{i}. ……………", st["Cell"])])
        attendance = table([msg(en="No", id="No"), msg(en="Name", id="Nama"),
                            msg(en="Institution", id="Instansi/OPD"), msg(en="Position", id="Jabatan"),
                            msg(en="M/F", id="L/P"), msg(en="Signature", id="Tanda tangan")], signers,
                           [0.9 * cm, 4.4 * cm, 4.4 * cm, 3 * cm, 0.9 * cm, 3.4 * cm])
        attendance.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
                                        ("FONTNAME", (0, 0), (-1, -1), FONT)]))
        story.append(attendance)
    if meeting.counts:
        story.append(Spacer(1, 0.4 * cm))
        if listed:  # besides the names, participants counted without them
            story.append(Paragraph(msg(en="Participants counted by institution and sex",
                                       id="Peserta menurut instansi dan jenis kelamin"), st["H3"]))
        rows = [[c.institution, str(c.male), str(c.female), str(c.male + c.female)] for c in meeting.counts]
        cm_l = sum(c.male for c in meeting.counts)
        cm_p = sum(c.female for c in meeting.counts)
        rows.append([msg(en="Total", id="Jumlah"), str(cm_l), str(cm_p), str(cm_l + cm_p)])
        story.append(table([msg(en="Institution", id="Instansi/OPD"), _sex("L"), _sex("P"),
                            msg(en="Total", id="Jumlah")], rows, [10 * cm, 2.3 * cm, 2.3 * cm, 2.4 * cm],
                           align_right_from=1, total_row=True))
    doc.build_with_toc(story)


def passed_through(row: dict[str, Any]) -> str:
    """The meetings that reviewed an action with what each decided, one a line: "15/07/2020 Dilanjutkan"."""
    from bakti_desktop.reports import format as fmt

    return "\n".join(f"{fmt.date_short(day)} {ActionStatus.label_of(status, 'id')}" for day, status in row["history"])


def export_actions(db: Database, out: Path, forum_id: int | None = None, status: str | None = None,
                   responsible: str | None = None, overdue_on: date | None = None) -> Path:
    """The actions register across meetings, as a workbook, with the same filters as on screen."""
    from openpyxl import Workbook

    from bakti_desktop.spreadsheets import printing
    from bakti_desktop.spreadsheets.sheets import first_sheet
    from bakti_desktop.spreadsheets.workbook import keep_text, safe_row

    check_output(out, (".xlsx",))
    rows = service.actions_register(db, forum_id=forum_id, status=status, responsible=responsible,
                                    overdue_on=overdue_on)
    if not rows:
        raise NothingToExport(msg(en="No follow-up action matches the filter.",
                                  id="Tidak ada tindak lanjut yang sesuai dengan saringan."))
    workbook = Workbook()
    sheet = first_sheet(workbook)
    sheet.title = "Tindak Lanjut"
    header = ["No", "Forum", "Rapat", "Tanggal rapat", "Tindak lanjut", "Penanggung jawab", "Batas waktu", "Status",
              "Dibahas pada rapat", "Catatan"]
    sheet.append(header)
    printing.head(sheet[1])
    for i, r in enumerate(rows, start=1):
        sheet.append(safe_row([i, r["forum"], r["meeting"], r["meeting_date"], r["what"], r["responsible"],
                               r["due_date"], ActionStatus.label_of(r["status"], "id"), passed_through(r), r["note"]]))
        sheet.cell(row=i + 1, column=4).number_format = printing.DATE_FORMAT
        sheet.cell(row=i + 1, column=7).number_format = printing.DATE_FORMAT
    keep_text(sheet.iter_rows(min_row=2))
    # The meetings an action passed through (one a line) and the note wrap in their columns.
    printing.finish(sheet, "Daftar Tindak Lanjut PKSAI", landscape=True,
                    caps={1: 30, 2: 30, 4: 45, 5: 24, 8: 30, 9: 40}, header_least=10)
    sheet.auto_filter.ref = f"A1:J{len(rows) + 1}"
    return write_atomically(Path(out), workbook.save)
