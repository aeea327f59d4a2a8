"""Errors the program explains to its users.

A :class:`UserError` carries a message meant for a person (in the current
language). The CLI prints it on one line and exits 1; the GUI shows it in a
dialog. Anything else that escapes is a bug and is logged with its traceback.
"""


class UserError(Exception):
    """A problem the user can understand and fix (bad file, locked database...)."""


class DatabaseError(UserError):
    """The database cannot be opened or used."""


class NewerDatabaseError(DatabaseError):
    """The database was written by a newer version of the program."""
