"""The twinning RKTL workspace, as the registry knows it (``bakti_desktop/workspace.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.workspace import Sync, Workspace, in_trash, named_columns

if TYPE_CHECKING:
    from bakti_desktop.codes import Code
    from bakti_desktop.storage.database import Database


def _title() -> str:
    return msg(en="Twinning RKTL", id="RKTL Twinning")


def _load_demo(db: Database) -> str:
    from bakti_desktop.twinning import demo

    return msg(en="Twinning RKTL items: {n} added", id="Butir RKTL twinning: {n} ditambah", n=demo.load(db)["items"])


# The columns people edit, by the names the editors use (the same name means the same thing in every table).
COLUMNS: dict[str, tuple[str, str]] = {
    "name": ("Name", "Nama"),
    "title": ("Title", "Judul"),
    "description": ("Description", "Keterangan"),
    "kabupaten_code": ("Kabupaten/Kota", "Kabupaten/Kota"),
    "kabupaten": ("Kabupaten/Kota", "Kabupaten/Kota"),
    "start_year": ("First year", "Tahun awal"),
    "end_year": ("Last year", "Tahun akhir"),
    "senior_provider": ("Senior provider", "Penyedia senior"),
    "stage": ("Stage", "Tahap"),
    "place": ("Place", "Tempat"),
    "status": ("Status", "Status"),
    "indicator": ("Indicator", "Indikator"),
    "role": ("Role", "Peran"),
    "visit_date": ("Date of visit", "Tanggal kunjungan"),
    "kind": ("Kind", "Jenis"),
    "male": ("Men", "Laki-laki"),
    "female": ("Women", "Perempuan"),
    "topics": ("Topics", "Topik"),
    "outputs": ("Outputs", "Hasil"),
    "number": ("Number", "Nomor"),
    "text": ("Text", "Isi"),
    "author": ("Author", "Penulis"),
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

def _codes(table: str, key: str) -> type[Code] | None:
    """The code set a column stores (bakti_desktop/twinning/codes.py), or None."""
    from bakti_desktop.twinning.codes import ItemStatus, Stage, UnitRole, VisitKind

    return {("twin_item", "status"): ItemStatus, ("twin_programme", "stage"): Stage,
            ("twin_unit", "role"): UnitRole, ("twin_visit", "kind"): VisitKind}.get((table, key))


def _check(table: str, values: dict[str, Any]) -> list[str]:
    """What the RKTL item editor refuses, for a record from a package."""
    try:
        if table == "twin_item":
            from bakti_desktop.twinning.codes import ItemStatus
            from bakti_desktop.twinning.service import check_item

            check_item({**values, "status": values.get("status") or ItemStatus.NOT_STARTED})
    except UserError as error:
        return [str(error)]
    return []


WORKSPACE = Workspace(
    name="twinning",
    title=_title,
    models="bakti_desktop.twinning.models",
    tab="ui.twinning.page:TwinningPage",
    commands="bakti_desktop.twinning.commands:add_commands",
    load_demo=_load_demo,
    labels=named_columns(COLUMNS, _codes),
    sync=Sync(
        natural_keys={},
        derived={},
        derive=None,
        check=_check,
        trashed=in_trash,
        describe=None,
        attachments="bakti_desktop.twinning.attachments",
    ),
)
