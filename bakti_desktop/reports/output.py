"""Writing an output file safely: checked name and folder, written beside it, then moved in place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import msg


def check_output(out: Path, suffixes: tuple[str, ...]) -> str:
    """The lower-case suffix of ``out`` if it is one of ``suffixes`` and its folder exists."""
    suffix = Path(out).suffix.lower()
    if suffix not in suffixes:
        raise UserError(msg(en="The file can be written as {s}, not {x}", id="Berkas dapat ditulis sebagai {s}, bukan {x}",
                            s=" / ".join(suffixes), x=suffix or "?"))
    if not Path(out).parent.exists():
        raise UserError(msg(en="The folder {f} does not exist.", id="Folder {f} tidak ada.", f=Path(out).parent))
    return suffix


def write_atomically(out: Path, write: Callable[[Path], None]) -> Path:
    """Let ``write`` fill a temporary file next to ``out``, then replace ``out`` with it.

    A failure (or a full disk) leaves any earlier file at ``out`` untouched.
    """
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        write(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
