"""The one writer of surveys: the entry form, the workbook import and the demo all store surveys here.

:func:`write_surveys` takes checked rows (:class:`rows.SurveyRow`, from :mod:`validation`) and, in
the caller's transaction:

1. finds the schools by NPSN and adds the new ones to the register;
2. applies the rule of ``docs/domain-rules.md`` §3.3 — a school's own fields take the values of its
   newest survey year (:func:`register_follows`) — once, for every row;
3. computes the indicators of every survey (:mod:`indicators`, §3.1–3.2);
4. inserts the surveys not stored yet and updates the stored ones (a survey stored by someone else
   since the caller looked is updated, never inserted twice), refusing a save over a newer change to
   a survey the caller loaded (``expected``, optimistic locking); a row the caller says updates a
   survey named by id (``moves``: a phone-form submission edited on the server to name another school
   or year) updates that survey and moves it to the row's school and year;
5. records the audit trail (:mod:`storage.audit`): one "create" entry per table for the records it
   added, one "update" entry per record it changed, with the fields' old and new values.

One row (the form) and 200,000 rows (a national import) take the same path; what differs is only
how much each step does at once: the inserts go through :func:`storage.bulk.bulk_insert` in
batches, with the table's plain indexes rebuilt afterwards when most rows are new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, func, select, update

from bakti_desktop.mapping import indicators
from bakti_desktop.mapping.fields import SCHOOL_KEYS, SURVEY_KEYS, Ratios
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.rows import SurveyRow, values_of
from bakti_desktop.storage.audit import last_id, record_inserted, write_entries
from bakti_desktop.storage.base import current_user, new_uuids, utcnow
from bakti_desktop.storage.bulk import bulk_insert, indexes_rebuilt_after, lookup

# The columns of ``school`` a survey record fills, in order.
SCHOOL_COLUMNS = (*(k for k in SCHOOL_KEYS if k not in ("kabupaten", "kecamatan", "desa")),
                  "kabupaten_code", "kecamatan_code", "desa_code")
# The columns of ``survey`` taken from the record, in order; then the computed ones.
SURVEY_COLUMNS = (*SURVEY_KEYS, "year")
SURVEY_ROW_KEYS = (*SURVEY_COLUMNS, *indicators.COMPUTED_COLUMNS)
RECORD_KEYS = ("uuid", "created_at", "updated_at", "updated_by", "version")  # what a new record is given
WRITE_ROWS = 20_000  # records inserted per statement batch: the rows of a national import are never all bound at once
Progress = Callable[[int, int], None]
_survey_values = values_of(SURVEY_COLUMNS)


@dataclass
class WriteResult:
    """What :func:`write_surveys` did: surveys added, updated and found unchanged; schools added and updated.

    A survey counts as updated when its own values changed or when its row changed the school's.
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    schools_added: int = 0
    schools_updated: int = 0
    moved: int = 0  # of the updated surveys, those moved to another school or year (``moves``)


def register_follows(year: int, newest_stored: int | None) -> bool:
    """§3.3: whether a survey of ``year`` sets its school's own fields, the newest year stored being ``newest_stored``.

    The school register takes the values of the school's newest survey year: a survey of that year
    or a later one sets them; an older one (a past round imported late) leaves them.
    """
    return newest_stored is None or year >= newest_stored


def differences(stored: Mapping[Any, Any], values: Mapping[str, Any], keys: Iterable[str]) -> dict[str, tuple[Any, Any]]:
    """{key: (stored, new)} for the ``keys`` whose value changes (floats within 1e-9 and 1 == 1.0 count as equal)."""
    changes: dict[str, tuple[Any, Any]] = {}
    for key in keys:
        a, b = stored.get(key), values.get(key)
        if isinstance(a, float) or isinstance(b, float):
            if (a is None) != (b is None) or (a is not None and b is not None and abs(float(a) - float(b)) > 1e-9):
                changes[key] = (a, b)
        elif a != b:
            changes[key] = (a, b)
    return changes


def latest_years(conn: Connection, school_ids: list[int], excluding: Sequence[int] = ()) -> dict[int, int]:
    """The newest survey year stored for each school, leaving out the surveys ``excluding`` (ids: surveys about
    to move to another school or year, whose stored year no longer counts)."""
    query = select(Survey.school_id, func.max(Survey.year)).group_by(Survey.school_id)
    if excluding:
        query = query.where(Survey.id.not_in(list(excluding)))
    return dict(lookup(conn, query, Survey.school_id, school_ids))


