"""Language of the messages the core produces (validation, errors, reports).

The GUI translates its own strings with Qt; the core cannot use Qt, so each
core message is written in both languages where it is raised::

    msg(en="{label} is required", id="{label} wajib diisi", label=...)

Indonesian is the default, as for the interface.
"""

from __future__ import annotations

_language = "id"

LANGUAGES = ("id", "en")


def set_language(language: str) -> None:
    """Select ``"id"`` (default) or ``"en"`` for core messages and reports."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _language = language


def language() -> str:
    return _language


def msg(*, en: str, id: str, **values: object) -> str:  # noqa: A002 - "id" is the language code
    """The message in the current language, formatted with ``values``."""
    text = id if _language == "id" else en
    return text.format(**values) if values else text
