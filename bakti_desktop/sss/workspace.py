"""The SSS drafting workspace, as the registry knows it (``bakti_desktop/workspace.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.workspace import Sync, Workspace, in_trash, named_columns

if TYPE_CHECKING:
    from bakti_desktop.codes import Code
    from bakti_desktop.storage.database import Database


def _title() -> str:
    return msg(en="SSS Document", id="Dokumen SSS")


def _load_demo(db: Database) -> str:
    from bakti_desktop.sss import demo

    return msg(en="SSS drafts: {n} added", id="Draf SSS: {n} ditambah", n=demo.load(db)["documents"])


# The columns people edit, by the names the editors use (the same name means the same thing in every table).
COLUMNS: dict[str, tuple[str, str]] = {
    "title": ("Title", "Judul"),
    "kabupaten_code": ("Kabupaten/Kota", "Kabupaten/Kota"),
    "position": ("Position", "Jabatan"),
    "start_year": ("First year", "Tahun awal"),
    "end_year": ("Last year", "Tahun akhir"),
    "baseline_year": ("Baseline year", "Tahun dasar"),
    "final": ("Final", "Final"),
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
    "text": ("Text", "Isi"),
    "author": ("Author", "Penulis"),
    "resolved": ("Resolved", "Selesai ditanggapi"),
}


def _codes(table: str, key: str) -> type[Code] | None:
    """The code set a column stores (bakti_desktop/sss/codes.py), or None."""
    from bakti_desktop.sss.codes import SectionStatus

    return SectionStatus if (table, key) == ("sss_section", "status") else None


def _check(table: str, values: dict[str, Any]) -> list[str]:
    """What the SSS editors refuse, for a record from a package."""
    try:
        if table == "sss_programme_row":
            from bakti_desktop.sss.service import check_programme_row

            check_programme_row(values)
    except UserError as error:
        return [str(error)]
    return []


WORKSPACE = Workspace(
    name="sss",
    title=_title,
    models="bakti_desktop.sss.models",
    tab="ui.sss.page:SssPage",
    commands="bakti_desktop.sss.commands:add_commands",
    load_demo=_load_demo,
    labels=named_columns(COLUMNS, _codes),
    sync=Sync(
        natural_keys={},
        derived={},
        derive=None,
        check=_check,
        trashed=in_trash,
        describe=None,
        attachments=None,
    ),
)
