"""The section preview: Markdown rendered, data blocks as their tables and charts with the data date."""

from __future__ import annotations


from bakti_desktop.mapping import demo as mapping_demo
from bakti_desktop.sss import service
from bakti_desktop.sss.blocks import document_blocks
from bakti_desktop.sss.models import SssDocument
from bakti_desktop.sss.preview import block_html, data_note, section_html, tanggal


def _blocks(db):  # type: ignore[no-untyped-def]
    mapping_demo.load(db)
    document_id = service.create_document(db, "73.08", 2021, 2025)
    with db.session() as session:
        return document_blocks(db, session.get(SssDocument, document_id))


def test_blocks_render_where_they_stand(db) -> None:  # type: ignore[no-untyped-def]
    blocks = _blocks(db)
    text = "Analisis **per kecamatan**.\n\n{{blok:tangga_kecamatan}}\n\nLalu grafik:\n\n{{blok:grafik_tangga}}\n"
    page = section_html(text, blocks, "Kondisi Layanan")
    assert "{{blok" not in page
    assert "<strong>per kecamatan</strong>" in page
    assert page.index("Analisis") < page.index("<table") < page.index("Lalu grafik")
    first_kecamatan = blocks["tangga_kecamatan"]["rows"][0][0]
    assert first_kecamatan in page
    assert "#43A047" in page  # the chart's bars, coloured by level
    assert page.count(f"data per {tanggal(blocks['data_date'])}") == 2


def test_data_date_is_indonesian_text() -> None:
    assert tanggal("2020-10-08") == "8 Oktober 2020"
    assert "data per 8 Oktober 2020; diperbarui otomatis" in data_note(
        {"kabupaten": "Kabupaten Bone", "year": 2020, "data_date": "2020-10-08"})
    assert "—" in data_note({})


def test_missing_and_unknown_blocks_say_so(db) -> None:  # type: ignore[no-untyped-def]
    assert "belum ada data pemetaan" in block_html("tangga_kecamatan", {"year": None})
    assert "tidak dikenal" in block_html("rahasia", {})
    assert "belum diisi" in block_html("program", {"program": {"header": ["Program"], "rows": []}})


def test_raw_html_in_the_text_is_shown_not_obeyed() -> None:
    assert "<img" not in section_html('<img src="http://example.org/x.png">', {})


def test_programme_totals_of_unsaved_rows() -> None:
    rows = [{"volume": 2.0, "unit_cost": 35_000_000, "tahun": 2022, "sumber_dana": "DAK"},
            {"volume": 1.5, "unit_cost": 1_000_000, "tahun": 2021, "sumber_dana": "APBN"}]
    sums = service.programme_totals(rows)
    assert sums == {"by_year": {2021: 1_500_000, 2022: 70_000_000}, "by_source": {"DAK": 70_000_000,
                                                                               "APBN": 1_500_000},
                    "total": 71_500_000}
    assert list(sums["by_year"]) == [2021, 2022]


def test_ladder_tables_group_their_header_as_printed() -> None:
    data = {"header": ["Kecamatan", "Sekolah", "Air minum: Dasar", "Air minum: Terbatas", "Sanitasi: Dasar"],
            "rows": [["Kahu", "4", "75,0%", "25,0%", "50,0%"]]}
    page = block_html("tangga_kecamatan", {"tangga_kecamatan": data})
    assert 'colspan="2">Air minum</th>' in page and 'colspan="1">Sanitasi</th>' in page
    assert ">Terbatas</th>" in page and "Air minum: Dasar" not in page
    assert '<td align="right">75,0%</td>' in page
