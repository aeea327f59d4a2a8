"""The SSS workspace's commands: a document as PDF or Word."""

from __future__ import annotations

import argparse
from typing import Any

from bakti_desktop.cli_tools import RECORD_ID, Handler, distinct, open_db, written


def add_commands(sub: Any) -> dict[str, Handler]:
    p = sub.add_parser("export-sss", help="an SSS document as PDF (to sign) or Word (to keep editing)")
    p.add_argument("out", metavar="OUT.pdf|OUT.docx")
    p.add_argument("--document", type=RECORD_ID, metavar="ID", help="the document (default: the first)")
    return {"export-sss": _export_sss}


def _export_sss(args: argparse.Namespace) -> int:
    from bakti_desktop.sss.export import export_sss

    out = export_sss(open_db(args), distinct(args.out, args), document_id=args.document)
    written(out)
    return 0
