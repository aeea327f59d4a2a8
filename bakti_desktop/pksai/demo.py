"""The seed report's PKSAI meetings, as demonstration data.

* the provincial cross-sector coordination of the five PKSAI districts
  (Makassar, Gowa, Maros, Bulukumba, Parepare): 95 participants, 59 women and
  36 men, counted by institution;
* the Puskesos monitoring in Gowa on 14–16 July 2020 in Lembang Loe
  (11: 3 men, 8 women), Barembeng (13: 3, 10) and Panakukang (13: 3, 10), with
  named participants. These are the village's participants; the monitoring
  team of PKSAI Kabupaten Gowa (``MONITORING_TEAM``: the chair, the note taker
  and a Sakti Peksos) is counted apart: it leads the meeting and is named in
  the minutes' header and opening, not on the village's attendance list.

Names of people are invented; institutions, places and dates are the report's.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bakti_desktop.pksai import service
from bakti_desktop.pksai.models import (
    ActionStatus,
    AgendaItem,
    CaseFigure,
    Decision,
    DistrictProgress,
    Forum,
    Meeting,
    MeetingMode,
)
from bakti_desktop.storage.database import Database

PROVINCIAL = "Rapat Koordinasi Lintas Sektor PKSAI Provinsi Sulawesi Selatan (Makassar, Gowa, Maros, Bulukumba, Parepare)"
GOWA = "Monitoring Puskesos — PKSAI Kabupaten Gowa"

PROVINCIAL_COUNTS = (  # institution, men, women: 36 men and 59 women, 95 in all
    ("Dinas Sosial Provinsi Sulawesi Selatan", 4, 6),
    ("DP3A Provinsi Sulawesi Selatan", 2, 5),
    ("Bappelitbangda Provinsi Sulawesi Selatan", 2, 2),
    ("Dinas Sosial Kota Makassar", 3, 5),
    ("Dinas Sosial Kabupaten Gowa", 3, 5),
    ("Dinas Sosial Kabupaten Maros", 3, 4),
    ("Dinas Sosial Kabupaten Bulukumba", 3, 4),
    ("Dinas Sosial Kota Parepare", 3, 4),
    ("DP3A kabupaten/kota", 2, 6),
    ("Dukcapil kabupaten/kota", 3, 2),
    ("Dinas Pendidikan dan Dinas Kesehatan", 2, 5),
    ("Sakti Peksos dan Puskesos", 4, 9),
    ("UNICEF dan BaKTI", 2, 2),
)

GOWA_VISITS = (
    ("Lembang Loe", date(2020, 7, 14), 3, 8),
    ("Barembeng", date(2020, 7, 15), 3, 10),
    ("Panakukang", date(2020, 7, 16), 3, 10),
)
MONITORING_TEAM = (  # name, role: not among the village's participants
    ("Hj. Andi Sumiati, S.Sos, M.Si", "pimpinan"),
    ("Muh. Akbar, S.Kesos", "notulis"),
    ("Nurfadillah, S.Tr.Sos", "Sakti Peksos"),
)
MEN = ("Abdul Haris", "Muh. Yusuf", "Syamsuddin", "Ridwan", "Andi Baso", "Jufri", "Kamaruddin", "Sahabuddin",
       "Muh. Idris")  # one name per man of the three villages
WOMEN = ("Hasnawati", "Nurhaedah", "St. Aminah", "Rosmiati", "Hj. Nurbaya", "Sumarni", "Nur Afni", "Rahmawati",
         "Kasmawati", "Suriani", "Darmawati", "Hasriani", "Wahyuni", "Fatmawati", "Irmawati", "Nurlina", "Asriani",
         "Jumriati", "Marlina", "Hartati", "Suhartini", "Ramlah", "Musdalifah", "Nurhayati", "Sitti Nurjannah",
         "Arniati", "Ernawati", "Megawati")


def load(db: Database) -> dict[str, int]:
    """Add the demo forums and meetings once; running it again adds nothing."""
    with db.session() as session:
        if session.scalar(select(Forum.id).where(Forum.name.in_((PROVINCIAL, GOWA)))):
            return {"meetings": 0}
        provincial = Forum(name=PROVINCIAL, description="Forum provinsi lima kabupaten/kota PKSAI.")
        gowa = Forum(name=GOWA, kabupaten_code="73.06", description="Pemantauan Puskesos oleh PKSAI Kabupaten Gowa.")
        session.add_all([provincial, gowa])
        session.flush()
        _provincial_meeting(session, provincial)
        previous = None
        for place, day, men, women in GOWA_VISITS:
            previous = _gowa_meeting(session, gowa, place, day, men, women, previous)
        return {"meetings": 4}


def _provincial_meeting(session, forum: Forum) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = Meeting(
        forum_id=forum.id, title="Rapat Koordinasi Lintas Sektor PKSAI Lima Kabupaten/Kota",
        meeting_date=date(2020, 10, 8), start_time="09:00", end_time="15:00", place="Hotel Claro, Makassar",
        mode=MeetingMode.HYBRID, chair_name="Dr. H. Muh. Rusdi, M.Si", chair_position="Kepala Bidang Rehabilitasi Sosial, "
        "Dinas Sosial Provinsi Sulawesi Selatan", chair_nip="19700512 199503 1 004", notetaker_name="Nurul Hikmah, S.Sos",
        notetaker_nip="19880221 201101 2 006",
        opening="Rapat dibuka pukul 09.15 oleh pimpinan rapat, yang menyampaikan tujuan rapat: berbagi perkembangan "
                "PKSAI di lima kabupaten/kota dan menyepakati langkah penguatan layanan terpadu.",
        closing="Pimpinan rapat menutup rapat dan berterima kasih atas partisipasi seluruh peserta.", closed_at="15:10",
    )
    session.add(meeting)
    session.flush()
    meeting.agenda = [
        AgendaItem(number=1, title="Perkembangan PKSAI di lima kabupaten/kota",
                   discussion="Kepala Dinas Sosial Kota Makassar: rujukan kasus melalui Puskesos meningkat sejak "
                              "manajemen kasus diterapkan.\nPerwakilan Kabupaten Gowa: Puskesos di desa dampingan "
                              "aktif mencatat dan merujuk kasus."),
        AgendaItem(number=2, title="Tantangan koordinasi lintas sektor",
                   discussion="DP3A Provinsi: data kasus antar-OPD belum terpadu.\nDukcapil: kepemilikan akta "
                              "kelahiran anak dampingan perlu dipercepat melalui layanan jemput bola."),
        AgendaItem(number=3, title="Rencana tindak lanjut",
                   discussion="Peserta sepakat menyusun alur rujukan bersama dan jadwal rapat koordinasi triwulanan."),
    ]
    meeting.decisions = [
        Decision(number=1, text="Rapat koordinasi lintas sektor PKSAI diadakan setiap tiga bulan di tiap kabupaten/kota."),
        Decision(number=2, text="Alur rujukan kasus antar-OPD disusun bersama dan ditetapkan oleh masing-masing kepala daerah."),
        Decision(number=3, text="Data kasus anak dilaporkan dalam bentuk agregat per kategori dan jenis kelamin."),
    ]
    for code, progress, challenges in (
        ("73.71", "Puskesos di 5 kelurahan aktif; manajemen kasus berjalan.", "Pergantian petugas Puskesos."),
        ("73.06", "Puskesos di 3 desa dampingan dipantau langsung pada Juli 2020.", "Anggaran operasional Puskesos terbatas."),
        ("73.09", "SK tim PKSAI telah terbit.", "Koordinasi dengan layanan kesehatan belum rutin."),
        ("73.02", "Pelatihan manajemen kasus bagi Sakti Peksos.", "Jarak layanan ke desa terpencil."),
        ("73.72", "Layanan terpadu di kantor Dinas Sosial.", "Data kasus belum terpadu antar-OPD."),
    ):
        meeting.progress.append(DistrictProgress(kabupaten_code=code, progress=progress, challenges=challenges))
    for institution, men, women in PROVINCIAL_COUNTS:
        service.add_count(meeting, institution, men, women)
    for what, who, due in (
        ("Menyusun draf alur rujukan kasus antar-OPD", "Dinas Sosial Provinsi", date(2020, 12, 15)),
        ("Menyusun format laporan agregat kasus per kategori AMPK", "DP3A Provinsi", date(2020, 11, 30)),
        ("Layanan jemput bola akta kelahiran bagi anak dampingan", "Dukcapil kabupaten/kota", date(2021, 3, 31)),
    ):
        meeting.actions.append(_action(what, who, due))
    for category, male, female in (("b", 14, 3), ("i", 9, 12), ("j", 2, 11), ("m", 6, 8)):
        meeting.cases.append(CaseFigure(period="Triwulan III 2020", category=category, male=male, female=female))
    return meeting


def _action(what: str, who: str, due: date):  # type: ignore[no-untyped-def]
    from bakti_desktop.pksai.models import Action

    return Action(what=what, responsible=who, due_date=due, status=ActionStatus.OPEN)


def _gowa_meeting(session, forum: Forum, place: str, day: date, men: int, women: int,  # type: ignore[no-untyped-def]
                  previous: Meeting | None) -> Meeting:
    meeting = Meeting(
        forum_id=forum.id, title=f"Monitoring Puskesos Desa {place}", meeting_date=day, start_time="09:30",
        end_time="12:00", place=f"Kantor Desa {place}, Kabupaten Gowa", mode=MeetingMode.IN_PERSON,
        chair_name="Hj. Andi Sumiati, S.Sos, M.Si", chair_position="Kepala Bidang Perlindungan dan Jaminan Sosial, "
        "Dinas Sosial Kabupaten Gowa", chair_nip="19730814 199803 2 007", notetaker_name="Muh. Akbar, S.Kesos",
        notetaker_nip="19910305 201903 1 002",
        opening=f"Kepala Desa {place} membuka pertemuan dan menyambut tim monitoring PKSAI Kabupaten Gowa "
                f"({len(MONITORING_TEAM)} orang: " + "; ".join(f"{name} ({role})" for name, role in MONITORING_TEAM) + "), "
                f"yang tidak termasuk dalam {men + women} peserta desa.",
        closing="Pertemuan ditutup dengan kesepakatan jadwal pendampingan berikutnya.", closed_at="12:05",
    )
    session.add(meeting)
    session.flush()
    meeting.agenda = [
        AgendaItem(number=1, title="Pencatatan dan rujukan kasus di Puskesos",
                   discussion=f"Pengelola Puskesos {place}: kasus dicatat di buku register dan dirujuk ke Sakti Peksos."),
        AgendaItem(number=2, title="Kendala dan dukungan yang diperlukan",
                   discussion="Kader: perlu formulir penjangkauan dan pelatihan singkat manajemen kasus."),
    ]
    meeting.decisions = [Decision(number=1, text=f"Puskesos {place} melaporkan rekap kasus agregat setiap bulan ke "
                                                 "Dinas Sosial.")]
    before = [visit for visit in GOWA_VISITS if visit[1] < day]  # the villages visited earlier take the first names
    first_man, first_woman = sum(v[2] for v in before), sum(v[3] for v in before)
    people = [(MEN[first_man + i], "L", f"Pemerintah Desa {place}", "Aparat desa") for i in range(men)]
    people += [(WOMEN[first_woman + i], "P", f"Puskesos {place}", "Pengelola / kader") for i in range(women)]
    for name, sex, institution, position in people:
        service.add_attendee(session, meeting, name=name, sex=sex, institution=institution, position=position)
    if previous is not None:
        for action in service.open_actions_for(session, meeting):
            outcome = ActionStatus.DONE if "formulir" in action.what else ActionStatus.CARRIED_FORWARD
            service.review_action(session, action, meeting, outcome,
                                  f"Ditinjau pada monitoring {place}.")
    meeting.actions.append(_action(f"Menyediakan formulir penjangkauan kasus untuk Puskesos {place}",
                                   "Dinas Sosial Kabupaten Gowa", date(day.year, 8, 14)))
    meeting.actions.append(_action(f"Pelatihan singkat manajemen kasus bagi kader Puskesos {place}",
                                   "Dinas Sosial Kabupaten Gowa / Sakti Peksos", date(day.year, 9, 30)))
    session.flush()
    return meeting
