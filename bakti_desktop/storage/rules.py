"""The bounds every stored record keeps, whichever way it came in (docs/domain-rules.md §3.5, issue 17).

One table of rules per column of the user-record tables: the codes a column may hold, the
range of a number, the longest text, and whether a text may span lines. Three things read it:

* :func:`problems` checks one record's values (a laptop-exchange package checks every record
  with it, and a flush of the ORM is checked by :func:`install_guard` so that a form that
  forgot a bound gets a sentence, not a database error);
* :func:`check_constraints` gives the CHECK constraints that back the rules in the database
  (attached to the models for new databases; migration 0013 adds them to existing ones);
* the survey validator (:mod:`bakti_desktop.mapping.validation`) uses the same bounds.

Anything these rules accept fits every column on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, DateTime, Float, Integer, MetaData, String, Table, Text

from bakti_desktop.i18n import msg

MAX_COUNT = 100_000  # students, toilets, participants, cases (docs/domain-rules.md §3.5)
MAX_MONEY = 2_000_000_000_000  # rupiah
MAX_TEXT = 500  # a survey text (docs/domain-rules.md §3.5)
MAX_NOTE = 1_000_000  # a multi-line note, minutes, a chapter of the SSS
MAX_EVIDENCE_BYTES = 25 * 1024 * 1024  # bakti_desktop.twinning.evidence.MAX_SIZE
YEARS = (2000, 2100)

# C0 and C1 control characters, DEL and lone surrogates (which no database can store as UTF-8). C1 (U+0080–U+009F)
# is what Windows quotes and dashes become when a file is decoded with the wrong code page.
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # tab and line breaks allowed


def control_character(text: str, multiline: bool = False) -> str | None:
    """The first control character in ``text`` as "U+001B", or None (line breaks and tabs allowed in notes)."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def one_line(value: object) -> str:
    """A value from outside shown in a message: short, on one line, without control characters."""
    return _CONTROL_ONE_LINE.sub("?", str(value)[:40])


@dataclass(frozen=True)
class Rule:
    codes: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    max_length: int | None = None
    exact_length: int | None = None
    multiline: bool = False
    hex64: bool = False


def _codes() -> dict[tuple[str, str], tuple[str, ...]]:
    from bakti_desktop.mapping.fields import BY_KEY, JENJANG_CODES
    from bakti_desktop.pksai.models import SEXES, ActionStatus, MeetingMode
    from bakti_desktop.pksai.service import CASE_LABELS
    from bakti_desktop.sss.models import FUNDING_SOURCES, SectionStatus
    from bakti_desktop.twinning.evidence import MAGIC
    from bakti_desktop.twinning.models import EVIDENCE_KINDS, ItemStatus, Stage, UnitRole, VisitKind

    survey = {("survey", k): tuple(c.code for c in BY_KEY[k].choices)
              for k in ("sumber_air_minum", "jenis_jamban", "air_sabun", "mkm_pembalut", "air_limbah")}
    return {
        ("school", "jenjang"): JENJANG_CODES,
        ("school", "status"): tuple(c.code for c in BY_KEY["status"].choices),
        **survey,
        ("pksai_person", "sex"): SEXES,
        ("pksai_attendee", "sex"): SEXES,
        ("pksai_meeting", "mode"): MeetingMode.codes(),
        ("pksai_action", "status"): ActionStatus.codes(),
        ("pksai_action_update", "status"): ActionStatus.codes(),
        ("pksai_case_figure", "category"): tuple(CASE_LABELS),
        ("twin_programme", "stage"): Stage.codes(),
        ("twin_unit", "role"): UnitRole.codes(),
        ("twin_item", "status"): ItemStatus.codes(),
        ("twin_evidence", "kind"): EVIDENCE_KINDS,
        ("twin_evidence", "extension"): tuple(MAGIC),
        ("twin_visit", "kind"): VisitKind.codes(),
        ("sss_section", "status"): SectionStatus.codes(),
        ("sss_programme_row", "sumber_dana"): FUNDING_SOURCES,
    }


