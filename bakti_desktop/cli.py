"""The command line: every command runs headless and never imports Qt.

Exit codes: 0 success, 1 an error explained on one line of stderr, 2 bad
usage (argparse). Unexpected errors are logged with their traceback in the
log folder; the user sees one line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bakti_desktop import APP_NAME, __version__
from bakti_desktop.errors import UserError
from bakti_desktop.gcpause import resume_after_start_up
from bakti_desktop.logs import close_logging, setup_logging

log = logging.getLogger("bakti_desktop")

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = handler
        return handler

    return register


def _bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (a year of 10^20 is a usage error, not a crash)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is outside {low}…{high}")
        return value

    return parse


YEAR = _bounded(1900, 2100)
RECORD_ID = _bounded(1, 2**63 - 1)


class _Codes(Sequence[str]):
    """The stored strings of a code set as argparse choices, read when first asked for.

    Building the parser must not load the workspaces (a short command loads only what it uses):
    the set is imported when an option is checked or the help is shown.
    """

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def _codes(self) -> tuple[str, ...]:
        import importlib

        return getattr(importlib.import_module(self.module), self.name).codes()  # type: ignore[no-any-return]

    def __contains__(self, value: object) -> bool:
        return value in self._codes()

    def __getitem__(self, index: Any) -> Any:
        return self._codes()[index]

    def __len__(self) -> int:
        return len(self._codes())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME} {__version__}: school sanitation, SSS, twinning RKTL and PKSAI minutes. "
        "Without a command the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help="database file or postgresql+psycopg:// URL "
                        "(default: bakti.sqlite in the user data folder)")
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="language of messages (default: id)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("demo", help="load the demonstration data (idempotent)")

    p = sub.add_parser("backup", help="write a consistent copy of the database to OUT (SQLite file)")
    p.add_argument("out", metavar="OUT")

    p = sub.add_parser("template", help="write a blank school survey workbook")
    p.add_argument("out", metavar="OUT.xlsx")

    p = sub.add_parser("import-survey", help="import a school survey workbook")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--errors", metavar="OUT.xlsx", help="save the rejected rows with their reasons")
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

    p = sub.add_parser("export-minutes", help="the minutes and attendance list of a PKSAI meeting as PDF")
    p.add_argument("out", metavar="OUT.pdf")
    p.add_argument("--meeting", type=RECORD_ID, metavar="ID", help="the meeting (default: the latest)")

    p = sub.add_parser("export-actions", help="the PKSAI follow-up actions register as a workbook")
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument("--status", choices=_Codes("bakti_desktop.pksai.codes", "ActionStatus"), metavar="STATUS",
                   help="only actions with this status: %(choices)s")

    p = sub.add_parser("export-rktl", help="the RKTL monitoring report per mentee (.xlsx or .pdf)")
    p.add_argument("out", metavar="OUT.xlsx|OUT.pdf")
    p.add_argument("--mentee", metavar="NAME", help="only this mentee (unit name or its kabupaten/kota)")

    p = sub.add_parser("template-rktl", help="write a blank RKTL workbook")
    p.add_argument("out", metavar="OUT.xlsx")

    p = sub.add_parser("import-rktl", help="import RKTL rows into a twinning programme")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--programme", type=RECORD_ID, metavar="ID", help="the programme (default: the newest)")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("export-sss", help="an SSS document as PDF (to sign) or Word (to keep editing)")
    p.add_argument("out", metavar="OUT.pdf|OUT.docx")
    p.add_argument("--document", type=RECORD_ID, metavar="ID", help="the document (default: the first)")

    p = sub.add_parser("export-package", help="write the records to hand to another laptop (.bakti)")
    p.add_argument("out", metavar="OUT.bakti")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only records changed on or after this date")

    p = sub.add_parser("import-package", help="merge a package from another laptop; conflicts are listed, not applied")
    p.add_argument("file", metavar="FILE.bakti")
    p.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("audit", help="the latest entries of the audit trail")
    p.add_argument("--limit", type=_bounded(1, 100_000), default=50)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


_opened: list[Any] = []  # the databases the running command opened; run() closes them


def open_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from bakti_desktop.paths import default_database_path
    from bakti_desktop.storage.database import open_database

    db = open_database(args.db or default_database_path())
    _opened.append(db)
    resume_after_start_up()  # the command's work begins
    return db


def _distinct(out: str, args: argparse.Namespace, *inputs: str | None) -> Path:
    """``out`` as a path, refused when it is the open database or one of the command's input files."""
    from bakti_desktop.paths import default_database_path
    from bakti_desktop.reports.output import check_distinct

    check_distinct(Path(out), args.db or default_database_path(), *inputs)
    return Path(out)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _written(path: Path) -> None:
    from bakti_desktop.i18n import msg

    print(msg(en="Written: {p}", id="Ditulis: {p}", p=path))


