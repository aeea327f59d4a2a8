"""The one formatter: numbers, percentages, money, dates and times as the chosen language writes them.

Every figure the program shows or prints goes through here (interface, PDF, Word, Excel texts), so that
"66,7%", "35.000.000", "8 Okt 2020" and "pukul 09.15" look the same everywhere. Dates and parsing use
Babel's CLDR data for Indonesian and British English; the plain number format is written out because it
is called for every cell of large reports and Babel's general formatter is about 20× slower. Qt-free.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")


def _locale() -> str:
    from bakti_desktop.i18n import language

    return "id_ID" if language() == "id" else "en_GB"


def number(value: float | int, decimals: int = 0) -> str:
    """Indonesian number format: 1.234,5 (English: 1,234.5)."""
    from bakti_desktop.i18n import language

    text = f"{value:,.{decimals}f}"
    if language() == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def percent(value: float | int | None, decimals: int = 1) -> str:
    """A percentage given as 0–100: ``66,7%`` (English ``66.7%``); blank for None."""
    if value is None:
        return ""
    return number(value, decimals) + "%"


def money(value: float | int | Decimal | None) -> str:
    """Whole rupiah with thousands separators, no currency sign (the column or label says "Rp"): ``35.000.000``."""
    if value is None or value == "":
        return ""
    return number(round(float(value)))


def parse_number(text: str) -> float | None:
    """A number typed in the interface language ("35.000.000", "2,5", "Rp 1.500.000,00"); None if blank.

    Raises ValueError for text that is not a number.
    """
    from babel.numbers import NumberFormatError, parse_decimal

    cleaned = text.strip().removeprefix("Rp").removeprefix("rp").strip()
    if cleaned in ("", "-", "–"):
        return None
    try:
        return float(parse_decimal(cleaned, locale=_locale(), strict=False))
    except (NumberFormatError, InvalidOperation) as error:
        raise ValueError(text) from error


def parse_money(text: str) -> int | None:
    """Whole rupiah typed as ``35.000.000``, ``35000000`` or ``Rp 35.000.000,00``; None if blank."""
    value = parse_number(text)
    return None if value is None else round(value)


def date_text(value: date) -> str:
    """``14 September 2020``, with Indonesian month names in Indonesian: dates in running text."""
    from bakti_desktop.i18n import language

    if language() == "id":
        return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
    return f"{value.day} {value.strftime('%B %Y')}"


def date_short(value: date | datetime | None) -> str:
    """A date in a table cell: ``08/10/2020`` (day first in both languages); blank for None."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def date_medium(value: date | datetime | None) -> str:
    """A date where space is short but words read better: ``8 Okt 2020``; blank for None."""
    if value is None:
        return ""
    from babel.dates import format_date

    return format_date(value, "d MMM y", locale=_locale())


def time_text(value: time | datetime | None) -> str:
    """A clock time as documents write it: ``09.15`` in Indonesian, ``09:15`` in English."""
    if value is None:
        return ""
    from bakti_desktop.i18n import language

    return f"{value.hour:02d}{'.' if language() == 'id' else ':'}{value.minute:02d}"


def time_long(value: time | datetime | None, zone: str = "WITA") -> str:
    """A clock time in running text: ``pukul 09.15 WITA`` (English ``at 09:15 WITA``); South Sulawesi keeps
    Central Indonesian Time. Blank for None."""
    if value is None:
        return ""
    from bakti_desktop.i18n import msg

    return msg(en="at {t} {z}", id="pukul {t} {z}", t=time_text(value), z=zone).strip()


def datetime_short(value: datetime | None) -> str:
    """A moment in a table: ``08/10/2020 09.15``."""
    if value is None:
        return ""
    return f"{date_short(value)} {time_text(value)}"
