"""Shared PDF building blocks."""

from __future__ import annotations

from reportlab.lib.units import cm

from bakti_desktop.reports.pdf import SMALLEST_HEAD_SIZE, head_cell, styles, table


def _lines(paragraph, width: float) -> list[str]:  # type: ignore[no-untyped-def]
    paragraph.wrap(width, 1000)
    return [" ".join(words) if isinstance(words, list) else " ".join(getattr(words, "words", []))
            for words in (line[1] if isinstance(line, tuple) else line for line in paragraph.blPara.lines)]


def test_a_header_word_wider_than_its_column_is_shrunk_not_broken() -> None:
    normal = styles()["HeadCell"].fontSize
    room = 1.37 * cm - 6  # a level column of the ladder table
    shrunk = head_cell("Terbatas", room)
    assert SMALLEST_HEAD_SIZE <= shrunk.style.fontSize < normal
    assert len(_lines(shrunk, room)) == 1  # one line: the word is whole
    assert head_cell("Dasar", room).style.fontSize == normal  # a word that fits keeps the size
    assert head_cell("Tidak ada layanan", room).style.fontSize == normal  # wraps between words as before


def test_a_header_word_far_too_wide_stops_shrinking_at_the_smallest_size() -> None:
    assert head_cell("Kabupaten/Kota", 20).style.fontSize == SMALLEST_HEAD_SIZE


def test_table_headers_use_fitting_cells() -> None:
    widths = [3.3 * cm, 1.37 * cm]
    built = table(["Kabupaten/Kota", "Terbatas"], [["Bone", "5,0%"]], widths)
    header = built._cellvalues[0]
    assert header[0].style.fontSize == styles()["HeadCell"].fontSize
    assert header[1].style.fontSize < styles()["HeadCell"].fontSize
