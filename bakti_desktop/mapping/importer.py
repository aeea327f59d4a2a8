"""Importing survey workbooks (docs/domain-rules.md §3.6): read, check, preview, write.

Two steps, so that the GUI can show a preview before anything is written:

* :func:`plan_import` reads the workbook, validates every row and compares it
  with the database: rows to add, to update, unchanged, rejected (with the
  spreadsheet row number, the column and the reason);
* :func:`apply_import` writes the good rows in one transaction, through the one writer of
  surveys (:func:`writer.write_surveys`, which the entry form uses for one row).

A bad row never stops the good ones; a killed process leaves the database as
it was (one transaction).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bakti_desktop.errors import UserError
from bakti_desktop.spreadsheets.parted import PartedRows, ReadWhole
from bakti_desktop.spreadsheets.workbook import Sheet, check_workbook_file, file_kind, header_key, read_sheets
from bakti_desktop.faults import fault_point
from bakti_desktop.gcpause import no_cycle_collection
from bakti_desktop.i18n import msg
from bakti_desktop.mapping import submissions, writer
from bakti_desktop.mapping.fields import BY_KEY, FIELDS, PHBS_NAMES, REQUIRED_KEYS
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.rows import SurveyRow, rows_of, values_of
from bakti_desktop.mapping.validation import Problem, validate_table
from bakti_desktop.reports.format import number as number_text
from bakti_desktop.storage.bulk import lookup
from bakti_desktop.storage.database import Database
from bakti_desktop.spreadsheets.marks import SheetError

HEADER_SEARCH_ROWS = 10
Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The user cancelled the import; nothing was written."""


def _header_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for f in FIELDS:
        for name in (f.key, f.label, *f.aliases):
            table.setdefault(header_key(name), f.key)
    for i, (name, _en) in enumerate(PHBS_NAMES, start=1):
        table.setdefault(header_key(name), f"phbs_{i}")
    for f in FIELDS:  # the English headers of the program's own export (docs/domain-rules.md §3.6)
        table.setdefault(header_key(f.label_en), f.key)
    table.setdefault("year", "tahun")
    return table


def _ignored_headers() -> frozenset[str]:
    """Headers read quietly and left out: the columns our own rejected-rows workbook adds, a sequence-number
    column, and the computed columns of the program's mapping workbook (in both languages)."""
    from bakti_desktop.i18n import language, set_language
    from bakti_desktop.labels import column_label

    keys = {"alasanpenolakan", "barisasal", "reason", "sourcerow", "no", "nomor", "nourut", "nomorurut", "num"}
    current = language()
    try:
        for lang in ("id", "en"):
            set_language(lang)
            keys.update(header_key(column_label("survey", k)) for k in (
                "water_level", "sanitation_level", "hygiene_level", "build_boys", "build_girls", "build_teachers",
                "phbs_score", "priority"))
            keys.update(header_key(msg(en=e, id=i)) for e, i in (
                ("Boys per usable boys' toilet", "Siswa L per jamban L layak"),
                ("Girls per usable girls' toilet", "Siswa P per jamban P layak")))
    finally:
        set_language(current)
    return frozenset(keys)


IGNORED_HEADERS = _ignored_headers()
# Sheets never read as data: the template's instructions and lists of choices (and their English names).
GUIDE_SHEETS = ("petunjuk", "pilihan", "instructions", "choices", "keterangan")


HEADERS = _header_table()
CHUNK_ROWS = 3_000  # rows checked at a time: the rows of one part of a sheet read in parts, checked while the next is read


@dataclass
class Rejected:
    row: int
    column: str | None
    message: str
    cells: list[Any] = field(default_factory=list, repr=False)

    sheet: str | None = None  # the sheet of the row, when rows of several sheets are read

    def as_json(self) -> dict[str, Any]:
        found = {"row": self.row, "column": self.column, "message": self.message}
        if self.sheet is not None:
            found["sheet"] = self.sheet
        return found


class SheetChoiceNeeded(UserError):
    """Survey rows on several sheets and no choice made: the candidates, each (name, header row)."""

    def __init__(self, path: Path, candidates: list[tuple[str, int]]) -> None:
        self.candidates = candidates
        super().__init__(msg(
            en="{name} holds survey rows on several sheets: {sheets}. Choose the sheets to import.",
            id="{name} berisi baris survei di beberapa lembar: {sheets}. Pilih lembar yang akan diimpor.",
            name=path.name, sheets=", ".join(f"{n!r}" for n, _row in candidates)))


@dataclass(frozen=True)
class SheetRead:
    """One sheet an import read: its name, header row (as the spreadsheet numbers it) and survey rows."""

    name: str
    header_row: int
    rows: int

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "header_row": self.header_row, "rows": self.rows}


RowKey = tuple[str | None, int]  # (sheet, row number) of a workbook row; the sheet is None when one sheet is read


def row_text(key: RowKey) -> str:
    """A row as the user finds it: "12", or "Bone 2021: 12" when several sheets are read."""
    sheet, row = key
    return f"{sheet}: {row}" if sheet is not None else str(row)


class GoodRow:
    """A row that passed every check: its spreadsheet row number, its sheet (when several are read) and its typed
    values (a :class:`SurveyRow`; a dictionary per row would not fit 200,000 rows in memory)."""

    __slots__ = ("cells", "row", "sheet", "source", "survey")

    def __init__(self, row: int, survey: SurveyRow, sheet: str | None = None,
                 source: submissions.Source | None = None, cells: list[Any] | None = None) -> None:
        self.row = row
        self.survey = survey
        self.sheet = sheet
        self.source = source  # the phone-form submission it came from
        # the row as read, kept for a submission (whose row may still be rejected once the plan looks for its
        # survey: :func:`_imported_before`); None for a workbook row
        self.cells = cells

    @property
    def key(self) -> RowKey:
        """(sheet, row): row numbers alone repeat when several sheets are read."""
        return self.sheet, self.row

    @property
    def values(self) -> dict[str, Any]:
        return self.survey._asdict()


