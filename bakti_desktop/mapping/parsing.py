"""Reading one workbook cell into a typed value (docs/domain-rules.md §3.6).

Each parser takes a raw cell (as python-calamine returns it: ``str``,
``float``, ``bool``, ``date``/``datetime`` or ``""`` for blank) and returns the
value, ``None`` for a blank cell, or raises :class:`CellError` with a message
for the sanitarian.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from bakti_desktop.i18n import msg
from bakti_desktop.mapping.fields import Field, Kind
from bakti_desktop.regions import normalize_name
from bakti_desktop.spreadsheets.marks import SheetError  # noqa: F401 - the cell value of an error, read here


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


# What people type (docs/domain-rules.md §3.6): the words of the template and what sanitarians write by hand.
YES = frozenset({"ya", "y", "yes", "1", "true", "iya", "iyaa", "ada", "sudah", "sudah ada", "tersedia", "benar",
                 "✓", "✔", "v", "√"})
NO = frozenset({"tidak", "t", "no", "n", "0", "false", "tidak ada", "tdk", "tdk ada", "gak", "gak ada", "ga",
                "ga ada", "nggak", "nggak ada", "enggak", "tak", "tak ada", "belum", "belum ada", "tidak tersedia",
                "tdk tersedia", "salah", "✗", "✘"})
# A cell holding only a dash means "nothing" (hand-typed sheets put one in every empty cell).
DASHES = frozenset({"-", "–", "—", "--", "−"})


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_DMY = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[\s./-]*([a-z]+)\.?[\s./,-]*(\d{4}|\d{2})$")
MONTHS = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "pebruari", "feb", "peb", "february"), 2),
    **dict.fromkeys(("maret", "mar", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "ags", "agust", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nov", "nop", "nopember"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_NPSN = re.compile(r"^(\d{8}|[A-Z]\d{7})$", re.ASCII)  # ASCII: \d would take any script's digits
EXCEL_EPOCH = date(1899, 12, 30)
MIN_YEAR = 2000


def is_blank(value: Any) -> bool:
    """Nothing in the cell: empty, spaces, or a dash alone ("-", "–", "—")."""
    return value is None or (isinstance(value, str) and (not value.strip() or value.strip() in DASHES))


def _full_year(year: str) -> int:
    """A year as written: ``"2020"``, or two digits (``"20"`` → 2020; a year not yet reached → the 1900s)."""
    number = int(year)
    if len(year) == 2:
        number += 2000 if number <= date.today().year % 100 else 1900
    return number


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).strip()


def parse_npsn(value: Any) -> str:
    if type(value) is str and len(value) == 8 and value.isascii() and value.isdigit():  # the common case
        return value
    text = _shown(value).upper().replace(" ", "")
    if not _NPSN.match(text):
        raise CellError(
            msg(
                en="must be 8 digits (a leading letter is allowed), not '{v}'",
                id="harus 8 digit (boleh diawali satu huruf), bukan '{v}'",
                v=_shown(value),
            )
        )
    return text


def parse_int(value: Any) -> int:
    if type(value) is float and value.is_integer() and 0 <= value <= 2_000_000_000_000:  # the common case
        return int(value)
    if isinstance(value, bool):
        raise CellError(msg(en="a whole number is expected, not '{v}'", id="harus bilangan bulat, bukan '{v}'", v=value))
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        if _THOUSANDS.match(text):
            text = text.replace(".", "")
        text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
        try:
            number = float(text)
        except ValueError:
            raise CellError(
                msg(en="a whole number is expected, not '{v}'", id="harus bilangan bulat, bukan '{v}'", v=value.strip())
            ) from None
    else:
        raise CellError(msg(en="a whole number is expected, not '{v}'", id="harus bilangan bulat, bukan '{v}'", v=value))
    if number != number or number in (float("inf"), float("-inf")) or not float(number).is_integer():
        raise CellError(msg(en="a whole number is expected, not '{v}'", id="harus bilangan bulat, bukan '{v}'", v=_shown(value)))
    if number < 0:
        raise CellError(msg(en="must not be negative ({v})", id="tidak boleh negatif ({v})", v=_shown(value)))
    if number > 2_000_000_000_000:
        raise CellError(msg(en="the number {v} is too large", id="angka {v} terlalu besar", v=_shown(value)))
    return int(number)


def parse_money(value: Any) -> int:
    if isinstance(value, str):
        value = re.sub(r"^\s*rp\.?\s*", "", value, flags=re.IGNORECASE).strip()
        if value.endswith((",00", ",-")):
            value = value[:-3]
    return parse_int(value)


_YESNO = {**dict.fromkeys(YES, True), **dict.fromkeys(NO, False)}
_SPACES = re.compile(r"\s+")


def parse_yesno(value: Any) -> bool:
    if type(value) is str:
        found = _YESNO.get(value.strip().lower().rstrip("."))
        if found is None:  # "Tidak  ada", "tdk. ada", "Iya!"
            found = _YESNO.get(_SPACES.sub(" ", value.lower().replace(".", " ")).strip(" !"))
        if found is not None:
            return found
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value == 1:
            return True
        if value == 0:
            return False
    text = str(value).strip().lower().rstrip(".")
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(
        msg(
            en="Ya or Tidak is expected, not '{v}'",
            id="harus Ya atau Tidak, bukan '{v}'",
            v=_shown(value),
        )
    )


def read_date(value: Any) -> date:
    """An Excel date, an Excel serial number, or text: dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (two-digit years
    too, ``14/07/20``), yyyy-mm-dd, or a month by name, Indonesian or English, full or short
    (``14 Juli 2020``, ``14 Agt 2020``, ``14-Jul-20``). Day first, as Indonesians write dates."""
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip()
    try:
        if m := _DMY.match(text):
            return date(_full_year(m.group(4)), int(m.group(3)), int(m.group(1)))
        if (m := _DAY_MONTH_NAME.match(text.lower())) and m.group(2) in MONTHS:
            return date(_full_year(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        if m := _YMD.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    raise CellError(
        msg(en="a date (dd/mm/yyyy) is expected, not '{v}'", id="harus tanggal (dd/mm/yyyy), bukan '{v}'", v=text)
    )


def parse_date(value: Any) -> date:
    """A survey date: readable, not in the future, not before 2000."""
    result = read_date(value)
    if result > date.today():
        raise CellError(
            msg(en="the date {v} is in the future", id="tanggal {v} ada di masa depan", v=result.strftime("%d/%m/%Y"))
        )
    if result.year < MIN_YEAR:
        raise CellError(msg(en="the date {v} is too old", id="tanggal {v} terlalu lama", v=result.strftime("%d/%m/%Y")))
    return result


def parse_year(value: Any) -> int:
    year = parse_int(value)
    if not MIN_YEAR <= year <= date.today().year:
        raise CellError(
            msg(
                en="the year must be between {a} and {b}, not {v}",
                id="tahun harus antara {a} dan {b}, bukan {v}",
                a=MIN_YEAR,
                b=date.today().year,
                v=year,
            )
        )
    return year


def _parse_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return float(text)


def _coordinate(low: float, high: float, en: str, id_: str) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        try:
            number = _parse_float(value)
        except ValueError:
            raise CellError(
                msg(en="a decimal number is expected, not '{v}'", id="harus angka desimal, bukan '{v}'", v=_shown(value))
            ) from None
        if not low <= number <= high:
            raise CellError(
                msg(en=en, id=id_, v=number, low=low, high=high)
            )
        return number

    return parse


parse_lat = _coordinate(
    -8.0, -1.0,
    "latitude {v} is outside South Sulawesi ({low}…{high})",
    "lintang {v} di luar Sulawesi Selatan ({low}…{high})",
)
parse_lon = _coordinate(
    117.0, 122.0,
    "longitude {v} is outside South Sulawesi ({low}…{high})",
    "bujur {v} di luar Sulawesi Selatan ({low}…{high})",
)


def choice_parser(field: Field) -> Callable[[Any], str]:
    table: dict[str, str] = {}
    for choice in field.choices:
        table.setdefault(normalize_name(choice.code), choice.code)
        table.setdefault(normalize_name(choice.label), choice.code)

    seen: dict[Any, str] = {}

    def parse(value: Any) -> str:
        hit = seen.get(value) if type(value) is str else None
        if hit is not None:
            return hit
        found = table.get(normalize_name(_shown(value)))
        if found is not None and type(value) is str and len(seen) < 10_000:
            seen[value] = found
        if found is None:
            allowed = ", ".join(c.label for c in field.choices)  # what the template's dropdown shows
            raise CellError(
                msg(
                    en="'{v}' is not one of: {allowed}",
                    id="'{v}' bukan salah satu dari: {allowed}",
                    v=_shown(value),
                    allowed=allowed,
                )
            )
        return found

    return parse


def parser_for(field: Field) -> Callable[[Any], Any]:
    """The parser for a field's cells (regions are resolved per row, not here)."""
    kind = field.kind
    if kind is Kind.CHOICE:
        return choice_parser(field)
    return {
        Kind.TEXT: parse_text,
        Kind.NPSN: parse_npsn,
        Kind.INT: parse_int,
        Kind.MONEY: parse_money,
        Kind.YESNO: parse_yesno,
        Kind.DATE: parse_date,
        Kind.LAT: parse_lat,
        Kind.LON: parse_lon,
        Kind.REGION: parse_text,
        Kind.YEAR: parse_year,
    }[kind]
