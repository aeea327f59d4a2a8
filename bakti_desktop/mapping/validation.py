"""Checking one survey record: the rules shared by the importer and the entry form.

``validate`` takes raw values by field key (cells of a workbook row, or the
texts of the form), parses each one, resolves the regions and applies the
row rules of docs/domain-rules.md §3.5. It returns the typed values and the problems;
a record with any problem is not saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bakti_desktop import regions
from bakti_desktop.i18n import language, msg
from bakti_desktop.mapping.fields import BY_KEY, FIELDS, IMPROVED_TOILETS, TOILET_COUNT_KEYS, Field, Kind
from bakti_desktop.mapping.parsing import DASHES, CellError, is_blank, parser_for
from bakti_desktop.mapping.rows import SurveyRow
from bakti_desktop.spreadsheets.marks import SheetError
from bakti_desktop.reports.format import money
from bakti_desktop.storage.rules import MAX_COUNT, MAX_TEXT, control_character


@dataclass(frozen=True)
class Problem:
    column: str | None  # field key, or None for the record as a whole
    message: str


def label(field: Field) -> str:
    return field.label if language() == "id" else field.label_en


MULTILINE_KEYS = frozenset({"catatan"})  # texts that may hold line breaks


def _bounded(field: Field, controls_checked: bool = False) -> Callable[[Any], Any]:
    """The field's parser with the bounds of docs/domain-rules.md §3.5: counts up to 100,000, texts up to 500
    characters and without control characters (line breaks allowed in notes). What passes fits every
    column on SQLite and PostgreSQL (the CHECK constraints of bakti_desktop.storage.rules).
    ``controls_checked``: the text parser for cells already known to hold no control character."""
    parse = parser_for(field)
    if field.kind is Kind.INT:
        def parse_count(value: Any) -> Any:
            number = parse(value)
            if number > MAX_COUNT:
                raise CellError(msg(en="{v} is more than {m}", id="{v} lebih dari {m}", v=number, m="100.000"))
            return number

        return parse_count
    if field.kind in (Kind.TEXT, Kind.NPSN):
        multiline = field.key in MULTILINE_KEYS

        def parse_text(value: Any) -> Any:
            text = parse(value)
            if len(text) > MAX_TEXT:
                raise CellError(msg(en="longer than {n} characters ({m})", id="lebih dari {n} karakter ({m})",
                                    n=MAX_TEXT, m=len(text)))
            bad = None if controls_checked else control_character(text, multiline)
            if bad:
                raise CellError(msg(en="contains a control character ({u})", id="berisi karakter kendali ({u})", u=bad))
            return text

        return parse_text
    return parse


_PARSERS: dict[str, Callable[[Any], Any]] = {f.key: _bounded(f) for f in FIELDS if f.kind is not Kind.REGION}
_PARSERS_LIST = tuple(_PARSERS.items())
# Text fields: whether line breaks are allowed, and the parser for a column whose cells were all checked at once.
_TEXT_KEYS = {f.key: f.key in MULTILINE_KEYS for f in FIELDS if f.kind in (Kind.TEXT, Kind.NPSN)}
_CHECKED_TEXT_PARSERS = {key: _bounded(BY_KEY[key], controls_checked=True) for key in _TEXT_KEYS}
_PLAIN_TEXT_KEYS = frozenset(f.key for f in FIELDS if f.kind is Kind.TEXT)  # texts kept as typed (not the NPSN)
# The keys of the values ``validate`` returns, in order: the fields of a checked row (rows.SurveyRow).
VALUE_KEYS = (*_PARSERS, "kabupaten_code", "kecamatan_code", "desa_code", "year")
if SurveyRow._fields != VALUE_KEYS:  # a survey field added to fields.py but not to the typed row, or the reverse
    raise RuntimeError(f"bakti_desktop.mapping.rows.SurveyRow must list the fields {VALUE_KEYS}")
_REQUIRED = tuple(f.key for f in FIELDS if f.required and f.kind is not Kind.REGION)
# The fields record_rules reads, in the order _record_problems takes them.
_RULE_KEYS = ("sumber_air_minum", "air_tersedia", "jenis_jamban", *TOILET_COUNT_KEYS, "sarana_cuci_tangan",
              "sarana_cuci_tangan_rusak", *("siswa_laki", "siswa_perempuan", "siswa_disabilitas"),
              *("anggaran_sanitasi", "anggaran_rp"))


def _sheet_error(field: Field, cell: SheetError) -> Problem:
    """A cell holding a spreadsheet error (#DIV/0!, #N/A…): a rejection naming the cell, never a blank."""
    if cell.ref:
        return Problem(field.key, msg(en="{label} holds the Excel error {code} (cell {ref})",
                                      id="{label} berisi galat Excel {code} (sel {ref})",
                                      label=label(field), code=cell.code, ref=cell.ref))
    return Problem(field.key, msg(en="{label} holds the Excel error {code}", id="{label} berisi galat Excel {code}",
                                  label=label(field), code=cell.code))


def _blank(value: Any) -> bool:
    """Empty, spaces, or a dash alone (docs/domain-rules.md §3.6)."""
    return value is None or value == "" or (type(value) is str and (not value.strip() or value.strip() in DASHES))


def _required(field: Field) -> Problem:
    return Problem(field.key, msg(en="{label} is required", id="{label} wajib diisi", label=label(field)))


def validate(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values and problems for one record given as raw values by key."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    get = raw.get
    for key, parse in _PARSERS_LIST:
        value = get(key)
        if _blank(value):
            values[key] = None
            continue
        if type(value) is SheetError:
            problems.append(_sheet_error(BY_KEY[key], value))
            values[key] = None
            continue
        try:
            values[key] = parse(value)
        except CellError as error:
            problems.append(Problem(key, f"{label(BY_KEY[key])}: {error}"))
            values[key] = None
    for key in _REQUIRED:
        if values[key] is None and not any(p.column == key for p in problems):
            problems.append(_required(BY_KEY[key]))
    problems.extend(_resolve_regions(raw, values))
    if not problems:
        problems.extend(record_rules(values))
    if values.get("tanggal_survei") is not None:
        values["year"] = values["tahun"] if values.get("tahun") is not None else values["tanggal_survei"].year
    else:
        values["year"] = values.get("tahun")
    return values, problems


def _resolve_regions(raw: Mapping[str, Any], values: dict[str, Any]) -> list[Problem]:
    kab, kec, desa, problems = resolve_regions(raw.get("kabupaten"), raw.get("kecamatan"), raw.get("desa"))
    values["kabupaten_code"], values["kecamatan_code"], values["desa_code"] = kab, kec, desa
    return problems


def resolve_regions(kab_raw: Any, kec_raw: Any, desa_raw: Any) -> tuple[str | None, str | None, str | None, list[Problem]]:
    """(kabupaten, kecamatan, desa codes, problems) for the region cells of one record."""
    problems: list[Problem] = []
    kab_code = kec_code = desa_code = None
    errors = [(key, cell) for key, cell in (("kabupaten", kab_raw), ("kecamatan", kec_raw), ("desa", desa_raw))
              if type(cell) is SheetError]
    if errors:
        return None, None, None, [_sheet_error(BY_KEY[key], cell) for key, cell in errors]
    if is_blank(kab_raw):
        problems.append(_required(BY_KEY["kabupaten"]))
    else:
        kab = regions.find_kabupaten(kab_raw)
        if kab is None:
            problems.append(
                Problem(
                    "kabupaten",
                    msg(
                        en="'{v}' is not a kabupaten/kota of South Sulawesi",
                        id="'{v}' bukan kabupaten/kota di Sulawesi Selatan",
                        v=str(kab_raw).strip(),
                    ),
                )
            )
        else:
            kab_code = kab.code
    if is_blank(kec_raw):
        problems.append(_required(BY_KEY["kecamatan"]))
    elif kab_code:
        kec = regions.find_kecamatan(kab_code, kec_raw)
        if kec is None:
            problems.append(
                Problem(
                    "kecamatan",
                    msg(
                        en="'{v}' is not a kecamatan of {kab}",
                        id="'{v}' bukan kecamatan di {kab}",
                        v=str(kec_raw).strip(),
                        kab=regions.region_name(kab_code),
                    ),
                )
            )
        else:
            kec_code = kec.code
    if not is_blank(desa_raw) and kec_code:
        desa = regions.find_desa(kec_code, desa_raw)
        if desa is None:
            problems.append(
                Problem(
                    "desa",
                    msg(
                        en="'{v}' is not a desa/kelurahan of Kecamatan {kec}",
                        id="'{v}' bukan desa/kelurahan di Kecamatan {kec}",
                        v=str(desa_raw).strip(),
                        kec=regions.region_name(kec_code),
                    ),
                )
            )
        else:
            desa_code = desa.code
    return kab_code, kec_code, desa_code, problems


def _typed(column: Sequence[Any]) -> list[tuple[type, Any]]:
    # Keys that tell True from 1.0 and "1" from 1: equal values of different types parse differently.
    return list(zip(map(type, column), column))


_NUMBERS = frozenset((bool, int, float))
_TEXT = frozenset((str, type(None)))


def _parse_one(key: str, parse: Callable[[Any], Any], cell: Any) -> tuple[Any, Problem | None]:
    if _blank(cell):
        return None, None
    if type(cell) is SheetError:
        return None, _sheet_error(BY_KEY[key], cell)
    try:
        return parse(cell), None
    except CellError as error:
        return None, Problem(key, f"{label(BY_KEY[key])}: {error}")


def _stripped_texts(column: Sequence[Any], plain: set[Any]) -> list[Any] | None:
    """A text column's values when each of its cells is empty or a text of at most MAX_TEXT characters (and
    without control characters: checked before): the text stripped, None where blank or a dash alone (what
    parse_text and _blank make of it, without a call per cell). None when some cell needs the full parser."""
    if any(c is not None and type(c) is not str for c in plain) or max(map(len, filter(None, plain)), default=0) > MAX_TEXT:
        return None
    values: list[Any] = []
    for cell in column:
        text = cell.strip() if cell is not None else ""
        values.append(text if text and text not in DASHES else None)
    return values


def _no_control_character(cells: Iterable[Any], multiline: bool) -> bool:
    """True when no text among ``cells`` holds a control character: one search over them all, joined by a
    line separator (U+2028, not a control character) rather than one per cell."""
    return control_character("\u2028".join(c for c in cells if type(c) is str), multiline) is None


def _parse_column(key: str, parse: Callable[[Any], Any], column: Sequence[Any]) -> tuple[list[Any], dict[int, Problem]]:
    """Parsed values of one column and the problems by row index; each distinct cell is parsed once."""
    results: dict[Any, Any] = {}
    errors: dict[Any, Problem] = {}
    try:
        plain = set(column)  # the distinct cells (a set: quicker to build than a dict, and order does not matter)
    except TypeError:  # an unhashable cell (never from a workbook)
        plain = None
    if plain is not None and (_NUMBERS.isdisjoint(map(type, plain)) or len(_NUMBERS.intersection(map(type, column))) < 2):
        # The usual case: no two cells of different types are equal as keys (True == 1 == 1.0 is the only
        # way), so the cells themselves are the keys. With no number among the distinct cells there is
        # none in the column either (a text column): its cells' types need no look.
        if key in _TEXT_KEYS and _no_control_character(plain, _TEXT_KEYS[key]):
            if key in _PLAIN_TEXT_KEYS:
                texts = _stripped_texts(column, plain)
                if texts is not None:
                    return texts, {}
            parse = _CHECKED_TEXT_PARSERS[key]
        for cell in plain:
            results[cell], problem = _parse_one(key, parse, cell)
            if problem is not None:
                errors[cell] = problem
        values = list(map(results.__getitem__, column))
        found = {i: errors[cell] for i, cell in enumerate(column) if cell in errors} if errors else {}
        return values, found
    typed = _typed(column)
    try:
        distinct = set(typed)
    except TypeError:  # parse cell by cell
        distinct = None

    if distinct is None:
        pairs = [_parse_one(key, parse, cell) for cell in column]
        return [v for v, _ in pairs], {i: p for i, (_, p) in enumerate(pairs) if p is not None}
    for item in distinct:
        results[item], problem = _parse_one(key, parse, item[1])
        if problem is not None:
            errors[item] = problem
    values = list(map(results.__getitem__, typed))
    found = {i: errors[item] for i, item in enumerate(typed) if item in errors} if errors else {}
    return values, found


Regions = tuple[str | None, str | None, str | None, list[Problem]]  # resolve_regions: codes and problems


def validate_table(
    columns: Mapping[str, Sequence[Any]],
    count: int,
    step: Callable[[int, int], None] | None = None,
    blank_keys: set[str] | None = None,
) -> list[tuple[tuple[Any, ...], list[Problem]]]:
    """:func:`validate` for ``count`` records given column by column (raw cells by field key).

    The results are those of :func:`validate` on each record, in the same order, problem for
    problem, with the values as a tuple in the order of :data:`VALUE_KEYS` (a dictionary per row
    costs more than checking it; a row without problems makes a :class:`rows.SurveyRow` as it is);
    only faster, as the cells of a column repeat a lot (yes/no, choices, small counts, survey days)
    and each distinct cell is parsed once. ``step(done, total)`` is called after each column. The
    keys of :data:`VALUE_KEYS` whose value is None in every record are added to ``blank_keys`` when
    it is given (an import leaves them out of its inserts).

    Column by column, the rows assembled last: the fields, the required ones, the regions, the
    record rules of the rows with no problem so far, the survey year.
    """
    problems: list[list[Problem]] = [[] for _ in range(count)]
    parsed = _parse_columns(columns, count, problems, step)
    _check_required(parsed, problems)
    kab, kec, desa = _region_columns(columns, count, problems)
    _check_record_rules(parsed, problems)
    years = _years(parsed["tahun"], parsed["tanggal_survei"])
    values = (*parsed.values(), kab, kec, desa, years)
    if blank_keys is not None:
        # (a column holding a value in its first row is passed over without counting its blanks)
        blank_keys.update(key for key, column in zip(VALUE_KEYS, values)
                          if (not count or column[0] is None) and column.count(None) == count)
    results = list(zip(zip(*values), problems))
    if step is not None:
        step(len(_PARSERS_LIST) + 2, len(_PARSERS_LIST) + 2)
    return results


def _parse_columns(columns: Mapping[str, Sequence[Any]], count: int, problems: list[list[Problem]],
                   step: Callable[[int, int], None] | None) -> dict[str, list[Any]]:
    """Each field's column parsed (None where blank or wrong); the problems added to each row's."""
    blank = [None] * count
    parsed: dict[str, list[Any]] = {}
    total = len(_PARSERS_LIST) + 2
    for done, (key, parse) in enumerate(_PARSERS_LIST, start=1):
        column = columns.get(key)
        if column is None:
            parsed[key] = blank
        else:
            parsed[key], found = _parse_column(key, parse, column)
            for i, problem in found.items():
                problems[i].append(problem)
        if step is not None:
            step(done, total)
    return parsed


def _check_required(parsed: Mapping[str, list[Any]], problems: list[list[Problem]]) -> None:
    """A required field left blank, in a row where that field has no problem yet."""
    for key in _REQUIRED:
        column = parsed[key]
        if None not in column:
            continue
        for i, value in enumerate(column):
            if value is None and not any(p.column == key for p in problems[i]):
                problems[i].append(_required(BY_KEY[key]))


def _region_columns(columns: Mapping[str, Sequence[Any]], count: int,
                    problems: list[list[Problem]]) -> tuple[list[Any], list[Any], list[Any]]:
    """The kabupaten, kecamatan and desa codes of each row; each distinct triple of cells is resolved once."""
    blank = [None] * count
    region_columns = [columns.get(k) or blank for k in ("kabupaten", "kecamatan", "desa")]
    if all(_TEXT.issuperset(map(type, column)) for column in region_columns):
        keys: Any = zip(*region_columns)  # text only, the usual case: the cells are the keys
    else:
        keys = zip(*map(_typed, region_columns))
    places: dict[Any, Regions] = {}
    codes: list[tuple[str | None, str | None, str | None]] = []
    for i, place in enumerate(keys):
        found = _place(places, place, [column[i] for column in region_columns])
        codes.append(found[:3])
        if found[3]:
            problems[i].extend(found[3])
    if not count:
        return [], [], []
    kab, kec, desa = (list(column) for column in zip(*codes))
    return kab, kec, desa


def _place(places: dict[Any, Regions], place: Any, cells: list[Any]) -> Regions:
    """The regions of one row's cells, from ``places`` when the same cells were resolved before."""
    try:
        found = places.get(place)
    except TypeError:  # unhashable cells (never from a workbook)
        return resolve_regions(*cells)
    if found is None:
        found = places[place] = resolve_regions(*cells)
    return found


def _check_record_rules(parsed: Mapping[str, list[Any]], problems: list[list[Problem]]) -> None:
    """The contradictions of §1.6, in the rows with no problem so far."""
    for row_problems, fields in zip(problems, zip(*(parsed[key] for key in _RULE_KEYS))):
        if not row_problems:
            row_problems.extend(_record_problems(fields))


def _years(given: list[Any], surveyed: list[Any]) -> list[Any]:
    """The survey year of each row: the year given, else the survey date's."""
    return [year if year is not None or day is None else day.year for year, day in zip(given, surveyed)]


def record_rules(values: Mapping[str, Any]) -> list[Problem]:
    """The contradictions of §1.6, checked once every field has been read."""
    return _record_problems(tuple(map(values.get, _RULE_KEYS)))


def _record_problems(fields: tuple[Any, ...]) -> list[Problem]:
    """:func:`record_rules` for the values of ``_RULE_KEYS`` in that order (validate_table takes them from its rows)."""
    source, available, toilet_type, *counts, total, broken = fields[:-5]
    problems: list[Problem] = []
    if source not in (None, "tidak_ada") and available is None:
        problems.append(
            Problem(
                "air_tersedia",
                msg(
                    en="{label} is required unless the source is tidak_ada",
                    id="{label} wajib diisi kecuali sumber air 'tidak_ada'",
                    label=label(BY_KEY["air_tersedia"]),
                ),
            )
        )
    toilets = sum(filter(None, counts))  # blank counts are None
    if toilet_type == "tidak_ada" and toilets > 0:
        first = TOILET_COUNT_KEYS[next(i for i, n in enumerate(counts) if n)]
        problems.append(
            Problem(
                first,
                msg(
                    en="{n} toilets are counted but the toilet type is tidak_ada",
                    id="{n} jamban dihitung padahal jenis jamban 'tidak_ada'",
                    n=toilets,
                ),
            )
        )
    if toilet_type in IMPROVED_TOILETS and toilets == 0:
        problems.append(
            Problem(
                "jenis_jamban",
                msg(
                    en="the toilet type is {t} but no toilet is counted",
                    id="jenis jamban '{t}' tetapi tidak ada jamban yang dihitung",
                    t=toilet_type,
                ),
            )
        )
    if total is not None and broken is not None and broken > total:
        problems.append(
            Problem(
                "sarana_cuci_tangan_rusak",
                msg(
                    en="{b} broken handwashing facilities, more than the total of {t}",
                    id="{b} sarana cuci tangan rusak, lebih dari jumlahnya ({t})",
                    b=broken,
                    t=total,
                ),
            )
        )
    problems.extend(_disability_above_total(*fields[-5:-2]))
    problems.extend(_budget_without_plan(*fields[-2:]))
    return problems


def _disability_above_total(boys: int | None, girls: int | None, disabled: int | None) -> list[Problem]:
    """§1.6: ``siswa_disabilitas`` above ``siswa_laki`` + ``siswa_perempuan``."""
    enrolled = (boys or 0) + (girls or 0)
    if disabled is None or disabled <= enrolled:
        return []
    return [Problem("siswa_disabilitas", msg(
        en="{d} students with disabilities, more than the {n} enrolled",
        id="{d} siswa disabilitas, lebih dari jumlah siswa ({n})", d=disabled, n=enrolled))]


def _budget_without_plan(planned: bool | None, amount: int | None) -> list[Problem]:
    """§1.6: ``anggaran_sanitasi`` = Tidak with an ``anggaran_rp`` above 0."""
    if planned is not False or not amount:
        return []
    return [Problem("anggaran_rp", msg(
        en="a sanitation budget of Rp {v} although the school plan has none (Tidak)",
        id="nilai anggaran sanitasi Rp {v} padahal anggaran sanitasi di RKAS 'Tidak'", v=money(amount)))]


def check_typed(values: Mapping[str, Any], keys: Sequence[str]) -> list[Problem]:
    """The field rules of §1.5 for values already typed (a record from a laptop-exchange package).

    Each value goes through the same parser and bounds as a workbook cell or a form entry; a choice
    must be its code. ``keys`` are the fields to check (a school's or a survey's).
    """
    problems: list[Problem] = []
    for key in keys:
        field = BY_KEY[key]
        value = values.get(key)
        if value is None or value == "":
            if field.required:
                problems.append(_required(field))
            continue
        if field.kind is Kind.CHOICE:
            if value not in {c.code for c in field.choices}:
                problems.append(Problem(key, msg(en="{label}: '{v}' is not one of: {allowed}",
                                                 id="{label}: '{v}' bukan salah satu dari: {allowed}",
                                                 label=label(field), v=str(value)[:40],
                                                 allowed=", ".join(c.code for c in field.choices))))
            continue
        try:
            _PARSERS[key](value)
        except CellError as error:
            problems.append(Problem(key, f"{label(field)}: {error}"))
    return problems


def record_warnings(values: Mapping[str, Any]) -> list[Problem]:
    """What §1.6 warns about without refusing the record: soap or water answered while no facility works."""
    total, broken, soap = values.get("sarana_cuci_tangan"), values.get("sarana_cuci_tangan_rusak"), values.get("air_sabun")
    working = (total or 0) - (broken or 0)
    if soap not in (None, "tidak_ada") and working < 1:
        return [
            Problem(
                "air_sabun",
                msg(
                    en="water or soap is recorded but no handwashing facility works: hygiene counts as no service",
                    id="air/sabun diisi padahal tidak ada sarana cuci tangan yang berfungsi: higiene dihitung tidak ada layanan",
                ),
            )
        ]
    return []
