"""The mapping workspace's commands: survey template, survey import, summary, mapping report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bakti_desktop.cli_tools import RECORD_ID, YEAR, Handler, distinct, kabupaten_code, open_db, print_json, written


def add_commands(sub: Any) -> dict[str, Handler]:
    p = sub.add_parser("template", help="write a blank school survey workbook")
    p.add_argument("out", metavar="OUT.xlsx")

    p = sub.add_parser("import-survey", help="import a school survey workbook (.xlsx, .xlsm, .xls, .ods) or CSV file")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--sheet", action="append", metavar="NAME",
                   help="read this sheet (repeatable); needed when several sheets hold survey rows")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--errors", metavar="OUT.xlsx", help="save the rejected rows with their reasons")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--replace", action="store_true",
                   help="also write rows that would replace a stored survey of another school name (skipped otherwise)")

    p = sub.add_parser("undo-import", help="undo a survey import: its new surveys to the trash, changed ones restored")
    p.add_argument("batch", metavar="BATCH", type=RECORD_ID, help="the import's number (batch in import-survey --json)")
    p.add_argument("--dry-run", action="store_true", help="report what would be undone, write nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("summary", help="ladder levels and toilets to build per group")
    p.add_argument("--year", type=YEAR)
    p.add_argument("--by", choices=("kabupaten", "kecamatan", "jenjang"), default="kabupaten")
    p.add_argument("--kabupaten", metavar="CODE", help="only this kabupaten/kota (code or name)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("export-mapping", help="the mapping report as a workbook (.xlsx) or PDF")
    p.add_argument("out", metavar="OUT.xlsx|OUT.pdf")
    p.add_argument("--year", type=YEAR)
    p.add_argument("--kabupaten", metavar="CODE", help="only this kabupaten/kota (code or name)")

    p = sub.add_parser("export-xlsform", help="the school survey as a phone form (XLSForm for KoBoToolbox / ODK)")
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="the form's default language (both are in it)")
    p.add_argument("--kabupaten", metavar="CODE", help="only the kecamatan and desa of this kabupaten/kota")
    return {"template": _template, "import-survey": _import_survey, "undo-import": _undo_import, "summary": _summary,
            "export-mapping": _export_mapping, "export-xlsform": _export_xlsform}


def _export_xlsform(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.mapping.xlsform import form_version, write_xlsform

    out = write_xlsform(distinct(args.out, args), lang=args.lang, kabupaten=kabupaten_code(args.kabupaten))
    print(msg(en="Phone form written: {p} (version {v})", id="Formulir ponsel ditulis: {p} (versi {v})",
              p=out, v=form_version()))
    return 0


def _template(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.mapping.template import write_template

    out = write_template(distinct(args.out, args))
    print(msg(en="Template written: {p}", id="Templat ditulis: {p}", p=out))
    return 0


def _import_survey(args: argparse.Namespace) -> int:
    import sys

    from bakti_desktop.i18n import msg
    from bakti_desktop.mapping.importer import SheetChoiceNeeded, apply_import, plan_import, write_rejected

    errors = distinct(args.errors, args, args.file) if args.errors else None
    db = open_db(args)
    try:
        plan = plan_import(db, Path(args.file), sheets=args.sheet)
    except SheetChoiceNeeded as choice:
        print(msg(en="{name} holds survey rows on several sheets; choose with --sheet NAME (repeatable):",
                  id="{name} berisi baris survei di beberapa lembar; pilih dengan --sheet NAMA (boleh berulang):",
                  name=Path(args.file).name), file=sys.stderr)
        for name, header_row in choice.candidates:
            print("  " + msg(en="{sheet!r} (header in row {row})", id="{sheet!r} (judul kolom di baris {row})",
                             sheet=name, row=header_row), file=sys.stderr)
        return 1
    if errors is not None:  # before the write: a failure here leaves the database as it was
        write_rejected(plan, errors)
    replace = plan.replacing if args.replace else []
    if args.dry_run:
        result = plan.as_json()
        result["skipped"] = [c for c in result["changes"] if c["replaces"] and not args.replace]
        result["updated"] -= len(result["skipped"])  # as the write would count them
    else:
        result = apply_import(db, plan, replace=replace)
    if args.json:
        print_json(result)
    else:
        print(
            msg(
                en="Year {year}: {imported} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.",
                id="Tahun {year}: {imported} ditambah, {updated} diperbarui, {unchanged} tidak berubah, {rejected} ditolak.",
                year=result["year"], imported=result["imported"], updated=result["updated"],
                unchanged=result["unchanged"], rejected=len(result["rejected"]),
            )
        )
        for sheet in result.get("sheets", []):
            print(msg(en="Sheet {name!r}, header in row {row}: {n} rows", id="Lembar {name!r}, judul kolom di baris {row}: {n} baris",
                      name=sheet["name"], row=sheet["header_row"], n=sheet["rows"]))
        for warning in result["warnings"]:
            print("! " + warning)
        for r in result["rejected"]:
            where = f"{r['sheet']}: " if r.get("sheet") else ""
            print(f"  {where}{msg(en='row', id='baris')} {r['row']} [{r['column'] or '-'}]: {r['message']}")
        _print_changes(result)
        if "batch" in result:
            print(msg(en="Import number {n} (undo it with: undo-import {n}).",
                      id="Impor nomor {n} (batalkan dengan: undo-import {n}).", n=result["batch"]))
        if args.dry_run:
            print(msg(en="Dry run: nothing was written.", id="Uji coba: tidak ada yang ditulis."))
    return 0


def _print_changes(result: dict[str, Any]) -> None:
    """Each updated survey's changed fields (stored → new); the rows left out as replacing another school."""
    from bakti_desktop.i18n import msg
    from bakti_desktop.reports.format import number

    skipped = {(c.get("sheet"), c["row"]) for c in result.get("skipped", [])}
    for change in result.get("changes", []):
        where = f"{change['sheet']}: " if change.get("sheet") else ""  # row numbers repeat on several sheets
        print(msg(en="  {where}row {row}: {npsn} {school} ({year})", id="  {where}baris {row}: {npsn} {school} ({year})",
                  where=where, row=change["row"], npsn=change["npsn"], school=change["school"], year=change["year"]))
        if (change.get("sheet"), change["row"]) in skipped:
            print("    " + msg(en="SKIPPED: the workbook names another school, \"{name}\"; add --replace to overwrite",
                               id="DILEWATI: buku kerja menyebut sekolah lain, \"{name}\"; tambahkan --replace untuk menimpa",
                               name=change["school_in_workbook"]))
        for f in change["fields"]:
            stored, new = (_shown(f["table"], f["field"], f[side]) for side in ("stored", "new"))
            print(f"    {f['label']}: {stored} → {new}")
    if skipped:
        print("! " + msg(en="{n} rows would replace a stored survey of another school name and were skipped "
                            "(--replace writes them).",
                         id="{n} baris akan menimpa survei tersimpan dengan nama sekolah lain dan dilewati "
                            "(--replace untuk menulisnya).", n=number(len(skipped))))