@dataclass
class ImportPlan:
    """What an import would do; nothing has been written yet."""

    path: Path
    sheet: str
    header_row: int
    header: list[Any]
    new: list[GoodRow] = field(default_factory=list)
    update: list[GoodRow] = field(default_factory=list)
    unchanged: list[GoodRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    years: Counter[int] = field(default_factory=Counter)
    # Fields blank in every row checked: the import leaves them out of its inserts (they are NULL all the
    # same, and binding a blank costs the database driver more than any other value).
    blank_keys: frozenset[str] = frozenset()
    # An export of the phone form (KoBoToolbox, ODK Central): its rows name their submissions.
    phone_form: bool = False
    sheets: list[SheetRead] = field(default_factory=list)  # the sheets read, in order
    candidates: list[tuple[str, int]] = field(default_factory=list)  # every sheet holding survey rows
    columns_by_sheet: dict[str, dict[int, str]] = field(default_factory=dict)  # column index → key
    # What each updated row changes (by its (sheet, row) key), shown before anything is written.
    changes: dict[RowKey, SurveyChange] = field(default_factory=dict)
    # The updated rows of submissions edited on the server to name another school or year: the survey each moves.
    moves: dict[RowKey, Move] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return max(self.years) if self.years else None

    @property
    def form_versions(self) -> list[str]:
        """The phone form's versions the submissions were filled in (empty for a workbook)."""
        return sorted({good.source.form_version for good in (*self.new, *self.update, *self.unchanged)
                       if good.source is not None and good.source.form_version})

    @property
    def replacing(self) -> list[RowKey]:
        """(sheet, row) keys of the updates that would replace a stored survey of another school (see :class:`SurveyChange`)."""
        return [number for number, change in self.changes.items() if change.replaces]

    def rows_to_write(self, replace: Collection[RowKey] = ()) -> list[SurveyRow]:
        """The new and updated rows to write: a row replacing another school's survey only when in ``replace``."""
        skipped = set(self.replacing) - set(replace)
        return [good.survey for good in (*self.new, *self.update) if good.key not in skipped]

    def moved_surveys(self, replace: Collection[RowKey] = ()) -> dict[tuple[str, int], int]:
        """(NPSN, year) of each row written that moves a stored survey → that survey's id (``write_surveys(moves=)``)."""
        skipped = set(self.replacing) - set(replace)
        return {(good.survey.npsn, good.survey.year): self.moves[good.key].survey_id
                for good in self.update if good.key in self.moves and good.key not in skipped}

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "imported": len(self.new),
            "updated": len(self.update),
            "unchanged": len(self.unchanged),
            "rejected": [r.as_json() for r in self.rejected],
            "warnings": list(self.warnings),
            "sheets": [s.as_json() for s in self.sheets],
            "changes": [change.as_json(key) for key, change in self.changes.items()],
        }


@dataclass(frozen=True)
class Move:
    """A stored survey that a submission edited on the server moves to the school and year its row names."""

    survey_id: int
    submission: str
    npsn: str  # where the survey is stored now
    year: int
    school: str  # the name of its school now


def _header_at(rows: Sequence[list[Any]]) -> tuple[int, int] | None:
    """(required columns named, row index) of the header among the first rows, or None."""
    best: tuple[int, int] | None = None  # (required found, index)
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {column_key(c) for c in cells if c is not None and c != "" and type(c) is not SheetError}
        found = sum(1 for k in REQUIRED_KEYS if k in keys)
        if found == len(REQUIRED_KEYS):
            return found, index
        if found and (best is None or found > best[0]):
            best = (found, index)
    return best if best is not None and best[0] >= 3 else None


def _no_header() -> UserError:
    return UserError(
        msg(
            en="No header row naming the survey columns (NPSN, Nama Sekolah, Jenjang, …) was found in the first {n} rows.",
            id="Baris judul kolom survei (NPSN, Nama Sekolah, Jenjang, …) tidak ditemukan pada {n} baris pertama.",
            n=HEADER_SEARCH_ROWS,
        )
    )


@dataclass
class SurveyChange:
    """What writing one row would change in a stored survey and its school: (table, column, stored, new) per field.

    A row *replaces* the stored survey (docs/domain-rules.md §3.7) when it names the same NPSN and year under another school name
    (compared without case and spacing): most likely another school typed with a wrong NPSN — a row the
    importer rejected as a duplicate NPSN and that came back in the rejected-rows workbook. Such a row is
    written only when the user says so (the preview's check box, ``import-survey --replace``).
    """

    npsn: str
    year: int
    stored_name: str
    new_name: str
    fields: list[tuple[str, str, Any, Any]]
    # (NPSN, year) the survey is stored under now, when the row moves it (a submission edited on the server,
    # :class:`Move`): it is the same survey, so it replaces nothing
    moved_from: tuple[str, int] | None = None

    @property
    def replaces(self) -> bool:
        return self.moved_from is None and _same_name(self.stored_name) != _same_name(self.new_name)

    def as_json(self, key: RowKey) -> dict[str, Any]:
        from bakti_desktop.labels import column_label
        from bakti_desktop.storage.jsonvalues import encode

        sheet, row = key
        return {"row": row, **({"sheet": sheet} if sheet is not None else {}), "npsn": self.npsn, "year": self.year,
                "school": self.stored_name,
                "school_in_workbook": self.new_name, "replaces": self.replaces,
                **({"moved_from": {"npsn": self.moved_from[0], "year": self.moved_from[1]}} if self.moved_from else {}),
                "fields": [{"table": table, "field": key, "label": column_label(table, key), "stored": encode(old),
                            "new": encode(new)}
                           for table, key, old, new in self.fields]}


