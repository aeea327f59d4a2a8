"""The command line: every command runs headless and never imports Qt.

Exit codes: 0 success, 1 an error explained on one line of stderr, 2 bad
usage (argparse). Unexpected errors are logged with their traceback in the
log folder; the user sees one line.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bakti_desktop import APP_NAME, __version__
from bakti_desktop.cli_tools import Handler, bounded, distinct, open_db, opened, print_json, written
from bakti_desktop.errors import UserError
from bakti_desktop.gcpause import resume_after_start_up
from bakti_desktop.logs import close_logging, setup_logging

log = logging.getLogger("bakti_desktop")

COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = handler
        return handler

    return register


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command: the program's own, then each workspace's (bakti_desktop/workspaces.py)."""
    from bakti_desktop.workspace import resolve
    from bakti_desktop.workspaces import WORKSPACES

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

    sub.add_parser("demo", help="load the demonstration data of every workspace (idempotent)")

    p = sub.add_parser("backup", help="write a consistent copy of the database to OUT (SQLite file)")
    p.add_argument("out", metavar="OUT")

    for workspace in WORKSPACES:
        COMMANDS.update(resolve(workspace.commands)(sub))

    p = sub.add_parser("export-package", help="write the records to hand to another laptop (.bakti)")
    p.add_argument("out", metavar="OUT.bakti")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only records changed on or after this date")

    p = sub.add_parser("import-package", help="merge a package from another laptop; conflicts are listed, not applied")
    p.add_argument("file", metavar="FILE.bakti")
    p.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("audit", help="the latest entries of the audit trail")
    p.add_argument("--limit", type=bounded(1, 100_000, "--limit"), default=50)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


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
    out = backup_database(db, distinct(args.out, args))
    print(msg(en="Backup written: {p}", id="Cadangan ditulis: {p}", p=out))
    return 0


@command("export-package")
def _export_package(args: argparse.Namespace) -> int:
    from datetime import date

    from bakti_desktop.sync.package import export_package
    from bakti_desktop.i18n import msg

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise UserError(msg(en="--since needs a date as YYYY-MM-DD, not {v}",
                                id="--since harus tanggal YYYY-MM-DD, bukan {v}", v=args.since)) from None
    result = export_package(open_db(args), distinct(args.out, args), since=since)
    print(msg(en="{n} records and {f} evidence files", id="{n} rekaman dan {f} berkas bukti",
              n=result["records"], f=result["files"]))
    written(Path(result["file"]))
    return 0


@command("import-package")
def _import_package(args: argparse.Namespace) -> int:
    from bakti_desktop.sync.package import import_package
    from bakti_desktop.i18n import msg

    result = import_package(open_db(args), Path(args.file), dry_run=args.dry_run)
    if args.json:
        print_json(result.as_json())
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
        print_json(entries)
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

        written: int = self._stream.write(terminal(text))
        return written

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
        while opened:
            opened.pop().close()
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
    from bakti_desktop.i18n import LANGUAGES, language, set_language

    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    previous = language()
    if "--lang" in words[:-1] and words[words.index("--lang") + 1] in LANGUAGES:
        set_language(words[words.index("--lang") + 1])  # an argument out of range is told in that language
    try:
        args = parser.parse_args(words)
    except UserError as error:  # cli_tools.OutOfRange
        print(str(error), file=sys.stderr)
        return 1
    finally:
        set_language(previous)
    if args.command is None:
        parser.print_help()
        return 2
    return run(args)
