"""The evidence files of RKTL items in a laptop package (the ``attachments`` of the twinning workspace).

A package carries each evidence file once, as ``bukti/<sha256>.<extension>``. On import a file comes in
only when it hashes to its record's SHA-256 and looks like its type; its size is read from the zip header
before any byte of it, and counted again while it is read.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.rules import one_line
from bakti_desktop.twinning import evidence

TABLE = "twin_evidence"
# A file checked and waiting to be stored: (member in the zip, sha256, extension, title).
Pending = tuple[str, str, str, str]


def members(db: Database, table: str, row: Mapping[str, Any]) -> list[tuple[str, Path]]:
    """The files a record names, to put in the package: (member name, stored file)."""
    if table != TABLE:
        return []
    path = evidence.stored_path(db, row["sha256"], row["extension"])
    return [(f"bukti/{row['sha256']}.{row['extension']}", path)] if path.exists() else []


def check(db: Database, zf: zipfile.ZipFile, table: str, values: dict[str, Any], pending: list[Pending]) -> str | None:
    """Why the file a record names cannot come in, or None (then it is added to ``pending``).

    A file not in the package (missing on the other laptop too) lets the record come: the evidence
    check lists it.
    """
    if table != TABLE:
        return None
    sha, extension = values["sha256"], values["extension"]
    target = evidence.stored_path(db, sha, extension)  # the rules made sure these are valid
    member = f"bukti/{sha}.{extension}"
    if target.exists() or any(f[0] == member for f in pending):
        return None
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None
    title = one_line(values.get("title") or member)
    problem = _problem(zf, info, sha, extension, title)
    if problem is None:
        pending.append((member, sha, extension, title))
    return problem


def _problem(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sha: str, extension: str, title: str) -> str | None:
    too_big = msg(en="the evidence file '{t}' is larger than {mb} MB", id="berkas bukti '{t}' lebih besar dari {mb} MB",
                  t=title, mb=evidence.MAX_SIZE // (1024 * 1024))
    if info.file_size > evidence.MAX_SIZE:
        return too_big
    digest = hashlib.sha256()
    size, head = 0, b""
    try:
        with zf.open(info) as handle:
            while block := handle.read(1 << 20):
                size += len(block)
                if size > evidence.MAX_SIZE:
                    return too_big
                if len(head) < 16:
                    head += block[: 16 - len(head)]
                digest.update(block)
    except Exception:  # a damaged entry (CRC, truncated)
        return msg(en="the evidence file '{t}' is damaged in the package", id="berkas bukti '{t}' rusak di dalam paket",
                   t=title)
    if size == 0 or not any(head.startswith(m) for m in evidence.MAGIC[extension]):
        return msg(en="the evidence file '{t}' is not really a .{e} file", id="berkas bukti '{t}' bukan berkas .{e} "
                   "yang sebenarnya", t=title, e=extension)
    if digest.hexdigest() != sha:
        return msg(en="the evidence file '{t}' does not match its record (SHA-256)",
                   id="berkas bukti '{t}' tidak cocok dengan rekamannya (SHA-256)", t=title)
    return None


def store(db: Database, zf: zipfile.ZipFile, pending: list[Pending]) -> int:
    """Copy the checked files into the evidence store (each under a temporary name, then renamed)."""
    for member, sha, extension, title in pending:
        target = evidence.stored_path(db, sha, extension)
        tmp = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            copied = hashlib.sha256()
            with zf.open(member) as source, tmp.open("wb") as out:
                while block := source.read(1 << 20):
                    copied.update(block)
                    out.write(block)
            if copied.hexdigest() != sha:
                raise OSError("changed")
            tmp.replace(target)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise UserError(msg(en="The evidence file '{t}' could not be stored: {e}",
                                id="Berkas bukti '{t}' tidak dapat disimpan: {e}", t=title,
                                e=error.strerror or error)) from None
    return len(pending)