def _kabupaten(value: str | None) -> str | None:
    if value is None:
        return None
    from bakti_desktop import regions
    from bakti_desktop.i18n import msg

    found = regions.find_kabupaten(value)
    if found is None:
        raise UserError(msg(en="Unknown kabupaten/kota: {v}", id="Kabupaten/kota tidak dikenal: {v}", v=value))
    return found.code


@command("demo")
def _demo(args: argparse.Namespace) -> int:
    from bakti_desktop.demo import load_demo

    db = open_db(args)
    report = load_demo(db)
    for line in report:
        print(line)
    return 0


@command("backup")
def _backup(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.storage.backup import backup_database

    db = open_db(args)
    out = backup_database(db, _distinct(args.out, args))
    print(msg(en="Backup written: {p}", id="Cadangan ditulis: {p}", p=out))
    return 0


@command("template")
def _template(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.mapping.template import write_template

    out = write_template(_distinct(args.out, args))
    print(msg(en="Template written: {p}", id="Templat ditulis: {p}", p=out))
    return 0


@command("import-survey")
def _import_survey(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.mapping.importer import apply_import, plan_import, write_rejected

    errors = _distinct(args.errors, args, args.file) if args.errors else None
    db = open_db(args)
    plan = plan_import(db, Path(args.file))
    if errors is not None:  # before the write: a failure here leaves the database as it was
        write_rejected(plan, errors)
    result = plan.as_json() if args.dry_run else apply_import(db, plan)
    if args.json:
        _print_json(result)
    else:
        print(
            msg(
                en="Year {year}: {imported} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.",
                id="Tahun {year}: {imported} ditambah, {updated} diperbarui, {unchanged} tidak berubah, {rejected} ditolak.",
                year=result["year"], imported=result["imported"], updated=result["updated"],
                unchanged=result["unchanged"], rejected=len(result["rejected"]),
            )
        )
        for warning in result["warnings"]:
            print("! " + warning)
        for r in result["rejected"]:
            print(f"  {msg(en='row', id='baris')} {r['row']} [{r['column'] or '-'}]: {r['message']}")
        if args.dry_run:
            print(msg(en="Dry run: nothing was written.", id="Uji coba: tidak ada yang ditulis."))
    return 0


@command("summary")
def _summary(args: argparse.Namespace) -> int:
    from bakti_desktop.mapping.summary import contract_view, summary

    db = open_db(args)
    result = summary(db, by=args.by, year=args.year, kabupaten_code=_kabupaten(args.kabupaten))
    if args.json:
        _print_json(contract_view(result))
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


@command("export-mapping")
def _export_mapping(args: argparse.Namespace) -> int:
    from bakti_desktop.mapping.export import export_mapping

    db = open_db(args)
    out = export_mapping(db, _distinct(args.out, args), year=args.year, kabupaten_code=_kabupaten(args.kabupaten))
    _written(out)
    return 0


@command("export-minutes")
def _export_minutes(args: argparse.Namespace) -> int:
    from bakti_desktop.pksai.export import export_minutes

    out = export_minutes(open_db(args), _distinct(args.out, args), meeting_id=args.meeting)
    _written(out)
    return 0


@command("export-actions")
def _export_actions(args: argparse.Namespace) -> int:
    from bakti_desktop.pksai.export import export_actions

    out = export_actions(open_db(args), _distinct(args.out, args), status=args.status)
    _written(out)
    return 0


@command("export-rktl")
def _export_rktl(args: argparse.Namespace) -> int:
    from bakti_desktop.twinning.export import export_rktl

    out = export_rktl(open_db(args), _distinct(args.out, args), mentee=args.mentee)
    _written(out)
    return 0


@command("template-rktl")
def _template_rktl(args: argparse.Namespace) -> int:
    from bakti_desktop.i18n import msg
    from bakti_desktop.twinning.workbook import write_template

    print(msg(en="Template written: {p}", id="Templat ditulis: {p}", p=write_template(_distinct(args.out, args))))
    return 0


@command("import-rktl")
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
        _print_json(result)
    else:
        print(msg(en="{n} items added, {r} rows rejected.", id="{n} butir ditambahkan, {r} baris ditolak.",
                  n=result["imported"], r=len(result["rejected"])))
        for r in result["rejected"]:
            print(f"  {msg(en='row', id='baris')} {r['row']} [{r['column']}]: {r['message']}")
    return 0


@command("export-sss")
def _export_sss(args: argparse.Namespace) -> int:
    from bakti_desktop.sss.export import export_sss

    out = export_sss(open_db(args), _distinct(args.out, args), document_id=args.document)
    _written(out)
    return 0


@command("export-package")
def _export_package(args: argparse.Namespace) -> int:
    from datetime import date

    from bakti_desktop.exchange.package import export_package
    from bakti_desktop.i18n import msg

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise UserError(msg(en="--since needs a date as YYYY-MM-DD, not {v}",
                                id="--since harus tanggal YYYY-MM-DD, bukan {v}", v=args.since)) from None
    result = export_package(open_db(args), _distinct(args.out, args), since=since)
    print(msg(en="{n} records and {f} evidence files", id="{n} rekaman dan {f} berkas bukti",
              n=result["records"], f=result["files"]))
    _written(Path(result["file"]))
    return 0


@command("import-package")
def _import_package(args: argparse.Namespace) -> int:
    from bakti_desktop.exchange.package import import_package
    from bakti_desktop.i18n import msg

    result = import_package(open_db(args), Path(args.file), dry_run=args.dry_run)
    if args.json:
        _print_json(result.as_json())
        return 0
    print(msg(en="added {a}, updated {u}, identical {i}, kept (newer here) {k}, conflicts {c}, skipped {s}",
              id="ditambah {a}, diperbarui {u}, sama {i}, dipertahankan (lebih baru di sini) {k}, konflik {c}, "
                 "dilewati {s}", a=result.added, u=result.updated, i=result.identical, k=result.kept,
              c=len(result.conflicts), s=len(result.skipped)))
    for conflict in result.conflicts:
        print(msg(en="conflict: {t} '{l}' ({u}): ours by {ob} at {oa}, theirs by {tb} at {ta}; fields: {f}",
                  id="konflik: {t} '{l}' ({u}): di sini oleh {ob} pada {oa}, dari paket oleh {tb} pada {ta}; kolom: {f}",
                  t=conflict.table, l=conflict.label, u=conflict.uuid, ob=conflict.ours_by, oa=conflict.ours_at,
                  tb=conflict.theirs_by, ta=conflict.theirs_at, f=", ".join(conflict.fields)))
    for skipped in result.skipped:
        print(msg(en="skipped: {t} {u}: {r}", id="dilewati: {t} {u}: {r}", t=skipped["table"], u=skipped["uuid"],
                  r=skipped["reason"]))
    return 0


@command("audit")
def _audit(args: argparse.Namespace) -> int:
    from bakti_desktop.storage.audit import latest

    entries = latest(open_db(args), limit=max(1, args.limit))
    if args.json:
        _print_json(entries)
        return 0
    for e in entries:
        fields = ", ".join(f"{k}: {a} → {b}" for k, (a, b) in list(e["changes"].items())[:6])
        which = e["record_uuid"] or (f"{e['record_id']}–{e['last_record_id']}" if e["last_record_id"] else e["record_id"])
        print(f"{e['at']} {e['user']} {e['action']} {e['table']} {which} "
              f"{e['note'] or ''} {fields}".rstrip())
    return 0


class TerminalStream:
    """Standard output or error with stored text made harmless: no escape sequence or other control
    character a record may hold (``_x001B_`` from a cell) reaches the terminal (reports.text.terminal)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from bakti_desktop.reports.text import terminal

        return self._stream.write(terminal(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; errors become exit code 1 with one line on stderr.

    Nothing stays behind when a command runs in-process (tests, the benchmark runner): the databases it
    opened are closed, the log file too, and the language and the terminal streams are as they were.
    """
    from bakti_desktop.i18n import language, set_language

    previous_language = language()
    set_language(args.lang)
    log_path = setup_logging()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
    try:
        return _run(args, log_path)
    finally:
        sys.stdout, sys.stderr = saved
        resume_after_start_up()
        while _opened:
            _opened.pop().close()
        close_logging()
        set_language(previous_language)


def _run(args: argparse.Namespace, log_path: Any) -> int:
    from bakti_desktop.i18n import msg

    try:
        return COMMANDS[args.command](args)
    except UserError as error:
        print(str(error).replace("\n", "; "), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the output was piped into a program that stopped reading (| head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:  # a file the command reads or writes: missing, full disk, read-only, …
        from bakti_desktop.errors import explain_os_error

        print(str(explain_os_error(error)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(msg(en="Interrupted.", id="Dihentikan."), file=sys.stderr)
        return 1
    except Exception as error:  # a bug: log it, say one line
        log.exception("command %s failed", args.command)
        print(
            msg(
                en="Unexpected error: {e} (details in {log})",
                id="Kesalahan tak terduga: {e} (rincian di {log})",
                e=f"{type(error).__name__}: {error}".splitlines()[0],
                log=log_path,
            ),
            file=sys.stderr,
        )
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return run(args)
