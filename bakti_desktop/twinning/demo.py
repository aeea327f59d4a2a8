"""The seed report's twinning programme, as demonstration data.

Gresik mentors Palopo on Topik 5 (institutional set-up of UPTD PAL Palopo);
Sidoarjo mentors Parepare and Pinrang on Topik 1 (designing, operating and
maintaining a conventional IPLT); online mentoring meetings on 3, 9 and 15
September 2020. Evidence files of the demo are marked as examples.

The RKTL items are the outcomes the report lists per mentee, with their
state on the report date (``REPORT_DATE``, 15 September 2020): all achieved.
Palopo: the governor's decree forming UPTD IPLT Mancani Palopo, the academic
study, the draft Perwali, the repair of IPLT Mancani's technical components;
Parepare: SOP revised, sludge receiving tank added, new/modified imhoff tank,
flow to all biological ponds; Pinrang: SOP of UPTD IPLT revised, drying-bed
floor louvres, drying-bed roofing, sludge removal from the drying beds.
Each is finished before the online meeting at which its mentor verified it.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select

from bakti_desktop.storage.database import Database
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import (
    Item,
    ItemStatus,
    ProgressNote,
    Programme,
    Stage,
    Topic,
    Unit,
    UnitRole,
    Visit,
    VisitKind,
)

NAME = "Twinning UPTD PALD Sulawesi Selatan 2020"
REPORT_DATE = date(2020, 9, 15)  # the date the report states the RKTL as of

# The online meetings: date, men, women, topics, outputs.
VISITS = (
    (date(2020, 9, 3), 9, 6, "Topik 5",
     "Palopo: SK Gubernur pembentukan UPTD IPLT Mancani Palopo dan kajian akademis kelembagaan diverifikasi mentor "
     "Gresik."),
    (date(2020, 9, 9), 11, 5, "Topik 1",
     "Pinrang: SOP UPTD IPLT yang direvisi, kisi-kisi lantai, atap, dan pengangkatan lumpur bak pengering "
     "diverifikasi mentor Sidoarjo."),
    (date(2020, 9, 15), 12, 7, "Topik 1 dan Topik 5",
     "Parepare: SOP ditandatangani; bak penerima lumpur, tangki imhoff, dan aliran ke semua kolam biologis "
     "diverifikasi. Palopo: rancangan Perwali dan perbaikan komponen teknis IPLT Mancani diverifikasi."),
)

ITEMS = (
    # mentee, topic number, activity, objective, indicator, OPD, planned start, planned end, done on,
    # verified at the meeting of (a date of VISITS), evidence kind
    ("palopo", 5, "Penerbitan SK Gubernur tentang pembentukan UPTD IPLT Mancani Palopo",
     "UPTD pengelola IPLT Mancani memiliki dasar hukum", "SK Gubernur terbit", "Dinas PUPR Kota Palopo",
     date(2020, 3, 1), date(2020, 8, 31), date(2020, 8, 24), date(2020, 9, 3), "SK"),
    ("palopo", 5, "Penyusunan kajian akademis kelembagaan UPTD PALD", "Naskah akademis sebagai dasar Perwali",
     "Dokumen kajian akademis final", "Bappeda Kota Palopo", date(2020, 4, 1), date(2020, 8, 31), date(2020, 8, 28),
     date(2020, 9, 3), "Laporan"),
    ("palopo", 5, "Penyusunan rancangan Perwali tentang UPTD PALD dan retribusi layanan lumpur tinja",
     "Rancangan Perwali siap dibahas", "Rancangan Perwali diserahkan ke Bagian Hukum",
     "Bagian Hukum Setda Kota Palopo", date(2020, 6, 1), date(2020, 9, 15), date(2020, 9, 11), date(2020, 9, 15),
     "Laporan"),
    ("palopo", 5, "Perbaikan komponen teknis IPLT Mancani (saluran inlet dan kolam)", "IPLT beroperasi kembali",
     "IPLT menerima lumpur tinja terjadwal", "Dinas PUPR Kota Palopo", date(2020, 6, 1), date(2020, 9, 15),
     date(2020, 9, 10), date(2020, 9, 15), "Foto"),
    ("parepare", 1, "Revisi SOP operasi dan pemeliharaan IPLT", "SOP sesuai praktik Sidoarjo", "SOP ditandatangani",
     "UPTD PAL Kota Parepare", date(2020, 7, 1), date(2020, 9, 15), date(2020, 9, 15), date(2020, 9, 15), "SOP"),
    ("parepare", 1, "Penambahan bak penerima lumpur tinja (sludge receiving tank)", "Penerimaan lumpur tertib",
     "Bak penerima beroperasi", "Dinas PUPR Kota Parepare", date(2020, 6, 1), date(2020, 8, 31), date(2020, 8, 31),
     date(2020, 9, 15), "Foto"),
    ("parepare", 1, "Pembangunan tangki imhoff baru dan modifikasi tangki imhoff lama",
     "Kapasitas pengolahan bertambah", "Tangki imhoff baru dan yang dimodifikasi beroperasi",
     "Dinas PUPR Kota Parepare", date(2020, 6, 1), date(2020, 9, 15), date(2020, 9, 7), date(2020, 9, 15), "Foto"),
    ("parepare", 1, "Pengaliran efluen tangki imhoff ke semua kolam biologis",
     "Semua kolam biologis berfungsi", "Aliran masuk ke semua kolam biologis", "UPTD PAL Kota Parepare",
     date(2020, 8, 1), date(2020, 9, 15), date(2020, 9, 8), date(2020, 9, 15), "Foto"),
    ("pinrang", 1, "Revisi SOP UPTD IPLT Kabupaten Pinrang", "SOP sesuai praktik Sidoarjo", "SOP baru berlaku",
     "UPTD PAL Kabupaten Pinrang", date(2020, 7, 1), date(2020, 9, 9), date(2020, 9, 8), date(2020, 9, 9), "SOP"),
    ("pinrang", 1, "Pemasangan kisi-kisi (louvre) pada lantai bak pengering lumpur (drying bed)",
     "Air lindi turun dari lumpur dengan lancar", "Kisi-kisi terpasang di lantai semua bak",
     "Dinas PUPR Kabupaten Pinrang", date(2020, 7, 1), date(2020, 8, 31), date(2020, 8, 20), date(2020, 9, 9), "Foto"),
    ("pinrang", 1, "Pemasangan atap bak pengering lumpur (drying bed)", "Pengeringan lumpur tidak terganggu hujan",
     "Atap terpasang di semua bak", "Dinas PUPR Kabupaten Pinrang", date(2020, 8, 1), date(2020, 9, 9),
     date(2020, 9, 5), date(2020, 9, 9), "Foto"),
    ("pinrang", 1, "Pengangkatan lumpur dari bak pengering (drying bed)", "Bak pengering siap menerima lumpur baru",
     "Semua bak pengering kosong dari lumpur lama", "UPTD PAL Kabupaten Pinrang", date(2020, 8, 1),
     date(2020, 8, 31), date(2020, 8, 27), date(2020, 9, 9), "Foto"),
)

def _example_pdf(folder: Path, title: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from bakti_desktop.reports.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    path = folder / (title[:60].replace("/", "-") + ".pdf")
    canvas = Canvas(str(path), pagesize=A4, initialFontName=FONT)  # type: ignore[arg-type]  # typeshed says float: a stub error
    canvas.setFont(FONT_BOLD, 16)
    canvas.drawString(72, 760, "CONTOH — bukan dokumen asli")
    canvas.setFont(FONT, 11)
    canvas.drawString(72, 730, title[:90])
    canvas.save()
    return path


def load(db: Database) -> dict[str, int]:
    """Add the demo programme once; running it again adds nothing."""
    with db.session() as session:
        if session.scalar(select(Programme.id).where(Programme.name == NAME)):
            return {"items": 0}
        programme = Programme(name=NAME, start_year=2020, end_year=2021, stage=Stage.IMPLEMENTATION,
                              senior_provider="UPTD PALD Kabupaten Sidoarjo dan UPT PAL Kabupaten Gresik",
                              description="Pembelajaran mentor–mentee antar-UPTD PAL, didukung UNICEF dan BaKTI; "
                                          "pendampingan daring sejak 2020.")
        session.add(programme)
        session.flush()
        units = {
            "gresik": Unit(programme_id=programme.id, name="UPT PAL Kabupaten Gresik", role=UnitRole.MENTOR,
                           kabupaten="Kabupaten Gresik"),
            "sidoarjo": Unit(programme_id=programme.id, name="UPTD PALD Kabupaten Sidoarjo", role=UnitRole.MENTOR,
                             kabupaten="Kabupaten Sidoarjo"),
            "palopo": Unit(programme_id=programme.id, name="UPTD PAL Kota Palopo", role=UnitRole.MENTEE,
                           kabupaten="Kota Palopo", kabupaten_code="73.73"),
            "parepare": Unit(programme_id=programme.id, name="UPTD PAL Kota Parepare", role=UnitRole.MENTEE,
                             kabupaten="Kota Parepare", kabupaten_code="73.72"),
            "pinrang": Unit(programme_id=programme.id, name="UPTD PAL Kabupaten Pinrang", role=UnitRole.MENTEE,
                            kabupaten="Kabupaten Pinrang", kabupaten_code="73.15"),
        }
        session.add_all(units.values())
        session.flush()
        topics = {
            1: Topic(programme_id=programme.id, number=1,
                     name="Mendesain, Mengoperasikan, dan Memelihara IPLT Konvensional",
                     mentor_unit_id=units["sidoarjo"].id),
            5: Topic(programme_id=programme.id, number=5, name="Penguatan dan Mempersiapkan Institusi UPTD PALD",
                     mentor_unit_id=units["gresik"].id),
        }
        session.add_all(topics.values())
        visits = {day: Visit(programme_id=programme.id, visit_date=day, kind=VisitKind.ONLINE_MEETING, place="Zoom",
                             male=m, female=f, topics=t, outputs=o) for day, m, f, t, o in VISITS}
        session.add_all(visits.values())
        session.flush()
        created: list[tuple[Item, str | None]] = []
        for mentee, topic, activity, objective, indicator, opd, start, end, done, verified, kind in ITEMS:
            mentor = "Sidoarjo" if topic == 1 else "Gresik"
            item = Item(topic_id=topics[topic].id, mentee_unit_id=units[mentee].id, activity=activity,
                        objective=objective, indicator=indicator, responsible_opd=opd,
                        responsible_person="Kepala " + units[mentee].name, planned_start=start, planned_end=end,
                        status=ItemStatus.DONE, actual_done=done, verified_by=f"Mentor {mentor}", verified_at=verified)
            session.add(item)
            session.flush()
            visit = visits[verified]
            item.notes.append(ProgressNote(note_date=done, author="Fasilitator BaKTI",
                                           text="Pekerjaan selesai."))
            item.notes.append(ProgressNote(note_date=verified, author="Fasilitator BaKTI", visit_id=visit.id,
                                           text=f"Diverifikasi mentor {mentor} pada rapat daring."))
            if verified < REPORT_DATE:  # every item's state is reported at the last meeting, the report's date
                item.notes.append(ProgressNote(note_date=REPORT_DATE, author="Fasilitator BaKTI",
                                               visit_id=visits[REPORT_DATE].id,
                                               text=f"Status dilaporkan pada rapat daring: "
                                                    f"{ItemStatus.label_of(ItemStatus.DONE, 'id')}."))
            created.append((item, kind))
    with tempfile.TemporaryDirectory() as folder:
        for made, evidence_kind in created:
            if evidence_kind:
                source = _example_pdf(Path(folder), f"{evidence_kind} — {made.activity}")
                service.add_evidence(db, made.id, source, evidence_kind,
                                     title=f"{evidence_kind}: {made.activity[:120]} (contoh)")
    return {"items": len(ITEMS)}
