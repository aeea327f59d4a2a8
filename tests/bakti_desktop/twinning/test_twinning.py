"""Twinning RKTL: items, the evidence store, verification, figures, workbooks and reports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from bakti_desktop.errors import UserError
from bakti_desktop.twinning import demo, evidence, service
from bakti_desktop.twinning.export import export_rktl, report_data
from bakti_desktop.twinning.models import Item
from bakti_desktop.twinning.workbook import apply_rktl, plan_rktl, write_template


def _programme(db) -> int:  # type: ignore[no-untyped-def]
    demo.load(db)
    return service.programmes(db)[0]["id"]


def _plan_item(db, programme: int, activity: str, status: str = "berjalan",  # type: ignore[no-untyped-def]
               planned_end: date = date(2021, 3, 31)) -> int:
    """A follow-up item planned after the report (the demo's items are all achieved, as in the report)."""
    topic = service.topics(db, programme)[0]["id"]
    mentee = service.units(db, programme, role="mentee")[0]["id"]
    return service.save_item(db, {"activity": activity, "status": status, "topic_id": topic, "mentee_unit_id": mentee,
                                  "planned_start": date(2020, 10, 1), "planned_end": planned_end})


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n% a tiny test file\n")
    return path


def test_demo_programme(db) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(db)
    assert demo.load(db) == {"items": 0}
    by_mentee = {row["name"]: (row["done"], row["total"]) for row in service.completion(db, programme)}
    # the report's four outcomes per mentee, all achieved by its date
    assert by_mentee == {"UPTD PAL Kabupaten Pinrang": (4, 4), "UPTD PAL Kota Palopo": (4, 4),
                         "UPTD PAL Kota Parepare": (4, 4)}
    topics = {t["number"]: t["name"] for t in service.topics(db, programme)}
    assert topics[5] == "Penguatan dan Mempersiapkan Institusi UPTD PALD"
    assert [v["visit_date"] for v in service.visits(db, programme)] == [date(2020, 9, 3), date(2020, 9, 9),
                                                                        date(2020, 9, 15)]
    assert service.check_evidence(db) == []


def test_done_without_evidence_asks_first(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(db)
    item = _plan_item(db, programme, "Sosialisasi SOP kepada operator")
    with pytest.raises(service.NeedsConfirmation, match="belum ada bukti"):
        service.set_status(db, item, "selesai")
    service.set_status(db, item, "selesai", confirmed=True)
    with db.session() as session:
        stored = session.get(Item, item)
        assert stored.status == "selesai" and stored.actual_done == date.today()
    other = _plan_item(db, programme, "Pencatatan volume lumpur harian", status="belum_mulai")
    service.add_evidence(db, other, _pdf(tmp_path / "sop.pdf"), "SOP")
    service.set_status(db, other, "selesai")  # with evidence: no question


def test_evidence_store_checks_and_reports(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(db)
    item_id = service.items(db, programme)[0]["id"]
    fake = tmp_path / "foto.jpg"
    fake.write_bytes(b"%PDF-1.4 not a photo")
    with pytest.raises(UserError, match="bukan berkas .jpg"):
        service.add_evidence(db, item_id, fake, "Foto")
    script = tmp_path / "virus.exe"
    script.write_bytes(b"MZ....")
    with pytest.raises(UserError, match="tidak diterima"):
        service.add_evidence(db, item_id, script, "Lainnya")
    big = tmp_path / "besar.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF")
        handle.seek(evidence.MAX_SIZE + 1)
        handle.write(b"\0")
    with pytest.raises(UserError, match="lebih besar"):
        service.add_evidence(db, item_id, big, "Laporan")
    # A hostile original name never becomes a path.
    odd = tmp_path / "..%2F..%2Fetc.pdf"
    _pdf(odd)
    evidence_id = service.add_evidence(db, item_id, odd, "Laporan")
    path = service.evidence_path(db, evidence_id)
    assert path.is_relative_to(evidence.store_dir(db))
    assert path.read_bytes().startswith(b"%PDF")
    path.write_bytes(b"%PDF changed")
    problems = service.check_evidence(db)
    assert [p["problem"] for p in problems] == ["berubah sejak disimpan"]
    path.unlink()
    with pytest.raises(UserError, match="tidak ada di folder bukti"):
        service.evidence_path(db, evidence_id)
    with pytest.raises(UserError, match="tidak sah"):
        evidence.stored_path(db, "../" * 21 + "x", "pdf")


def test_verification_overdue_and_due_soon(db) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(db)
    planned = _plan_item(db, programme, "Sosialisasi SOP kepada operator")
    rows = service.items(db, programme)
    open_row = next(r for r in rows if r["id"] == planned)
    assert open_row["overdue"]  # planned for 2021, long past
    assert all(r["status"] in ("berjalan", "belum_mulai", "tertunda")
               for r in service.items(db, programme, overdue_only=True))
    service.verify_item(db, open_row["id"], "Mentor Gresik")
    with db.session() as session:
        assert session.get(Item, open_row["id"]).verified_by == "Mentor Gresik"
    values = {k: open_row[k] for k in service.ITEM_FIELDS}
    values.update(planned_end=date.today() + timedelta(days=10), status="berjalan")
    service.save_item(db, values, open_row["id"])
    assert [r["id"] for r in service.due_soon(db, programme)] == [open_row["id"]]
    with pytest.raises(UserError, match="lebih awal"):
        service.save_item(db, {**values, "planned_start": date.today() + timedelta(days=30)}, open_row["id"])


def test_rktl_workbook_import(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(db)
    template = write_template(tmp_path / "t.xlsx")
    book = load_workbook(template)
    sheet = book["Data"]
    lines = [
        [5, "Palopo", "Sosialisasi Perwali", "", "", "Bagian Hukum", "", "01/01/2021", "31/03/2021", "", "Berjalan"],
        [9, "Palopo", "Topik tak ada"],
        ["Topik 1", "Kabupaten Pinrang", ""],
        [1, "Makassar", "Mentee tak ada"],
        [1, "UPTD PAL Kota Parepare", "Rencana terbalik", None, None, None, None, "01/05/2021", "01/04/2021", None,
         "belum mulai"],
    ]
    for r, line in enumerate(lines, start=2):  # as a user fills it: from row 2, below the header
        for c, value in enumerate(line, start=1):
            sheet.cell(row=r, column=c, value=value)
    book.save(template)
    plan = plan_rktl(db, template, programme)
    assert [(r["row"], r["column"]) for r in plan.rejected] == [(3, "topik"), (4, "kegiatan"), (5, "mentee"),
                                                               (6, "selesai")]
    before = len(service.items(db, programme))
    assert apply_rktl(db, plan) == 1
    assert len(service.items(db, programme)) == before + 1


def test_monitoring_report(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _programme(db)
    data = report_data(db, mentee="Pinrang")
    assert [m["name"] for m in data["mentees"]] == ["UPTD PAL Kabupaten Pinrang"]
    assert data["since"] == date(2020, 9, 9)
    rows = data["mentees"][0]["rows"]
    roofing = next(r for r in rows if "atap" in r["activity"])
    assert roofing["status"] == "Selesai" and roofing["verified"].startswith("Mentor Sidoarjo")
    assert roofing["evidence"] and roofing["progress"]
    pdf = export_rktl(db, tmp_path / "r.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = export_rktl(db, tmp_path / "r.xlsx", mentee="Parepare")
    assert load_workbook(xlsx).sheetnames == ["Ringkasan", "UPTD PAL Kota Parepare"]
    with pytest.raises(UserError, match="Tidak ada mentee"):
        export_rktl(db, tmp_path / "x.pdf", mentee="Jayapura")


def test_programme_units_and_topics(db) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(db)
    data = service.programme_detail(db, programme)
    palopo = next(u for u in data["units"] if "Palopo" in u["name"])
    with pytest.raises(UserError, match="masih memiliki butir RKTL"):
        service.save_programme(db, {**data, "stage": "monitoring"}, [u for u in data["units"] if u is not palopo],
                               data["topics"], programme)
    units = data["units"] + [{"name": "UPTD PAL Kabupaten Maros", "role": "mentee", "kabupaten": "Maros"}]
    topics = data["topics"] + [{"number": 2, "name": "Layanan Lumpur Tinja Terjadwal", "mentor_unit_id": None}]
    service.save_programme(db, {**data, "stage": "monitoring"}, units, topics, programme)
    detail = service.programme_detail(db, programme)
    assert detail["stage"] == "monitoring"
    maros = next(u for u in detail["units"] if "Maros" in u["name"])
    assert maros["role"] == "mentee"
    assert [t["number"] for t in detail["topics"]] == [1, 2, 5]
    with pytest.raises(UserError, match="nomor yang sama"):
        service.save_programme(db, detail, detail["units"], detail["topics"] + [{"number": 1, "name": "x"}], programme)
    new = service.save_programme(db, {"name": "Twinning 2024", "stage": "identifikasi"}, [], [])
    assert new != programme


def test_item_view_is_plain_data_for_the_panel(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(db)
    item_id = _plan_item(db, programme, "Sosialisasi SOP kepada operator")
    service.add_note(db, item_id, "Draf SOP dibahas", author="Ani", note_date=date(2020, 9, 10))
    service.add_evidence(db, item_id, _pdf(tmp_path / "sop.pdf"), "SOP")
    view = service.item_view(db, item_id)
    assert view.status == "berjalan" and view.version == service.item_version(db, item_id)
    assert view.values == service.item_values(db, item_id)
    assert set(view.values) == set(service.ITEM_FIELDS)
    assert ("Ani", "Draf SOP dibahas") in [(n["author"], n["text"]) for n in view.notes]
    assert [(e["kind"], e["original_name"]) for e in view.evidence][-1] == ("SOP", "sop.pdf")
    service.delete_item(db, item_id)
    with pytest.raises(UserError):
        service.item_view(db, item_id)
    assert service.item_version(db, item_id) is None and service.item_values(db, item_id) is None


def test_acting_on_records_deleted_meanwhile_is_refused_as_gone(db) -> None:  # type: ignore[no-untyped-def]
    """Verifying an item, editing a visit or opening a programme that another window deleted: RecordGone."""
    from bakti_desktop.errors import RecordGone

    programme = _programme(db)
    item_id = service.items(db, programme)[0]["id"]
    service.delete_item(db, item_id)
    with pytest.raises(RecordGone):
        service.verify_item(db, item_id, "Mentor Gresik")
    with pytest.raises(RecordGone):
        service.save_visit(db, programme, {"kind": "pendampingan", "visit_date": date(2021, 3, 1)}, visit_id=10**6)
    with pytest.raises(RecordGone):
        service.programme_detail(db, 10**6)


def test_the_rktl_pdf_ends_with_room_to_sign_on_the_report_date(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber

    from bakti_desktop.twinning import demo
    from bakti_desktop.twinning.export import export_rktl

    demo.load(db)
    out = export_rktl(db, tmp_path / "rktl.pdf", as_of=date(2020, 9, 15))
    with pdfplumber.open(out) as pdf:
        last = pdf.pages[-1].extract_text() or ""
    assert "Dibuat oleh," in last and "Mengetahui," in last and "15 September 2020" in last
    assert last.count("NIP.") == 2
