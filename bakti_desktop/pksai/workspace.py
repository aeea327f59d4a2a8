"""The PKSAI minutes workspace, as the registry knows it (``bakti_desktop/workspace.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.workspace import Sync, Workspace, in_trash, named_columns

if TYPE_CHECKING:
    from bakti_desktop.codes import Code
    from bakti_desktop.storage.database import Database


def _title() -> str:
    return msg(en="PKSAI Minutes", id="Notulen PKSAI")


def _load_demo(db: Database) -> str:
    from bakti_desktop.pksai import demo

    return msg(en="PKSAI meetings: {n} added", id="Rapat PKSAI: {n} ditambah", n=demo.load(db)["meetings"])


# The columns people edit, by the names the editors use (the same name means the same thing in every table).
COLUMNS: dict[str, tuple[str, str]] = {
    "name": ("Name", "Nama"),
    "title": ("Title", "Judul"),
    "description": ("Description", "Keterangan"),
    "kabupaten_code": ("Kabupaten/Kota", "Kabupaten/Kota"),
    "institution": ("Institution", "Instansi"),
    "position": ("Position", "Jabatan"),
    "sex": ("Sex", "Jenis kelamin"),
    "contact": ("Contact", "Kontak"),
    "nip": ("NIP", "NIP"),
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
    "status": ("Status", "Status"),
    "male": ("Men", "Laki-laki"),
    "female": ("Women", "Perempuan"),
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
}

def _codes(table: str, key: str) -> type[Code] | None:
    """The code set a column stores (bakti_desktop/pksai/codes.py), or None."""
    from bakti_desktop.pksai.codes import ActionStatus, MeetingMode

    return {("pksai_meeting", "mode"): MeetingMode, ("pksai_action", "status"): ActionStatus,
            ("pksai_action_update", "status"): ActionStatus}.get((table, key))


def _check(table: str, values: dict[str, Any]) -> list[str]:
    """What the meeting editor refuses (attendees, counts by sex), for a record from a package."""
    try:
        if table in ("pksai_attendee", "pksai_person"):
            from bakti_desktop.pksai.service import check_attendee

            check_attendee(values.get("name") or "", values.get("sex") or "")
        elif table in ("pksai_attendance_count", "pksai_case_figure"):
            from bakti_desktop.pksai.service import check_count

            check_count(values.get("male") or 0, values.get("female") or 0)
    except UserError as error:
        return [str(error)]
    return []


WORKSPACE = Workspace(
    name="pksai",
    title=_title,
    models="bakti_desktop.pksai.models",
    tab="ui.pksai.page:PksaiPage",
    commands="bakti_desktop.pksai.commands:add_commands",
    load_demo=_load_demo,
    labels=named_columns(COLUMNS, _codes),
    sync=Sync(
        # One decision per action and meeting (pksai_action_update): two laptops that reviewed the same
        # action in the same meeting hold one record, merged as such.
        natural_keys={"pksai_case_figure": ("meeting_id", "period", "category"),
                      "pksai_action_update": ("action_id", "meeting_id")},
        derived={},
        derive=None,
        check=_check,
        trashed=in_trash,
        describe=None,
        attachments=None,
    ),
)
