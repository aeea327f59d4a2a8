"""Importing survey workbooks (docs/domain-rules.md §3.6): read, check, preview, write.

Two steps, so that the GUI can show a preview before anything is written:

* :func:`plan_import` reads the workbook, validates every row and compares it
  with the database: rows to add, to update, unchanged, rejected (with the
  spreadsheet row number, the column and the reason);
* :func:`apply_import` writes the good rows in one transaction.

A bad row never stops the good ones; a killed process leaves the database as
it was (one transaction).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_, update

from bakti_desktop.errors import UserError
from bakti_desktop.spreadsheets.workbook import check_workbook_file, header_key, iter_nonblank, read_rows
from bakti_desktop.faults import fault_point
from bakti_desktop.gcpause import no_cycle_collection
from bakti_desktop.i18n import msg
from bakti_desktop.mapping import indicators, service
from bakti_desktop.mapping.fields import BY_KEY, FIELDS, PHBS_NAMES, REQUIRED_KEYS
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.validation import VALUE_KEYS, Problem, validate_table
from bakti_desktop.storage.audit import last_id, record_inserted, write_entries
from bakti_desktop.storage.base import current_user, new_uuids, utcnow
from bakti_desktop.storage.bulk import bulk_insert, indexes_rebuilt_after, lookup
from bakti_desktop.storage.database import Database

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
    return table


# Columns our own rejected-rows workbook adds; re-importing it ignores them quietly.
IGNORED_HEADERS = frozenset({"alasanpenolakan", "barisasal"})


HEADERS = _header_table()
VALUE_INDEX = {key: i for i, key in enumerate(VALUE_KEYS)}
CHUNK_ROWS = 10_000  # rows checked at a time when a large sheet is streamed


@dataclass
class Rejected:
    row: int
    column: str | None
    message: str
    cells: list[Any] = field(default_factory=list, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class GoodRow:
    """A row that passed every check: its spreadsheet row number and typed values.

    The values are kept as a tuple in the order of :data:`VALUE_KEYS` (a dictionary per row would
    not fit 200,000 rows in memory), as :func:`validate_table` gives them; :attr:`values` gives them
    as a dictionary.
    """

    __slots__ = ("row", "data")

    def __init__(self, row: int, data: tuple[Any, ...]) -> None:
        self.row = row
        self.data = data

    @property
    def values(self) -> dict[str, Any]:
        return dict(zip(VALUE_KEYS, self.data))

    def get(self, key: str) -> Any:
        return self.data[VALUE_INDEX[key]]


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

    @property
    def year(self) -> int | None:
        return max(self.years) if self.years else None

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "imported": len(self.new),
            "updated": len(self.update),
            "unchanged": len(self.unchanged),
            "rejected": [r.as_json() for r in self.rejected],
            "warnings": list(self.warnings),
        }


def find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str], list[str]]:
    """(row index, column index → key, unknown headers) of the header row.

    The header is the first of the first rows that names every required
    column; failing that, the one naming most of them.
    """
    best: tuple[int, int] | None = None  # (required found, index)
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {HEADERS.get(header_key(c)) for c in cells if c not in (None, "")}
        found = sum(1 for k in REQUIRED_KEYS if k in keys)
        if found == len(REQUIRED_KEYS):
            best = (found, index)
            break
        if found and (best is None or found > best[0]):
            best = (found, index)
    if best is None or best[0] < 3:
        raise UserError(
            msg(
                en="No header row naming the survey columns (NPSN, Nama Sekolah, Jenjang, …) was found in the first {n} rows.",
                id="Baris judul kolom survei (NPSN, Nama Sekolah, Jenjang, …) tidak ditemukan pada {n} baris pertama.",
                n=HEADER_SEARCH_ROWS,
            )
        )
    index = best[1]
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for col, cell in enumerate(rows[index]):
        if cell in (None, "") or (isinstance(cell, str) and not cell.strip()):
            continue
        key = HEADERS.get(header_key(cell))
        if key is None and header_key(cell) in IGNORED_HEADERS:
            continue
        if key is None:
            unknown.append(str(cell).strip())
        elif key in columns.values():
            unknown.append(str(cell).strip())
        else:
            columns[col] = key
    return index, columns, unknown


def plan_import(
    db: Database,
    path: str | Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Read and check the workbook at ``path`` and compare it with the database."""
    with no_cycle_collection():
        return _plan_import(db, Path(path), progress, cancelled)


