"""Stored text made safe for every file and screen the program writes: the ONE place that does it.

Text in the database may hold anything a workbook, a package or an old version let in: control
characters (``_x001B_`` in a cell is an ESC), lone surrogates, 32,767-character names, Chinese and
emoji. Every writer passes its text through here:

- :func:`clean` removes what no file format may hold (C0/C1 control characters except tab and line
  breaks, lone surrogates, the non-characters U+FFFE/U+FFFF), so XLSX (openpyxl), DOCX (lxml) and
  PDF (ReportLab) never refuse a value;
- :func:`cell` also cuts a value to what an Excel cell holds (32,767 characters) with "…";
- :func:`terminal` keeps line breaks only, so no escape sequence reaches a terminal;
- :func:`cut` shortens a text with "…";
- :func:`sheet_title` makes a valid, unique-able worksheet name;
- :func:`pdf_markup` escapes text for a ReportLab paragraph and sets, run by run, a font that has
  the glyphs: DejaVu Sans (Latin, Greek, Cyrillic, many symbols and emoji), else Droid Sans
  Fallback (Chinese, Japanese, Korean), else a visible replacement character "�";
- :func:`fits_box` cuts a text (with "…") so that its paragraph fits a box, for table cells, which
  ReportLab cannot split across pages.
"""

from __future__ import annotations

import re
from typing import Any

ELLIPSIS = "…"
REPLACEMENT = "\ufffd"
EXCEL_CELL_LIMIT = 32_767  # characters an Excel cell holds
SHEET_TITLE_LIMIT = 31

# C0 controls except tab, line feed and carriage return; DEL and C1 controls; lone surrogates; the
# two non-characters XML 1.0 forbids. Everything else is valid in XLSX, DOCX and PDF text.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\']")


def clean(text: Any) -> Any:
    """``text`` without the characters no file format may hold; anything not a string is returned as is."""
    if type(text) is not str:
        return text
    if text.isascii():  # the usual case: one C-speed test
        if text.isprintable():
            return text
        return _UNSAFE.sub("", text.replace("\r\n", "\n"))
    return _UNSAFE.sub("", text.replace("\r\n", "\n"))


def cut(text: str, limit: int) -> str:
    """``text`` of at most ``limit`` characters, cut with "…" when longer."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + ELLIPSIS


def cell(value: Any) -> Any:
    """A value ready for a spreadsheet cell: cleaned, and cut to what a cell holds."""
    if type(value) is not str:
        return value
    value = clean(value)
    return cut(value, EXCEL_CELL_LIMIT) if len(value) > EXCEL_CELL_LIMIT else value


def terminal(text: Any) -> str:
    """``text`` for a terminal: line breaks kept, every control or direction-changing character removed."""
    line = str(text)
    if line.isascii() and line.replace("\n", "").isprintable():
        return line
    return _TERMINAL_UNSAFE.sub("", line.replace("\r\n", "\n").replace("\t", " "))


def sheet_title(text: str, fallback: str = "Lembar", taken: set[str] | None = None) -> str:
    """A worksheet name from user text: no characters Excel forbids, at most 31 characters, never empty,
    and not one of ``taken`` (compared ignoring case, as Excel does; the new name is added to it)."""
    title = _SHEET_UNSAFE.sub("-", " ".join(terminal(text).split()))[:SHEET_TITLE_LIMIT].strip() or fallback
    if taken is not None:
        base, n = title, 1
        while title.casefold() in taken:
            n += 1
            title = f"{base[: SHEET_TITLE_LIMIT - len(str(n)) - 3].rstrip()} ({n})"
        taken.add(title.casefold())
    return title


# -- PDF ------------------------------------------------------------------------------------------------------
def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _main_coverage() -> frozenset[int]:
    from bakti_desktop.reports.pdf import FONT, font_coverage

    return font_coverage(FONT)


def _fallback_coverage() -> frozenset[int]:
    from bakti_desktop.reports.pdf import FONT_FALLBACK, font_coverage

    return font_coverage(FONT_FALLBACK)


def covered(text: str) -> bool:
    """Whether DejaVu Sans draws every character of ``text`` (then it may be drawn as a plain string)."""
    if text.isascii():
        return True
    main = _main_coverage()
    return all(ord(ch) in main for ch in text)


def pdf_markup(text: Any) -> str:
    """``text`` escaped for a ReportLab paragraph, with the fallback font around characters DejaVu lacks."""
    text = clean(str(text))
    if text.isascii():
        return _escape(text)
    from bakti_desktop.reports.pdf import FONT_FALLBACK

    main = _main_coverage()
    if all(ord(ch) in main for ch in text):
        return _escape(text)
    fallback = _fallback_coverage()
    out: list[str] = []
    run: list[str] = []
    in_fallback = False

    def flush() -> None:
        if run:
            piece = _escape("".join(run))
            out.append(f'<font name="{FONT_FALLBACK}">{piece}</font>' if in_fallback else piece)
            run.clear()

    for ch in text:
        code = ord(ch)
        if code in main or ch in "\n\t\r":
            wanted = False
        elif code in fallback:
            wanted = True
        elif code in (0x200D, 0xFE0E, 0xFE0F) or 0x1F3FB <= code <= 0x1F3FF:
            continue  # joiners, variation selectors and skin tones: nothing to draw on their own
        else:
            ch, wanted = REPLACEMENT, False  # no font has it: a visible mark rather than nothing
        if wanted != in_fallback:
            flush()
            in_fallback = wanted
        run.append(ch)
    flush()
    return "".join(out)


def pdf_plain(text: Any, limit: int | None = None) -> str:
    """``text`` for a string drawn straight on the page (footers, chart labels): cleaned, one line,
    characters DejaVu lacks shown as "�", cut to ``limit`` characters."""
    text = " ".join(clean(str(text)).split())
    if not text.isascii():
        main = _main_coverage()
        text = "".join(ch if ord(ch) in main else REPLACEMENT for ch in text)
    return cut(text, limit) if limit else text


def fits_box(text: str, style: Any, width: float, height: float) -> str:
    """``text`` (plain, not markup) cut with "…" so that its paragraph in ``style`` is at most ``width`` ×
    ``height`` points. Text that surely fits is returned unchanged without measuring; longer text is laid
    out, and cut to the longest beginning that fits."""
    from reportlab.platypus import Paragraph

    text = clean(text)
    size, lines = style.fontSize, max(1.0, height / style.leading)
    per_line = max(1, int(width / (size * 1.2)))  # nearly every glyph is at most 1.2 em wide
    # Word wrapping may leave up to half a line empty, and each line break ends a line.
    if len(text) <= per_line * lines / 2 and text.count("\n") < lines / 2:
        return text

    def fits(candidate: str) -> bool:
        paragraph = Paragraph(pdf_markup(candidate).replace("\n", "<br/>"), style)
        return paragraph.wrap(width, height)[1] <= height

    if len(text) < 4 * per_line * lines and fits(text):
        return text
    # The longest beginning that fits; narrow characters (0.15 em) bound how much can fit at all.
    low, high = 0, min(len(text), int(width / (size * 0.15) * lines) + 1)
    parts = text.split("\n")
    if len(parts) > lines:
        high = min(high, len("\n".join(parts[: int(lines)])))
    while low < high:
        middle = (low + high + 1) // 2
        if fits(cut(text, middle)):
            low = middle
        else:
            high = middle - 1
    return cut(text, low) if low < len(text) else text