def _shown(table: str, key: str, value: Any) -> str:
    """A value of a change as people know it: a choice's name, Ya/Tidak; a blank as a dash."""
    from bakti_desktop.i18n import msg
    from bakti_desktop.labels import column_value

    if isinstance(value, bool):
        return msg(en="Yes", id="Ya") if value else msg(en="No", id="Tidak")
    value = column_value(table, key, value)
    return "—" if value is None or value == "" else str(value)


def _local(stored: str | None) -> str:
    """A stored (UTC, ISO) time as the user's local dd/mm/yyyy hh:mm."""
    from datetime import datetime

    from bakti_desktop.storage.locking import local_time

    return local_time(datetime.fromisoformat(stored) if stored else None)


def _undo_import(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.mapping.undo import Conflict, undo_import

    db = open_db(args)
    result = undo_import(db, args.batch, dry_run=args.dry_run)
    if args.json:
        print_json(result)
        return 0
    batch = result["batch"]
    if result["already_undone"]:
        print(msg(en="Import {n} ({file}) was already undone on {at} by {user}; nothing changed.",
                  id="Impor {n} ({file}) sudah dibatalkan pada {at} oleh {user}; tidak ada yang diubah.",
                  n=batch["id"], file=batch["source"], at=_local(batch["undone_at"]), user=batch["undone_by"]))
        return 0
    print(msg(en="Import {n} ({file}): {trashed} added surveys to the trash, {restored} updated surveys restored, "
                 "{schools} new schools removed, {conflicts} records left as they are.",
              id="Impor {n} ({file}): {trashed} survei tambahan ke tempat sampah, {restored} survei yang diperbarui "
                 "dikembalikan, {schools} sekolah baru dihapus, {conflicts} data dibiarkan.",
              n=batch["id"], file=batch["source"], trashed=result["surveys_trashed"],
              restored=result["surveys_restored"] + result["schools_restored"], schools=result["schools_removed"],
              conflicts=len(result["conflicts"])))
    for c in result["conflicts"]:
        print("  " + Conflict(c["table"], c["id"], c["npsn"], c["school"], c["year"], c["reason"]).text())
    if args.dry_run:
        print(msg(en="Dry run: nothing was written.", id="Uji coba: tidak ada yang ditulis."))
    return 0


def _summary(args: argparse.Namespace) -> int:
    from bakti_desktop.mapping.summary import contract_view, summary

    db = open_db(args)
    result = summary(db, by=args.by, year=args.year, kabupaten_code=kabupaten_code(args.kabupaten))
    if args.json:
        print_json(contract_view(result))
        return 0
    print(f"{result['year']}")
    for g in result["groups"]:
        name = " / ".join(str(g[k]) for k in ("kabupaten", "kecamatan", "jenjang") if k in g)
        w, s, h = g["water"], g["sanitation"], g["hygiene"]
        t = g["toilets_to_build"]
        print(
            f"{name}: {g['schools']} | air {w['basic']}/{w['limited']}/{w['none']} | "
            f"sanitasi {s['basic']}/{s['limited']}/{s['none']} | higiene {h['basic']}/{h['limited']}/{h['none']} | "
            f"jamban L {t['boys']} P {t['girls']} guru {t['teachers']}"
        )
    return 0


def _export_mapping(args: argparse.Namespace) -> int:
    from bakti_desktop.mapping.export import export_mapping

    db = open_db(args)
    out = export_mapping(db, distinct(args.out, args), year=args.year, kabupaten_code=kabupaten_code(args.kabupaten))
    written(out)
    return 0
