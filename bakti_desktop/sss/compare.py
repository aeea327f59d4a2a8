"""Comparing two versions of a section as a reader sees them, not as a programmer does.

Both texts are read as Markdown (so ``**bold**`` shows as bold, not as stars) into units — a heading,
a paragraph, a list item, a table row, a data block — and each unit into words. Line breaks inside a
paragraph are only wrapping, so re-wrapped text compares equal. Units are matched first; within a
matched pair the words are compared, so a changed word is highlighted, not the whole paragraph.
The result is HTML for a text browser: insertions green and underlined, deletions red and struck out.
Qt-free.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from bakti_desktop.sss import markdown
from bakti_desktop.sss.outline import BLOCKS

Word = tuple[str, bool, bool, bool]  # text, bold, italic, preceded by a space

INSERTED = "background-color:#C8E6C9; color:#1B5E20; text-decoration:underline;"
DELETED = "background-color:#FFCDD2; color:#B71C1C; text-decoration:line-through;"
SIMILAR = 0.35  # two units sharing at least this share of words are shown as one changed unit


@dataclass
class Unit:
    kind: str  # heading, paragraph, bullet, number, row, data
    words: list[Word] = field(default_factory=list)
    level: int = 0
    cells: list[list[Word]] = field(default_factory=list)  # row: the words of each cell
    header: bool = False  # row: the table's first row

    def key(self) -> tuple[object, ...]:
        if self.kind == "row":
            return (self.kind, tuple(tuple(c) for c in self.cells))
        return (self.kind, self.level, tuple(self.words))


@dataclass
class Comparison:
    html: str
    inserted: int  # words
    deleted: int  # words

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.deleted)


def _words(runs: list[markdown.Run]) -> list[Word]:
    """Runs → words; any whitespace, line breaks included, only separates words."""
    out: list[Word] = []
    space = False
    for text, bold, italic in runs:
        position = 0
        for match in re.finditer(r"\S+", text):
            space = space or match.start() > position
            out.append((match.group(), bold, italic, space and bool(out)))
            position, space = match.end(), False
        space = space or len(text) > position
    return out


def units(text: str) -> list[Unit]:
    out: list[Unit] = []
    for block in markdown.parse(text or ""):
        if block.kind == "heading":
            out.append(Unit("heading", _words(block.runs), level=block.level))
        elif block.kind == "paragraph":
            out.append(Unit("paragraph", _words(block.runs)))
        elif block.kind in ("bullets", "numbers"):
            kind = "bullet" if block.kind == "bullets" else "number"
            out.extend(Unit(kind, _words(item)) for item in block.items)
        elif block.kind == "table":
            for i, row in enumerate(block.rows):
                out.append(Unit("row", cells=[_words(cell) for cell in row], header=i == 0))
        elif block.kind == "data":
            label = BLOCKS.get(block.name, block.name)
            out.append(Unit("data", [(f"[{label}]", False, True, False)], level=0))
    return out


def _word_html(word: Word) -> str:
    text, bold, italic, _space = word
    piece = html.escape(text)
    if bold:
        piece = f"<b>{piece}</b>"
    if italic:
        piece = f"<i>{piece}</i>"
    return piece


def _render(pieces: list[tuple[Word, str]]) -> str:
    """Words with their style ("" for unchanged), consecutive words of one style in one span."""
    out: list[str] = []
    open_style = ""
    for i, (word, style) in enumerate(pieces):
        if style != open_style and open_style:
            out.append("</span>")
        if i and (word[3] or style != pieces[i - 1][1]):
            out.append(" ")
        if style != open_style and style:
            out.append(f'<span style="{style}">')
        open_style = style
        out.append(_word_html(word))
    if open_style:
        out.append("</span>")
    return "".join(out)


def _plain(words: list[Word]) -> str:
    return _render([(w, "") for w in words])


def _diff_words(old: list[Word], new: list[Word]) -> tuple[str, int, int]:
    """The new words with the deleted ones shown in place; counts of inserted and deleted words."""
    pieces: list[tuple[Word, str]] = []
    inserted = deleted = 0
    matcher = difflib.SequenceMatcher(None, [w[:3] for w in old], [w[:3] for w in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces += [(w, "") for w in new[j1:j2]]
            continue
        pieces += [(w, DELETED) for w in old[i1:i2]]
        pieces += [(w, INSERTED) for w in new[j1:j2]]
        deleted += i2 - i1
        inserted += j2 - j1
    return _render(pieces), inserted, deleted


def _wrap(unit: Unit, inner: str, style: str = "") -> str:
    """One unit as an HTML block; ``style`` marks a wholly inserted or deleted unit."""
    if style:
        inner = f'<span style="{style}">{inner}</span>'
    if unit.kind == "heading":
        level = min(max(unit.level, 1), 6) + 1  # the section title is the h1 of the page
        return f"<h{min(level, 6)}>{inner}</h{min(level, 6)}>"
    if unit.kind == "bullet":
        return f"<ul><li>{inner}</li></ul>"
    if unit.kind == "number":
        return f'<p style="margin-left:20px">{inner}</p>'
    if unit.kind == "data":
        return f'<p style="color:#455A64">{inner}</p>'
    return f"<p>{inner}</p>"


def _row(cells: list[str], header: bool, style: str = "") -> str:
    tag = "th" if header else "td"
    cells_html = "".join(f'<{tag}{f" style={chr(34)}{style}{chr(34)}" if style else ""}>{c}</{tag}>' for c in cells)
    return f"<tr>{cells_html}</tr>"


class _Writer:
    """Collects HTML blocks; consecutive table rows go into one table."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.rows: list[str] = []

    def row(self, row_html: str) -> None:
        self.rows.append(row_html)

    def block(self, block_html: str) -> None:
        self.flush()
        self.parts.append(block_html)

    def flush(self) -> None:
        if self.rows:
            self.parts.append('<table border="1" cellspacing="0" cellpadding="3">' + "".join(self.rows) + "</table>")
            self.rows = []

    def html(self) -> str:
        self.flush()
        return "\n".join(self.parts)


