"""SSS drafting: the outline, revisions, data blocks that follow the data and freeze, exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from bakti_desktop.errors import UserError
from bakti_desktop.mapping import demo as mapping_demo
from bakti_desktop.mapping.importer import apply_import, plan_import
from bakti_desktop.sss import demo, service
from bakti_desktop.sss.blocks import document_blocks
from bakti_desktop.sss.export import export_sss
from bakti_desktop.sss.markdown import parse
from bakti_desktop.sss.models import SssDocument, SssSection
from tests.helpers import record, write_workbook


def _doc(db) -> int:  # type: ignore[no-untyped-def]
    mapping_demo.load(db)
    return service.create_document(db, "73.08", 2021, 2025)


def _section(db, document_id: int, title: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(SssSection.id).where(SssSection.document_id == document_id,
                                                         SssSection.title == title))


def test_outline_numbering_and_default_targets(db) -> None:  # type: ignore[no-untyped-def]
    document_id = _doc(db)
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        numbers = [(n, s.title) for n, s in service.numbered(list(document.sections))]
        chapters = [t for n, t in numbers if "." not in n]
        assert chapters == ["Pendahuluan", "Persamaan Persepsi", "Pemetaan Sanitasi Sekolah",
                            "Strategi Jangka Menengah", "Program dan Kegiatan", "Internalisasi",
                            "Kerangka Pemantauan dan Evaluasi"]
        assert ("3.2", "Kondisi Layanan Air, Sanitasi, dan Higiene") in numbers
        assert document.baseline_year == 2020
        water = next(t for t in document.targets if t.source == "water_basic")
        targets = json.loads(water.targets)
        assert list(targets) == ["2021", "2022", "2023", "2024", "2025"] and targets["2025"] == 100.0
        assert water.baseline == round(service.baseline_values(db, "73.08", 2020)["water_basic"], 1)


def test_revisions_compare_and_restore(db) -> None:  # type: ignore[no-untyped-def]
    document_id = _doc(db)
    section_id = _section(db, document_id, "Latar Belakang")
    assert service.save_section(db, section_id, "Versi pertama.", author="Ani")
    assert not service.save_section(db, section_id, "Versi pertama.", author="Ani")  # nothing changed
    service.save_section(db, section_id, "Versi pertama, diperbaiki.", author="Ani")  # merged: same author, soon
    service.save_section(db, section_id, "Versi Budi.", author="Budi")
    history = service.revisions(db, section_id)
    assert [r["author"] for r in history][:2] == ["Budi", "Ani"]
    assert history[1]["content"] == "Versi pertama, diperbaiki."
    assert history[-1]["content"] == ""  # the text before the first edit is kept too
    table = service.compare(history[1]["content"], history[0]["content"], "Ani", "Budi")
    assert "<table" in table and "Versi&nbsp;Budi." in table
    service.restore(db, section_id, history[1]["id"])
    with db.session() as session:
        assert session.get(SssSection, section_id).content == "Versi pertama, diperbaiki."


def test_sections_add_move_remove_and_final_locks(db) -> None:  # type: ignore[no-untyped-def]
    document_id = _doc(db)
    after = _section(db, document_id, "Dasar Hukum")
    new_id = service.add_section(db, document_id, after, "Ruang Lingkup")
    service.move_section(db, new_id, -1)
    with db.session() as session:
        titles = [s.title for s in session.get(SssDocument, document_id).sections]
    assert titles[titles.index("Dasar Hukum") - 1] == "Ruang Lingkup"
    service.remove_section(db, new_id)
    service.mark_final(db, document_id)
    with pytest.raises(UserError, match="final"):
        service.save_section(db, after, "Teks baru")
    service.mark_final(db, document_id, False)
    assert service.save_section(db, after, "Teks baru")


def test_blocks_follow_the_data_until_final(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document_id = _doc(db)
    with db.session() as session:
        before = document_blocks(db, session.get(SssDocument, document_id))
    rows_before = len(before["kebutuhan_jamban"]["rows"])
    service.mark_final(db, document_id)
    extra = record(npsn="40399999", kecamatan="Ajangale", tanggal_survei="10/10/2020", siswa_laki=600)
    apply_import(db, plan_import(db, write_workbook(tmp_path / "x.xlsx", [extra])))
    with db.session() as session:
        frozen = document_blocks(db, session.get(SssDocument, document_id))
    assert frozen["frozen"] and frozen["kebutuhan_jamban"] == before["kebutuhan_jamban"]
    service.mark_final(db, document_id, False)
    with db.session() as session:
        live = document_blocks(db, session.get(SssDocument, document_id))
    assert not live["frozen"]
    assert len(live["kebutuhan_jamban"]["rows"]) == rows_before + 1  # the new kecamatan appears


def test_programme_proposal_and_totals(db) -> None:  # type: ignore[no-untyped-def]
    document_id = _doc(db)
    rows = service.propose_toilet_rows(db, document_id)
    from bakti_desktop.mapping.summary import summary

    expected = sum(sum(g["toilets_to_build"].values())
                   for g in summary(db, by="kecamatan", year=2020, kabupaten_code="73.08")["groups"])
    assert sum(r["volume"] for r in rows) == expected
    rows.append({"program": "PHBS", "kegiatan": "Pelatihan", "lokasi": "", "satuan": "kali", "volume": 2.0,
                 "unit_cost": 1_000_000, "sumber_dana": "APBD Kab/Kota", "opd": "Dinkes", "tahun": 2023})
    service.save_programme(db, document_id, rows)
    with db.session() as session:
        sums = service.totals(session.get(SssDocument, document_id))
    assert sums["by_year"][2023] == 2_000_000
    assert sums["total"] == expected * service.DEFAULT_UNIT_COST + 2_000_000
    with pytest.raises(UserError, match="Sumber dana"):
        service.save_programme(db, document_id, [{**rows[0], "sumber_dana": "hibah luar negeri"}])


def test_markdown_subset() -> None:
    blocks = parse("## Judul\n\nTeks **tebal**.\n\n- a\n- b\n\n| X | Y |\n|---|---|\n| 1 | 2 |\n\n{{blok:target}}\n")
    assert [b.kind for b in blocks] == ["heading", "paragraph", "bullets", "table", "data"]
    assert blocks[1].runs[1] == ("tebal", True, False)
    assert blocks[4].name == "target"


def test_demo_and_exports(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mapping_demo.load(db)
    assert demo.load(db) == {"documents": 2}
    assert demo.load(db) == {"documents": 0}
    pdf = export_sss(db, tmp_path / "sss.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    with db.session() as session:
        bulukumba = session.scalar(select(SssDocument.id).where(SssDocument.kabupaten_code == "73.02"))
    docx = export_sss(db, tmp_path / "sss.docx", document_id=bulukumba)
    word = Document(str(docx))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "BAB 3 PEMETAAN SANITASI SEKOLAH" in headings and "3.1 Metode Pemetaan" in headings
    assert any("24–25 September 2020" in p.text for p in word.paragraphs)
    assert len(word.tables) >= 5
    assert word.tables[0].rows[0].cells[0].text == "Kecamatan"
    assert len(word.inline_shapes) == 3  # the three ladder charts
    with pytest.raises(UserError, match="tidak ada"):
        export_sss(db, tmp_path / "x.pdf", document_id=999)
