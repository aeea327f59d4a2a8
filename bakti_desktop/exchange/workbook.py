"""Reading user workbooks defensively (python-calamine) and writing them safely.

A workbook handed over by someone else may be anything: a renamed PDF, a
damaged file, a zip bomb. ``read_rows`` checks the file before python-calamine
parses it and turns every failure into a :class:`UserError` in plain words.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg

MAX_UNCOMPRESSED = 400 * 1024 * 1024  # bytes of XML a workbook may unpack to
MAX_STREAMED = 4 * 1024 * 1024 * 1024  # the same, for a sheet read as a stream (xlsx_stream)
MAX_RATIO = 200  # unpacked / packed size of one member
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def header_key(text: Any) -> str:
    """A header cell reduced to letters and digits: ``"Jumlah Siswa Laki-laki"`` → ``"jumlahsiswalakilaki"``."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^0-9a-z]", "", value)


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def _not_excel(path: Path) -> UserError:
    return UserError(
        msg(
            en="{name} is not an Excel workbook or is damaged.",
            id="{name} bukan buku kerja Excel atau berkasnya rusak.",
            name=path.name,
        )
    )


def check_workbook_file(path: Path, streamed: bool = False) -> None:
    """Refuse missing files, non-workbooks and zip bombs before parsing.

    A workbook read as a stream (``streamed``) may unpack to more than one read at once.
    """
    if not path.exists():
        raise UserError(msg(en="The file {p} does not exist.", id="Berkas {p} tidak ada.", p=path))
    if path.is_dir():
        raise UserError(msg(en="{p} is a folder, not a file.", id="{p} adalah folder, bukan berkas.", p=path))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                total = 0
                for info in archive.infolist():
                    total += info.file_size
                    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 10_000_000:
                        raise UserError(
                            msg(
                                en="{name} unpacks to far more data than it holds; it is refused as unsafe.",
                                id="{name} mengembang jauh melebihi ukurannya; berkas ditolak karena tidak aman.",
                                name=path.name,
                            )
                        )
                if total > (MAX_STREAMED if streamed else MAX_UNCOMPRESSED):
                    raise UserError(
                        msg(
                            en="{name} is too large to read ({mb} MB unpacked).",
                            id="{name} terlalu besar untuk dibaca ({mb} MB setelah dibuka).",
                            name=path.name,
                            mb=total // 1_000_000,
                        )
                    )
        except zipfile.BadZipFile:
            raise _not_excel(path) from None
    elif not head.startswith(b"\xd0\xcf\x11\xe0"):  # the old .xls format
        raise _not_excel(path)


def read_rows(path: Path, preferred_sheet: str = "Data") -> Sheet:
    """The rows of the data sheet: one named ``preferred_sheet``, else the first."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    check_workbook_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise _not_excel(path)
        chosen = next((n for n in names if n.strip().lower() == preferred_sheet.lower()), names[0])
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except UserError:
        raise
    except Exception:  # calamine raises several error types for damaged files
        raise _not_excel(path) from None
    return Sheet(chosen, rows)


def iter_nonblank(rows: Iterable[list[Any]], start: int) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) for the rows that hold anything; ``rows`` begin at 0-based index ``start``."""
    for index, cells in enumerate(rows, start):
        for c in cells:  # a plain loop: it usually stops at the first cell, and a generator per row costs more
            if c is not None and (not isinstance(c, str) or c.strip()):
                yield index + 1, cells
                break


def keep_text(cells: Any) -> None:
    """Mark every string cell as text, so that user text never becomes a formula.

    openpyxl stores a string starting with ``=`` as a formula; a cell typed as
    text is stored as a string whatever it starts with, and spreadsheet
    programs show it as typed without evaluating it.
    """
    for row in cells:
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of values for ``sheet.append``: every string without control characters (openpyxl refuses
    them) and cut to what a cell holds (:func:`bakti_desktop.reports.text.cell`)."""
    from bakti_desktop.reports.text import cell

    return [cell(v) for v in values]
