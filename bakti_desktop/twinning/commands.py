"""The twinning workspace's commands: the RKTL monitoring report, the RKTL template and its import."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from bakti_desktop.cli_tools import RECORD_ID, Handler, distinct, open_db, print_json, written
from bakti_desktop.errors import UserError


def add_commands(sub: Any) -> dict[str, Handler]:
    p = sub.add_parser("export-rktl", help="the RKTL monitoring report per mentee (.xlsx or .pdf)")
    p.add_argument("out", metavar="OUT.xlsx|OUT.pdf")
    p.add_argument("--mentee", metavar="NAME", help="only this mentee (unit name or its kabupaten/kota)")
    p.add_argument("--as-of", type=_report_date, metavar="DATE", dest="as_of",
                   help="the report date (dd/mm/yyyy): items past their planned end on it are late (default: today)")

    p = sub.add_parser("template-rktl", help="write a blank RKTL workbook")
    p.add_argument("out", metavar="OUT.xlsx")

    p = sub.add_parser("import-rktl", help="import RKTL rows into a twinning programme")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--programme", type=RECORD_ID, metavar="ID", help="the programme (default: the newest)")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    return {"export-rktl": _export_rktl, "template-rktl": _template_rktl, "import-rktl": _import_rktl}


def _report_date(text: str) -> date:
    from bakti_desktop.mapping.parsing import CellError, read_date

    try:
        return read_date(text)
    except CellError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _export_rktl(args: argparse.Namespace) -> int:
    from bakti_desktop.twinning.export import export_rktl

    out = export_rktl(open_db(args), distinct(args.out, args), mentee=args.mentee, as_of=args.as_of)
    written(out)
    return 0


def _template_rktl(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.twinning.workbook import write_template

    print(msg(en="Template written: {p}", id="Templat ditulis: {p}", p=write_template(distinct(args.out, args))))
    return 0


def _import_rktl(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.twinning import service
    from bakti_desktop.twinning.workbook import apply_rktl, plan_rktl

    db = open_db(args)
    programme = args.programme
    if programme is None:
        found = service.programmes(db)
        if not found:
            raise UserError(msg(en="There is no twinning programme yet.", id="Belum ada program twinning."))
        programme = max(p["id"] for p in found)
    plan = plan_rktl(db, Path(args.file), programme)
    imported = 0 if args.dry_run else apply_rktl(db, plan)
    result = plan.as_json(imported if not args.dry_run else len(plan.good))
    if args.json:
        print_json(result)
    else:
        print(msg(en="{n} items added, {r} rows rejected.", id="{n} butir ditambahkan, {r} baris ditolak.",
                  n=result["imported"], r=len(result["rejected"])))
        for r in result["rejected"]:
            print(f"  {msg(en='row', id='baris')} {r['row']} [{r['column']}]: {r['message']}")
    return 0
