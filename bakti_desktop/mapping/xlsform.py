"""The school survey as a phone form: an XLSForm for KoBoToolbox and ODK Collect (issue #21).

Built from ``mapping/fields.py`` alone, so that a field added there is in the phone form too: the
question names are the survey's column keys (docs/domain-rules.md §3.6), in the pages of the entry
form (``fields.GROUPS``), labelled in Indonesian and English, with the validator's rules wherever an
XLSForm can say them (docs/domain-rules.md §3.5): required, constraints with their Indonesian message,
``relevant`` for questions that only apply after an answer. Kabupaten, kecamatan and desa are
cascading selects from the built-in Kemendagri reference (``bakti_desktop.regions``), optionally of
one kabupaten. The school's location is a geopoint (``lokasi``) that fills ``lintang``/``bujur``.

The form's ``version`` is a digest of the questions and their choices: it changes when the fields
change, and each submission carries it (``versi_formulir``), so an import can name the form it came from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bakti_desktop import regions
from bakti_desktop.mapping import fields as survey_fields
from bakti_desktop.mapping.fields import IMPROVED_TOILETS, TOILET_COUNT_KEYS, Field, Kind
from bakti_desktop.storage.rules import MAX_COUNT, MAX_MONEY, MAX_TEXT

FORM_ID = "bakti_survei_sanitasi_sekolah"
ID = "Indonesian (id)"
EN = "English (en)"
LANGUAGES = {"id": ID, "en": EN}
LOCATION = "lokasi"  # the geopoint; lintang and bujur are calculated from it
VERSION_FIELD = "versi_formulir"  # a hidden question: each submission names the form version it was filled in
PHOTO_FIELDS = ("foto_jamban_1", "foto_jamban_2")
YES, NO = "ya", "tidak"
# Questions of the phone form that are no survey field: an import knows them and does not call them unknown.
EXTRA_QUESTIONS = (LOCATION, VERSION_FIELD, *PHOTO_FIELDS, "start", "end")

GROUP_NAMES: dict[str, tuple[str, str, str]] = {  # English name in fields.GROUPS → (name, Indonesian, English)
    "School": ("sekolah", "Sekolah", "School"),
    "Survey": ("survei", "Survei dan Siswa", "Survey and students"),
    "Water": ("air", "Air Minum", "Drinking water"),
    "Toilets": ("jamban", "Jamban", "Toilets"),
    "Handwashing and MHM": ("cuci_tangan", "Cuci Tangan dan Kebersihan Menstruasi",
                            "Handwashing and menstrual hygiene"),
    "PHBS": ("phbs", "PHBS di Sekolah", "PHBS at school"),
    "Management": ("pengelolaan", "Pengelolaan", "Management"),
}
OTHER_GROUP = ("lainnya", "Lainnya", "Other")

SURVEY_COLUMNS = (
    "type", "name", f"label::{ID}", f"label::{EN}", f"hint::{ID}", f"hint::{EN}", "required",
    f"required_message::{ID}", f"required_message::{EN}", "constraint", f"constraint_message::{ID}",
    f"constraint_message::{EN}", "relevant", "choice_filter", "appearance", "calculation", "default", "parameters",
)
CHOICE_COLUMNS = ("list_name", "name", f"label::{ID}", f"label::{EN}", "kabupaten", "kecamatan")
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language", "instance_name", "style")


def _coalesced(keys: Iterable[str]) -> str:
    return " + ".join(f"coalesce(${{{key}}}, 0)" for key in keys)


_IMPROVED = " or ".join(f"${{jenis_jamban}} = '{code}'" for code in sorted(IMPROVED_TOILETS))

# The validator's rules that XLSForm can say, by question: (constraint, Indonesian message, English message).
# A constraint is checked when its question is answered; a question left blank is checked by `required`.
_COUNT = (f". >= 0 and . <= {MAX_COUNT}", "Bilangan bulat 0 sampai 100.000", "A whole number from 0 to 100,000")
_RULES: dict[str, tuple[str, str, str]] = {
    "sarana_cuci_tangan_rusak": (
        f"{_COUNT[0]} and . <= coalesce(${{sarana_cuci_tangan}}, 0)",
        "Sarana cuci tangan rusak tidak boleh lebih dari jumlah sarana cuci tangan",
        "Broken handwashing facilities cannot be more than the facilities",
    ),
    "siswa_disabilitas": (
        f"{_COUNT[0]} and . <= {_coalesced(('siswa_laki', 'siswa_perempuan'))}",
        "Siswa disabilitas tidak boleh lebih dari jumlah siswa laki-laki dan perempuan",
        "Students with disabilities cannot be more than the students enrolled",
    ),
    # Checked on the toilet type, whose page holds the counts: an improved type needs a toilet counted.
    "jenis_jamban": (
        f"not({_IMPROVED}) or ({_coalesced(TOILET_COUNT_KEYS)}) > 0",
        "Jenis jamban layak dipilih tetapi tidak ada jamban yang dihitung: isi jumlah jamban di halaman ini",
        "An improved toilet type is chosen but no toilet is counted: enter the toilets on this page",
    ),
}
# Questions asked only after an answer (docs/domain-rules.md §3.5): no water availability without a source,
# no toilet counts without a toilet, no budget amount when the school plan has none.
_RELEVANT: dict[str, str] = {
    "air_tersedia": "${sumber_air_minum} != 'tidak_ada'",
    **dict.fromkeys(TOILET_COUNT_KEYS, "${jenis_jamban} != 'tidak_ada'"),
    "anggaran_rp": f"${{anggaran_sanitasi}} != '{NO}'",
}
# Required when relevant: the validator requires air_tersedia unless the source is tidak_ada.
_REQUIRED_WHEN_RELEVANT = frozenset({"air_tersedia"})


def _row(**cells: Any) -> dict[str, Any]:
    return {k: v for k, v in cells.items() if v not in (None, "")}


def _labels(indonesian: str, english: str, prefix: str = "label") -> dict[str, str]:
    return {f"{prefix}::{ID}": indonesian, f"{prefix}::{EN}": english}


def _constraint(field: Field) -> tuple[str, str, str] | None:
    if field.key in _RULES:
        return _RULES[field.key]
    kind = field.kind
    if kind is Kind.INT:
        return _COUNT
    if kind is Kind.MONEY:
        return (f". >= 0 and . <= {MAX_MONEY} and floor(.) = .", "Rupiah, bilangan bulat 0 atau lebih",
                "Whole rupiah, 0 or more")
    if kind is Kind.NPSN:
        return ("regex(., '^([0-9]{8}|[A-Za-z][0-9]{7})$')", "NPSN harus 8 digit (boleh diawali satu huruf)",
                "The NPSN is 8 digits (a leading letter is allowed)")
    if kind is Kind.DATE:
        return (". <= today() and . >= date('2000-01-01')", "Tanggal tidak boleh di masa depan atau sebelum 2000",
                "The date cannot be in the future or before 2000")
    if kind is Kind.YEAR:
        return (". >= 2000 and . <= number(format-date(today(), '%Y'))",
                "Tahun dari 2000 sampai tahun ini", "A year from 2000 to this year")
    if kind is Kind.TEXT:
        return (f"string-length(.) <= {MAX_TEXT}", f"Paling banyak {MAX_TEXT} karakter",
                f"At most {MAX_TEXT} characters")
    return None


_TYPES = {Kind.TEXT: "text", Kind.NPSN: "text", Kind.INT: "integer", Kind.MONEY: "decimal", Kind.DATE: "date",
          Kind.YEAR: "integer", Kind.YESNO: f"select_one {YES}_{NO}"}


def _question(field: Field) -> list[dict[str, Any]]:
    """The rows of one survey field (the location's geopoint comes with the latitude)."""
    key, kind = field.key, field.kind
    common = {**_labels(field.label, field.label_en)}
    if field.help:
        common.update(_labels(field.help, field.help_en or field.help, "hint"))
    if kind is Kind.LAT:
        rows = [_row(type="geopoint", name=LOCATION, **_labels("Lokasi Sekolah", "School location"),
                     **_labels("Tekan untuk mengambil titik GPS di halaman sekolah",
                               "Press to record the GPS point in the schoolyard", "hint"),
                     constraint="selected-at(., 0) >= -8 and selected-at(., 0) <= -1 and "
                                "selected-at(., 1) >= 117 and selected-at(., 1) <= 122",
                     **_labels("Titik di luar Sulawesi Selatan", "The point is outside South Sulawesi",
                               "constraint_message"))]
        return rows + [_row(type="calculate", name=key, **common,
                            calculation=f"if(${{{LOCATION}}} = '', '', selected-at(${{{LOCATION}}}, 0))")]
    if kind is Kind.LON:
        return [_row(type="calculate", name=key, **common,
                     calculation=f"if(${{{LOCATION}}} = '', '', selected-at(${{{LOCATION}}}, 1))")]
    if kind is Kind.REGION:
        type_ = f"select_one {key}"
        choice_filter = {"kecamatan": "kabupaten = ${kabupaten}", "desa": "kecamatan = ${kecamatan}"}.get(key)
        extra: dict[str, Any] = {"choice_filter": choice_filter, "appearance": "minimal" if key != "kabupaten" else None}
    elif kind is Kind.CHOICE:
        type_, extra = f"select_one {key}", {}
    else:
        type_, extra = _TYPES[kind], {}
    if key == "catatan":
        extra["appearance"] = "multiline"
    rule = _constraint(field)
    required = field.required or key in _REQUIRED_WHEN_RELEVANT
    row = _row(type=type_, name=key, **common, required="yes" if required else None,
               relevant=_RELEVANT.get(key), **extra)
    if required:
        row.update(_labels("Wajib diisi", "Required", "required_message"))
    if rule is not None:
        row["constraint"] = rule[0]
        row.update(_labels(rule[1], rule[2], "constraint_message"))
    return [row]


def _photos() -> list[dict[str, Any]]:
    return [_row(type="image", name=name, **_labels(f"Foto Jamban Siswa {n} (boleh dilewati)",
                                                   f"Photo of the students' toilets {n} (optional)"),
                 relevant="${jenis_jamban} != 'tidak_ada'", parameters="max-pixels=1024")
            for n, name in enumerate(PHOTO_FIELDS, start=1)]


def _survey_rows() -> list[dict[str, Any]]:
    all_fields = survey_fields.FIELDS
    by_key = {f.key: f for f in all_fields}
    rows: list[dict[str, Any]] = [_row(type="start", name="start"), _row(type="end", name="end")]
    placed: set[str] = set()
    pages = [(GROUP_NAMES.get(name, (name.lower().replace(" ", "_"), name, name)), keys)
             for name, keys in survey_fields.GROUPS]
    rest = tuple(f.key for f in all_fields if f.key not in {k for _g, keys in survey_fields.GROUPS for k in keys})
    if rest:  # a field not yet placed in a page still goes to the phone
        pages.append((OTHER_GROUP, rest))
    for (group, indonesian, english), keys in pages:
        rows.append(_row(type="begin_group", name=group, **_labels(indonesian, english), appearance="field-list"))
        for key in keys:
            if key in by_key and key not in placed:
                placed.add(key)
                rows.extend(_question(by_key[key]))
        if group == "jamban":
            rows.extend(_photos())
        rows.append(_row(type="end_group", name=group))
    return rows


def _field_choices() -> list[dict[str, Any]]:
    rows = [_row(list_name=f"{YES}_{NO}", name=YES, **_labels("Ya", "Yes")),
            _row(list_name=f"{YES}_{NO}", name=NO, **_labels("Tidak", "No"))]
    for field in survey_fields.FIELDS:
        if field.kind is Kind.CHOICE:
            rows.extend(_row(list_name=field.key, name=c.code, **_labels(c.label, c.label_en)) for c in field.choices)
    return rows


def _region_choices(kabupaten: str | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    kabupatens = [k for k in regions.kabupaten_list() if kabupaten is None or k.code == kabupaten]
    for kab in kabupatens:
        rows.append(_row(list_name="kabupaten", name=kab.code, **_labels(kab.name, kab.name)))
    for kab in kabupatens:
        for kec in regions.children(kab.code):
            rows.append(_row(list_name="kecamatan", name=kec.code, **_labels(kec.name, kec.name), kabupaten=kab.code))
    for kab in kabupatens:
        for kec in regions.children(kab.code):
            for desa in regions.children(kec.code):
                rows.append(_row(list_name="desa", name=desa.code, **_labels(desa.name, desa.name),
                                 kecamatan=kec.code))
    return rows


def form_version() -> str:
    """A digest of the questions and the choices of the survey fields: it changes when a field changes."""
    digest = hashlib.sha256(json.dumps([_survey_rows(), _field_choices()], sort_keys=True).encode()).hexdigest()
    return digest[:10]


def build_form(lang: str = "id", kabupaten: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The three sheets of the XLSForm as rows by column name: ``survey``, ``choices`` and ``settings``.

    ``lang`` is the form's default language ("id" or "en"); both are always in it. ``kabupaten`` (a
    Kemendagri code) limits the regions to that kabupaten/kota, which is then chosen by default.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: 'id' or 'en'")
    if kabupaten is not None and regions.find_kabupaten(kabupaten) is None:
        raise ValueError(f"not a kabupaten/kota of South Sulawesi: {kabupaten!r}")
    kab = regions.find_kabupaten(kabupaten) if kabupaten else None
    version = form_version()
    survey = _survey_rows()
    for row in survey:
        if row["name"] == "kabupaten" and kab is not None:
            row["default"] = kab.code
    survey.insert(2, _row(type="calculate", name=VERSION_FIELD, calculation=f"'{version}'"))
    title_id, title_en = "Survei Sanitasi Sekolah", "School Sanitation Survey"
    if kab is not None:
        title_id, title_en = f"{title_id} – {kab.name}", f"{title_en} – {kab.name}"
    settings = _row(form_title=title_id if lang == "id" else title_en, form_id=FORM_ID, version=version,
                    default_language=LANGUAGES[lang], instance_name="concat(${npsn}, ' ', ${nama_sekolah})",
                    style="pages")
    return {"survey": survey, "choices": _field_choices() + _region_choices(kab.code if kab else None),
            "settings": [settings]}


def write_xlsform(out: Path, lang: str = "id", kabupaten: str | None = None) -> Path:
    """Write the phone form as an XLSForm workbook (survey, choices, settings)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from bakti_desktop.reports.output import write_atomically

    form = build_form(lang, kabupaten)
    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    for sheet_name, columns in (("survey", SURVEY_COLUMNS), ("choices", CHOICE_COLUMNS),
                                ("settings", SETTINGS_COLUMNS)):
        sheet = workbook.create_sheet(sheet_name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in form[sheet_name]:
            sheet.append([row.get(c) for c in columns])
        sheet.freeze_panes = "A2"
        for index, width in enumerate((18, 22, 40, 40), start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    return write_atomically(Path(out), workbook.save)
