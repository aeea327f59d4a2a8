"""The evidence store: files copied beside the database, named by content hash.

A file handed in as evidence (an SK, a Perwali, an SOP, a photo, a report) is
checked (size limit, a type the offices use, its first bytes matching its
type), copied to ``<database>-bukti/<aa>/<sha256>.<ext>`` and recorded with
its hash. The original name is kept only as text; it never becomes part of a
path, so a name like ``../../x`` cannot write outside the store. A later
check reports files that went missing or were altered.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg
from bakti_desktop.paths import data_dir
from bakti_desktop.storage.database import Database

MAX_SIZE = 25 * 1024 * 1024
MAGIC = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
}


def store_dir(db: Database) -> Path:
    """The folder of evidence files for this database."""
    if db.path is not None:
        return db.path.parent / f"{db.path.stem}-bukti"
    return data_dir() / "bukti"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    extension: str
    original_name: str


def stored_path(db: Database, sha256: str, extension: str) -> Path:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256) or extension not in MAGIC:
        raise UserError(msg(en="Not a valid evidence reference.", id="Rujukan berkas bukti tidak sah."))
    return store_dir(db) / sha256[:2] / f"{sha256}.{extension}"


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(source: Path) -> str:
    """The file's extension if it may be evidence; otherwise a UserError says why not."""
    if not source.is_file():
        raise UserError(msg(en="The file {p} does not exist.", id="Berkas {p} tidak ada.", p=source))
    extension = source.suffix.lower().lstrip(".")
    if extension not in MAGIC:
        raise UserError(msg(
            en="{name}: this type of file is not accepted as evidence (PDF, JPG, PNG, Word, Excel, PowerPoint, ODT).",
            id="{name}: jenis berkas ini tidak diterima sebagai bukti (PDF, JPG, PNG, Word, Excel, PowerPoint, ODT).",
            name=source.name))
    size = source.stat().st_size
    if size > MAX_SIZE:
        raise UserError(msg(en="{name} is larger than {mb} MB.", id="{name} lebih besar dari {mb} MB.", name=source.name,
                            mb=MAX_SIZE // (1024 * 1024)))
    if size == 0:
        raise UserError(msg(en="{name} is empty.", id="{name} kosong.", name=source.name))
    with source.open("rb") as handle:
        head = handle.read(16)
    if not any(head.startswith(m) for m in MAGIC[extension]):
        raise UserError(msg(en="{name} is not really a .{ext} file.", id="{name} bukan berkas .{ext} yang sebenarnya.",
                            name=source.name, ext=extension))
    return extension


def store(db: Database, source: Path) -> StoredFile:
    """Copy ``source`` into the store (once per content) and describe it."""
    source = Path(source)
    extension = check_file(source)
    sha = _hash(source)
    target = stored_path(db, sha, extension)
    if not target.exists() or _hash(target) != sha:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(source, tmp)
        if _hash(tmp) != sha:  # changed while we copied
            tmp.unlink(missing_ok=True)
            raise UserError(msg(en="{name} changed while it was copied; try again.",
                                id="{name} berubah saat disalin; coba lagi.", name=source.name))
        tmp.replace(target)
    return StoredFile(sha, source.stat().st_size, extension, Path(source.name).name[:300])


def verify(db: Database, sha256: str, extension: str) -> str | None:
    """None if the stored file is intact, else a message saying it is missing or altered."""
    path = stored_path(db, sha256, extension)
    if not path.exists():
        return msg(en="missing from the evidence folder", id="tidak ada di folder bukti")
    if _hash(path) != sha256:
        return msg(en="altered since it was stored", id="berubah sejak disimpan")
    return None
