"""The mapping workbook and PDF: same numbers as the summary, safe text, real PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bakti_desktop.errors import UserError
from bakti_desktop.mapping.export import export_mapping
from bakti_desktop.mapping.importer import apply_import, plan_import
from bakti_desktop.mapping.summary import summary
from tests.helpers import record, write_workbook


def _load(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [
        record(npsn="40300001", nama_sekolah="=HYPERLINK(\"http://x\",\"klik\")", catatan="+62 811 000"),
        record(npsn="40300002", kecamatan="Kahu", air_tersedia="Tidak"),
        record(npsn="40300003", kabupaten="Maros", kecamatan="Turikale", jenjang="SMP"),
    ]
    apply_import(db, plan_import(db, write_workbook(tmp_path / "in.xlsx", rows)))


def test_workbook_sheets_numbers_and_text_safety(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _load(db, tmp_path)
    out = export_mapping(db, tmp_path / "report.xlsx")
    book = load_workbook(out)
    assert book.sheetnames == ["Keterangan", "Per Kabupaten", "Per Kecamatan", "Per Jenjang", "Data Survei"]
    kecamatan = [r[0] for r in book["Per Kecamatan"].iter_rows(min_row=2, values_only=True)]
    assert "Kahu (Kabupaten Bone)" in kecamatan
    region = book["Per Kabupaten"]
    assert region.freeze_panes == "B2"
    rows = list(region.iter_rows(values_only=True))
    groups = summary(db)["groups"]
    assert [r[0] for r in rows[1:-1]] == [g["kabupaten"] for g in groups]
    bone = rows[1]
    assert bone[1] == 2 and bone[2] == pytest.approx(0.5) and bone[3] == pytest.approx(0.5)
    assert rows[-1][0] == "Jumlah" and rows[-1][1] == 3
    assert region._charts, "the ladder chart is missing"
    data = book["Data Survei"]
    cells = [c for row in data.iter_rows() for c in row]
    names = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert names and all(c.data_type == "s" for c in names)  # text, never a formula
    assert not any(c.data_type == "f" for c in cells)
    header = [c.value for c in data[1]]
    per_toilet = header.index("Siswa L per jamban L layak")
    first = [c.value for c in data[2]]
    assert first[per_toilet] == 60.0  # 120 boys, 2 usable boys' toilets


def test_pdf_is_written_with_embedded_fonts(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _load(db, tmp_path)
    out = export_mapping(db, tmp_path / "report.pdf", kabupaten_code="73.08")
    content = out.read_bytes()
    assert content.startswith(b"%PDF")
    assert b"FontFile2" in content and b"DejaVuSans" in content
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", content)) >= 6  # pages, not the /Pages tree
    assert not (tmp_path / "report.pdf.part").exists()


def test_nothing_to_report_and_bad_suffix(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match="Belum ada data"):
        export_mapping(db, tmp_path / "r.pdf")
    with pytest.raises(UserError, match="bukan .docx"):
        export_mapping(db, tmp_path / "r.docx")
