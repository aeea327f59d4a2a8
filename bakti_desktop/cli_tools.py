"""What the commands of every workspace share: argument types, opening the database, output paths,
printing. Light to import: the command line loads it with every workspace's command table."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bakti_desktop.errors import UserError
from bakti_desktop.gcpause import resume_after_start_up

if TYPE_CHECKING:
    from bakti_desktop.storage.database import Database

Handler = Callable[[argparse.Namespace], int]


class OutOfRange(UserError):
    """A whole-number argument outside its range: one sentence and exit 1 (cli.main catches it from argparse)."""


def bounded(low: int, high: int, name: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``.

    Text that is no number is a usage error (exit 2); a number out of range — a year of 10^20 would overflow
    the database driver — is one sentence in the user's language and exit 1.
    """

    def parse(text: str) -> int:
        from bakti_desktop.i18n import msg

        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            shown = text if len(text) <= 24 else text[:20] + "…"
            raise OutOfRange(msg(en="{name} must be between {low} and {high}, not {v}",
                                 id="{name} harus antara {low} dan {high}, bukan {v}",
                                 name=name or msg(en="The number", id="Angka"), low=low, high=high, v=shown))
        return value

    return parse


YEAR = bounded(1900, 2100, "--year")
RECORD_ID = bounded(1, 2**63 - 1, "ID")


class Codes(Sequence[str]):
    """The stored strings of a code set (bakti_desktop/codes.py) as argparse choices, read when first asked for.

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

opened: list[Database] = []  # the databases the running command opened; cli.run closes them


def open_db(args: argparse.Namespace) -> Database:
    from bakti_desktop.paths import default_database_path
    from bakti_desktop.storage.database import open_database

    db = open_database(args.db or default_database_path())
    opened.append(db)
    resume_after_start_up()  # the command's work begins
    return db


def distinct(out: str, args: argparse.Namespace, *inputs: str | None) -> Path:
    """``out`` as a path, refused when it is the open database or one of the command's input files."""
    from bakti_desktop.paths import default_database_path
    from bakti_desktop.reports.output import check_distinct

    check_distinct(Path(out), args.db or default_database_path(), *inputs)
    return Path(out)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def written(path: Path) -> None:
    from bakti_desktop.i18n import msg

    print(msg(en="Written: {p}", id="Ditulis: {p}", p=path))


def kabupaten_code(value: str | None) -> str | None:
    """The Kemendagri code of the kabupaten/kota given by code or name on the command line."""
    if value is None:
        return None
    from bakti_desktop import regions
    from bakti_desktop.i18n import msg

    found = regions.find_kabupaten(value)
    if found is None:
        raise UserError(msg(en="Unknown kabupaten/kota: {v}", id="Kabupaten/kota tidak dikenal: {v}", v=value))
    return found.code
