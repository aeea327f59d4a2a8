"""The mapping PDF read back with an independent library (pypdf, pdfplumber), as a reviewer reads it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from bakti_desktop.errors import NothingToExport
from bakti_desktop.mapping.export import export_mapping
from bakti_desktop.mapping.importer import apply_import, plan_import
from bakti_desktop.reports import letterhead as lh
from tests.helpers import record, run_cli, write_workbook

LONG_NAME = "SD Inpres Muhammadiyah Kajuara Tanralili Bontoramba Pangkajene"


def _load(db, tmp_path: Path, count: int = 45) -> None:  # type: ignore[no-untyped-def]
    places = [("Bone", "Kahu"), ("Bone", "Kajuara"), ("Maros", "Turikale"), ("Maros", "Bantimurung")]
    rows = []
    for i in range(count):
        kabupaten, kecamatan = places[i % len(places)]
        rows.append(record(npsn=f"4030{i:04d}", nama_sekolah=LONG_NAME if i == 0 else f"SD Negeri {i} {kecamatan}",
                           kabupaten=kabupaten, kecamatan=kecamatan, air_tersedia="Tidak" if i % 3 else "Ya"))
    apply_import(db, plan_import(db, write_workbook(tmp_path / "in.xlsx", rows)))


def _text(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(page.extract_text().split())


@pytest.fixture
def report(db, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    _load(db, tmp_path)
    logo = io.BytesIO()
    Image.new("RGB", (80, 100), (20, 60, 140)).save(logo, "PNG")
    lh.save_letterhead(db, "mapping", lh.Letterhead(("Pemerintah Kabupaten Bone", "Kelompok Kerja AMPL"),
                                                    "Jl. Jenderal Ahmad Yani No. 1, Watampone", logo.getvalue(),
                                                    "050/{nomor}/Pokja-AMPL/{tahun}"))
    return export_mapping(db, tmp_path / "report.pdf")


def test_every_page_numbered_and_kop_on_page_one(report: Path) -> None:
    pages = PdfReader(report).pages
    assert len(pages) > 5
    for n, page in enumerate(pages, start=1):
        assert f"Halaman {n} dari {len(pages)}" in _text(page)
    first = _text(pages[0])
    assert "PEMERINTAH KABUPATEN BONE" in first and "Watampone" in first
    assert re.search(r"Nomor: 050/\S+/Pokja-AMPL/\d{4}", first)
    assert pages[0].images  # the logo


def test_scope_as_surveyed_approval_and_cut_note(report: Path) -> None:
    text = " ".join(_text(p) for p in PdfReader(report).pages)
    assert "2 kabupaten/kota, 45 sekolah" in text
    assert "Lembar Pengesahan" in text and "Kepala Bappeda" in text and "NIP." in text
    assert "Ditampilkan 40 sekolah teratas dari 45" in text
    assert "Keterangan:" in text and "Jamban L/P/G" in text


def test_annex_has_kabupaten_and_no_word_broken_in_a_cell(report: Path, db) -> None:  # type: ignore[no-untyped-def]
    known = {w for w in (LONG_NAME + " Kahu Kajuara Turikale Bantimurung Bone Maros Kabupaten Kabupaten/Kota Kecamatan "
                         "Terbatas Tidak ada Dasar Sekolah Jenjang Siswa PHBS Prioritas").split() if len(w) >= 4}
    annex_header = None
    cells = 0
    with pdfplumber.open(report) as pdf:
        for page in pdf.pages:
            for found in page.extract_tables():
                for row in found:
                    if row and row[0] == "No" and "Siswa" in row:
                        annex_header = row
                    for cell in row:
                        for token in (cell or "").split():
                            cells += 1
                            broken = [w for w in known if token not in known and len(token) >= 2
                                      and (w.startswith(token) or w.endswith(token))]
                            assert not broken, f"{token!r} is a piece of {broken} in cell {cell!r}"
    assert cells > 500
    assert annex_header is not None and "Kabupaten/Kota" in annex_header


def test_empty_year_refused_everywhere(db, db_target: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _load(db, tmp_path, count=4)
    with pytest.raises(NothingToExport, match="Tidak ada survei tahun 2021 di Kabupaten Gowa"):
        export_mapping(db, tmp_path / "r.pdf", year=2021, kabupaten_code="73.06")
    with pytest.raises(NothingToExport, match="Tidak ada survei tahun 2020 di Kabupaten Gowa"):
        export_mapping(db, tmp_path / "r.xlsx", year=2020, kabupaten_code="73.06")
    assert not list(tmp_path.glob("r.*"))
    result = run_cli(capsys, "--db", db_target, "export-mapping",
                     str(tmp_path / "m.pdf"), "--year", "2021", "--kabupaten", "Gowa")
    assert result.returncode == 1
    assert result.stderr.strip() == "Tidak ada survei tahun 2021 di Kabupaten Gowa."
    assert not (tmp_path / "m.pdf").exists()
