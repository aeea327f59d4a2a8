"""Cell reading and row rules (docs/domain-rules.md §3.5–3.6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bakti_desktop.mapping.validation import validate
from tests.helpers import record


def _ok(**kw: object) -> dict:
    values, problems = validate(record(**kw))
    assert problems == [], problems
    return values


def _bad(column: str, **kw: object) -> str:
    _values, problems = validate(record(**kw))
    assert problems, "expected a problem"
    assert problems[0].column == column, problems
    return problems[0].message


@pytest.mark.parametrize("text", ["Ya", "y", "YES", "1", "true", True, 1.0])
def test_yes_cells(text: object) -> None:
    assert _ok(air_tersedia=text)["air_tersedia"] is True


@pytest.mark.parametrize("text", ["Tidak", "T", "no", "0", "FALSE", False, 0.0])
def test_no_cells(text: object) -> None:
    assert _ok(air_tersedia=text)["air_tersedia"] is False


def test_choice_by_code_or_label_any_case() -> None:
    assert _ok(sumber_air_minum="Sumur Bor/Pompa")["sumber_air_minum"] == "sumur_bor"
    assert _ok(sumber_air_minum="SUMUR_BOR")["sumber_air_minum"] == "sumur_bor"
    assert _ok(jenjang="mts")["jenjang"] == "MTs"
    assert "bukan salah satu" in _bad("sumber_air_minum", sumber_air_minum="sumur ajaib")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("14/09/2020", date(2020, 9, 14)),
        ("14-09-2020", date(2020, 9, 14)),
        ("2020-09-14", date(2020, 9, 14)),
        (datetime(2020, 9, 14, 0, 0), date(2020, 9, 14)),
        (date(2020, 9, 14), date(2020, 9, 14)),
        (44088.0, date(2020, 9, 14)),  # an Excel serial number
    ],
)
def test_dates(cell: object, expected: date) -> None:
    values = _ok(tanggal_survei=cell)
    assert values["tanggal_survei"] == expected
    assert values["year"] == 2020


def test_future_and_malformed_dates_are_rejected() -> None:
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    assert "masa depan" in _bad("tanggal_survei", tanggal_survei=tomorrow)
    assert "dd/mm/yyyy" in _bad("tanggal_survei", tanggal_survei="31/02/2020")


def test_year_column_overrides_the_date() -> None:
    assert _ok(tanggal_survei="10/01/2021", tahun="2020")["year"] == 2020


def test_numbers_as_text_and_whole_numbers_only() -> None:
    assert _ok(siswa_laki="150")["siswa_laki"] == 150
    assert _ok(siswa_laki=150.0)["siswa_laki"] == 150
    assert _ok(anggaran_rp="Rp 1.500.000")["anggaran_rp"] == 1_500_000
    assert "bilangan bulat" in _bad("siswa_laki", siswa_laki="12,5")
    assert "negatif" in _bad("siswa_perempuan", siswa_perempuan=-3)


def test_npsn() -> None:
    assert _ok(npsn=40301234.0)["npsn"] == "40301234"
    assert _ok(npsn="p1234567")["npsn"] == "P1234567"
    assert "8 digit" in _bad("npsn", npsn="1234")


def test_required_fields() -> None:
    assert "wajib" in _bad("nama_sekolah", nama_sekolah="  ")
    assert "wajib" in _bad("air_tersedia", air_tersedia=None)
    _ok(sumber_air_minum="tidak_ada", air_tersedia=None)  # not needed without a source


def test_regions() -> None:
    values = _ok(kabupaten="Kab. Bone", kecamatan="tanete riattang", desa="Kel. Bukaka")
    assert values["kabupaten_code"] == "73.08"
    assert values["kecamatan_code"].startswith("73.08.")
    assert values["desa_code"].startswith(values["kecamatan_code"] + ".")
    assert "Sulawesi Selatan" in _bad("kabupaten", kabupaten="Kabupaten Bandung")
    assert "bukan kecamatan" in _bad("kecamatan", kecamatan="Somba Opu")  # that one is in Gowa


def test_coordinates_inside_south_sulawesi() -> None:
    assert _ok(lintang="-4,54", bujur=120.33)["lintang"] == -4.54
    assert "di luar" in _bad("lintang", lintang=6.2, bujur=120.3)


def test_contradictions_reject_the_row() -> None:
    assert "tidak_ada" in _bad("jamban_laki_baik", jenis_jamban="tidak_ada")
    assert "tidak ada jamban" in _bad(
        "jenis_jamban", jamban_laki_baik=0, jamban_perempuan_baik=None
    )
    assert "lebih dari" in _bad("sarana_cuci_tangan_rusak", sarana_cuci_tangan=2, sarana_cuci_tangan_rusak=3)
    # An unimproved type with no toilet counted is no contradiction: it is simply no service.
    _ok(jenis_jamban="cubluk_tanpa_slab", jamban_laki_baik=0, jamban_perempuan_baik=0)
    _ok(jenis_jamban="tidak_ada", jamban_laki_baik=0, jamban_perempuan_baik=0)


@pytest.mark.parametrize(("cell", "npsn"), [("40300001", "40300001"), (40300001.0, "40300001"), (" 4030 0001 ", "40300001"),
                                            ("p4030001", "P4030001")])
def test_npsn_cells(cell: object, npsn: str) -> None:
    assert _ok(npsn=cell)["npsn"] == npsn


@pytest.mark.parametrize("cell", ["4030000", "403000011", "٤٠٣٠٠٠٠١", "4030000x", "PP403000"])
def test_npsn_cells_refused(cell: str) -> None:
    assert "8 digit" in _bad("npsn", npsn=cell)


def test_students_with_disabilities_above_the_enrolment_are_a_contradiction() -> None:
    _ok(siswa_laki=10, siswa_perempuan=5, siswa_disabilitas=15)
    _bad("siswa_disabilitas", siswa_laki=10, siswa_perempuan=5, siswa_disabilitas=16)


def test_an_amount_without_a_sanitation_budget_is_a_contradiction() -> None:
    _ok(anggaran_sanitasi="Tidak", anggaran_rp=0)
    _ok(anggaran_sanitasi="Tidak")
    _ok(anggaran_sanitasi="Ya", anggaran_rp="2.500.000")
    _ok(anggaran_rp="2.500.000")  # the yes/no question unanswered: no contradiction
    _bad("anggaran_rp", anggaran_sanitasi="Tidak", anggaran_rp="2.500.000")


def test_the_table_check_agrees_with_the_record_check_on_the_new_rules() -> None:
    from bakti_desktop.mapping.validation import validate_table

    rows = [record(siswa_disabilitas=999), record(anggaran_sanitasi="Tidak", anggaran_rp=5), record()]
    keys = {key for row in rows for key in row}
    columns = {key: [row.get(key) for row in rows] for key in keys}
    checked = validate_table(columns, len(rows))
    assert [[p.column for p in problems] for _values, problems in checked] == [
        [p.column for p in validate(row)[1]] for row in rows] == [["siswa_disabilitas"], ["anggaran_rp"], []]


def test_soap_without_a_working_facility_is_a_warning_not_a_refusal() -> None:
    from bakti_desktop.mapping.validation import record_warnings

    values = _ok(sarana_cuci_tangan=2, sarana_cuci_tangan_rusak=2, air_sabun="air_dan_sabun")
    assert [w.column for w in record_warnings(values)] == ["air_sabun"]
    assert record_warnings(_ok(sarana_cuci_tangan=2, sarana_cuci_tangan_rusak=2, air_sabun="tidak_ada")) == []
    assert record_warnings(_ok(sarana_cuci_tangan=2, sarana_cuci_tangan_rusak=1, air_sabun="air_saja")) == []


def test_phbs_columns_by_their_indonesian_names_old_names_or_number_alone() -> None:
    from bakti_desktop.mapping.fields import BY_KEY
    from bakti_desktop.mapping.importer import HEADERS
    from bakti_desktop.spreadsheets.workbook import header_key

    assert BY_KEY["phbs_3"].label == "PHBS 3 Menggunakan jamban bersih dan sehat"
    for header in ("PHBS 3 Menggunakan jamban bersih dan sehat", "PHBS 3", "phbs_3", "Menggunakan jamban bersih dan sehat",
                   "Jamban Bersih dan Sehat"):
        assert HEADERS[header_key(header)] == "phbs_3", header
