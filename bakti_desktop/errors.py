"""Errors the program explains to its users.

A :class:`UserError` carries a message meant for a person (in the current
language). The CLI prints it on one line and exits 1; the GUI shows it in a
dialog. Anything else that escapes is a bug and is logged with its traceback.
"""


class UserError(Exception):
    """A problem the user can understand and fix (bad file, locked database...)."""


class NothingToExport(UserError):
    """An export found nothing to show for what was asked (a year, a kabupaten, a meeting): no document is
    written. The message is one sentence naming what is missing ("Tidak ada survei tahun 2021 di Kabupaten
    Gowa."); the command line prints it and exits 1, the window shows it. Raise it before anything is written,
    from the export function itself (so the command line and the window refuse alike)."""


class DatabaseError(UserError):
    """The database cannot be opened or used."""


class NewerDatabaseError(DatabaseError):
    """The database was written by a newer version of the program."""


def explain_os_error(error: OSError, path: object = None) -> UserError:
    """One sentence for a file that could not be written or read: full disk, read-only, no permission, missing."""
    import errno

    from bakti_desktop.i18n import msg

    where = path if path is not None else (error.filename or msg(en="A file", id="Sebuah berkas"))
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return UserError(msg(en="The disk is full: {p} was not written. Free some space and try again.",
                             id="Disk penuh: {p} tidak ditulis. Kosongkan sebagian ruang lalu coba lagi.", p=where))
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return UserError(msg(en="{p} cannot be written: the folder is read-only or you have no permission there.",
                             id="{p} tidak dapat ditulis: foldernya hanya-baca atau Anda tidak punya izin di sana.",
                             p=where))
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return UserError(msg(en="{p} does not exist.", id="{p} tidak ada.", p=where))
    if error.errno == errno.EISDIR:
        return UserError(msg(en="{p} is a folder, not a file.", id="{p} adalah folder, bukan berkas.", p=where))
    return UserError(msg(en="{p} could not be written or read: {r}", id="{p} tidak dapat ditulis atau dibaca: {r}",
                         p=where, r=error.strerror or type(error).__name__))


class RecordGone(UserError):
    """The record being worked on no longer exists: deleted (moved to the trash) elsewhere meanwhile."""
