"""Phone-form submissions: the exports of KoBoToolbox and ODK Central read as survey workbooks (issue #21).

An export of the phone form (``mapping/xlsform.py``) is a table like the survey workbook, with three
differences this module takes care of; the rest goes through the same import (``mapping/importer.py``):

* headers are the questions' XML names with their group (``sekolah/npsn``; ``sekolah-npsn`` in ODK
  Central; ``/``, ``.``, ``:`` or ``-`` between the parts) or their labels (``Sekolah/NPSN``):
  :func:`column_key` finds the field in the last part(s);
* the servers add columns of their own (``_uuid``, ``meta/instanceID``, ``_submission_time``, ``_id``,
  ``start``, ``end``, ``deviceid``, ``KEY``, ``SubmissionDate``, …) and the location comes as a
  geopoint split into latitude, longitude, altitude and precision: these are recognised, never
  reported as unknown; the submission's IDs and the form version are kept (:class:`Source`);
* a question skipped by the form's logic may hold ``n/a`` (:func:`blank_skipped`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, NamedTuple

from bakti_desktop.mapping.xlsform import EXTRA_QUESTIONS, PHOTO_FIELDS, VERSION_FIELD
from bakti_desktop.spreadsheets.workbook import header_key

# Roles of the server's columns, kept as columns of the import under these names (no field has them).
ROOT = "@root"  # the submission, kept by edits on the server: meta/rootUuid (KoBo), KEY (ODK Central)
INSTANCE = "@instance"  # this version of it: meta/instanceID, _uuid
DEPRECATED = "@deprecated"  # the version an edit replaced: meta/deprecatedID
KOBO_ID = "@kobo_id"  # KoBo's number of the submission (_id), kept by edits
FORM_VERSION = "@form_version"  # versi_formulir (the form's own), FormVersion (ODK Central)
LATITUDE = "@latitude"  # the geopoint's parts: lintang/bujur when the export lacks those columns
LONGITUDE = "@longitude"
ROLES = frozenset({ROOT, INSTANCE, DEPRECATED, KOBO_ID, FORM_VERSION})
IGNORE = "@ignore"

_META: dict[str, str] = {
    "rootuuid": ROOT, "key": ROOT,
    "instanceid": INSTANCE, "_uuid": INSTANCE,
    "deprecatedid": DEPRECATED,
    "_id": KOBO_ID,
    "formversion": FORM_VERSION, VERSION_FIELD: FORM_VERSION,
    **dict.fromkeys((
        # KoBoToolbox
        "_submission_time", "_index", "_parent_index", "_parent_table_name", "_tags", "_notes", "_status",
        "_validation_status", "_submitted_by", "__version__", "_version_", "_attachments", "_geolocation",
        "_xform_id_string", "_duration", "_media_count", "_total_media", "_media_all_received",
        # the form's metadata questions
        "start", "end", "today", "deviceid", "instancename", "audit", "username", "phonenumber", "simserial",
        "subscriberid",
        # ODK Central
        "submissiondate", "submitterid", "submittername", "attachmentspresent", "attachmentsexpected", "status",
        "reviewstate", "edits",
    ), IGNORE),
}
_GEOPOINT_PARTS = (("latitude", LATITUDE), ("longitude", LONGITUDE), ("altitude", IGNORE), ("precision", IGNORE),
                   ("accuracy", IGNORE))
_SEPARATORS = re.compile(r"[/:.\-]")
_SKIPPED = frozenset({"n/a", "N/A", "NA"})


def _meta(part: str) -> str | None:
    name = part.strip().lower()
    return _META.get(name) or _META.get(name.lstrip("_").replace("_", "")) if name else None


def column_key(cell: Any, fields: Callable[[str], str | None]) -> str | None:
    """The field key or server role of a header cell of a phone-form export, :data:`IGNORE`, or None if unknown.

    ``fields`` finds a field by a header's :func:`header_key` (the workbook's own header table).
    """
    raw = str(cell).strip()
    if not raw:
        return None
    found = fields(header_key(raw))
    if found is not None:
        return found
    key = header_key(raw)
    if "lokasi" in key:  # the geopoint's parts (_lokasi_latitude, sekolah-lokasi-Longitude, …), before a
        for part, role in _GEOPOINT_PARTS:  # tail "Longitude" is read as the field's English label
            if key.endswith(part):
                return role
    cuts = [m.end() for m in _SEPARATORS.finditer(raw)]
    for cut in cuts:  # the longest tail first: "Sekolah/Kabupaten/Kota" → "Kabupaten/Kota"
        found = fields(header_key(raw[cut:]))
        if found is not None:
            return found
    last = raw[cuts[-1]:] if cuts else raw
    if raw.split("/", 1)[0].lower() == "formhub":
        return IGNORE
    server = _meta(last) or _meta(raw)
    if server is not None:
        return server
    if "lokasi" in header_key(raw):  # the geopoint, whole
        return IGNORE
    if any(header_key(last).startswith(header_key(photo)) for photo in PHOTO_FIELDS):
        return IGNORE  # a photo's file name, its _URL
    if header_key(last) in _extra_labels():
        return IGNORE  # a question of the form that is no survey field, by its label (the photos)
    return None


@cache
def _extra_labels() -> frozenset[str]:
    from bakti_desktop.mapping.xlsform import EN, ID, build_form

    return frozenset(header_key(row[f"label::{language}"]) for row in build_form()["survey"]
                     if row["name"] in EXTRA_QUESTIONS for language in (ID, EN) if row.get(f"label::{language}"))


def is_server_column(cell: Any) -> bool:
    """Whether a header names a column the servers add (a second "Status" in ODK Central is theirs)."""
    raw = str(cell).strip()
    return _meta(raw) is not None


def blank_skipped(column: Sequence[Any]) -> Sequence[Any]:
    """The cells of a column with the servers' "n/a" (a question the form's logic skipped) as blanks."""
    try:
        if _SKIPPED.isdisjoint(column):  # the usual column: no "n/a" (a set look-up per cell, in C)
            return column
    except TypeError:  # an unhashable cell (never from a file)
        pass
    return [None if type(cell) is str and cell in _SKIPPED else cell for cell in column]


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    if text[:5].lower() == "uuid:":
        text = text[5:]
    return text[:200] or None


def _cleaned(column: Sequence[Any] | None, count: int) -> list[str | None]:
    """:func:`_clean` of each cell of a server's column (blank where the export lacks it), a column at a time."""
    if not column:
        return [None] * count
    return [None if value is None else _clean(value) for value in column]


class Source(NamedTuple):
    """Where a row of a phone-form export came from."""

    submission: str  # the submission, stable across edits on the server
    instance: str  # the version of it in this export
    replaces: str | None  # the version an edit replaced
    form_version: str | None


def sources(columns: dict[str, Sequence[Any]], count: int) -> list[Source | None]:
    """The :class:`Source` of each row, from the server's columns (None where the row names no submission)."""
    found: list[Source | None] = []
    for root, instance_id, kobo_id, deprecated, version in zip(*(_cleaned(columns.get(role), count) for role in (
            ROOT, INSTANCE, KOBO_ID, DEPRECATED, FORM_VERSION))):
        submission = root or (f"kobo:{kobo_id}" if kobo_id else None) or instance_id
        if submission is None:
            found.append(None)
            continue
        found.append(Source(submission, instance_id or submission, deprecated, version))
    return found
