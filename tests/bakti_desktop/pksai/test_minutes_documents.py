"""The minutes and the register as an office signs and files them (issue 19), read back with pypdf.

History-true statuses (the minutes of a meeting show what THAT meeting decided), one row per action
in the register, an attendance list to sign or a participant summary, one time format, the capital
as place of signing, every page numbered, and one language per document.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import create_engine, func, select, text

from bakti_desktop.i18n import set_language
from bakti_desktop.pksai import demo, service
from bakti_desktop.pksai.export import export_actions, export_minutes
from bakti_desktop.pksai.models import Action, ActionUpdate, Meeting
from bakti_desktop.storage import migrate
from bakti_desktop.storage.database import Database, open_database


def _pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def _meeting(db: Database, title: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(Meeting.id).where(Meeting.title == title)).scalar_one()


@pytest.fixture
def demo_db(db: Database) -> Database:
    demo.load(db)
    return db


PROVINCIAL = "Rapat Koordinasi Lintas Sektor PKSAI Lima Kabupaten/Kota"
LEMBANG_LOE, BAREMBENG, PANAKUKANG = (f"Monitoring Puskesos Desa {p}" for p in ("Lembang Loe", "Barembeng", "Panakukang"))


def _row(text_: str, what: str) -> str:
    """The text of the table row that starts with ``what`` (up to the next row number or heading)."""
    start = text_.index(what)
    return text_[start:start + len(what) + 120]


def test_the_minutes_of_a_meeting_keep_the_statuses_decided_in_it(demo_db: Database, tmp_path: Path) -> None:
    # The form for Lembang Loe was provided by 15 July (closed at Barembeng): the minutes of 14 July say "Terbuka".
    first = " ".join(_pages(export_minutes(demo_db, tmp_path / "ll.pdf", _meeting(demo_db, LEMBANG_LOE))))
    assert "Selesai" not in first and "Dilanjutkan" not in first
    assert first.count("Terbuka") == 2
    second = " ".join(_pages(export_minutes(demo_db, tmp_path / "b.pdf", _meeting(demo_db, BAREMBENG))))
    review = second[second.index("Tinjauan tindak lanjut"):second.index("Keputusan/Kesepakatan")]
    assert "Selesai" in _row(review, "Menyediakan formulir penjangkauan kasus untuk Puskesos Lembang Loe")
    assert "Dilanjutkan" in _row(review, "Pelatihan singkat manajemen kasus bagi kader Puskesos Lembang Loe")
    plan = second[second.index("Rencana Tindak Lanjut"):]
    assert "Barembeng" in plan and "Selesai" not in plan[:plan.index("Penutup")]  # closed later, at Panakukang


def test_the_register_lists_each_action_once_with_the_meetings_it_passed_through(demo_db: Database,
                                                                                 tmp_path: Path) -> None:
    with demo_db.engine.connect() as conn:
        actions = conn.execute(select(func.count()).select_from(Action)).scalar_one()
    assert actions == 9
    rows = service.actions_register(demo_db)
    assert len(rows) == actions and len({r["id"] for r in rows}) == actions
    sheet = load_workbook(export_actions(demo_db, tmp_path / "tl.xlsx")).active
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(body) == actions
    header = [c.value for c in sheet[1]]
    training = next(r for r in body if r[4] == "Pelatihan singkat manajemen kasus bagi kader Puskesos Lembang Loe")
    assert training[header.index("Status")] == "Dilanjutkan"
    assert training[header.index("Dibahas pada rapat")].splitlines() == ["15/07/2020 Dilanjutkan",
                                                                          "16/07/2020 Dilanjutkan"]


def test_an_attendance_list_has_names_to_sign_a_count_is_a_participant_summary(demo_db: Database,
                                                                              tmp_path: Path) -> None:
    counted = _pages(export_minutes(demo_db, tmp_path / "p.pdf", _meeting(demo_db, PROVINCIAL)))
    assert "RINGKASAN PESERTA" in counted[-1] and "DAFTAR HADIR" not in " ".join(counted)
    assert "Tanda tangan" not in " ".join(counted) and "ringkasan peserta terlampir" in counted[0]
    named = _pages(export_minutes(demo_db, tmp_path / "g.pdf", _meeting(demo_db, PANAKUKANG)))
    assert "DAFTAR HADIR" in named[-1] and "Tanda tangan" in named[-1] and "Sitti Nurjannah" in named[-1]
    assert "RINGKASAN PESERTA" not in " ".join(named) and "daftar hadir terlampir" in named[0]


def test_times_dates_place_of_signing_and_page_numbers(demo_db: Database, tmp_path: Path) -> None:
    for title, town in ((PROVINCIAL, "Makassar"), (BAREMBENG, "Sungguminasa")):
        pages = _pages(export_minutes(demo_db, tmp_path / "m.pdf", _meeting(demo_db, title)))
        whole = " ".join(pages)
        assert not re.search(r"\b\d\d:\d\d\b", whole), "one time format: 09.15, never 15:10"
        assert "pukul 09." in whole and "WITA" in whole
        assert not re.search(r"\d\d/\d\d/\d{4}", whole), "dates in text are long dates"
        day = "8 Oktober 2020" if title == PROVINCIAL else "15 Juli 2020"
        assert f"{town}, {day}" in whole and f"Kabupaten Gowa, {day}" not in whole
        for n, page in enumerate(pages, start=1):
            assert f"Halaman {n} dari {len(pages)}" in page
    provincial = " ".join(_pages(export_minutes(demo_db, tmp_path / "p.pdf", _meeting(demo_db, PROVINCIAL))))
    assert "15 Desember 2020" in provincial and "Rapat ditutup pukul 15.10 WITA" in provincial


def test_the_signatures_stay_with_the_closing(demo_db: Database, tmp_path: Path) -> None:
    for title in (PROVINCIAL, LEMBANG_LOE, BAREMBENG, PANAKUKANG):
        pages = _pages(export_minutes(demo_db, tmp_path / "m.pdf", _meeting(demo_db, title)))
        signed = next(p for p in pages if "Pimpinan Rapat," in p)
        assert "Penutup" in signed and "NIP." in signed


# Labels of the document (not the data, which stays as typed): none of one language in the other.
ENGLISH = ("MINUTES", "Day/Date", "Place", "Chair", "Note-taker", "Participants", "Opening", "Discussion",
           "Decisions", "Follow-up", "Responsible", "Due date", "Closing", "ATTENDANCE", "Signature", "Page ",
           "Institution", "Position", "Total", "PARTICIPANT SUMMARY", "Outcome", "Done", "Open", "Carried")
INDONESIAN = ("NOTULEN", "Hari/Tanggal", "Waktu", "Tempat", "Bentuk rapat", "Pimpinan", "Notulis", "Peserta",
              "Pembukaan", "Pembahasan", "Keputusan", "Penanggung", "Batas waktu", "Penutup", "DAFTAR HADIR",
              "Tanda tangan", "Halaman", "Jabatan", "Jumlah", "RINGKASAN", "pukul", "Terbuka", "Selesai",
              "Dilanjutkan", "Kamis", "Rabu", "Oktober", "Juli", "Tatap muka", "Campuran", "Kategori", "Periode")


@pytest.mark.parametrize("title", [PROVINCIAL, PANAKUKANG])
def test_each_language_is_the_whole_document(demo_db: Database, tmp_path: Path, title: str) -> None:
    meeting = _meeting(demo_db, title)
    indonesian = " ".join(_pages(export_minutes(demo_db, tmp_path / "id.pdf", meeting)))
    set_language("en")
    try:
        english = " ".join(_pages(export_minutes(demo_db, tmp_path / "en.pdf", meeting)))
    finally:
        set_language("id")
    view = service.meeting_view(demo_db, meeting)
    typed = " ".join(str(v) for v in (*view.values.values(), *view.decisions, *(t for a in view.agenda for t in a),
                                      *(v for p in view.progress for v in p.values()),
                                      *(v for a in view.attendees for v in a.values())))
    assert [w for w in ENGLISH if w in indonesian and w not in typed] == []
    assert [w for w in INDONESIAN if w in english and w not in typed] == []
    assert len([w for w in INDONESIAN if w not in typed]) > 20  # the check has labels left to look for
    assert "MINUTES OF MEETING" in english and "Page 1 of" in english


def _old_database(path: Path) -> str:
    """A database at 0013 with a carried-forward action copied into the next meeting, as it was stored."""
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    stamp = "'2020-07-01 00:00:00', '2020-07-01 00:00:00', 'x', 1"
    record = "uuid, created_at, updated_at, updated_by, version"
    with engine.begin() as conn:
        migrate.upgrade(conn, "0013")
        conn.execute(text(f"INSERT INTO pksai_forum (id, name, {record}) VALUES (1, 'PKSAI Gowa', 'f1', {stamp})"))
        for i, day in ((1, "2020-07-14"), (2, "2020-07-15"), (3, "2020-07-16")):
            conn.execute(text(f"INSERT INTO pksai_meeting (id, forum_id, title, meeting_date, mode, {record}) "
                              f"VALUES ({i}, 1, 'Rapat {i}', '{day}', 'tatap_muka', 'm{i}', {stamp})"))
        for values in ("1, 1, 'Pelatihan kader', 'Dinsos', 'dilanjutkan', 'Ditinjau 15/07', 2",
                       "2, 1, 'Formulir', 'Dinsos', 'selesai', 'Ditinjau 15/07', 2",
                       "3, 2, 'Pelatihan kader', 'Dinsos', 'dilanjutkan', "
                       "'Dilanjutkan dari rapat 14/07/2020\nDitinjau 16/07', 3",
                       "4, 3, 'Pelatihan kader', 'Dinsos', 'terbuka', 'Dilanjutkan dari rapat 15/07/2020', NULL",
                       "5, 3, 'Baru', 'DP3A', 'terbuka', NULL, NULL"):
            i = values.split(",")[0]
            conn.execute(text(f"INSERT INTO pksai_action (id, meeting_id, what, responsible, status, note, "
                              f"reviewed_meeting_id, {record}) VALUES ({values}, 'a{i}', {stamp})"))
    engine.dispose()
    return url


def test_the_migration_keeps_each_status_at_its_meeting_and_folds_the_copies_back(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _old_database(path)
    db = open_database(path)  # migrates to the head, after a backup
    try:
        with db.session() as session:
            actions = {a.id: (a.meeting_id, a.status) for a in session.scalars(select(Action))}
            updates = sorted((u.action_id, u.meeting_id, u.status, u.note) for u in session.scalars(select(ActionUpdate)))
        assert actions == {1: (1, "dilanjutkan"), 2: (1, "selesai"), 5: (3, "terbuka")}  # the copies folded into 1
        assert updates == [(1, 2, "dilanjutkan", "Ditinjau 15/07"), (1, 3, "dilanjutkan", "Ditinjau 16/07"),
                           (2, 2, "selesai", "Ditinjau 15/07")]
        assert len(service.actions_register(db)) == 3
        with db.session() as session:  # still pending: reviewed again at the next meeting
            later = Meeting(forum_id=1, title="Rapat 4", meeting_date=date(2020, 8, 1))
            session.add(later)
            session.flush()
            assert [a.id for a in service.open_actions_for(session, later)] == [1, 5]
    finally:
        db.close()


def test_the_minutes_carry_the_letterhead_and_document_number_of_the_workspace(demo_db: Database,
                                                                               tmp_path: Path) -> None:
    from bakti_desktop.reports.letterhead import Letterhead, save_letterhead

    meeting = _meeting(demo_db, BAREMBENG)
    plain = _pages(export_minutes(demo_db, tmp_path / "a.pdf", meeting))[0]
    assert "DINAS SOSIAL" not in plain and "Nomor" not in plain
    save_letterhead(demo_db, "pksai", Letterhead(institutions=("Pemerintah Kabupaten Gowa", "Dinas Sosial"),
                                                 address="Jl. Mesjid Raya No. 30, Sungguminasa",
                                                 number_pattern="400/{nomor}/PKSAI/{bulan}/{tahun}"))
    first = _pages(export_minutes(demo_db, tmp_path / "b.pdf", meeting))[0]
    assert first.index("PEMERINTAH KABUPATEN GOWA") < first.index("DINAS SOSIAL") < first.index("NOTULEN RAPAT")
    assert "Nomor: 400/……/PKSAI/VII/2020" in first


def test_a_register_with_nothing_to_show_is_not_written(demo_db: Database, tmp_path: Path) -> None:
    from bakti_desktop.errors import NothingToExport

    with pytest.raises(NothingToExport):
        export_actions(demo_db, tmp_path / "none.xlsx", responsible="tidak ada yang begini")
    assert not (tmp_path / "none.xlsx").exists()


def test_the_register_wraps_the_meetings_an_action_passed_through(demo_db: Database, tmp_path: Path) -> None:
    sheet = load_workbook(export_actions(demo_db, tmp_path / "tl.xlsx")).active
    header = [c.value for c in sheet[1]]
    column = header.index("Dibahas pada rapat") + 1
    multi = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)
             if "\n" in str(sheet.cell(row=r, column=column).value or "")]
    assert multi and all(c.alignment.wrap_text for c in multi)


def test_deleting_a_meeting_takes_back_what_it_decided(demo_db: Database) -> None:
    training = "Pelatihan singkat manajemen kasus bagi kader Puskesos Barembeng"
    form = "Menyediakan formulir penjangkauan kasus untuk Puskesos Barembeng"
    before = {r["what"]: r["status"] for r in service.actions_register(demo_db)}
    assert before[training] == "dilanjutkan" and before[form] == "selesai"  # decided at Panakukang
    service.delete_meeting(demo_db, _meeting(demo_db, PANAKUKANG))
    after = {r["what"]: r["status"] for r in service.actions_register(demo_db)}
    assert after[training] == "terbuka" and after[form] == "terbuka"
    assert after["Pelatihan singkat manajemen kasus bagi kader Puskesos Lembang Loe"] == "dilanjutkan"  # Barembeng's


def test_a_heading_never_ends_a_page(demo_db: Database, tmp_path: Path) -> None:
    """Under a letterhead the follow-up plan of Barembeng falls at a page end: its heading goes with its table."""
    from bakti_desktop.reports.letterhead import Letterhead, save_letterhead

    save_letterhead(demo_db, "pksai", Letterhead(institutions=("Pemerintah Kabupaten Gowa", "Dinas Sosial"),
                                                 address="Jl. Mesjid Raya No. 30, Sungguminasa",
                                                 number_pattern="400/{nomor}/PKSAI/{bulan}/{tahun}"))
    for title in (PROVINCIAL, LEMBANG_LOE, BAREMBENG, PANAKUKANG):
        pages = _pages(export_minutes(demo_db, tmp_path / "m.pdf", _meeting(demo_db, title)))
        for page in pages:
            body = re.sub(r"\s*Halaman \d+ dari \d+\s*$", "", page.replace(f"Notulen: {title}", ""))
            assert not re.search(r"(Rencana Tindak Lanjut|Keputusan/Kesepakatan|Penutup|Pembahasan)$", body), page[-200:]
