"""Stored columns and values named for people.

The audit trail and the conflicts of a laptop package record changes by column name and stored
value (``jamban_guru``, ``leher_angsa``, ``True``); the history dialog and the package dialog show
them through these functions: the survey form's label and the choice's name in the current
language; the columns of the other workspaces by the names their editors use, and their codes
(statuses, stages, kinds) by the names their :class:`~bakti_desktop.codes.Code` set declares, the
same names the editors, exports and command line use. A column missing from these tables is shown
made readable (``meeting_date`` → "Meeting date").
"""

from __future__ import annotations

from functools import cache
from typing import Any

from bakti_desktop.codes import Code
from bakti_desktop.i18n import language, msg

MAPPING_TABLES = frozenset({"school", "survey"})


def _computed_labels() -> dict[str, str]:
    return {
        "water_level": msg(en="Water level", id="Layanan air"),
        "sanitation_level": msg(en="Sanitation level", id="Layanan sanitasi"),
        "hygiene_level": msg(en="Hygiene level", id="Layanan higiene"),
        "build_boys": msg(en="Boys' toilets to build", id="Jamban L dibangun"),
        "build_girls": msg(en="Girls' toilets to build", id="Jamban P dibangun"),
        "build_teachers": msg(en="Teachers' toilets to build", id="Jamban guru dibangun"),
        "phbs_score": msg(en="PHBS score", id="Skor PHBS"),
        "priority": msg(en="Priority", id="Prioritas"),
        "no_service_count": msg(en="Domains with no service", id="Domain tanpa layanan"),
        "limited_count": msg(en="Domains with limited service", id="Domain layanan terbatas"),
    }


# The columns of the SSS, twinning and PKSAI tables that people edit: (English, Indonesian), by column name
# (the same name means the same thing in every table that has it).
_COLUMNS: dict[str, tuple[str, str]] = {
    "name": ("Name", "Nama"),
    "title": ("Title", "Judul"),
    "description": ("Description", "Keterangan"),
    "kabupaten_code": ("Kabupaten/Kota", "Kabupaten/Kota"),
    "kabupaten": ("Kabupaten/Kota", "Kabupaten/Kota"),
    "institution": ("Institution", "Instansi"),
    "position": ("Position", "Jabatan"),
    "sex": ("Sex", "Jenis kelamin"),
    "contact": ("Contact", "Kontak"),
    "nip": ("NIP", "NIP"),
    "start_year": ("First year", "Tahun awal"),
    "end_year": ("Last year", "Tahun akhir"),
    "baseline_year": ("Baseline year", "Tahun dasar"),
    "final": ("Final", "Final"),
    "senior_provider": ("Senior provider", "Penyedia senior"),
    "stage": ("Stage", "Tahap"),
    "meeting_date": ("Meeting date", "Tanggal rapat"),
    "start_time": ("Start time", "Jam mulai"),
    "end_time": ("End time", "Jam selesai"),
    "place": ("Place", "Tempat"),
    "mode": ("Form of meeting", "Bentuk rapat"),
    "chair_name": ("Chair", "Pimpinan rapat"),
    "chair_position": ("Chair's position", "Jabatan pimpinan rapat"),
    "chair_nip": ("Chair's NIP", "NIP pimpinan rapat"),
    "notetaker_name": ("Note-taker", "Notulis"),
    "notetaker_nip": ("Note-taker's NIP", "NIP notulis"),
    "opening": ("Opening", "Pembukaan"),
    "closing": ("Closing", "Penutup"),
    "closed_at": ("Closed", "Ditutup"),
    "program": ("Programme", "Program"),
    "kegiatan": ("Activity", "Kegiatan"),
    "lokasi": ("Location", "Lokasi"),
    "satuan": ("Unit of measure", "Satuan"),
    "volume": ("Volume", "Volume"),
    "unit_cost": ("Unit cost", "Harga satuan"),
    "sumber_dana": ("Source of funds", "Sumber dana"),
    "opd": ("Agency (OPD)", "OPD"),
    "tahun": ("Year", "Tahun"),
    "level": ("Level", "Tingkat"),
    "content": ("Text", "Isi"),
    "guidance": ("Guidance", "Panduan"),
    "owner_opd": ("Responsible agency", "OPD penanggung jawab"),
    "status": ("Status", "Status"),
    "indicator": ("Indicator", "Indikator"),
    "source": ("Source", "Sumber"),
    "unit": ("Unit", "Satuan"),
    "baseline": ("Baseline", "Nilai dasar"),
    "targets": ("Targets", "Target"),
    "role": ("Role", "Peran"),
    "visit_date": ("Date of visit", "Tanggal kunjungan"),
    "kind": ("Kind", "Jenis"),
    "male": ("Men", "Laki-laki"),
    "female": ("Women", "Perempuan"),
    "topics": ("Topics", "Topik"),
    "outputs": ("Outputs", "Hasil"),
    "what": ("Action", "Tindak lanjut"),
    "responsible": ("Responsible", "Penanggung jawab"),
    "due_date": ("Due date", "Tenggat"),
    "note": ("Note", "Catatan"),
    "number": ("Number", "Nomor"),
    "discussion": ("Discussion", "Pembahasan"),
    "period": ("Period", "Periode"),
    "category": ("Category", "Kategori"),
    "text": ("Text", "Isi"),
    "progress": ("Progress", "Kemajuan"),
    "challenges": ("Challenges", "Kendala"),
    "author": ("Author", "Penulis"),
    "resolved": ("Resolved", "Selesai ditanggapi"),
    "activity": ("Activity", "Kegiatan"),
    "objective": ("Objective", "Tujuan"),
    "responsible_opd": ("Responsible agency", "OPD penanggung jawab"),
    "responsible_person": ("Responsible person", "Penanggung jawab"),
    "planned_start": ("Planned start", "Rencana mulai"),
    "planned_end": ("Planned end", "Rencana selesai"),
    "actual_done": ("Done on", "Tanggal selesai"),
    "verified_by": ("Verified by", "Diverifikasi oleh"),
    "verified_at": ("Verified on", "Tanggal verifikasi"),
    "note_date": ("Date", "Tanggal"),
    "original_name": ("File name", "Nama berkas"),
}