def _ranges() -> dict[tuple[str, str], tuple[float, float]]:
    from bakti_desktop.mapping.fields import FIELDS, Kind

    counts = {("survey", f.key): (0, MAX_COUNT) for f in FIELDS if f.kind is Kind.INT}
    year = (YEARS[0], YEARS[1])
    return {
        **counts,
        ("survey", "anggaran_rp"): (0, MAX_MONEY),
        ("survey", "year"): year,
        ("school", "lintang"): (-8.0, -1.0),
        ("school", "bujur"): (117.0, 122.0),
        ("pksai_attendance_count", "male"): (0, MAX_COUNT),
        ("pksai_attendance_count", "female"): (0, MAX_COUNT),
        ("pksai_case_figure", "male"): (0, MAX_COUNT),
        ("pksai_case_figure", "female"): (0, MAX_COUNT),
        ("pksai_agenda_item", "number"): (0, MAX_COUNT),
        ("pksai_decision", "number"): (0, MAX_COUNT),
        ("twin_topic", "number"): (0, MAX_COUNT),
        ("twin_visit", "male"): (0, MAX_COUNT),
        ("twin_visit", "female"): (0, MAX_COUNT),
        ("twin_programme", "start_year"): year,
        ("twin_programme", "end_year"): year,
        ("twin_evidence", "size"): (0, MAX_EVIDENCE_BYTES),
        ("sss_document", "start_year"): year,
        ("sss_document", "end_year"): year,
        ("sss_document", "baseline_year"): year,
        ("sss_section", "level"): (1, 2),
        ("sss_programme_row", "volume"): (0, 1_000_000_000),
        ("sss_programme_row", "unit_cost"): (0, MAX_MONEY),
        ("sss_programme_row", "tahun"): year,
    }


# Texts with a bound of their own: the survey's notes follow the workbook's 500 characters; the frozen
# data blocks of a final SSS are written by the program, not typed.
_TEXT_LENGTHS: dict[tuple[str, str], int | None] = {("survey", "catatan"): MAX_TEXT,
                                                      ("sss_document", "frozen_data"): None}
_SKIPPED = frozenset(("id", "uuid", "version", "created_at", "updated_at", "updated_by"))


@cache
def table_rules() -> dict[str, dict[str, Rule]]:
    """Rules by table and column, for every user-record table."""
    from bakti_desktop.workspaces import derived_columns, record_tables

    codes, ranges = _codes(), _ranges()
    out: dict[str, dict[str, Rule]] = {}
    for table in record_tables():
        columns: dict[str, Rule] = {}
        links = {fk.parent.name for fk in table.foreign_keys}
        for column in table.columns:
            name = column.name
            if name in _SKIPPED or name in links or name in derived_columns(table.name):
                continue
            key = (table.name, name)
            kind = column.type
            rule = Rule(codes=codes.get(key))
            if key in ranges:
                rule = Rule(codes=rule.codes, low=ranges[key][0], high=ranges[key][1])
            if isinstance(kind, Text):
                rule = Rule(codes=rule.codes, low=rule.low, high=rule.high, multiline=True,
                            max_length=_TEXT_LENGTHS.get(key, MAX_NOTE))
            elif isinstance(kind, String):
                rule = Rule(codes=rule.codes, low=rule.low, high=rule.high, max_length=kind.length,
                            exact_length=8 if key == ("school", "npsn") else None,
                            hex64=key == ("twin_evidence", "sha256"))
            columns[name] = rule
        out[table.name] = columns
    return out


def _label(column: str) -> str:
    return column


def check_value(table: str, column: str, value: Any) -> str | None:
    """Why ``value`` cannot be stored in ``table.column`` (a sentence naming the column), or None."""
    rule = table_rules().get(table, {}).get(column)
    if rule is None or value is None:
        return None
    name = _label(column)
    if rule.codes is not None and value not in rule.codes:
        return msg(en="{c}: '{v}' is not one of: {codes}", id="{c}: '{v}' bukan salah satu dari: {codes}", c=name,
                   v=str(value)[:40], codes=", ".join(rule.codes))
    if rule.low is not None and rule.high is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        if not (isinstance(value, int) or math.isfinite(value)) or not rule.low <= value <= rule.high:
            low, high = (int(x) if float(x).is_integer() else x for x in (rule.low, rule.high))
            return msg(en="{c}: {v} is outside {lo}…{hi}", id="{c}: {v} di luar batas {lo}…{hi}", c=name,
                       v=str(value)[:30], lo=low, hi=high)
    if isinstance(value, str):
        if rule.max_length is not None and len(value) > rule.max_length:
            return msg(en="{c}: longer than {n} characters", id="{c}: lebih dari {n} karakter", c=name,
                       n=rule.max_length)
        if rule.exact_length is not None and len(value) != rule.exact_length:
            return msg(en="{c}: must be {n} characters", id="{c}: harus {n} karakter", c=name, n=rule.exact_length)
        if rule.hex64 and not re.fullmatch(r"[0-9a-f]{64}", value):
            return msg(en="{c}: not a SHA-256 (64 hexadecimal digits)", id="{c}: bukan SHA-256 (64 digit heksadesimal)",
                       c=name)
        bad = control_character(value, rule.multiline)
        if bad:
            return msg(en="{c}: contains a control character ({u})", id="{c}: berisi karakter kendali ({u})", c=name,
                       u=bad)
    return None


