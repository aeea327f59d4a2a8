"""Checking one survey record: the rules shared by the importer and the entry form.

``validate`` takes raw values by field key (cells of a workbook row, or the
texts of the form), parses each one, resolves the regions and applies the
row rules of DOMAIN.md §1.6. It returns the typed values and the problems;
a record with any problem is not saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bakti_desktop import regions
from bakti_desktop.i18n import language, msg
from bakti_desktop.mapping.fields import BY_KEY, FIELDS, IMPROVED_TOILETS, TOILET_COUNT_KEYS, Field, Kind
from bakti_desktop.mapping.parsing import CellError, is_blank, parser_for


@dataclass(frozen=True)
class Problem:
    column: str | None  # field key, or None for the record as a whole
    message: str


def label(field: Field) -> str:
    return field.label if language() == "id" else field.label_en


_PARSERS: dict[str, Callable[[Any], Any]] = {f.key: parser_for(f) for f in FIELDS if f.kind is not Kind.REGION}
_PARSERS_LIST = tuple(_PARSERS.items())
_REQUIRED = tuple(f.key for f in FIELDS if f.required and f.kind is not Kind.REGION)


def _required(field: Field) -> Problem:
    return Problem(field.key, msg(en="{label} is required", id="{label} wajib diisi", label=label(field)))


def validate(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values and problems for one record given as raw values by key."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    get = raw.get
    for key, parse in _PARSERS_LIST:
        value = get(key)
        if value is None or value == "" or (type(value) is str and not value.strip()):
            values[key] = None
            continue
        try:
            values[key] = parse(value)
        except CellError as error:
            problems.append(Problem(key, f"{label(BY_KEY[key])}: {error}"))
            values[key] = None
    for key in _REQUIRED:
        if values[key] is None and not any(p.column == key for p in problems):
            problems.append(_required(BY_KEY[key]))
    problems.extend(_resolve_regions(raw, values))
    if not problems:
        problems.extend(record_rules(values))
    if values.get("tanggal_survei") is not None:
        values["year"] = values["tahun"] if values.get("tahun") is not None else values["tanggal_survei"].year
    else:
        values["year"] = values.get("tahun")
    return values, problems


def _resolve_regions(raw: Mapping[str, Any], values: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    values["kabupaten_code"] = values["kecamatan_code"] = values["desa_code"] = None
    kab_raw, kec_raw, desa_raw = raw.get("kabupaten"), raw.get("kecamatan"), raw.get("desa")
    if is_blank(kab_raw):
        problems.append(_required(BY_KEY["kabupaten"]))
    else:
        kab = regions.find_kabupaten(kab_raw)
        if kab is None:
            problems.append(
                Problem(
                    "kabupaten",
                    msg(
                        en="'{v}' is not a kabupaten/kota of South Sulawesi",
                        id="'{v}' bukan kabupaten/kota di Sulawesi Selatan",
                        v=str(kab_raw).strip(),
                    ),
                )
            )
        else:
            values["kabupaten_code"] = kab.code
    if is_blank(kec_raw):
        problems.append(_required(BY_KEY["kecamatan"]))
    elif values["kabupaten_code"]:
        kec = regions.find_kecamatan(values["kabupaten_code"], kec_raw)
        if kec is None:
            problems.append(
                Problem(
                    "kecamatan",
                    msg(
                        en="'{v}' is not a kecamatan of {kab}",
                        id="'{v}' bukan kecamatan di {kab}",
                        v=str(kec_raw).strip(),
                        kab=regions.region_name(values["kabupaten_code"]),
                    ),
                )
            )
        else:
            values["kecamatan_code"] = kec.code
    if not is_blank(desa_raw) and values["kecamatan_code"]:
        desa = regions.find_desa(values["kecamatan_code"], desa_raw)
        if desa is None:
            problems.append(
                Problem(
                    "desa",
                    msg(
                        en="'{v}' is not a desa/kelurahan of Kecamatan {kec}",
                        id="'{v}' bukan desa/kelurahan di Kecamatan {kec}",
                        v=str(desa_raw).strip(),
                        kec=regions.region_name(values["kecamatan_code"]),
                    ),
                )
            )
        else:
            values["desa_code"] = desa.code
    return problems


def record_rules(values: Mapping[str, Any]) -> list[Problem]:
    """The contradictions of §1.6, checked once every field has been read."""
    problems: list[Problem] = []
    if values.get("sumber_air_minum") not in (None, "tidak_ada") and values.get("air_tersedia") is None:
        problems.append(
            Problem(
                "air_tersedia",
                msg(
                    en="{label} is required unless the source is tidak_ada",
                    id="{label} wajib diisi kecuali sumber air 'tidak_ada'",
                    label=label(BY_KEY["air_tersedia"]),
                ),
            )
        )
    toilets = sum(values.get(k) or 0 for k in TOILET_COUNT_KEYS)
    toilet_type = values.get("jenis_jamban")
    if toilet_type == "tidak_ada" and toilets > 0:
        first = next(k for k in TOILET_COUNT_KEYS if values.get(k))
        problems.append(
            Problem(
                first,
                msg(
                    en="{n} toilets are counted but the toilet type is tidak_ada",
                    id="{n} jamban dihitung padahal jenis jamban 'tidak_ada'",
                    n=toilets,
                ),
            )
        )
    if toilet_type in IMPROVED_TOILETS and toilets == 0:
        problems.append(
            Problem(
                "jenis_jamban",
                msg(
                    en="the toilet type is {t} but no toilet is counted",
                    id="jenis jamban '{t}' tetapi tidak ada jamban yang dihitung",
                    t=toilet_type,
                ),
            )
        )
    total, broken = values.get("sarana_cuci_tangan"), values.get("sarana_cuci_tangan_rusak")
    if total is not None and broken is not None and broken > total:
        problems.append(
            Problem(
                "sarana_cuci_tangan_rusak",
                msg(
                    en="{b} broken handwashing facilities, more than the total of {t}",
                    id="{b} sarana cuci tangan rusak, lebih dari jumlahnya ({t})",
                    b=broken,
                    t=total,
                ),
            )
        )
    return problems
