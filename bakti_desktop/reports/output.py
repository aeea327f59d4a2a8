"""Writing an output file safely: checked name and folder, written beside it, then moved in place."""

from __future__ import annotations

import gc
import sys
import traceback
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from bakti_desktop.errors import UserError, explain_os_error
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


def check_distinct(out: Path, *others: Path | str | None) -> None:
    """Refuse an output path that is one of the files the command reads (its input or the open database)."""
    target = Path(out).expanduser().resolve()
    for other in others:
        if other is None or "://" in str(other):
            continue
        if Path(other).expanduser().resolve() == target:
            raise UserError(msg(en="{p} is also a file this command reads: choose another name for the output.",
                                id="{p} juga berkas yang dibaca perintah ini: pilih nama lain untuk hasilnya.", p=out))


def _release(error: BaseException) -> None:
    """Close what a writer that failed half-way left open, silently.

    Its zip file is still referenced by the error's traceback; when that goes, the file's finalizer fails
    again (a second full-disk error, printed as a traceback on stderr). Its frames are cleared here instead.
    """
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        traceback.clear_frames(error.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = previous


def write_atomically(out: Path, write: Callable[[Path], None]) -> Path:
    """Let ``write`` fill a temporary file next to ``out``, then replace ``out`` with it.

    A missing folder is made. A failure (or a full disk) leaves any earlier file at ``out`` untouched and no partial file behind; a
    full disk, a read-only folder or a missing permission become one sentence (:class:`UserError`).
    """
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        tmp.replace(out)
    except OSError as error:
        _release(error)
        raise explain_os_error(error, out) from error
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
    return out

