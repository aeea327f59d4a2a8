"""Every survey field is added everywhere it must be (docs/checklists.md, "Adding a survey field").

A field of ``bakti_desktop/mapping/fields.py`` must have, all at once:

* a column on ``Survey`` (or ``School`` for a school field) of the type its kind parses to, and the
  bound of ``bakti_desktop/storage/rules.py`` that its kind needs (and no column is left without a field);
* a place in the entry form's ``GROUPS`` (``ui/mapping/survey_form.py``), which builds its tabs from them;
* a column in the blank template, under a header the importer reads back as the field;
* a name in ``bakti_desktop/labels.py`` for the history and the packages (in both languages);
* a value in the demo generator's rows and in ``benchmarks/data.py``'s rows (or a place in the lists
  below of fields those rows leave blank on purpose);
* a column in the mapping workbook's data sheet;
* a parser for its kind in the validator, whose value fits its column;
* a question of the phone form (``bakti_desktop/mapping/xlsform.py``), which builds itself from fields.py.

One record with every field filled goes the whole way: into the template, through the import, into the
database and out to the workbook export; a field that falls off anywhere is named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import BigInteger, Boolean, Date, Float, Integer, String, Text, select

# Every module that reads FIELDS is loaded here, before a test below replaces FIELDS.
import bakti_desktop.mapping.export_xlsx  # noqa: F401 - loaded by export_mapping otherwise
from bakti_desktop.i18n import set_language
from bakti_desktop.labels import column_label
from bakti_desktop.mapping import fields as fields_module
from bakti_desktop.mapping.demo import demo_records
from bakti_desktop.mapping.export import export_mapping
from bakti_desktop.mapping.fields import Choice, Field, Kind
from bakti_desktop.mapping.importer import apply_import, plan_import
from bakti_desktop.mapping.indicators import COMPUTED_COLUMNS
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.parsing import parser_for
from bakti_desktop.mapping.template import _rule, write_template
from bakti_desktop.mapping.validation import validate
from bakti_desktop.mapping.xlsform import build_form
from bakti_desktop.storage import rules as rules_module
from bakti_desktop.storage.rules import MAX_COUNT, MAX_MONEY, MAX_TEXT, YEARS
from benchmarks.data import synthetic_rows
from ui.mapping import survey_form

# Optional fields the demo generator leaves blank, as a sanitarian may: "tahun" follows the survey date.
DEMO_BLANK = frozenset({"tahun", "catatan"})
# Optional fields the benchmark's synthetic rows leave blank (a blank cell is the cheap case of a field).
BENCHMARK_BLANK = frozenset({
    "desa", "lintang", "bujur", "tahun", "siswa_disabilitas", "jamban_laki_rusak", "jamban_perempuan_rusak",
    "jamban_bersama_rusak", "jamban_difabel", "mkm_tempat_sampah", "mkm_pembalut", "mkm_edukasi", "air_limbah",
    "kuras_septik", "anggaran_sanitasi", "anggaran_rp", "piket_kebersihan", "siswa_terlibat", "uks_aktif",
    "catatan",
})

# The column types each kind's parsed value is stored in.
COLUMN_TYPES: dict[Kind, tuple[type, ...]] = {
    Kind.TEXT: (String, Text), Kind.NPSN: (String,), Kind.INT: (Integer,), Kind.MONEY: (BigInteger,),
    Kind.YESNO: (Boolean,), Kind.CHOICE: (String,), Kind.DATE: (Date,), Kind.LAT: (Float,), Kind.LON: (Float,),
    Kind.REGION: (String,), Kind.YEAR: (Integer,),
}
# Columns of survey and school that are no field: bookkeeping, the link and the computed indicators.
BOOKKEEPING = frozenset({"id", "uuid", "created_at", "updated_at", "updated_by", "version", "school_id",
                         "submission_id", "submission_instance"})  # the phone-form submission (mapping/submissions.py)


def column_of(field: Field) -> tuple[str, str]:
    """(table, column) where ``field`` is stored."""
    if field.kind is Kind.REGION:
        return "school", f"{field.key}_code"
    if field.key == "tahun":
        return "survey", "year"
    return ("school" if field.school else "survey"), field.key


def full_record() -> dict[str, Any]:
    """Raw cells with every field filled: a demo row, its blanks filled by kind."""
    base = next(r for r in demo_records() if all(r.get(k) not in (None, "") for k in r))
    samples: dict[Kind, Any] = {Kind.TEXT: "Catatan uji", Kind.INT: 1, Kind.MONEY: 1_000_000, Kind.YESNO: "Ya",
                                Kind.YEAR: int(base["tanggal_survei"][-4:])}
    record = dict(base)
    for field in fields_module.FIELDS:
        if record.get(field.key) in (None, ""):
            record[field.key] = field.choices[0].code if field.choices else samples.get(field.kind)
    return record


def _tables() -> dict[str, Any]:
    return {"school": School.__table__, "survey": Survey.__table__}


def check_columns() -> list[str]:
    tables, rules, found = _tables(), rules_module.table_rules(), []
    used = set()
    for field in fields_module.FIELDS:
        table, name = column_of(field)
        column = tables[table].columns.get(name)
        if column is None:
            found.append(f"{field.key}: no column {table}.{name} (mapping/models.py and a migration)")
            continue
        used.add((table, name))
        if not isinstance(column.type, COLUMN_TYPES[field.kind]):
            found.append(f"{field.key}: column {table}.{name} is {column.type!r}, a {field.kind.value} field needs "
                         f"{' or '.join(t.__name__ for t in COLUMN_TYPES[field.kind])}")
        rule = rules[table].get(name)
        if rule is None:
            found.append(f"{field.key}: no rule for {table}.{name} in storage/rules.py")
            continue
        wanted = {
            Kind.INT: ("range", (0, MAX_COUNT)), Kind.MONEY: ("range", (0, MAX_MONEY)), Kind.YEAR: ("range", YEARS),
            Kind.TEXT: ("max_length", MAX_TEXT), Kind.NPSN: ("exact_length", 8),
            Kind.CHOICE: ("codes", tuple(c.code for c in field.choices)),
        }.get(field.kind)
        if field.kind in (Kind.LAT, Kind.LON) and rule.low is None:
            found.append(f"{field.key}: {table}.{name} has no range in storage/rules.py")
        if wanted is not None:
            what, value = wanted
            actual = {"range": (rule.low, rule.high), "max_length": rule.max_length,
                      "exact_length": rule.exact_length, "codes": rule.codes}[what]
            if actual != value:
                found.append(f"{field.key}: {table}.{name} has {what} {actual}, its kind needs {value}")
        if field.kind is Kind.CHOICE and column.type.length < max(len(c.code) for c in field.choices):
            found.append(f"{field.key}: {table}.{name} is shorter than its longest code")
    for table, columns in tables.items():
        for column in columns.columns:
            if (column.name not in BOOKKEEPING and column.name not in COMPUTED_COLUMNS
                    and (table, column.name) not in used):
                found.append(f"{table}.{column.name}: a column without a field in fields.py")
    return found


def check_form() -> list[str]:
    placed = [key for _name, keys in survey_form.GROUPS for key in keys]
    found = [f"{f.key}: not in the entry form's GROUPS (ui/mapping/survey_form.py)"
             for f in fields_module.FIELDS if f.key not in placed]
    known = {f.key for f in fields_module.FIELDS}
    found += [f"{key}: in the form's GROUPS but not a field" for key in placed if key not in known]
    found += [f"{key}: twice in the form's GROUPS" for key in sorted(set(placed)) if placed.count(key) > 1]
    return found


def check_labels() -> list[str]:
    found = []
    for language, attribute in (("id", "label"), ("en", "label_en")):
        set_language(language)
        try:
            for field in fields_module.FIELDS:
                table, name = column_of(field)
                if column_label(table, name) != getattr(field, attribute):
                    found.append(f"{field.key}: the history names {table}.{name} '{column_label(table, name)}', "
                                 f"not '{getattr(field, attribute)}' (labels.py, {language})")
            stored = {column_of(f) for f in fields_module.FIELDS}
            for table, columns in _tables().items():
                for column in columns.columns:  # the computed indicators (a made-up name is English-like)
                    made_up = column.name.replace("_", " ").capitalize()
                    if (language == "id" and column.name not in BOOKKEEPING and (table, column.name) not in stored
                            and column_label(table, column.name) == made_up):
                        found.append(f"{table}.{column.name}: no name in labels.py ({language})")
        finally:
            set_language("id")
    return found


def check_generated_rows() -> list[str]:
    found = []
    for what, rows, blank in (("demo generator (mapping/demo.py)", demo_records(), DEMO_BLANK),
                              ("benchmark rows (benchmarks/data.py)", synthetic_rows(40), BENCHMARK_BLANK)):
        filled = {k for row in rows for k, v in row.items() if v not in (None, "")}
        for field in fields_module.FIELDS:
            if field.key not in filled and field.key not in blank:
                found.append(f"{field.key}: never filled by the {what}")
            elif field.key in filled and field.key in blank:
                found.append(f"{field.key}: filled by the {what} but listed as left blank in this test")
    return found


def check_validator(record: dict[str, Any]) -> list[str]:
    found = []
    values, problems = validate(record)
    if problems:
        found.append(f"the full record is refused: {[p.message for p in problems]}")
    tables = _tables()
    for field in fields_module.FIELDS:
        if bool(field.choices) != (field.kind is Kind.CHOICE):
            found.append(f"{field.key}: choices belong to a choice field and a choice field needs them")
        try:
            parser_for(field)
            _rule(field)
        except KeyError:
            found.append(f"{field.key}: kind {field.kind} has no parser or no template rule")
            continue
        table, name = column_of(field)
        if name not in values:
            found.append(f"{field.key}: the validator (mapping/validation.py) gives no value for it")
            continue
        column = tables[table].columns.get(name)
        if column is not None and type(values[name]) is not column.type.python_type:
            found.append(f"{field.key}: the validator gives {type(values[name]).__name__}, "
                         f"{table}.{name} stores {column.type.python_type.__name__}")
    return found


def check_round_trip(db: Any, tmp_path: Path, record: dict[str, Any]) -> list[str]:
    """Template → import → database → workbook export, with every field filled."""

    found = []
    template = write_template(tmp_path / "template.xlsx")
    book = load_workbook(template)
    sheet = book["Data"]
    header = [cell.value for cell in sheet[1]]
    for field in fields_module.FIELDS:
        if field.label not in header:
            found.append(f"{field.key}: no column '{field.label}' in the blank template (mapping/template.py)")
    by_label = {f.label: f.key for f in fields_module.FIELDS}
    for col, name in enumerate(header, start=1):
        if name in by_label:
            sheet.cell(row=2, column=col, value=record[by_label[name]])
    book.save(template)
    plan = plan_import(db, template)
    if plan.rejected:
        return [*found, f"the filled template is refused: {plan.rejected}"]
    found += [f"the import of the filled template warns: {warning}" for warning in plan.warnings]
    apply_import(db, plan)

    tables = _tables()
    with db.engine.connect() as conn:
        stored = dict(conn.execute(select(tables["school"], tables["survey"]).join_from(
            tables["school"], tables["survey"])).mappings().one())
    for field in fields_module.FIELDS:
        table, name = column_of(field)
        if name in tables[table].columns and stored[name] is None:
            found.append(f"{field.key}: filled in the template, {table}.{name} stays empty after the import")

    out = export_mapping(db, tmp_path / "export.xlsx", year=stored["year"])
    data = load_workbook(out, read_only=True)["Data Survei"]
    head, row = list(data.iter_rows(min_row=1, max_row=2, values_only=True))
    exported = dict(zip(head, row))
    for field in fields_module.FIELDS:
        if field.label not in exported:
            found.append(f"{field.key}: no column '{field.label}' in the mapping workbook's data sheet "
                         f"(mapping/export_xlsx.py)")
        elif exported[field.label] in (None, ""):
            found.append(f"{field.key}: the mapping workbook's data sheet shows it empty")
    return found


def check_phone_form() -> list[str]:
    form = build_form()
    names = {row["name"]: row for row in form["survey"]}
    found = [f"{f.key}: not a question of the phone form (mapping/xlsform.py)"
             for f in fields_module.FIELDS if f.key not in names]
    listed = {(row["list_name"], row["name"]) for row in form["choices"]}
    for field in fields_module.FIELDS:
        found += [f"{field.key}: choice {c.code} not in the phone form's choices" for c in field.choices
                  if (field.key, c.code) not in listed]
    return found


def disagreements(db: Any, tmp_path: Path) -> list[str]:
    record = full_record()
    return [*check_columns(), *check_form(), *check_labels(), *check_generated_rows(), *check_validator(record),
            *check_round_trip(db, tmp_path, record), *check_phone_form()]


def test_fields_form_columns_template_and_data_agree(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert disagreements(db, tmp_path) == []


def test_a_field_added_only_to_fields_py_is_named_everywhere_it_is_missing(  # type: ignore[no-untyped-def]
        db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every module has read FIELDS when it was loaded (this module loads them first): the new field is known
    # to fields.py alone, as in a change that stops there.
    new = Field("kran_air", "Jumlah Kran Air", Kind.CHOICE, "Water taps",
                choices=(Choice("ada", "Ada", "Present"), Choice("tidak", "Tidak Ada", "None")))
    monkeypatch.setattr(fields_module, "FIELDS", (*fields_module.FIELDS, new))
    monkeypatch.setattr(fields_module, "BY_KEY", {**fields_module.BY_KEY, new.key: new})
    found = [line for line in disagreements(db, tmp_path) if line.startswith("kran_air:")]
    for place in ("no column survey.kran_air", "entry form's GROUPS", "demo generator", "benchmark rows",
                  "validator", "blank template", "mapping workbook's data sheet"):
        assert any(place in line for line in found), (place, found)
    assert not any("phone form" in line for line in found), found  # the phone form takes it by itself
    others = [line for line in disagreements(db, tmp_path) if not line.startswith("kran_air:")]
    assert others == []


def test_a_field_left_out_of_the_form_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    groups = tuple((name, tuple(k for k in keys if k != "uks_aktif")) for name, keys in survey_form.GROUPS)
    monkeypatch.setattr(survey_form, "GROUPS", groups)
    assert check_form() == ["uks_aktif: not in the entry form's GROUPS (ui/mapping/survey_form.py)"]


def test_a_column_of_the_wrong_type_or_bound_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong_kind = Field("jamban_guru", "Jamban Guru", Kind.YESNO, "Teachers' toilets")  # an Integer column
    patched = tuple(wrong_kind if f.key == "jamban_guru" else f for f in fields_module.FIELDS)
    monkeypatch.setattr(fields_module, "FIELDS", patched)
    table = {t: dict(c) for t, c in rules_module.table_rules().items()}
    table["survey"]["siswa_laki"] = rules_module.Rule(low=0, high=10**9)
    monkeypatch.setattr(rules_module, "table_rules", lambda: table)
    found = check_columns()
    assert any(line.startswith("jamban_guru: column survey.jamban_guru is") for line in found), found
    assert any(line.startswith("siswa_laki: survey.siswa_laki has range") for line in found), found
    assert len(found) == 2, found

