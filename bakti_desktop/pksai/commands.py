"""The PKSAI workspace's commands: the minutes of a meeting, the register of follow-up actions."""

from __future__ import annotations

import argparse
from typing import Any

from bakti_desktop.cli_tools import RECORD_ID, Codes, Handler, distinct, open_db, written


def add_commands(sub: Any) -> dict[str, Handler]:
    p = sub.add_parser("export-minutes", help="the minutes and attendance list of a PKSAI meeting as PDF")
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--meeting", type=RECORD_ID, metavar="ID", help="the meeting (default: the latest)")

    p = sub.add_parser("export-actions", help="the PKSAI follow-up actions register as a workbook")
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument("--status", choices=Codes("bakti_desktop.pksai.codes", "ActionStatus"), metavar="STATUS",
                   help="only actions with this status: %(choices)s")
    return {"export-minutes": _export_minutes, "export-actions": _export_actions}


def _export_minutes(args: argparse.Namespace) -> int:
    from bakti_desktop.pksai.export import export_minutes

    out = export_minutes(open_db(args), distinct(args.out, args), meeting_id=args.meeting)
    written(out)
    return 0


def _export_actions(args: argparse.Namespace) -> int:
    from bakti_desktop.pksai.export import export_actions

    out = export_actions(open_db(args), distinct(args.out, args), status=args.status)
    written(out)
    return 0