def _same_name(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def find_header(rows: Sequence[list[Any]]) -> tuple[int, dict[int, str], list[str]]:
    """(row index, column index → key, unknown headers) of the header row.

    The header is the first of the first rows that names every required
    column; failing that, the one naming most of them.
    """
    best = _header_at(rows)
    if best is None:
        raise _no_header()
    index = best[1]
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for col, cell in enumerate(rows[index]):
        if cell in (None, "") or (isinstance(cell, str) and not cell.strip()) or type(cell) is SheetError:
            continue
        key = column_key(cell)
        if key == submissions.IGNORE or (key is None and header_key(cell) in IGNORED_HEADERS):
            continue
        if key is None:
            unknown.append(str(cell).strip())
        elif key in columns.values():
            if not submissions.is_server_column(cell):  # ODK Central's own "Status" after the school's
                unknown.append(str(cell).strip())
        else:
            columns[col] = key
    return index, _located(columns), unknown


def column_key(cell: Any) -> str | None:
    """The field a header names (by key, label or alias), or, in a phone-form export, the server's column."""
    key = HEADERS.get(header_key(cell))
    return key if key is not None else submissions.column_key(cell, HEADERS.get)


def _located(columns: dict[int, str]) -> dict[int, str]:
    """The geopoint's latitude and longitude as lintang and bujur when the export has no such columns."""
    keys = set(columns.values())
    renamed = {submissions.LATITUDE: "lintang", submissions.LONGITUDE: "bujur"}
    located: dict[int, str] = {}
    for col, key in columns.items():
        if key in renamed:
            if renamed[key] in keys:
                continue
            key = renamed[key]
        located[col] = key
    return located


ALL_SHEETS = "*"  # plan_import(sheets=ALL_SHEETS): every sheet holding survey rows


def plan_import(
    db: Database,
    path: str | Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    sheets: Sequence[str] | str | None = None,
) -> ImportPlan:
    """Read and check the workbook at ``path`` and compare it with the database.

    Every sheet is searched for the survey header (docs/domain-rules.md §3.6). When more than one holds
    survey rows, ``sheets`` says which to read: their names, or :data:`ALL_SHEETS`; without it the import
    is refused with the candidates (:class:`SheetChoiceNeeded`).
    """
    with no_cycle_collection():
        return _plan_import(db, Path(path), progress, cancelled, sheets)


def _guide_sheet(name: str) -> bool:
    key = header_key(name)
    return any(key.startswith(word) for word in GUIDE_SHEETS)


def _has_rows(rows: Sequence[list[Any]], header_index: int) -> bool:
    """Whether any row below the header holds more than a sequence number (read no further than the first)."""
    return any(True for _ in _survey_rows(islice(rows, header_index + 1, None), header_index + 1, frozenset()))


def _candidates(path: Path, all_sheets: list[Sheet]) -> list[tuple[Sheet, int]]:
    """(sheet, header row index) of every sheet holding survey rows under a survey header."""
    found = []
    for sheet in all_sheets:
        if _guide_sheet(sheet.name):
            continue
        header = _header_at(sheet.rows[:HEADER_SEARCH_ROWS])
        if header is not None and _has_rows(sheet.rows, header[1]):
            found.append((sheet, header[1]))
    return found


def _plan_import(
    db: Database, path: Path, progress: Progress | None, cancelled: Callable[[], bool] | None,
    wanted: Sequence[str] | str | None = None,
) -> ImportPlan:
    from bakti_desktop.spreadsheets import xlsx_stream

    kind = file_kind(path)
    if kind != "csv":
        check_workbook_file(path, streamed=True)
    if kind == "zip" and xlsx_stream.is_large(path):  # stream the sheet: a national workbook does not fit in memory
        name, rows = xlsx_stream.iter_rows(path)
        total = xlsx_stream.row_count_hint(path)  # for the progress bar; the stream has no length
        first: list[list[Any]] = []
        for row in rows:
            first.append(row)
            if len(first) == HEADER_SEARCH_ROWS:
                break
        header_index, columns, unknown = find_header(first)
        plan = ImportPlan(path=path, sheet=name, header_row=header_index + 1, header=list(first[header_index]))
        plan.candidates = [(name, header_index + 1)]
        checker = _Checker(plan)
        _read_sheet(plan, checker, name, _chain(first, rows), header_index, columns, unknown, frozenset(),
                    progress, cancelled, 0, total, None)
        return checker.finish(db)
    all_sheets = read_sheets(path)
    try:
        return _plan_sheets(db, path, all_sheets, progress, cancelled, wanted)
    except ReadWhole:
        pass  # a sheet read in parts turned out unusual on the way: read it whole, from the start
    finally:
        for sheet in all_sheets:
            sheet.close()
    return _plan_sheets(db, path, read_sheets(path, parted=False), progress, cancelled, wanted)


def _plan_sheets(db: Database, path: Path, all_sheets: list[Sheet], progress: Progress | None,
                 cancelled: Callable[[], bool] | None, wanted: Sequence[str] | str | None) -> ImportPlan:
    """The plan of :func:`plan_import` from the sheets read (a large one may still be arriving in parts)."""
    found = _candidates(path, all_sheets)
    if not found:
        if not any(_header_at(s.rows[:HEADER_SEARCH_ROWS]) for s in all_sheets if not _guide_sheet(s.name)):
            raise _no_header()
        raise UserError(msg(en="{name} holds no survey rows: the survey header is there, with no school under it.",
                            id="{name} tidak berisi baris survei: judul kolom survei ada, tetapi tanpa sekolah di bawahnya.",
                            name=path.name))
    candidates = [(sheet.name, index + 1) for sheet, index in found]
    if isinstance(wanted, str) and wanted != ALL_SHEETS:
        wanted = [wanted]
    if wanted is None:
        if len(found) > 1:
            raise SheetChoiceNeeded(path, candidates)
        chosen = found
    elif wanted == ALL_SHEETS:
        chosen = found
    else:
        names = {header_key(n): n for n in wanted}
        chosen = [(sheet, index) for sheet, index in found if header_key(sheet.name) in names or sheet.name in wanted]
        known = {header_key(sheet.name) for sheet, _i in found} | {sheet.name for sheet, _i in found}
        missing = [n for n in wanted if n not in known and header_key(n) not in known]
        if missing or not chosen:
            raise UserError(msg(
                en="{name} has no sheet {missing} holding survey rows; the sheets holding them are: {sheets}.",
                id="{name} tidak memiliki lembar {missing} yang berisi baris survei; lembar yang berisi: {sheets}.",
                name=path.name, missing=", ".join(f"{n!r}" for n in missing or wanted),
                sheets=", ".join(f"{n!r}" for n, _row in candidates)))
    first_sheet, first_index = chosen[0]
    plan = ImportPlan(path=path, sheet=first_sheet.name, header_row=first_index + 1,
                      header=list(first_sheet.rows[first_index]))
    plan.candidates = candidates
    checker = _Checker(plan)
    total = sum(_row_count(sheet) for sheet, _i in chosen)
    done = 0
    several = len(chosen) > 1
    for sheet, index in chosen:
        header_index, columns, unknown = find_header(sheet.rows[index:index + 1])
        header_index += index
        done = _read_sheet(plan, checker, sheet.name, iter(sheet.rows), header_index, columns, unknown,
                           sheet.hidden, progress, cancelled, done, total, sheet.name if several else None)
    return checker.finish(db)


def _row_count(sheet: Sheet) -> int:
    """The sheet's rows, for progress: a sheet read in parts says how many it will have without waiting."""
    return sheet.rows.expected if isinstance(sheet.rows, PartedRows) else len(sheet.rows)


def _read_sheet(plan: ImportPlan, checker: _Checker, name: str, rows: Iterator[list[Any]], header_index: int,
                columns: dict[int, str], unknown: list[str], hidden: AbstractSet[int], progress: Progress | None,
                cancelled: Callable[[], bool] | None, done: int, total: int | None, label: str | None) -> int:
    """Check the survey rows of one sheet (``rows`` from its first row) into ``plan``; the rows done so far."""
    prefix = f"{name}: " if label is not None else ""
    plan.columns_by_sheet[name] = columns
    if not submissions.ROLES.isdisjoint(columns.values()):  # an export of the phone form
        plan.phone_form = True
    if unknown:
        plan.warnings.append(prefix + msg(en="Unknown columns, not imported: {cols}",
                                          id="Kolom tidak dikenal, tidak diimpor: {cols}", cols=", ".join(unknown)))
    missing = [k for k in REQUIRED_KEYS if k not in columns.values()]
    if missing:
        plan.warnings.append(prefix + msg(en="Required columns missing: {cols}", id="Kolom wajib tidak ada: {cols}",
                                          cols=", ".join(BY_KEY[k].label for k in missing)))
    for _ in range(header_index + 1):
        next(rows, None)
    width = max(columns, default=-1) + 1
    numbered = _survey_rows(rows, header_index + 1, frozenset(columns))
    checker.sheet = label
    read = 0
    hidden_rows: list[int] = []
    while True:
        numbers: list[int] = []
        cells: list[list[Any]] = []
        for number, row in numbered:
            numbers.append(number)
            cells.append(row if len(row) >= width else row + [None] * (width - len(row)))
            if len(cells) == CHUNK_ROWS:
                break
        if not cells:
            break
        if hidden:
            hidden_rows.extend(n for n in numbers if n - 1 in hidden)
        by_column = list(zip(*cells))
        table: dict[str, Sequence[Any]] = {key: by_column[col] for col, key in columns.items()}
        if plan.phone_form:  # only the columns read: a server's own columns can be a quarter of an export
            table = {key: tuple(submissions.blank_skipped(column)) for key, column in table.items()}
        checker.check(numbers, table, cells,
                      _step(progress, cancelled, done, len(cells), total))
        done += len(cells)
        read += len(cells)
        if len(cells) < CHUNK_ROWS:
            break
    plan.sheets.append(SheetRead(name, header_index + 1, read))
    if hidden_rows:
        shown = ", ".join(map(str, hidden_rows[:20])) + (" …" if len(hidden_rows) > 20 else "")
        plan.warnings.append(prefix + msg(
            en="{n} hidden or filtered-out rows were read like the others: rows {rows}",
            id="{n} baris tersembunyi atau tersaring ikut dibaca seperti baris lain: baris {rows}",
            n=number_text(len(hidden_rows)), rows=shown))
    return done


_DASH_CELLS = frozenset({"-", "–", "—", "--", "−"})


def _survey_rows(rows: Iterable[list[Any]], start: int,
                 mapped: frozenset[int]) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) of the rows holding anything but dashes and a sequence number (a
    pre-numbered "No" column, outside the survey's columns, leaves rows holding only their number)."""
    for index, cells in enumerate(rows, start):
        filled = None
        for column, c in enumerate(cells):
            if c is None or (type(c) is str and (not c.strip() or c.strip() in _DASH_CELLS)):
                continue
            if filled is not None:  # two cells: a survey row
                filled = -1
                break
            filled = column
        if filled is None:
            continue
        if filled >= 0 and filled not in mapped and _sequence_number(cells[filled]):
            continue
        yield index + 1, cells


def _sequence_number(cell: Any) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return float(cell).is_integer() and 0 < cell < 1_000_000
    return isinstance(cell, str) and cell.strip().rstrip(".").isdigit() and len(cell.strip()) <= 7


def _chain(head: list[list[Any]], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield from head
    yield from rest


def _step(progress: Progress | None, cancelled: Callable[[], bool] | None, done: int, size: int,
          total: int | None) -> Callable[[int, int], None]:
    """Progress of one chunk's checks as progress of the whole file (its size may be unknown: streamed)."""

    def step(part: int, parts: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None:
            current = done + size * part // parts
            progress(current, max(total or 0, current + 1))

    return step


def check_records(
    db: Database,
    plan: ImportPlan,
    rows: list[tuple[int, dict[str, Any], list[Any]]],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Validate (row number, raw values by key, cells) records into ``plan`` and classify them."""
    keys = {key for _number, raw, _cells in rows for key in raw}
    table: dict[str, Sequence[Any]] = {key: [raw.get(key) for _number, raw, _cells in rows] for key in keys}
    return check_table(db, plan, [r[0] for r in rows], table, [r[2] for r in rows], progress, cancelled)


def check_table(
    db: Database,
    plan: ImportPlan,
    numbers: list[int],
    columns: dict[str, Sequence[Any]],
    cells: list[list[Any]],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Validate records given column by column (raw cells by key, one per row number) into ``plan``.

    ``cells`` are the rows as read, kept with rejected rows for the rejected-rows workbook.
    """
    checker = _Checker(plan)
    checker.check(numbers, columns, cells, _step(progress, cancelled, 0, len(numbers), len(numbers)))
    if cancelled is not None and cancelled():
        raise Cancelled
    return checker.finish(db)


class _Checker:
    """Checks rows chunk by chunk into a plan, remembering (NPSN, year) across chunks for duplicates."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.seen: dict[tuple[str, int], RowKey] = {}
        self.good: list[GoodRow] = []
        self.blank: set[str] | None = None  # keys blank in every chunk so far
        self.sheet: str | None = None  # the sheet being read, named in rejections when several are read

    def check(self, numbers: list[int], columns: dict[str, Sequence[Any]], cells: list[list[Any]],
              step: Callable[[int, int], None]) -> None:
        blank: set[str] = set()
        checked = validate_table(columns, len(numbers), step, blank)
        self.blank = blank if self.blank is None else self.blank & blank
        rows = rows_of(values for values, _problems in checked)  # typed as checked rows; only good ones are kept
        seen, good, rejected = self.seen, self.good, self.plan.rejected
        found = submissions.sources(columns, len(numbers)) if self.plan.phone_form else [None] * len(numbers)
        for number, row_cells, row, (_values, problems), source in zip(numbers, cells, rows, checked, found):
            if row.npsn and row.year:  # a second row of an NPSN and year is a duplicate
                first = seen.setdefault((row.npsn, row.year), (self.sheet, number))
                if first != (self.sheet, number):
                    problems = [_duplicate(row, first)]
            if problems:
                rejected.append(Rejected(number, problems[0].column, "; ".join(p.message for p in problems),
                                         list(row_cells), self.sheet))
            else:
                good.append(GoodRow(number, row, self.sheet, source, None if source is None else row_cells))

    def finish(self, db: Database) -> ImportPlan:
        plan = self.plan
        plan.blank_keys = frozenset(self.blank or ())
        _classify(db, plan, self.good)
        if plan.phone_form:
            _imported_before(db, plan)
            for good in self.good:  # the rows as read were kept for this only: not through the preview and write
                good.cells = None
        plan.years.update(row.survey.year for row in self.good)
        # record_warnings, without a dictionary per row (200,000 rows)
        soap_rows = [row_text(good.key) for good in self.good if (row := good.survey).air_sabun not in (None, "tidak_ada")
                     and (row.sarana_cuci_tangan or 0) - (row.sarana_cuci_tangan_rusak or 0) < 1]
        if soap_rows:
            shown = ", ".join(soap_rows[:20]) + (" …" if len(soap_rows) > 20 else "")
            plan.warnings.append(
                msg(
                    en="{n} rows record water or soap where no handwashing facility works (hygiene counts as "
                       "no service): rows {rows}",
                    id="{n} baris mengisi air/sabun padahal tidak ada sarana cuci tangan yang berfungsi (higiene "
                       "dihitung tidak ada layanan): baris {rows}",
                    n=number_text(len(soap_rows)),
                    rows=shown,
                )
            )
        if len(plan.years) > 1:
            plan.warnings.append(
                msg(
                    en="The workbook holds several survey years: {years}",
                    id="Buku kerja berisi beberapa tahun survei: {years}",
                    years=", ".join(str(y) for y in sorted(plan.years)),
                )
            )
        return plan


def _duplicate(row: SurveyRow, first: RowKey) -> Problem:
    return Problem("npsn", msg(en="NPSN {npsn} for {year} already appears in row {first}; this row is a duplicate",
                               id="NPSN {npsn} tahun {year} sudah ada di baris {first}; baris ini duplikat",
                               npsn=row.npsn, year=row.year, first=row_text(first)))


def _classify(db: Database, plan: ImportPlan, good: list[GoodRow]) -> None:
    """Sort good rows into new, update and unchanged against the database (what the writer would do with them)."""
    npsns = list({row.survey.npsn for row in good})
    with db.engine.connect() as conn:
        schools = {s.npsn: s for s in lookup(conn, select(School.npsn, School.id, *_columns(School, writer.SCHOOL_COLUMNS)),
                                             School.npsn, npsns)}
        school_ids = [s.id for s in schools.values()]
        query = select(Survey.school_id, Survey.year, *_columns(Survey, writer.SURVEY_COLUMNS))
        surveys = {(s.school_id, s.year): s for s in lookup(conn, query, Survey.school_id, school_ids)}
        latest = writer.latest_years(conn, school_ids)
    if not schools:  # none of the schools is known (a first import): every row is new
        plan.new.extend(good)
        return
    # Stored and workbook values side by side, in the order of the columns compared: a row equal in both is
    # unchanged without a look at each field (a re-imported workbook is mostly unchanged rows).
    given_school, given_survey = values_of(writer.SCHOOL_COLUMNS), values_of(writer.SURVEY_COLUMNS)
    for good_row in good:
        row = good_row.survey
        school = schools.get(row.npsn)
        existing = surveys.get((school.id, row.year)) if school is not None else None
        if school is None or existing is None:
            plan.new.append(good_row)
        elif tuple(school)[2:] == given_school(row) and tuple(existing)[2:] == given_survey(row):
            plan.unchanged.append(good_row)
        elif fields := _changes(row, school._mapping, existing._mapping, latest.get(school.id)):
            plan.update.append(good_row)
            plan.changes[good_row.key] = SurveyChange(row.npsn, row.year, school.nama_sekolah, row.nama_sekolah, fields)
        else:  # some field only seemed to differ (1 == 1.0; floats compared with a tolerance)
            plan.unchanged.append(good_row)


def _imported_before(db: Database, plan: ImportPlan) -> None:
    """A submission whose version was imported before is unchanged, whatever its survey holds now; one edited
    on the server to name another school or year moves the survey stored from it (:func:`_moves`).

    Importing the same export again (or a later one that contains it) changes nothing, not even a
    survey corrected on the desktop since; a submission edited on the server (a new instance ID) is
    compared and written as any row.
    """
    sourced = [good for good in (*plan.new, *plan.update, *plan.unchanged) if good.source is not None]
    if not sourced:
        return
    ids = list({good.source.submission for good in sourced if good.source is not None})
    with db.engine.connect() as conn:
        found = list(lookup(conn, select(Survey.id, Survey.submission_id, Survey.submission_instance, Survey.year,
                                         School.npsn, School.nama_sekolah)
                            .join(School, School.id == Survey.school_id), Survey.submission_id, ids))
        if not found:
            return
        stored = {(r.submission_id, r.submission_instance) for r in found}
        again = {id(good) for good in sourced if good.source is not None
                 and (good.source.submission, good.source.instance) in stored}
        surveys: dict[str, list[Any]] = {}
        for r in found:
            surveys.setdefault(r.submission_id, []).append(r)
        # A submission edited on the server to name another school or year: the survey stored from it moves
        # there (when no survey of its own sits under the row's NPSN and year).
        elsewhere = [(good, max(surveys[good.source.submission], key=lambda r: r.id)) for good in sourced
                     if id(good) not in again and good.source is not None and good.source.submission in surveys
                     and all((r.npsn, r.year) != (good.survey.npsn, good.survey.year)
                             for r in surveys[good.source.submission])]
        if elsewhere:
            _moves(conn, plan, elsewhere)
    if again:
        plan.unchanged.extend(good for good in (*plan.new, *plan.update) if id(good) in again)
        plan.new = [good for good in plan.new if id(good) not in again]
        plan.update = [good for good in plan.update if id(good) not in again]
        for good in sourced:
            if id(good) in again:
                plan.changes.pop(good.key, None)


def _moves(conn: Any, plan: ImportPlan, elsewhere: list[tuple[GoodRow, Any]]) -> None:
    """The rows of submissions whose survey is stored under another NPSN or year: each updates that survey
    and moves it to its own NPSN and year (:attr:`ImportPlan.moves`, said in a warning), unless another survey
    is stored there (never overwritten: the row is rejected, naming both surveys), another row of the import
    names the survey's present NPSN and year, or another row of the import moves it already.

    A few bulk look-ups for these rows only: their schools, the surveys stored there, the moving surveys' values.
    """
    moving = [survey.id for _good, survey in elsewhere]
    npsns = list({good.survey.npsn for good, _survey in elsewhere})
    schools = {s.npsn: s for s in lookup(conn, select(School.npsn, School.id, *_columns(School, writer.SCHOOL_COLUMNS)),
                                         School.npsn, npsns)}
    taken = {(r.school_id, r.year): r for r in lookup(
        conn, select(Survey.id, Survey.school_id, Survey.year, Survey.submission_id), Survey.school_id,
        [s.id for s in schools.values()])}
    values = {r.id: r for r in lookup(conn, select(Survey.id, *_columns(Survey, writer.SURVEY_COLUMNS)), Survey.id,
                                      moving)}
    latest = writer.latest_years(conn, [s.id for s in schools.values()], moving)
    named = {(good.survey.npsn, good.survey.year) for good in (*plan.new, *plan.update, *plan.unchanged)}
    claimed: dict[int, RowKey] = {}
    rejected: dict[int, str] = {}  # id(row) → reason
    moved: list[tuple[GoodRow, Move]] = []
    for good, survey in elsewhere:
        row, source = good.survey, good.source
        assert source is not None
        school = schools.get(row.npsn)
        other = taken.get((school.id, row.year)) if school is not None else None
        names = {"row": row_text(good.key), "submission": source.submission, "npsn": row.npsn, "year": row.year,
                 "old_npsn": survey.npsn, "old_year": survey.year, "old_school": survey.nama_sekolah}
        if other is not None:
            held = (msg(en="from submission {s}", id="dari kiriman {s}", s=other.submission_id)
                    if other.submission_id else msg(en="not from a phone form", id="bukan dari formulir ponsel"))
            rejected[id(good)] = msg(
                en="row {row}: submission {submission} was edited on the server to name NPSN {npsn} year {year}, but "
                   "a survey of NPSN {npsn} year {year} ({school}, {held}) is already stored; the survey stored from "
                   "this submission (NPSN {old_npsn} year {old_year}, {old_school}) is left as it is. Correct the "
                   "submission on the server or delete the wrong survey, then import again.",
                id="baris {row}: kiriman {submission} diubah di server dan kini menyebut NPSN {npsn} tahun {year}, "
                   "padahal survei NPSN {npsn} tahun {year} ({school}, {held}) sudah tersimpan; survei yang tersimpan "
                   "dari kiriman ini (NPSN {old_npsn} tahun {old_year}, {old_school}) dibiarkan. Perbaiki kiriman di "
                   "server atau hapus survei yang salah, lalu impor lagi.",
                school=school.nama_sekolah if school is not None else "?", held=held, **names)
        elif (survey.npsn, survey.year) in named:
            rejected[id(good)] = msg(
                en="row {row}: submission {submission} was edited on the server to name NPSN {npsn} year {year}; its "
                   "survey (NPSN {old_npsn} year {old_year}, {old_school}) cannot move there because another row of "
                   "this file names NPSN {old_npsn} year {old_year}",
                id="baris {row}: kiriman {submission} diubah di server dan kini menyebut NPSN {npsn} tahun {year}; "
                   "surveinya (NPSN {old_npsn} tahun {old_year}, {old_school}) tidak dapat dipindah karena baris lain "
                   "di berkas ini menyebut NPSN {old_npsn} tahun {old_year}", **names)
        elif survey.id in claimed:
            rejected[id(good)] = msg(
                en="row {row}: submission {submission} is also in row {first}",
                id="baris {row}: kiriman {submission} juga ada di baris {first}", first=row_text(claimed[survey.id]),
                **names)
        else:
            claimed[survey.id] = good.key
            moved.append((good, Move(survey.id, source.submission, survey.npsn, survey.year, survey.nama_sekolah)))
    if rejected:
        for good, survey in elsewhere:
            if id(good) in rejected:
                column = "npsn" if good.survey.npsn != survey.npsn else "tahun"
                plan.rejected.append(Rejected(good.row, column, rejected[id(good)], list(good.cells or ()), good.sheet))
                plan.changes.pop(good.key, None)
    gone = set(rejected) | {id(good) for good, _move in moved}
    if gone:
        plan.new = [good for good in plan.new if id(good) not in gone]
        plan.update = [good for good in plan.update if id(good) not in gone]
        plan.unchanged = [good for good in plan.unchanged if id(good) not in gone]
    for good, move in moved:
        row, school = good.survey, schools.get(good.survey.npsn)
        stored = values[move.survey_id]._mapping
        fields = [("school", "npsn", move.npsn, row.npsn)] if move.npsn != row.npsn else []
        if school is not None:  # the school it moves to: its register values, §3.3 (a new school is added)
            fields += _changes(row, school._mapping, stored, latest.get(school.id))
        else:  # a new school: its name, if another, and the survey's values
            if _same_name(move.school) != _same_name(row.nama_sekolah):
                fields.append(("school", "nama_sekolah", move.school, row.nama_sekolah))
            fields += [("survey", key, old, new) for key, (old, new) in
                       writer.differences(stored, row._asdict(), writer.SURVEY_COLUMNS).items()]
        plan.update.append(good)
        plan.moves[good.key] = move
        plan.changes[good.key] = SurveyChange(row.npsn, row.year, move.school, row.nama_sekolah, fields,
                                              moved_from=(move.npsn, move.year))
    if moved:
        plan.warnings.append(msg(
            en="{n} submissions edited on the server now name another school or year: the survey stored from each "
               "moves there and takes its values: {rows}",
            id="{n} kiriman diubah di server dan kini menyebut sekolah atau tahun lain: survei yang tersimpan dari "
               "kiriman itu dipindah ke sana dan mengambil nilainya: {rows}",
            n=number_text(len(moved)), rows=", ".join(
                f"{row_text(good.key)} (NPSN {move.npsn} {move.year} → NPSN {good.survey.npsn} {good.survey.year})"
                for good, move in moved[:20]) + (" …" if len(moved) > 20 else "")))


def _columns(model: Any, keys: Sequence[str]) -> list[Any]:
    return [model.__table__.c[k] for k in keys]


def _changes(row: SurveyRow, school: Any, survey: Any, newest_stored: int | None) -> list[tuple[str, str, Any, Any]]:
    """(table, column, stored, new) of what writing ``row`` changes in its stored survey, and in its school (only
    the newest year's row sets it, §3.3); empty when nothing changes."""
    values = row._asdict()
    fields: list[tuple[str, str, Any, Any]] = []
    if writer.register_follows(row.year, newest_stored):
        fields += [("school", key, old, new) for key, (old, new) in
                   writer.differences(school, values, writer.SCHOOL_COLUMNS).items()]
    fields += [("survey", key, old, new) for key, (old, new) in
               writer.differences(survey, values, writer.SURVEY_COLUMNS).items()]
    return fields


WRITE_ROWS = writer.WRITE_ROWS  # surveys written per statement batch


def apply_import(db: Database, plan: ImportPlan, progress: Progress | None = None,
                 replace: Collection[RowKey] = ()) -> dict[str, Any]:
    """Write the plan's new and updated rows in one transaction, through the writer of surveys; return the summary.

    The writer looks the surveys up again: a row planned as new whose survey was stored since the
    preview (another import, another user) is updated, and the summary counts it so. A row that would
    replace another school's survey (:attr:`ImportPlan.replacing`) is written only when its (sheet, row) key
    is in ``replace``; the others are left out (``skipped`` in the summary).

    The import is one batch (``import_batch``, its id is ``batch`` in the summary), named by its audit
    entries, so that :func:`bakti_desktop.mapping.undo.undo_import` can revert it.
    """
    from bakti_desktop.mapping.undo import finish_batch, start_batch

    skipped = sorted(set(plan.replacing) - set(replace))
    with no_cycle_collection():
        rows = plan.rows_to_write(replace)
        with db.engine.begin() as conn:
            batch = start_batch(conn, plan.path.name, _sheet_names(plan))
            done = writer.write_surveys(conn, rows, note=import_note(plan, batch)[:300],
                                        blank_keys=plan.blank_keys, progress=progress, batch=batch,
                                        inserted_with=_with_submissions(plan) if plan.phone_form else None,
                                        moves=plan.moved_surveys(replace))
            if plan.phone_form:
                _keep_submissions(conn, plan, set(skipped), batch, import_note(plan, batch)[:300],
                                  inserted=done.added == len(rows))
            finish_batch(conn, batch, done, unchanged=len(plan.unchanged) + done.unchanged,
                         rejected=len(plan.rejected))
            fault_point("import-before-commit")  # every row written, nothing committed yet
    summary = plan.as_json()
    summary.update(imported=done.added, updated=done.updated, unchanged=len(plan.unchanged) + done.unchanged,
                   batch=batch, skipped=[plan.changes[key].as_json(key) for key in skipped])
    return summary


def import_note(plan: ImportPlan, batch: int) -> str:
    """Where the rows came from, written with every audit entry: the survey's history shows it."""
    if not plan.phone_form:
        return f"impor #{batch}: {plan.path.name}"
    versions = plan.form_versions
    version = f" versi {', '.join(versions)}" if versions else ""
    return f"impor #{batch} formulir ponsel{version}: {plan.path.name}"


def _with_submissions(plan: ImportPlan) -> tuple[Sequence[str], Callable[[SurveyRow], Sequence[Any]]]:
    """The submission columns of the surveys the writer inserts, for :func:`_keep_submissions` to leave them."""
    kept = {(good.survey.npsn, good.survey.year): (good.source.submission, good.source.instance)
            for good in (*plan.new, *plan.update) if good.source is not None}
    blank = (None, None)
    return ("submission_id", "submission_instance"), lambda row: kept.get((row.npsn, row.year), blank)


def _keep_submissions(conn: Any, plan: ImportPlan, skipped: set[RowKey], batch: int, note: str,
                      inserted: bool = False) -> None:
    """Each survey written or unchanged keeps the submission it came from (an unchanged survey only when it
    names none yet), so that importing the export again changes nothing. Storing a submission on a survey
    stored before this import is a change of that survey: its audit entry of the batch holds it (undoing the
    import gives the previous submission back), and a survey the writer left as it was gets its version raised
    and ``updated_at``/``updated_by`` set, so that a laptop package carries it (:func:`_audit_submissions`).

    The rows are bound as one parameter (:func:`_submissions_bound`) and the database joins them to the
    schools and surveys: one statement reads the submissions the import replaces, one writes them all (on
    SQLite, one UPDATE per row through ``executemany`` cost more than the survey rows' own inserts).
    ``inserted``: the writer inserted every row written, with its submission (:func:`_with_submissions`):
    only the unchanged ones are left (a first import: none).
    """
    from sqlalchemy import Boolean, and_, or_, type_coerce, update

    written = [] if inserted else [(good, True) for good in (*plan.new, *plan.update) if good.key not in skipped]
    written += [(good, False) for good in plan.unchanged]
    rows = [(good.survey.npsn, good.survey.year, wrote, good.source.submission, good.source.instance)
            for good, wrote in written if good.source is not None]
    if not rows:
        return
    incoming = _submissions_bound(conn, rows)
    if incoming is None:  # neither SQLite with JSON and UPDATE … FROM nor PostgreSQL: a statement per row
        _keep_submissions_by_row(conn, rows, batch, note)
        return
    wrote = type_coerce(incoming.c.wrote, Boolean)
    matched = and_(School.npsn == incoming.c.npsn, Survey.school_id == School.id, Survey.year == incoming.c.year)
    changed: dict[int, tuple[Any, dict[str, tuple[Any, Any]]]] = {}
    takes = or_(wrote, Survey.submission_id.is_(None))
    differs = or_(Survey.submission_id.is_distinct_from(incoming.c.submission),
                  Survey.submission_instance.is_distinct_from(incoming.c.instance))
    # the surveys whose submission the import writes: all stored before it (those it inserted have theirs
    # already, :func:`_with_submissions`: read, not written again)
    for r in conn.execute(select(Survey.id, Survey.uuid, Survey.submission_id, Survey.submission_instance,
                                 incoming.c.submission, incoming.c.instance.label("new_instance"))
                          .where(matched, takes, differs)):
        new = {"submission_id": r.submission, "submission_instance": r.new_instance}
        changed[r.id] = (r, {k: (getattr(r, k), v) for k, v in new.items() if getattr(r, k) != v})
    conn.execute(update(Survey).where(matched, takes, differs)
                 .values(submission_id=incoming.c.submission, submission_instance=incoming.c.instance))
    _audit_submissions(conn, changed, batch, note)


def _submissions_bound(conn: Any, rows: list[tuple[str, int, bool, str, str]]) -> Any:
    """(npsn, year, wrote, submission, instance) rows as a subquery over one bound parameter: a JSON array read
    by ``json_each`` on SQLite, arrays unnested on PostgreSQL; None elsewhere."""
    import json
    import sqlite3

    from sqlalchemy import Boolean, Integer, Text, bindparam, column, func, literal_column
    from sqlalchemy.dialects.postgresql import ARRAY

    from bakti_desktop.storage import bulk

    names = ("npsn", "year", "wrote", "submission", "instance")
    if conn.dialect.name == "sqlite":
        if sqlite3.sqlite_version_info < (3, 33) or not bulk._sqlite_has_json():  # UPDATE … FROM came with 3.33
            return None
        each = func.json_each(bindparam("b_submissions", json.dumps(rows))).table_valued("value")
        return select(*(func.json_extract(each.c.value, literal_column(f"'$[{n}]'")).label(name)
                        for n, name in enumerate(names))).subquery("incoming")
    if conn.dialect.name == "postgresql":
        types = (Text, Integer, Boolean, Text, Text)
        arrays: list[Any] = [bindparam(f"b_{name}", [row[n] for row in rows], type_=ARRAY(kind))
                  for n, (name, kind) in enumerate(zip(names, types))]
        return func.unnest(*arrays).table_valued(*(column(name, kind) for name, kind in zip(names, types))) \
            .render_derived(name="incoming")
    return None


def _keep_submissions_by_row(conn: Any, rows: list[tuple[str, int, bool, str, str]], batch: int, note: str) -> None:
    """:func:`_keep_submissions` with one UPDATE per row, where the rows cannot be bound as one parameter."""
    from sqlalchemy import Boolean, bindparam, or_, update

    schools = dict(lookup(conn, select(School.npsn, School.id), School.npsn, list({row[0] for row in rows})))
    keys = {(schools[npsn], year) for npsn, year, _wrote, _s, _i in rows if npsn in schools}
    before = {(r.school_id, r.year): r for r in lookup(
        conn, select(Survey.id, Survey.uuid, Survey.school_id, Survey.year, Survey.version, Survey.submission_id,
                     Survey.submission_instance), Survey.school_id, list({school for school, _year in keys}))
        if (r.school_id, r.year) in keys}
    statement = (update(Survey)
                 .where(Survey.school_id == bindparam("b_school"), Survey.year == bindparam("b_year"),
                        or_(bindparam("b_written", type_=Boolean), Survey.submission_id.is_(None)))
                 .values(submission_id=bindparam("b_submission"), submission_instance=bindparam("b_instance")))
    params = [{"b_school": schools[npsn], "b_year": year, "b_written": wrote, "b_submission": submission,
               "b_instance": instance} for npsn, year, wrote, submission, instance in rows if npsn in schools]
    for start in range(0, len(params), WRITE_ROWS):
        conn.execute(statement, params[start:start + WRITE_ROWS])
    changed: dict[int, tuple[Any, dict[str, tuple[Any, Any]]]] = {}
    for param in params:
        old = before.get((param["b_school"], param["b_year"]))
        if old is None or not (param["b_written"] or old.submission_id is None):
            continue
        new = {"submission_id": param["b_submission"], "submission_instance": param["b_instance"]}
        changes = {k: (getattr(old, k), v) for k, v in new.items() if getattr(old, k) != v}
        if changes:
            changed[old.id] = (old, changes)
    _audit_submissions(conn, changed, batch, note)


def _audit_submissions(conn: Any, changed: dict[int, tuple[Any, dict[str, tuple[Any, Any]]]], batch: int,
                       note: str) -> None:
    """The submission changes of surveys stored before the import, in the batch's audit entry of each survey (one
    entry per record and batch: the undo restores a record from one entry, conditional on its version).

    A survey without an entry of the batch (the writer left its values as they were) is changed by the import
    all the same: its version is raised and ``updated_at``/``updated_by`` set, as the writer does, so that a
    laptop package (which takes the records changed since, and merges by version) carries its submission.
    """
    import json

    from sqlalchemy import bindparam, update

    from bakti_desktop.storage.audit import AuditEntry, write_entries
    from bakti_desktop.storage.base import current_user, utcnow
    from bakti_desktop.storage.bulk import one_of
    from bakti_desktop.storage.jsonvalues import dumps, encode

    if not changed:
        return
    entries = {r.record_id: r for r in lookup(
        conn, select(AuditEntry.id, AuditEntry.record_id, AuditEntry.changes).where(
            AuditEntry.batch_id == batch, AuditEntry.table_name == "survey", AuditEntry.action == "update"),
        AuditEntry.record_id, list(changed))}
    merged, added = [], []
    for record_id, (old, changes) in changed.items():
        entry = entries.get(record_id)
        if entry is None:
            added.append({"action": "update", "table_name": "survey", "record_id": record_id, "record_uuid": old.uuid,
                          "changes": changes, "note": note, "batch_id": batch})
            continue
        values = json.loads(entry.changes or "{}")
        values.update({k: [encode(a), encode(b)] for k, (a, b) in changes.items()})
        merged.append({"b_entry": entry.id, "b_changes": dumps(values, lenient=True)})
    if merged:
        conn.execute(update(AuditEntry).where(AuditEntry.id == bindparam("b_entry"))
                     .values(changes=bindparam("b_changes")), merged)
    write_entries(conn, added)
    bumped = sorted(entry["record_id"] for entry in added)
    if bumped:
        raised = update(Survey).values(version=Survey.version + 1, updated_at=utcnow(), updated_by=current_user())
        among = one_of(conn, Survey.id, bumped)
        if among is not None:
            conn.execute(raised.where(among))
        else:
            conn.execute(raised.where(Survey.id == bindparam("b_id")), [{"b_id": i} for i in bumped])


def _sheet_names(plan: ImportPlan) -> list[str]:
    """The sheets the plan read (one, or those the user chose)."""
    sheets = getattr(plan, "sheets", None)
    if sheets:
        return [getattr(sheet, "name", sheet) for sheet in sheets]
    return [plan.sheet]


REASON_HEADER = "Alasan Penolakan"
SOURCE_ROW_HEADER = "Baris Asal"


def write_rejected(plan: ImportPlan, out: Path) -> Path:
    """Save the rejected rows, with a reason column, for the sanitarian to fix and re-import."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from bakti_desktop.spreadsheets.sheets import first_sheet
    from bakti_desktop.spreadsheets import printing
    from bakti_desktop.spreadsheets.workbook import keep_text, safe_row

    workbook = Workbook()
    sheet = first_sheet(workbook)
    sheet.title = "Data"
    header = [c if c is not None else "" for c in plan.header]
    sheet.append(safe_row([*header, REASON_HEADER, SOURCE_ROW_HEADER]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    first = {key: col for col, key in plan.columns_by_sheet.get(plan.sheet, {}).items()}
    for rejected in plan.rejected:
        cells = [c if type(c) is not SheetError else c.code for c in rejected.cells]
        source: Any = rejected.row
        if rejected.sheet is not None:  # several sheets read: each row laid out in the first sheet's columns
            source = f"{rejected.sheet}: {rejected.row}"
            if rejected.sheet != plan.sheet:
                laid = [""] * len(header)
                for col, key in plan.columns_by_sheet.get(rejected.sheet, {}).items():
                    if key in first and first[key] < len(laid) and col < len(cells):
                        laid[first[key]] = cells[col]
                cells = laid
        cells = cells + [""] * (len(header) - len(cells))
        sheet.append(safe_row(cells[: len(header)] + [rejected.message, source]))
        sheet.cell(row=sheet.max_row, column=len(header) + 1).fill = PatternFill("solid", fgColor="FFF2CC")
    keep_text(sheet.iter_rows())
    # The rows as the sanitarian wrote them, to fix and import again: printable, the reason wrapped.
    widths = printing.finish(sheet, f"Baris ditolak — {plan.path.name}", caps={len(header): 60}, header_least=10,
                             landscape=True)
    if printing.width_cm(widths) > printing.LANDSCAPE_PRINTABLE_CM / printing.READABLE_SCALE:
        printing.readable_pages(sheet, widths, repeat_columns="A:B")
    from bakti_desktop.reports.output import write_atomically

    return write_atomically(Path(out), workbook.save)