RATIOS_KEY = "mapping.ratios"  # the setting holding the benchmark


def read_ratios(conn: Connection) -> Ratios:
    """The benchmark of students per toilet in this database's settings (the default when never set)."""
    import json

    from bakti_desktop.storage.settings import AppSetting

    value = conn.execute(select(AppSetting.value).where(AppSetting.key == RATIOS_KEY)).scalar()
    return Ratios() if value is None else Ratios(**json.loads(value))


def write_surveys(
    conn: Connection,
    rows: Sequence[SurveyRow],
    *,
    note: str | None = None,
    expected: Mapping[int, int] | None = None,
    blank_keys: frozenset[str] = frozenset(),
    progress: Progress | None = None,
    batch: int | None = None,
    inserted_with: tuple[Sequence[str], Callable[[SurveyRow], Sequence[Any]]] | None = None,
    moves: Mapping[tuple[str, int], int] | None = None,
) -> WriteResult:
    """Store checked survey rows on ``conn`` (inside the caller's transaction); see the module documentation.

    ``note`` is written with every audit entry (where the rows came from: ``"impor: survei.xlsx"``).
    ``expected`` maps the id of a survey the caller loaded to the version it loaded: a row that
    would change that survey after someone else did is refused with
    :class:`~bakti_desktop.storage.locking.ChangedElsewhere`. ``blank_keys`` names fields the caller
    knows to be None in every row (left out of the inserts: the stored values are the same).
    ``batch`` is the import batch (``import_batch.id``) the audit entries name, for an import to be undone.
    ``inserted_with`` gives more columns of the surveys inserted (names, and their values for a row): the
    phone-form import stores each new survey with its submission, rather than updating every one after.
    ``moves`` maps the (NPSN, year) of a row to the id of the stored survey it updates when that survey is
    stored under another school or year (a submission edited on the server): the survey takes the row's
    values, school and year, and its update entry records the old and new ``school_id`` and ``year`` (and the
    schools' NPSNs, for people). Its old school is left as it is. The caller makes sure no other survey is
    stored at the row's school and year and no other row names the survey's old ones
    (:func:`importer.apply_import` rejects such rows in the plan); a survey stored there meanwhile refuses
    the write (:class:`~bakti_desktop.storage.locking.ChangedElsewhere`). A moved survey that is gone is
    written as any row.
    At most one row per NPSN and year.
    """
    with ExitStack() as rebuilt:
        write = _Write(conn, note, rebuilt, batch)
        ordered = _newest_first(rows)
        ids = dict(lookup(conn, select(School.npsn, School.id), School.npsn, list({r.npsn for r in ordered})))
        known = list(ids.values())  # schools stored before this write: only they can have surveys already
        moved = _moved_surveys(conn, moves) if moves else {}
        # a survey moving away no longer counts for its year (§3.3 at the school it moves to, or within its own)
        register = _register_rows(ordered, ids, latest_years(conn, known, [s["id"] for s in moved.values()]))
        updates = {ids[npsn]: row for npsn, row in register.items() if npsn in ids}
        write.add_schools([row for npsn, row in register.items() if npsn not in ids], ids, blank_keys)
        changed = write.update_schools(updates)
        stored = _stored_surveys(conn, known, {row.year for row in ordered})
        write.surveys(ordered, ids, stored, changed, expected or {}, blank_keys, progress, inserted_with, moved)
        write_entries(conn, write.audit)
    return write.result  # the dropped indexes were rebuilt as the ExitStack closed


def _newest_first(rows: Sequence[SurveyRow]) -> Sequence[SurveyRow]:
    """The rows from the newest survey year to the oldest, in their order within a year (one year: as they are)."""
    if len({row.year for row in rows}) < 2:
        return rows
    return sorted(rows, key=attrgetter("year"), reverse=True)  # a stable sort: equal years keep their order


