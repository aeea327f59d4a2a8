"""Demonstration data of every workspace, drawn from the BaKTI seed report."""

from __future__ import annotations

from bakti_desktop.i18n import msg
from bakti_desktop.storage.database import Database


def load_demo(db: Database) -> list[str]:
    """Load all demo data into ``db``; returns one report line per workspace."""
    from bakti_desktop.mapping import demo as mapping_demo

    lines = []
    result = mapping_demo.load(db)
    lines.append(
        msg(
            en="School surveys: {a} added, {u} updated, {n} unchanged",
            id="Survei sekolah: {a} ditambah, {u} diperbarui, {n} tidak berubah",
            a=result["imported"], u=result["updated"], n=result["unchanged"],
        )
    )
    from bakti_desktop.sss import demo as sss_demo

    added = sss_demo.load(db)["documents"]
    lines.append(msg(en="SSS drafts: {n} added", id="Draf SSS: {n} ditambah", n=added))

    from bakti_desktop.twinning import demo as twinning_demo

    added = twinning_demo.load(db)["items"]
    lines.append(msg(en="Twinning RKTL items: {n} added", id="Butir RKTL twinning: {n} ditambah", n=added))

    from bakti_desktop.pksai import demo as pksai_demo

    added = pksai_demo.load(db)["meetings"]
    lines.append(msg(en="PKSAI meetings: {n} added", id="Rapat PKSAI: {n} ditambah", n=added))
    return lines
