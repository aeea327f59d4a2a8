"""The sheet a new openpyxl workbook starts with, typed for the writers (openpyxl types ``active`` as optional)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def first_sheet(workbook: Workbook) -> Worksheet:
    """``workbook.active`` of a workbook this program created: always a worksheet."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError(f"the workbook's first sheet is a {type(sheet).__name__}, not a worksheet")
    return sheet
