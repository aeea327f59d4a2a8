"""Numbers and dates as Indonesian documents write them (no ReportLab needed)."""

from __future__ import annotations

from datetime import date

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")


def number(value: float | int, decimals: int = 0) -> str:
    """Indonesian number format: 1.234,5 (English: 1,234.5)."""
    from bakti_desktop.i18n import language

    text = f"{value:,.{decimals}f}"
    if language() == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def date_text(value: date) -> str:
    """``14 September 2020``, with Indonesian month names in Indonesian."""
    from bakti_desktop.i18n import language

    if language() == "id":
        return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
    return f"{value.day} {value.strftime('%B %Y')}"