def _register_rows(ordered: Sequence[SurveyRow], ids: Mapping[str, int],
                   latest: Mapping[int, int]) -> dict[str, SurveyRow]:
    """The row whose values each school takes (by NPSN): its newest row, if it is not older than what is stored.

    The one place of the newest-year rule in a write (§3.3, :func:`register_follows`). A new school
    takes its newest row; a known school, its newest row when no newer survey is stored.
    """
    chosen: dict[str, SurveyRow] = {}
    for row in ordered:  # newest first: the first row of each school is its newest
        if row.npsn not in chosen:
            chosen[row.npsn] = row
    return {npsn: row for npsn, row in chosen.items()
            if npsn not in ids or register_follows(row.year, latest.get(ids[npsn]))}


def _stored_surveys(conn: Connection, school_ids: list[int], years: set[int]) -> dict[tuple[int, int], RowMapping]:
    """The stored surveys of these schools in these years, by (school id, year), read afresh in this transaction.

    Read again at the write, not taken from an earlier preview: a survey stored meanwhile (another
    import, another user) is then updated, never inserted twice.
    """
    query = select(Survey.__table__).where(Survey.year.in_(sorted(years)))
    return {(r.school_id, r.year): r._mapping for r in lookup(conn, query, Survey.school_id, school_ids)}


def _moved_surveys(conn: Connection, moves: Mapping[tuple[str, int], int]) -> dict[tuple[str, int], RowMapping]:
    """The stored surveys that rows move (by the rows' NPSN and year), with their school's NPSN as ``npsn``."""
    query = select(Survey.__table__, School.npsn).join(School, School.id == Survey.school_id)
    found = {r.id: r._mapping for r in lookup(conn, query, Survey.id, sorted(set(moves.values())))}
    return {key: found[survey_id] for key, survey_id in moves.items() if survey_id in found}