def _plan_import(
    db: Database, path: Path, progress: Progress | None, cancelled: Callable[[], bool] | None
) -> ImportPlan:
    from bakti_desktop.spreadsheets import xlsx_stream

    check_workbook_file(path, streamed=True)
    if xlsx_stream.is_large(path):  # stream the sheet: a national workbook does not fit in memory at once
        name, rows = xlsx_stream.iter_rows(path)
        total = xlsx_stream.row_count_hint(path)  # for the progress bar; the stream has no length
    else:
        sheet = read_rows(path)
        name, rows, total = sheet.name, iter(sheet.rows), len(sheet.rows)
    first: list[list[Any]] = []
    for row in rows:
        first.append(row)
        if len(first) == HEADER_SEARCH_ROWS:
            break
    header_index, columns, unknown = find_header(first)
    plan = ImportPlan(path=path, sheet=name, header_row=header_index + 1, header=list(first[header_index]))
    if unknown:
        plan.warnings.append(
            msg(
                en="Unknown columns, not imported: {cols}",
                id="Kolom tidak dikenal, tidak diimpor: {cols}",
                cols=", ".join(unknown),
            )
        )
    missing = [k for k in REQUIRED_KEYS if k not in columns.values()]
    if missing:
        plan.warnings.append(
            msg(
                en="Required columns missing: {cols}",
                id="Kolom wajib tidak ada: {cols}",
                cols=", ".join(BY_KEY[k].label for k in missing),
            )
        )
    width = max(columns, default=-1) + 1
    numbered = iter_nonblank(_chain(first[header_index + 1 :], rows), header_index + 1)
    checker = _Checker(plan)
    done = 0
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
        by_column = list(zip(*cells))
        checker.check(numbers, {key: by_column[col] for col, key in columns.items()}, cells,
                      _step(progress, cancelled, done, len(cells), total))
        done += len(cells)
        if len(cells) < CHUNK_ROWS:
            break
    return checker.finish(db)


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
    table = {key: [raw.get(key) for _number, raw, _cells in rows] for key in keys}
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
        self.seen: dict[tuple[str, int], int] = {}
        self.good: list[GoodRow] = []
        self.blank: set[str] | None = None  # keys blank in every chunk so far

    def check(self, numbers: list[int], columns: dict[str, Sequence[Any]], cells: list[list[Any]],
              step: Callable[[int, int], None]) -> None:
        seen, good, plan = self.seen, self.good, self.plan
        npsn_at, year_at = VALUE_INDEX["npsn"], VALUE_INDEX["year"]
        blank: set[str] = set()
        checked = validate_table(columns, len(numbers), step, blank)
        self.blank = blank if self.blank is None else self.blank & blank
        for number, row_cells, (values, problems) in zip(numbers, cells, checked):
            npsn, year = values[npsn_at], values[year_at]
            if npsn and year:
                first = seen.setdefault((npsn, year), number)
                if first != number:
                    problems = [
                        Problem(
                            "npsn",
                            msg(
                                en="NPSN {npsn} for {year} already appears in row {first}; this row is a duplicate",
                                id="NPSN {npsn} tahun {year} sudah ada di baris {first}; baris ini duplikat",
                                npsn=npsn,
                                year=year,
                                first=first,
                            ),
                        )
                    ]
            if problems:
                plan.rejected.append(
                    Rejected(number, problems[0].column, "; ".join(p.message for p in problems), list(row_cells))
                )
            else:
                good.append(GoodRow(number, values))

    def finish(self, db: Database) -> ImportPlan:
        plan = self.plan
        plan.blank_keys = frozenset(self.blank or ())
        _classify(db, plan, self.good)
        year = VALUE_INDEX["year"]
        for row in self.good:
            plan.years[row.data[year]] += 1
        total, broken, soap = (VALUE_INDEX[k] for k in ("sarana_cuci_tangan", "sarana_cuci_tangan_rusak", "air_sabun"))
        # record_warnings, without a dictionary per row (200,000 rows)
        soap_rows = [row.row for row in self.good if row.data[soap] not in (None, "tidak_ada")
                     and (row.data[total] or 0) - (row.data[broken] or 0) < 1]
        if soap_rows:
            shown = ", ".join(map(str, soap_rows[:20])) + (" …" if len(soap_rows) > 20 else "")
            plan.warnings.append(
                msg(
                    en="{n} rows record water or soap where no handwashing facility works (hygiene counts as "
                       "no service): rows {rows}",
                    id="{n} baris mengisi air/sabun padahal tidak ada sarana cuci tangan yang berfungsi (higiene "
                       "dihitung tidak ada layanan): baris {rows}",
                    n=len(soap_rows),
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


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _classify(db: Database, plan: ImportPlan, good: list[GoodRow]) -> None:
    """Sort good rows into new, update and unchanged against the database."""
    npsn_at, year_at = VALUE_INDEX["npsn"], VALUE_INDEX["year"]
    npsns = list({row.data[npsn_at] for row in good})
    surveys: dict[tuple[int, int], Any] = {}
    school_columns = [School.__table__.c[k] for k in service.SCHOOL_COLUMNS]
    survey_columns = [Survey.__table__.c[k] for k in service.SURVEY_COLUMNS]
    with db.engine.connect() as conn:
        schools = {s.npsn: s for s in lookup(conn, select(School.id, School.npsn, *school_columns), School.npsn, npsns)}
        school_ids = [s.id for s in schools.values()]
        for survey in lookup(conn, select(Survey.school_id, Survey.year, *survey_columns), Survey.school_id, school_ids):
            surveys[(survey.school_id, survey.year)] = survey
        latest = service.latest_years(conn, school_ids)
    if not schools:  # none of the schools is known (a first import): every row is new
        plan.new.extend(good)
        return
    # Stored and workbook values side by side, in the order of the columns compared: a row equal in both is
    # unchanged without a look at each field (a re-imported workbook is mostly unchanged rows).
    stored_school = itemgetter(*range(2, 2 + len(school_columns)))
    stored_survey = itemgetter(*range(2, 2 + len(survey_columns)))
    given_school = _values_of(list(service.SCHOOL_COLUMNS))
    given_survey = _values_of(list(service.SURVEY_COLUMNS))
    for row in good:
        school = schools.get(row.data[npsn_at])
        if school is None:
            plan.new.append(row)
            continue
        existing = surveys.get((school.id, row.data[year_at]))
        if existing is None:
            plan.new.append(row)
            continue
        if stored_school(school) == given_school(row.data) and stored_survey(existing) == given_survey(row.data):
            plan.unchanged.append(row)
            continue
        values = row.values  # some field differs, or only seems to (1 == 1.0; floats compared with a tolerance)
        school_changed = (values["year"] >= latest.get(school.id, 0)
                          and service.school_differs(school._mapping, values))
        if school_changed or service.survey_differs(existing._mapping, values):
            plan.update.append(row)
        else:
            plan.unchanged.append(row)


WRITE_ROWS = 20_000  # surveys written per statement batch: the rows of a national import are never all in memory


def apply_import(db: Database, plan: ImportPlan, progress: Progress | None = None) -> dict[str, Any]:
    """Write the plan's new and updated rows in one transaction; return the summary."""
    with no_cycle_collection():
        return _apply_import(db, plan, progress)


def _apply_import(db: Database, plan: ImportPlan, progress: Progress | None) -> dict[str, Any]:
    rows = plan.new + plan.update
    user = current_user()
    npsn_at, year_at = VALUE_INDEX["npsn"], VALUE_INDEX["year"]
    school_values = itemgetter(*(VALUE_INDEX[k] for k in service.SCHOOL_COLUMNS))
    # New records are inserted without the fields that are blank in every row (see ImportPlan.blank_keys).
    school_inserted = [k for k in service.SCHOOL_COLUMNS if k not in plan.blank_keys]
    survey_inserted = [k for k in service.SURVEY_COLUMNS if k not in plan.blank_keys]
    new_school_values = _values_of(school_inserted)
    survey_values = _values_of(survey_inserted)
    with db.engine.begin() as conn, ExitStack() as rebuilt:
        ratios = service.read_ratios(conn)
        # Newest survey year first, so that the school register takes the newest values (a workbook of
        # one survey round, the usual one, is in order as it is).
        several_years = len({r.data[year_at] for r in rows}) > 1
        ordered = sorted(rows, key=lambda r: r.data[year_at], reverse=True) if several_years else rows
        npsns = list({r.data[npsn_at] for r in ordered})  # in any order: the lookup answers a dictionary
        ids: dict[str, int] = dict(lookup(conn, select(School.npsn, School.id), School.npsn, npsns))
        known_before = set(ids)  # schools stored when the write began: only they can have surveys already
        latest = service.latest_years(conn, list(ids.values()))
        now = utcnow()
        new_schools: dict[str, tuple[Any, ...]] = {}
        school_updates: dict[int, dict[str, Any]] = {}
        for row in ordered:
            npsn = row.data[npsn_at]
            if npsn not in ids:
                if npsn not in new_schools:
                    new_schools[npsn] = new_school_values(row.data)
            elif row.data[year_at] >= latest.get(ids[npsn], 0) and ids[npsn] not in school_updates:
                school_updates[ids[npsn]] = dict(zip(service.SCHOOL_COLUMNS, school_values(row.data)))
        note = f"impor: {plan.path.name}"[:300]
        audit: list[dict[str, Any]] = []
        if new_schools:
            rebuilt.enter_context(indexes_rebuilt_after(conn, School.__table__, len(new_schools)))
            record_keys = ["uuid", "created_at", "updated_at", "updated_by", "version"]
            after = last_id(conn, School.__table__)
            pending = list(new_schools.values())
            for start in range(0, len(pending), WRITE_ROWS):
                part = pending[start : start + WRITE_ROWS]
                bulk_insert(conn, School.__table__, [*school_inserted, *record_keys],
                            [[*c, uuid, now, now, user, 1] for c, uuid in zip(part, new_uuids(len(part)))])
            del pending
            inserted = record_inserted(conn, School.__table__, after, now, user, note)
            if conn.dialect.name == "sqlite" and inserted == len(new_schools) == last_id(conn, School.__table__) - after:
                # SQLite numbered the rows one after another in the order they went in (a new rowid is
                # the largest so far plus one, and this transaction is the only writer).
                ids.update(zip(new_schools, range(after + 1, after + 1 + len(new_schools))))
            else:
                ids.update(conn.execute(select(School.npsn, School.id).where(
                    School.id > after, School.created_at == now, School.updated_by == user)).all())
            new_schools.clear()
        if school_updates:
            stored = {r.id: r._mapping for r in lookup(conn, select(School.__table__), School.id, list(school_updates))}
            for school_id, columns in school_updates.items():
                changes = {k: (stored[school_id][k], v) for k, v in columns.items() if stored[school_id][k] != v}
                if changes:
                    audit.append({"action": "update", "table_name": "school", "record_id": school_id,
                                  "record_uuid": stored[school_id]["uuid"], "changes": changes, "note": note})
        for school_id, columns in school_updates.items():
            conn.execute(
                update(School)
                .where(School.id == school_id)
                .values(**columns, updated_at=now, updated_by=user, version=School.version + 1)
            )
        existing: dict[tuple[int, int], int] = {}
        # Every row of a known school, not only the planned updates: a survey stored since the plan was made
        # (another import, another user) is updated, never inserted twice.
        keys = [(ids[r.data[npsn_at]], r.data[year_at]) for r in ordered if r.data[npsn_at] in known_before]
        for chunk in _chunks(keys, 400):
            for sid, school_id, year in conn.execute(
                select(Survey.id, Survey.school_id, Survey.year).where(tuple_(Survey.school_id, Survey.year).in_(chunk))
            ):
                existing[(school_id, year)] = sid
        before = {r.id: r._mapping for r in lookup(conn, select(Survey.__table__), Survey.id, list(existing.values()))}
        if len(existing) != len(plan.update):
            _replan(plan, existing, ids)
        inserts: list[list[Any]] = []
        insert_keys = [*survey_inserted, *indicators.COMPUTED_COLUMNS,
                       "school_id", "uuid", "created_at", "updated_at", "updated_by", "version"]
        uuids = iter(new_uuids(len(ordered) - len(existing)))
        rebuilt.enter_context(indexes_rebuilt_after(conn, Survey.__table__, len(ordered) - len(existing)))
        after = last_id(conn, Survey.__table__)
        jenjang_at = VALUE_INDEX["jenjang"]
        inputs = itemgetter(*(VALUE_INDEX[k] for k in indicators.INPUT_KEYS))
        compute = indicators.compute_from
        for done, row in enumerate(ordered, start=1):
            data = row.data
            school_id = ids[data[npsn_at]]
            survey_id = existing.get((school_id, data[year_at]))
            if survey_id is None:
                # In the order of insert_keys: the record's columns, then the computed ones.
                inserts.append([*survey_values(data), *compute(inputs(data), data[jenjang_at], ratios),
                                school_id, next(uuids), now, now, user, 1])
                if len(inserts) == WRITE_ROWS:
                    bulk_insert(conn, Survey.__table__, insert_keys, inserts)
                    inserts = []
            else:
                values = row.values
                columns = service.survey_columns(values, values["jenjang"], ratios)
                old = before[survey_id]
                changes = {k: (old[k], v) for k, v in columns.items() if old[k] != v}
                audit.append({"action": "update", "table_name": "survey", "record_id": survey_id,
                              "record_uuid": old["uuid"], "changes": changes, "note": note})
                conn.execute(
                    update(Survey)
                    .where(Survey.id == survey_id)
                    .values(**columns, updated_at=now, updated_by=user, version=Survey.version + 1)
                )
            if progress is not None and done % 1000 == 0:
                progress(done, len(ordered))
        bulk_insert(conn, Survey.__table__, insert_keys, inserts)
        record_inserted(conn, Survey.__table__, after, now, user, note)
        write_entries(conn, audit)
        rebuilt.close()  # the indexes dropped for the inserts are built again
        fault_point("import-before-commit")  # every row written, nothing committed yet
    return plan.as_json()


def _replan(plan: ImportPlan, existing: dict[tuple[int, int], int], ids: dict[str, int]) -> None:
    """Count as updates the planned new rows whose survey was stored meanwhile, and the reverse."""
    npsn_at, year_at = VALUE_INDEX["npsn"], VALUE_INDEX["year"]
    rows = plan.new + plan.update
    stored = [(ids[r.data[npsn_at]], r.data[year_at]) in existing for r in rows]
    plan.new[:] = [r for r, s in zip(rows, stored) if not s]
    plan.update[:] = [r for r, s in zip(rows, stored) if s]


def _values_of(keys: list[str]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """A function giving the values of ``keys`` from a row's data, as a tuple (for any number of keys)."""
    at = [VALUE_INDEX[k] for k in keys]
    if len(at) > 1:
        return itemgetter(*at)  # type: ignore[return-value]
    return lambda data: tuple(data[i] for i in at)


REASON_HEADER = "Alasan Penolakan"
SOURCE_ROW_HEADER = "Baris Asal"


def write_rejected(plan: ImportPlan, out: Path) -> Path:
    """Save the rejected rows, with a reason column, for the sanitarian to fix and re-import."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from bakti_desktop.spreadsheets.workbook import keep_text, safe_row

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    header = [c if c is not None else "" for c in plan.header]
    sheet.append(safe_row([*header, REASON_HEADER, SOURCE_ROW_HEADER]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for rejected in plan.rejected:
        cells = list(rejected.cells) + [""] * (len(header) - len(rejected.cells))
        sheet.append(safe_row(cells[: len(header)] + [rejected.message, rejected.row]))
        sheet.cell(row=sheet.max_row, column=len(header) + 1).fill = PatternFill("solid", fgColor="FFF2CC")
    keep_text(sheet.iter_rows())
    sheet.freeze_panes = "A2"
    sheet.column_dimensions[sheet.cell(row=1, column=len(header) + 1).column_letter].width = 60
    from bakti_desktop.reports.output import write_atomically

    return write_atomically(Path(out), workbook.save)
