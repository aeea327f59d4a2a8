"""Column widths from a table's content, shared by the PDF and Word writers.

A column is never narrower than its longest word (a number or an amount counts as one word, so
"5.615.000.000" never breaks) nor than its header's longest word; room left over goes to the columns
whose text would otherwise wrap, in proportion to how much more they would need to sit on one line
(the way a browser lays out an automatic table). Widths are measured in DejaVu Sans, the PDFs' font;
Word's default fonts are narrower, so a width that fits in the PDF fits in Word too. Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

# A figure: a count, an amount ("Rp 1.500.000"), a percentage, or "3/8". Digits alone from five on name
# something (an NPSN, a NIP, a telephone) rather than count it.
NUMERIC = re.compile(r"^(Rp\s?)?[-+\u2212]?\d[\d.,]*\s?%?$|^\d+(/\d+)+$")
IDENTIFIER = re.compile(r"^\d{5,}$")
BLANKS = frozenset({"", "-", "\u2013", "\u2014"})
PADDING = 6.0  # points: 3 a side, as the PDF tables draw them
BOLD_ROOM = 1.1  # a total row prints bold in Word: its figures are this much wider
BODY_FONT, HEAD_FONT = "DejaVuSans", "DejaVuSans-Bold"


def is_number(text: str) -> bool:
    """A cell that holds a figure ("35.000.000", "66,7%", "2021"): aligned right, never broken."""
    text = str(text).strip()
    return bool(NUMERIC.match(text)) and not IDENTIFIER.match(text)


def numeric_columns(rows: Sequence[Sequence[object]], skip_last: bool = False) -> list[bool]:
    """Per column: True if every filled text cell of the body is a figure and one at least is (a total row's
    label is left out with ``skip_last``; a blank or a dash, and a cell that is no text, do not count)."""
    body = list(rows[:-1] if skip_last and len(rows) > 1 else rows)
    found: dict[int, bool] = {}
    for row in body:
        for j, cell in enumerate(row):
            if isinstance(cell, str) and cell.strip() not in BLANKS:
                found[j] = found.get(j, True) and is_number(cell)
    return [found.get(j, False) for j in range(max((len(r) for r in body), default=0))]


def _width(text: str, font: str, size: float) -> float:
    from bakti_desktop.reports.pdf import register_fonts

    register_fonts()
    return stringWidth(text, font, size)


def fit_columns(header: Sequence[str], rows: Sequence[Sequence[object]], total: float, size: float = 8,
                head_size: float = 7, longest: float | None = None) -> list[float]:
    """Widths in points, summing to ``total``, that keep every word of every cell whole.

    ``longest`` caps the one-line width a column asks for (long texts wrap anyway). When the longest
    words alone need more than ``total``, the widths are those minima scaled down (the caller then
    prints smaller, see :func:`scale_needed`).
    """
    minimum, natural = _measure(header, rows, size, head_size, longest if longest is not None else total / 2)
    need = sum(minimum)
    if need >= total:
        return [m * total / need for m in minimum]
    if sum(natural) <= total:  # everything on one line: share the rest in proportion
        spare = total - sum(natural)
        weight = sum(natural)
        return [n + spare * n / weight for n in natural]
    spare = total - need
    wish = [n - m for n, m in zip(natural, minimum)]
    return [m + spare * w / sum(wish) for m, w in zip(minimum, wish)]


def _measure(header: Sequence[str], rows: Sequence[Sequence[object]], size: float, head_size: float,
             cap: float) -> tuple[list[float], list[float]]:
    """Per column: the longest word's width and the one-line width (at most ``cap``), padding included."""
    columns = len(header)
    minimum = [0.0] * columns
    natural = [0.0] * columns
    for j, text in enumerate(header):
        words = str(text).split() or [""]
        minimum[j] = max(_width(w, HEAD_FONT, head_size) for w in words) + PADDING
        natural[j] = min(cap, _width(str(text), HEAD_FONT, head_size) + PADDING)
    for row in rows:
        for j, cell in enumerate(list(row)[:columns]):
            text = " ".join(str(cell).split())
            if not text:
                continue
            words = [text] if is_number(text) else text.split()
            minimum[j] = max(minimum[j], max(_width(w, BODY_FONT, size) for w in words) * BOLD_ROOM + PADDING)
            natural[j] = max(natural[j], min(cap, _width(text, BODY_FONT, size) * BOLD_ROOM + PADDING))
    natural = [max(n, m) for n, m in zip(natural, minimum)]
    return minimum, natural


def scale_needed(header: Sequence[str], rows: Sequence[Sequence[object]], total: float, size: float = 8,
                 head_size: float = 7) -> float:
    """1.0 when the longest words fit ``total`` at ``size``, else the factor to shrink the type by."""
    need = sum(_measure(header, rows, size, head_size, 0.0)[0])
    return min(1.0, total / need) if need else 1.0