@dataclass
class _Write:
    """One call of :func:`write_surveys`: its transaction, time, user and note, the audit entries it collects."""

    conn: Connection
    note: str | None
    rebuilt: ExitStack  # indexes dropped for the inserts, rebuilt when it closes
    batch: int | None = None  # the import batch its audit entries name
    user: str = field(default_factory=current_user)
    now: datetime = field(default_factory=utcnow)
    audit: list[dict[str, Any]] = field(default_factory=list)
    result: WriteResult = field(default_factory=WriteResult)

    def insert(self, table: Any, keys: list[str], rows: Iterable[list[Any]], count: int) -> tuple[int, int]:
        """Bulk-insert ``count`` new records (values in ``keys`` order, then RECORD_KEYS'), and one audit entry for them.

        Returns the highest id before them (the records inserted are those above it created by this
        write) and the number of records inserted, as counted in the table.
        """
        if not count:
            return 0, 0
        self.rebuilt.enter_context(indexes_rebuilt_after(self.conn, table, count))
        after = last_id(self.conn, table)
        batch: list[list[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == WRITE_ROWS:
                bulk_insert(self.conn, table, [*keys, *RECORD_KEYS], batch, checked=True)
                batch = []
        bulk_insert(self.conn, table, [*keys, *RECORD_KEYS], batch, checked=True)
        return after, record_inserted(self.conn, table, after, self.now, self.user, self.note, self.batch)

    def record(self, table: str, stored: Mapping[Any, Any], changes: Mapping[str, tuple[Any, Any]]) -> None:
        self.audit.append({"action": "update", "table_name": table, "record_id": stored["id"],
                           "record_uuid": stored["uuid"], "changes": changes, "note": self.note,
                           "batch_id": self.batch})

    # -- schools ---------------------------------------------------------------------------------------------

    def add_schools(self, rows: list[SurveyRow], ids: dict[str, int], blank_keys: frozenset[str]) -> None:
        """Add the schools of ``rows`` (one row each) to the register; their ids go into ``ids``."""
        keys = [k for k in SCHOOL_COLUMNS if k not in blank_keys]
        values = values_of(keys)
        stamp = [self.now, self.now, self.user, 1]
        uuids = new_uuids(len(rows))
        if not rows:
            return
        after, inserted = self.insert(School.__table__, keys,
                                      ([*values(row), uuid, *stamp] for row, uuid in zip(rows, uuids)), len(rows))
        ids.update(self._new_ids([row.npsn for row in rows], after, inserted))
        self.result.schools_added = len(rows)

    def _new_ids(self, npsns: list[str], after: int, inserted: int) -> Iterable[tuple[str, int]]:
        """(NPSN, id) of the schools just inserted, in the order of ``npsns``, above id ``after``.

        On SQLite, when every one was counted and the ids run without a gap, they are after + 1, after + 2, …:
        a new rowid is the largest so far plus one, and this transaction is the only writer (reading
        20,000 ids back would cost a twentieth of an import). Elsewhere they are read back: the records
        above ``after`` created now by this user.
        """
        if self.conn.dialect.name == "sqlite" and inserted == len(npsns) == last_id(self.conn, School.__table__) - after:
            return zip(npsns, range(after + 1, after + 1 + len(npsns)))
        return self.conn.execute(select(School.npsn, School.id).where(
            School.id > after, School.created_at == self.now, School.updated_by == self.user)).all()

    def update_schools(self, rows: dict[int, SurveyRow]) -> dict[int, SurveyRow]:
        """Set the register's values of these schools (id → the row they take); returns those that changed."""
        if not rows:
            return {}
        values = values_of(SCHOOL_COLUMNS)
        stored = {r.id: r._mapping for r in lookup(self.conn, select(School.__table__), School.id, list(rows))}
        changed: dict[int, SurveyRow] = {}
        for school_id, row in rows.items():
            columns = dict(zip(SCHOOL_COLUMNS, values(row)))
            changes = differences(stored[school_id], columns, SCHOOL_COLUMNS)
            if not changes:
                continue
            self.conn.execute(update(School).where(School.id == school_id).values(
                **columns, updated_at=self.now, updated_by=self.user, version=School.version + 1))
            self.record("school", stored[school_id], changes)
            changed[school_id] = row
        self.result.schools_updated = len(changed)
        return changed

    # -- surveys ---------------------------------------------------------------------------------------------

    def surveys(self, ordered: Sequence[SurveyRow], ids: Mapping[str, int], stored: Mapping[tuple[int, int], RowMapping],
                changed: Mapping[int, SurveyRow], expected: Mapping[int, int], blank_keys: frozenset[str],
                progress: Progress | None,
                inserted_with: tuple[Sequence[str], Callable[[SurveyRow], Sequence[Any]]] | None = None,
                moved: Mapping[tuple[str, int], RowMapping] | None = None) -> None:
        """Insert the surveys not stored, update the stored ones (see :meth:`update_survey`) and move those of
        ``moved`` (by the row's NPSN and year) to their row's school and year."""
        ratios = read_ratios(self.conn)
        compute = indicators.compute_row  # looked up at each write: a test replaces it to fail midway
        keys = [k for k in SURVEY_COLUMNS if k not in blank_keys]
        values = values_of(keys)
        stamp = [self.now, self.now, self.user, 1]
        moved = moved or {}
        fresh = [row for row in ordered if (ids[row.npsn], row.year) not in stored and (row.npsn, row.year) not in moved] \
            if stored or moved else ordered
        inserts = ([*values(row), *compute(row, ratios), ids[row.npsn], uuid, *stamp]
                   for row, uuid in zip(_reporting(fresh, progress, len(ordered)), new_uuids(len(fresh))))
        extra_keys: Sequence[str] = ()
        if inserted_with is not None:
            extra_keys, extra = inserted_with
            inserts = ([*values(row), *compute(row, ratios), ids[row.npsn], *extra(row), uuid, *stamp]
                       for row, uuid in zip(_reporting(fresh, progress, len(ordered)), new_uuids(len(fresh))))
        self.insert(Survey.__table__, [*keys, *indicators.COMPUTED_COLUMNS, "school_id", *extra_keys], inserts,
                    len(fresh))
        self.result.added = len(fresh)
        pending: list[dict[str, Any]] = []
        moving: list[dict[str, Any]] = []
        leaving = {survey["id"]: key for key, survey in moved.items()}  # the surveys that move, and the row moving each
        for row in ordered:
            survey = stored.get((ids[row.npsn], row.year))
            if survey is not None and survey["id"] in leaving and leaving[survey["id"]] != (row.npsn, row.year):
                raise ValueError(f"a row names NPSN {row.npsn} {row.year}, which survey {survey['id']} moves away from")
            source = moved.get((row.npsn, row.year)) if moved else None
            if source is not None and (survey is None or survey["id"] != source["id"]):
                if survey is not None:  # another survey stored there since the caller looked
                    from bakti_desktop.storage.locking import ChangedElsewhere

                    raise ChangedElsewhere(survey["updated_by"], survey["updated_at"], survey["version"])
                update_ = self.update_survey(source, row, compute(row, ratios), changed.get(ids[row.npsn]) is row,
                                             expected, school=(ids[row.npsn], row.npsn))
                if update_ is not None:  # always: its school or year changes
                    self.result.moved += 1
                    moving.append(update_)
            elif survey is not None:
                update_ = self.update_survey(survey, row, compute(row, ratios), changed.get(ids[row.npsn]) is row,
                                             expected)
                if update_ is not None:
                    pending.append(update_)
        self.write_updates(pending)
        self.write_updates(moving, (*SURVEY_ROW_KEYS, "school_id"))
        if progress is not None:
            progress(len(ordered), len(ordered))

    def update_survey(self, stored: RowMapping, row: SurveyRow, computed: indicators.Computed, school_changed: bool,
                      expected: Mapping[int, int], school: tuple[int, str] | None = None) -> dict[str, Any] | None:
        """A stored survey's new values as parameters of :meth:`write_updates` (and an update entry with the
        fields changed), or None when it is unchanged.

        ``school`` (id, NPSN): the survey moves to that school (``stored`` holds its present school's NPSN as
        ``npsn``); its entry records ``school_id`` and, for the history, ``npsn`` (no column of ``survey``:
        :func:`undo.undo_import` reads ``school_id``).

        The update is conditional on the version read: a change made meanwhile by someone else, or a
        survey the caller loaded at another version (``expected``), refuses the whole write.
        """
        from bakti_desktop.storage.locking import ChangedElsewhere

        version = expected.get(stored["id"], stored["version"])
        if version != stored["version"]:
            raise ChangedElsewhere(stored["updated_by"], stored["updated_at"], stored["version"])
        columns = dict(zip(SURVEY_ROW_KEYS, (*_survey_values(row), *computed)))
        changes = differences(stored, columns, SURVEY_ROW_KEYS)
        if school is not None:
            columns["school_id"] = school[0]
            changes.update(differences(stored, {"school_id": school[0], "npsn": school[1]}, ("school_id", "npsn")))
        if not changes:
            if school_changed:
                self.result.updated += 1
            else:
                self.result.unchanged += 1
            return None
        self.record("survey", stored, changes)
        self.result.updated += 1
        return {"b_id": stored["id"], "b_version": version, **{f"b_{k}": v for k, v in columns.items()}}

    def write_updates(self, pending: list[dict[str, Any]], keys: Sequence[str] = SURVEY_ROW_KEYS) -> None:
        """The stored surveys' new values, all in one statement run for each (a statement per survey cost 3 ms
        each: a corrected workbook of 20,000 rows took a minute), each conditional on its version; when any
        of them has changed since it was read, the whole write is refused."""
        from bakti_desktop.storage.locking import ChangedElsewhere

        if not pending:
            return
        table = Survey.__table__
        statement = update(table).where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version")).values(
            {**{k: bindparam(f"b_{k}") for k in keys}, "updated_at": self.now, "updated_by": self.user,
             "version": table.c.version + 1})
        if self.conn.dialect.supports_sane_multi_rowcount:
            if self.conn.execute(statement, pending).rowcount != len(pending):  # one changed since it was read
                raise ChangedElsewhere(None, None)
            return
        for parameters in pending:  # a driver that cannot count the rows of many: one at a time
            if self.conn.execute(statement, parameters).rowcount != 1:
                raise ChangedElsewhere(None, None)


def _reporting(rows: Sequence[SurveyRow], progress: Progress | None, total: int) -> Iterable[SurveyRow]:
    """The rows, calling ``progress(done, total)`` every thousand."""
    if progress is None:
        yield from rows
        return
    for done, row in enumerate(rows, start=1):
        yield row
        if done % 1000 == 0:
            progress(done, total)


def survey_deriver(conn: Connection) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """derive(values): the computed columns of a survey given as stored values (with ``school_id``), for a record
    written outside :func:`write_surveys` (a laptop-exchange package): the indicators at its school's level,
    with this database's benchmark."""
    ratios = read_ratios(conn)
    levels: dict[int, str] = {}

    def derive(values: Mapping[str, Any]) -> dict[str, Any]:
        school_id = values["school_id"]
        if school_id not in levels:
            levels.update(dict(conn.execute(select(School.id, School.jenjang)).all()))
        return indicators.compute(values, levels.get(school_id, "SD"), ratios).as_columns()

    return derive
