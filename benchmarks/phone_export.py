"""Survey rows as the servers export the phone form's submissions: KoBoToolbox and ODK Central (issue #21).

For the round-trip tests and the benchmark: each workbook row (raw cells by key) is checked by the
validator and written as the server writes a submission of the form of ``mapping/xlsform.py``:

* ``kobo``: KoBoToolbox's XLSX "XML values and headers", groups in the headers (``sekolah/npsn``),
  ``n/a`` in the questions the form skipped, the location split into ``_lokasi_latitude`` … (this
  one without the calculated ``lintang``/``bujur``, as an export of an older form), its own columns
  (``_id``, ``_uuid``, ``_submission_time``, ``__version__``, …);
* ``kobo-labels``: KoBoToolbox's "labels" export: the Indonesian labels of group and question as
  headers (``Sekolah/NPSN``), the choices' labels as values;
* ``central``: ODK Central's CSV (``sekolah-npsn``, ``sekolah-lokasi-Latitude``, ``meta-instanceID``,
  ``KEY``, ``SubmissionDate``, ``Status``, ``FormVersion``, blanks where the form skipped).
"""

from __future__ import annotations

import csv
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bakti_desktop import regions
from bakti_desktop.mapping.fields import BY_KEY, Kind
from bakti_desktop.mapping.validation import validate
from bakti_desktop.mapping.xlsform import LOCATION, VERSION_FIELD, build_form, form_version

STYLES = ("kobo", "kobo-labels", "central")
KOBO_TAIL = ("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index")
CENTRAL_TAIL = ("meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion")


def _skipped(key: str, values: dict[str, Any]) -> bool:
    """Whether the form's logic (its ``relevant``) skipped question ``key`` for these answers."""
    if key == "air_tersedia":
        return values["sumber_air_minum"] == "tidak_ada"
    if (key.startswith("jamban_") and key not in ("jamban_guru", "jamban_difabel")) or key.startswith("foto_jamban"):
        return values["jenis_jamban"] == "tidak_ada"
    if key == "anggaran_rp":
        return values["anggaran_sanitasi"] is False
    return False


def _answer(key: str, values: dict[str, Any], labels: bool) -> Any:
    field = BY_KEY.get(key)
    if key == LOCATION:
        lat, lon = values["lintang"], values["bujur"]
        return f"{lat} {lon} 0.0 5.0" if lat is not None and lon is not None else None
    if field is None:
        return None  # photos: none taken
    if field.kind is Kind.REGION:
        code = values[f"{key}_code"]
        return regions.region_name(code) if labels and code else code
    value = values[key]
    if value is None:
        return None
    if field.kind is Kind.YESNO:
        return ("Ya" if value else "Tidak") if labels else ("ya" if value else "tidak")
    if field.kind is Kind.CHOICE and labels:
        return field.choice(value).label  # type: ignore[union-attr]
    if isinstance(value, date):
        return value.isoformat()
    return value


def submissions(rows: list[dict[str, Any]], style: str) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) of an export of ``style`` holding one submission per (valid) workbook row."""
    if style not in STYLES:
        raise ValueError(style)
    labels = style == "kobo-labels"
    central = style == "central"
    survey = build_form()["survey"]
    version = form_version()
    groups: list[tuple[str, str]] = []  # (name, Indonesian label) of the open groups
    columns: list[tuple[str, str | None]] = []  # (header, question name or a role)
    for row in survey:
        kind, name = row["type"], row["name"]
        if kind == "begin_group":
            groups.append((name, row["label::Indonesian (id)"]))
            continue
        if kind == "end_group":
            groups.pop()
            continue
        if style == "kobo" and name in ("lintang", "bujur"):
            continue  # the location comes from the geopoint's parts
        if labels:
            label = row.get("label::Indonesian (id)") or name
            header = "/".join([g[1] for g in groups] + [label])
        else:
            header = ("-" if central else "/").join([g[0] for g in groups] + [name])
        columns.append((header, name))
        if kind == "geopoint":
            parts = ("Latitude", "Longitude", "Altitude", "Accuracy") if central else (
                "latitude", "longitude", "altitude", "precision")
            for index, part in enumerate(parts):
                if central:
                    columns.append((f"{header}-{part}", f"@geo{index}"))
                else:
                    columns.append((f"_{header}_{part}" if labels else f"_{name}_{part}", f"@geo{index}"))
    if central:
        columns.insert(0, ("SubmissionDate", "@time"))
        columns.extend((name, f"@{name}") for name in CENTRAL_TAIL)
    else:
        columns.insert(2, ("deviceid", "@device"))
        columns.append(("meta/instanceID", "@instance"))
        columns.extend((name, f"@{name}") for name in KOBO_TAIL)
    out: list[list[Any]] = []
    for number, raw in enumerate(rows, start=1):
        values, problems = validate(raw)
        if problems:
            continue
        instance = str(uuid.UUID(int=number, version=4))
        when = datetime(values["tanggal_survei"].year, values["tanggal_survei"].month,
                        values["tanggal_survei"].day, 9, 30)
        cells: list[Any] = []
        for _header, name in columns:
            cells.append(_cell(name, values, labels, central, instance, number, when, version))
        out.append(cells)
    return [header for header, _name in columns], out


def _cell(name: str | None, values: dict[str, Any], labels: bool, central: bool, instance: str, number: int,
          when: datetime, version: str) -> Any:
    skipped = "" if central else "n/a"
    if name in ("start", "end"):
        return when.isoformat() + ".000+08:00"
    if name == VERSION_FIELD:
        return version
    if name and name.startswith("@geo"):
        lat, lon = values["lintang"], values["bujur"]
        if lat is None or lon is None:
            return None
        return (lat, lon, 0.0, 5.0)[int(name[4:])]
    if name and name.startswith("@"):
        return {
            "@time": when.isoformat() + ".000Z", "@device": f"collect:{number:06d}",
            "@instance": f"uuid:{instance}", "@_id": 100000 + number, "@_uuid": instance,
            "@_submission_time": when.isoformat(), "@_validation_status": "", "@_notes": "", "@_status":
            "submitted_via_web", "@_submitted_by": "sanitarian", "@__version__": "vQ9xLk2uW", "@_tags": "",
            "@_index": number, "@meta-instanceID": f"uuid:{instance}", "@KEY": f"uuid:{instance}",
            "@SubmitterID": 5, "@SubmitterName": "sanitarian", "@AttachmentsPresent": 0,
            "@AttachmentsExpected": 0, "@Status": "", "@ReviewState": "", "@DeviceID": f"collect:{number:06d}",
            "@Edits": 0, "@FormVersion": version,
        }.get(name)
    assert name is not None
    if _skipped(name, values):
        return skipped
    return _answer(name, values, labels)


def write_export(rows: list[dict[str, Any]], path: Path, style: str) -> Path:
    """Write the export of ``style``: XLSX for KoBoToolbox (or CSV when ``path`` ends in .csv), CSV for ODK Central."""
    header, data = submissions(rows, style)
    if path.suffix.lower() == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";" if style.startswith("kobo") else ",")
            writer.writerow(header)
            writer.writerows([["" if cell is None else cell for cell in row] for row in data])
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Survei Sanitasi Sekolah")
    sheet.append(header)
    for row in data:
        sheet.append(row)
    book.save(path)
    return path
