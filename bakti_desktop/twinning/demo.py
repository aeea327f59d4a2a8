"""The seed report's twinning programme, as demonstration data.

Gresik mentors Palopo on Topik 5 (institutional set-up of UPTD PAL Palopo);
Sidoarjo mentors Parepare and Pinrang on Topik 1 (designing, operating and
maintaining a conventional IPLT); online mentoring meetings on 3, 9 and 15
September 2020. Evidence files of the demo are marked as examples.
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

ITEMS = (
    # mentee, topic number, activity, objective, indicator, OPD, status, planned start, planned end, evidence kind
    ("palopo", 5, "Penerbitan SK Gubernur tentang pembentukan UPTD IPLT Mancani Palopo",
     "UPTD pengelola IPLT Mancani memiliki dasar hukum", "SK Gubernur terbit", "Dinas PUPR Kota Palopo",
     ItemStatus.DONE, date(2020, 3, 1), date(2020, 8, 31), "SK"),
    ("palopo", 5, "Penyusunan kajian akademis kelembagaan UPTD PALD", "Naskah akademis sebagai dasar Perwali",
     "Dokumen kajian akademis final", "Bappeda Kota Palopo", ItemStatus.DONE, date(2020, 4, 1), date(2020, 9, 30), "Laporan"),
    ("palopo", 5, "Penyusunan rancangan Perwali tentang UPTD PALD dan retribusi layanan lumpur tinja",
     "Perwali ditetapkan", "Rancangan Perwali dibahas bagian hukum", "Bagian Hukum Setda Kota Palopo",
     ItemStatus.IN_PROGRESS, date(2020, 8, 1), date(2020, 12, 31), None),
    ("palopo", 5, "Perbaikan teknis IPLT Mancani (saluran inlet dan kolam)", "IPLT beroperasi kembali",
     "IPLT menerima lumpur tinja terjadwal", "Dinas PUPR Kota Palopo", ItemStatus.IN_PROGRESS, date(2020, 9, 1),
     date(2021, 3, 31), None),
    ("parepare", 1, "Revisi SOP operasi dan pemeliharaan IPLT", "SOP sesuai praktik Sidoarjo", "SOP ditandatangani",
     "UPTD PAL Kota Parepare", ItemStatus.DONE, date(2020, 7, 1), date(2020, 9, 15), "SOP"),
    ("parepare", 1, "Pembangunan bak penerima lumpur tinja (sludge receiving tank)", "Penerimaan lumpur tertib",
     "Bak penerima beroperasi", "Dinas PUPR Kota Parepare", ItemStatus.IN_PROGRESS, date(2020, 9, 1), date(2020, 12, 15), None),
    ("parepare", 1, "Pencatatan volume lumpur tinja yang masuk setiap hari", "Data kinerja IPLT tersedia",
     "Buku catatan harian terisi", "UPTD PAL Kota Parepare", ItemStatus.NOT_STARTED, date(2020, 10, 1), date(2020, 10, 31), None),
    ("pinrang", 1, "Revisi SOP penyedotan dan pengangkutan lumpur tinja", "Layanan LLTT terjadwal", "SOP baru berlaku",
     "UPTD PAL Kabupaten Pinrang", ItemStatus.DONE, date(2020, 7, 1), date(2020, 9, 9), "SOP"),
    ("pinrang", 1, "Pembangunan tangki imhoff baru", "Kapasitas pengolahan bertambah", "Tangki imhoff selesai dibangun",
     "Dinas PUPR Kabupaten Pinrang", ItemStatus.DELAYED, date(2020, 8, 1), date(2020, 11, 30), None),
    ("pinrang", 1, "Pemasangan atap bak pengering lumpur (drying bed)", "Pengeringan lumpur tidak terganggu hujan",
     "Atap terpasang di semua bak", "Dinas PUPR Kabupaten Pinrang", ItemStatus.DONE, date(2020, 8, 1), date(2020, 9, 30),
     "Foto"),
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
        visits = [Visit(programme_id=programme.id, visit_date=day, kind=VisitKind.ONLINE_MEETING, place="Zoom", male=m, female=f,
                        topics=t, outputs=o) for day, m, f, t, o in (
            (date(2020, 9, 3), 9, 6, "Topik 5", "Pemantauan SK pembentukan UPTD dan rencana kajian akademis Palopo."),
            (date(2020, 9, 9), 11, 5, "Topik 1", "SOP Pinrang disepakati; rencana atap drying bed."),
            (date(2020, 9, 15), 12, 7, "Topik 1 dan Topik 5", "SOP Parepare ditandatangani; kemajuan rancangan Perwali."),
        )]
        session.add_all(visits)
        session.flush()
        created: list[tuple[Item, str | None]] = []
        for mentee, topic, activity, objective, indicator, opd, status, start, end, kind in ITEMS:
            item = Item(topic_id=topics[topic].id, mentee_unit_id=units[mentee].id, activity=activity,
                        objective=objective, indicator=indicator, responsible_opd=opd,
                        responsible_person="Kepala " + units[mentee].name, planned_start=start, planned_end=end, status=status,
                        actual_done=end if status == "selesai" else None)
            if status == "selesai":
                mentor = "Sidoarjo" if topic == 1 else "Gresik"
                item.verified_by = f"Mentor {mentor}"
                item.verified_at = date(2020, 9, 15)
            session.add(item)
            session.flush()
            visit = visits[0] if topic == 5 else visits[1]
            item.notes.append(ProgressNote(note_date=visit.visit_date, author="Fasilitator BaKTI", visit_id=visit.id,
                                           text=f"Dibahas pada rapat daring {visit.visit_date:%d/%m/%Y}."))
            if status != ItemStatus.NOT_STARTED:
                item.notes.append(ProgressNote(note_date=date(2020, 9, 15), author="Fasilitator BaKTI",
                                               visit_id=visits[2].id, text=f"Status: {ItemStatus.label_of(status, 'id')}."))
            created.append((item, kind))
    with tempfile.TemporaryDirectory() as folder:
        for item, kind in created:
            if kind:
                source = _example_pdf(Path(folder), f"{kind} — {item.activity}")
                service.add_evidence(db, item.id, source, kind, title=f"{kind}: {item.activity[:120]} (contoh)")
    return {"items": len(ITEMS)}
