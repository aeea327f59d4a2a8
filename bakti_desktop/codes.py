"""Stored codes with their names: a status, a form of meeting, a stage, as ``StrEnum``\\ s.

Each code set is declared once, beside its model, with the name people read in both languages::

    class ActionStatus(Code):
        OPEN = "terbuka", "Open", "Terbuka"

A member *is* its stored string (``ActionStatus.OPEN == "terbuka"``, JSON writes ``"terbuka"``),
so the columns keep plain strings and no migration was needed; the ORM hands back plain strings,
which compare equal to the members. Every window, export, history and the command line take the
names from here (``member.label``, ``ActionStatus.label_of(stored)``, ``ActionStatus.choices()``)
in the language of :mod:`bakti_desktop.i18n`; no page keeps its own table of names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bakti_desktop.i18n import language


class Code(StrEnum):
    """A stored code with its English and Indonesian name (members: ``NAME = code, english, indonesian``)."""

    _english: str
    _indonesian: str

    def __new__(cls, value: str, english: str = "", indonesian: str = "") -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member._english = english or value
        member._indonesian = indonesian or english or value
        return member

    @property
    def label(self) -> str:
        """The name people read, in the current language."""
        return self.label_in(language())

    def label_in(self, lang: str) -> str:
        """The name in ``lang`` ("id" or "en"): for documents written in one language whatever the window shows."""
        return self._indonesian if lang == "id" else self._english

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """The stored strings, in declaration order (what CHECK constraints and ``--status`` accept)."""
        return tuple(member.value for member in cls)

    @classmethod
    def known(cls, value: Any) -> bool:
        """Whether ``value`` is one of the stored codes (``"x" in Enum`` raises on Python 3.11)."""
        return isinstance(value, str) and value in cls._value2member_map_

    @classmethod
    def label_of(cls, value: Any, lang: str | None = None) -> Any:
        """The name of a stored code (in ``lang``, else the current language); anything else as it is."""
        member = cls._value2member_map_.get(value) if isinstance(value, str) else None
        if not isinstance(member, Code):  # a blank, an unknown code: shown as stored
            return value
        return member.label_in(lang or language())

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, name) of every member, in declaration order: what a combo box or a list offers."""
        return [(member.value, member.label) for member in cls]
