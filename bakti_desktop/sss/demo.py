"""SSS drafts for Kabupaten Bone and Kabupaten Bulukumba, written from the seed report.

The seed report tells that sanitarians collected the school mapping data, the
Pokja analysed it, and each district discussed its draft in two-day meetings
(17–18 and 24–25 September 2020) with ten focal points from the OPDs the
report names: Bappeda, Dinas Kesehatan, Dinas Perkimtan, DLH and Dinas
Pendidikan (``FOCAL_POINTS``).
"""

from __future__ import annotations

from sqlalchemy import select

from bakti_desktop.mapping.demo import LEVELS_SURVEYED
from bakti_desktop.sss import service
from bakti_desktop.sss.models import SectionStatus, SssDocument, SssSection
from bakti_desktop.storage.database import Database

MEETINGS = {"73.08": "17–18 September 2020", "73.02": "24–25 September 2020"}
# The OPDs whose focal points discussed the drafts, as the report names them.
FOCAL_POINTS = ("Bappeda", "Dinas Kesehatan", "Dinas Perumahan dan Kawasan Permukiman (Perkimtan)",
                "Dinas Lingkungan Hidup (DLH)", "Dinas Pendidikan")

TEXTS = {
    "Latar Belakang": (
        "Sekolah adalah tempat anak menghabiskan sebagian besar harinya. Sarana air minum, jamban yang layak dan "
        "terpisah bagi siswa laki-laki dan perempuan, serta tempat cuci tangan dengan sabun menentukan kesehatan, "
        "kehadiran, dan kenyamanan belajar siswa, terutama siswa perempuan saat menstruasi.\n\n"
        "{kab} telah memiliki Strategi Sanitasi Kabupaten (SSK). Dokumen ini melengkapinya untuk lingkungan sekolah."),
    "Maksud dan Tujuan": (
        "Maksud penyusunan SSS adalah memberi arah bersama bagi OPD, sekolah, dan masyarakat. Tujuannya:\n\n"
        "1. memetakan kondisi air, sanitasi, dan higiene sekolah;\n2. menetapkan sasaran layanan dasar;\n"
        "3. menyusun program dan kegiatan beserta indikasi pendanaannya."),
    "Metode Pemetaan": (
        "Data pemetaan dikumpulkan oleh **sanitarian puskesmas** yang mengunjungi setiap sekolah dan mengisi "
        "formulir survei sanitasi sekolah {levels} antara 20 Juli dan 14 September 2020. "
        "Pokja AMPL menganalisis data tersebut dengan tangga layanan WHO/UNICEF JMP.\n\n"
        "Hasil analisis dibahas dalam pertemuan penyusunan pada tanggal {meeting} yang dihadiri **10 focal point** "
        "dari " + ", ".join(FOCAL_POINTS[:-1]) + ", dan " + FOCAL_POINTS[-1] + "."),
    "Isu Strategis": (
        "- Banyak sekolah belum memiliki jamban terpisah yang layak untuk siswa perempuan.\n"
        "- Sarana cuci tangan sering tanpa sabun atau rusak.\n"
        "- Anggaran pemeliharaan sanitasi belum tercantum di RKAS sebagian besar sekolah."),
    "Strategi": (
        "1. **Pembangunan dan rehabilitasi** jamban terpisah dan sarana cuci tangan, dimulai dari sekolah prioritas.\n"
        "2. **Perubahan perilaku** melalui PHBS, UKS, dan edukasi kebersihan menstruasi.\n"
        "3. **Penguatan pengelolaan**: piket kebersihan, anggaran di RKAS, dan pemantauan tahunan oleh sanitarian."),
}


def _levels(code: str) -> str:
    """The levels surveyed in the district, in words ("SD, MI, dan SMP")."""
    levels = [level for level, _weight in LEVELS_SURVEYED[code]]
    return levels[0] if len(levels) == 1 else ", ".join(levels[:-1]) + (", dan " if len(levels) > 2 else " dan ") + levels[-1]


def load(db: Database) -> dict[str, int]:
    with db.session() as session:
        if session.scalar(select(SssDocument.id).where(SssDocument.kabupaten_code.in_(MEETINGS))):
            return {"documents": 0}
    added = 0
    for code, meeting in MEETINGS.items():
        document_id = service.create_document(db, code, 2021, 2025, baseline_year=2020)
        added += 1
        with db.session() as session:
            sections = {s.title: s.id for s in session.scalars(select(SssSection).where(
                SssSection.document_id == document_id))}
            kabupaten = session.get_one(SssDocument, document_id).title.split("Sekolah ")[1].rsplit(" 2021", 1)[0]
        for title, text in TEXTS.items():
            section_id = sections[title]
            with db.session() as session:
                existing = session.get_one(SssSection, section_id).content
            content = text.format(kab=kabupaten, meeting=meeting, levels=_levels(code))
            if existing:
                content = content + "\n\n" + existing
            service.save_section(db, section_id, content, author="Pokja AMPL")
        service.set_section_meta(db, sections["Metode Pemetaan"], status=SectionStatus.REVIEW)
        service.add_comment(db, sections["Metode Pemetaan"], "Mohon tambahkan jumlah sekolah yang tidak dapat "
                            "dikunjungi dan alasannya.", author="Bappeda")
        rows = service.propose_toilet_rows(db, document_id)
        rows += [
            {"program": "Peningkatan PHBS di Sekolah", "kegiatan": "Pelatihan guru UKS tentang PHBS dan MKM",
             "lokasi": "Kabupaten", "satuan": "angkatan", "volume": 2.0, "unit_cost": 45_000_000,
             "sumber_dana": "APBD Kab/Kota", "opd": "Dinas Kesehatan", "tahun": 2022},
            {"program": "Peningkatan PHBS di Sekolah", "kegiatan": "Penyediaan sabun dan sarana cuci tangan",
             "lokasi": "Sekolah prioritas", "satuan": "sekolah", "volume": 40.0, "unit_cost": 2_500_000,
             "sumber_dana": "BOS/BOSDA", "opd": "Dinas Pendidikan", "tahun": 2022},
        ]
        service.save_programme(db, document_id, rows)
    return {"documents": added}