def problems(table: str, values: dict[str, Any]) -> list[str]:
    """The rules ``values`` (column → value) break, one sentence each."""
    found = []
    for column, value in values.items():
        problem = check_value(table, column, value)
        if problem:
            found.append(problem)
    return found


def type_problem(column: Any, value: Any) -> str | None:
    """Why a value from a package is not of the column's type (JSON: numbers, true/false, text), or None."""
    if value is None:
        return None
    kind = column.type
    name = _label(column.name)
    if isinstance(kind, Boolean):
        ok = type(value) is bool
        expected = msg(en="true or false", id="true atau false")
    elif isinstance(kind, (Integer, BigInteger)):
        ok = type(value) is int
        expected = msg(en="a whole number", id="bilangan bulat")
    elif isinstance(kind, Float):
        ok = type(value) in (int, float) and math.isfinite(value)
        expected = msg(en="a number", id="angka")
    elif isinstance(kind, (String, Text)):
        ok = type(value) is str
        expected = msg(en="text", id="teks")
    elif isinstance(kind, (Date, DateTime)):
        ok = type(value) is str and len(value) <= 40
        expected = msg(en="a date", id="tanggal")
    else:
        return None
    if ok:
        return None
    return msg(en="{c}: {e} is expected, not {v}", id="{c}: harus {e}, bukan {v}", c=name, e=expected,
               v=repr(value)[:40])


# -- CHECK constraints --------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def constraint_rows() -> list[tuple[str, str, str]]:
    """(table, constraint name without the "ck_<table>_" prefix, SQL condition) for every rule."""
    rows = []
    for table, columns in table_rules().items():
        for column, rule in columns.items():
            if rule.codes is not None:
                rows.append((table, f"{column}_code", f"{column} IN ({', '.join(map(_quote, rule.codes))})"))
            if rule.low is not None and rule.high is not None:
                rows.append((table, f"{column}_range",
                             f"{column} >= {_number(rule.low)} AND {column} <= {_number(rule.high)}"))
            if rule.exact_length is not None:
                rows.append((table, f"{column}_length", f"length({column}) = {rule.exact_length}"))
            elif rule.hex64:
                rows.append((table, f"{column}_hex",
                             f"length({column}) = 64 AND ltrim({column}, '0123456789abcdef') = ''"))
            elif rule.max_length is not None and rule.max_length <= MAX_TEXT and rule.codes is None:
                rows.append((table, f"{column}_length", f"length({column}) <= {rule.max_length}"))
    return rows


def check_constraints(metadata: MetaData) -> None:
    """Attach the CHECK constraints to the tables of ``metadata`` (once), so new databases have them."""
    for table_name, name, condition in constraint_rows():
        table: Table = metadata.tables[table_name]
        if any(isinstance(c, CheckConstraint) and c.name == name for c in table.constraints):
            continue
        table.append_constraint(CheckConstraint(condition, name=name))


# -- the guard on every ORM flush -----------------------------------------------------------------------


def install_guard() -> None:
    """Refuse, with a sentence, a flush that would store a value the rules refuse."""
    from sqlalchemy import event, inspect
    from sqlalchemy.orm import Session

    from bakti_desktop.errors import UserError

    if getattr(install_guard, "done", False):
        return
    install_guard.done = True  # type: ignore[attr-defined]

    @event.listens_for(Session, "before_flush")
    def _check(session: Session, _context: Any, _instances: Any) -> None:
        rules = table_rules()
        for obj in (*session.new, *session.dirty):
            table = getattr(type(obj), "__tablename__", None)
            if table not in rules:
                continue
            state = inspect(obj)
            for column in rules[table]:
                if obj in session.dirty and not state.attrs[column].history.has_changes():
                    continue  # a value stored before the rules is not refused until it is changed
                problem = check_value(table, column, getattr(obj, column))
                if problem:
                    raise UserError(problem)