def _whole(writer: _Writer, unit: Unit, style: str) -> int:
    """A unit wholly inserted or deleted; returns its word count."""
    if unit.kind == "row":
        writer.row(_row([_plain(c) for c in unit.cells], unit.header, style))
        return sum(len(c) for c in unit.cells)
    writer.block(_wrap(unit, _plain(unit.words), style))
    return len(unit.words)


def _similarity(old: Unit, new: Unit) -> float:
    if old.kind != new.kind:
        return 0.0
    a = [w for c in old.cells for w in c] if old.kind == "row" else old.words
    b = [w for c in new.cells for w in c] if new.kind == "row" else new.words
    return difflib.SequenceMatcher(None, [w[0] for w in a], [w[0] for w in b], autojunk=False).ratio()


def _changed(writer: _Writer, old: Unit, new: Unit) -> tuple[int, int]:
    """A matched pair of units with word-level changes; returns (inserted, deleted)."""
    if new.kind == "row":
        cells, inserted, deleted = [], 0, 0
        for i in range(max(len(old.cells), len(new.cells))):
            a = old.cells[i] if i < len(old.cells) else []
            b = new.cells[i] if i < len(new.cells) else []
            text, ins, dele = _diff_words(a, b)
            cells.append(text)
            inserted, deleted = inserted + ins, deleted + dele
        writer.row(_row(cells, new.header))
        return inserted, deleted
    text, inserted, deleted = _diff_words(old.words, new.words)
    writer.block(_wrap(new, text))
    return inserted, deleted


def compare(old_text: str, new_text: str, old_title: str | None = None, new_title: str | None = None) -> Comparison:
    """Compare two versions of a section's Markdown (and optionally its title)."""
    old_units, new_units = units(old_text), units(new_text)
    if old_title is not None and new_title is not None:
        old_units.insert(0, Unit("heading", _words([(old_title, False, False)]), level=0))
        new_units.insert(0, Unit("heading", _words([(new_title, False, False)]), level=0))
    writer = _Writer()
    inserted = deleted = 0
    matcher = difflib.SequenceMatcher(None, [u.key() for u in old_units], [u.key() for u in new_units],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for unit in new_units[j1:j2]:
                _whole(writer, unit, "")
            continue
        olds, news = old_units[i1:i2], new_units[j1:j2]
        # pair each new unit with the first remaining similar old unit, in order; the rest are whole changes
        i = 0
        for new in news:
            match = next((k for k in range(i, len(olds)) if _similarity(olds[k], new) >= SIMILAR), None)
            if match is None:
                inserted += _whole(writer, new, INSERTED)
                continue
            for old in olds[i:match]:
                deleted += _whole(writer, old, DELETED)
            ins, dele = _changed(writer, olds[match], new)
            inserted, deleted = inserted + ins, deleted + dele
            i = match + 1
        for old in olds[i:]:
            deleted += _whole(writer, old, DELETED)
    return Comparison(writer.html(), inserted, deleted)