def code_set(table: str, key: str) -> type[Code] | None:
    """The code set (with its names) that column ``key`` of ``table`` stores, or None."""
    return _code_sets().get((table, key))


@cache
def _code_sets() -> dict[tuple[str, str], type[Code]]:
    from bakti_desktop.mapping.codes import ServiceLevel
    from bakti_desktop.pksai.codes import ActionStatus, MeetingMode
    from bakti_desktop.sss.codes import SectionStatus
    from bakti_desktop.twinning.codes import ItemStatus, Stage, UnitRole, VisitKind

    sets: dict[tuple[str, str], type[Code]] = {
        ("survey", "water_level"): ServiceLevel,
        ("survey", "sanitation_level"): ServiceLevel,
        ("survey", "hygiene_level"): ServiceLevel,
        ("pksai_action", "status"): ActionStatus,
        ("pksai_meeting", "mode"): MeetingMode,
        ("twin_item", "status"): ItemStatus,
        ("twin_programme", "stage"): Stage,
        ("twin_unit", "role"): UnitRole,
        ("twin_visit", "kind"): VisitKind,
        ("sss_section", "status"): SectionStatus,
    }
    return sets


def _field(key: str) -> Any:
    """The survey field stored in column ``key`` of ``school`` or ``survey``, or None."""
    from bakti_desktop.mapping.fields import BY_KEY

    if key == "year":
        return BY_KEY.get("tahun")
    if key.endswith("_code") and key[: -len("_code")] in BY_KEY:  # kabupaten_code …: the region fields
        return BY_KEY[key[: -len("_code")]]
    return BY_KEY.get(key)


def column_label(table: str, key: str) -> str:
    """The name of column ``key`` of ``table`` for people."""
    if table in MAPPING_TABLES:
        field = _field(key)
        if field is not None:
            from bakti_desktop.mapping.validation import label

            return label(field)
        computed = _computed_labels().get(key)
        if computed is not None:
            return computed
    elif key in _COLUMNS:
        english, indonesian = _COLUMNS[key]
        return indonesian if language() == "id" else english
    return key.replace("_", " ").capitalize()


def column_value(table: str, key: str, value: Any) -> Any:
    """A stored value as people know it: a choice's name, a service level's name; anything else as stored."""
    if value is None:
        return value
    codes = code_set(table, key)
    if codes is not None:
        return codes.label_of(value)
    if table not in MAPPING_TABLES:
        return value
    from bakti_desktop.mapping import indicators

    if key == "priority" and value in (1, 2, 3):
        return indicators.priority_label(value)
    field = _field(key)
    if field is not None and field.choices and not key.endswith("_code"):
        choice = field.choice(value)
        if choice is not None:
            return choice.label if language() == "id" else choice.label_en
    return value
