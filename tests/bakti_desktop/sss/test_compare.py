"""The revision comparison reads like the text: rendered, word-level, blind to re-wrapping."""

from __future__ import annotations

from bakti_desktop.sss.compare import DELETED, INSERTED, compare, units


def test_rewrapping_and_markup_are_not_changes() -> None:
    old = "Sekolah adalah tempat anak\nmenghabiskan sebagian besar **harinya**."
    new = "Sekolah adalah tempat anak menghabiskan\nsebagian besar **harinya**.\n"
    result = compare(old, new)
    assert not result.changed
    assert "**" not in result.html and "<b>harinya.</b>" not in result.html  # bold is rendered, not shown as stars
    assert "<b>harinya</b>." in result.html
    assert INSERTED not in result.html and DELETED not in result.html


def test_changed_words_are_highlighted_inside_the_paragraph() -> None:
    old = "Banyak sekolah belum memiliki jamban yang layak.\n\nParagraf kedua tetap."
    new = "Sebagian besar sekolah belum memiliki jamban terpisah yang layak.\n\nParagraf kedua tetap."
    result = compare(old, new)
    assert (result.inserted, result.deleted) == (3, 1)  # "Sebagian besar", "terpisah" in; "Banyak" out
    assert f'<span style="{DELETED}">Banyak</span>' in result.html
    assert f'<span style="{INSERTED}">Sebagian besar</span>' in result.html
    assert f'<span style="{INSERTED}">terpisah</span>' in result.html
    assert result.html.count("<p>") == 2  # one changed paragraph, one unchanged: not a whole-paragraph swap
    assert "Paragraf kedua tetap." in result.html


def test_added_and_removed_paragraphs_and_list_items() -> None:
    old = "Pembuka.\n\n- satu\n- dua\n\nPenutup lama sekali yang dihapus."
    new = "Pembuka.\n\n- satu\n- dua\n- tiga\n\nCatatan baru tentang anggaran."
    result = compare(old, new)
    assert f'<span style="{INSERTED}">tiga</span>' in result.html
    assert f'<span style="{DELETED}">Penutup lama sekali yang dihapus.</span>' in result.html
    assert f'<span style="{INSERTED}">Catatan baru tentang anggaran.</span>' in result.html
    assert result.deleted == 5 and result.inserted == 5


def test_data_blocks_tables_and_titles() -> None:
    assert [u.kind for u in units("Teks.\n\n{{blok:target}}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")] == \
        ["paragraph", "data", "row", "row"]
    result = compare("{{blok:target}}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
                     "{{blok:program}}\n\n| A | B |\n|---|---|\n| 1 | 3 |\n", "Judul", "Judul baru")
    assert "Tabel program dan kegiatan" in result.html  # the block's name, not its token
    assert "{{" not in result.html
    assert f'<span style="{INSERTED}">baru</span>' in result.html
    assert f'<span style="{DELETED}">2</span>' in result.html and f'<span style="{INSERTED}">3</span>' in result.html
    assert result.html.count("<table") == 1


def test_escaping() -> None:
    result = compare("a < b", "a < b & c")
    assert "&lt;" in result.html and "&amp;" in result.html


def test_a_word_added_at_the_start_changes_only_that_word() -> None:
    result = compare("sekolah belum memiliki jamban", "Semua sekolah belum memiliki jamban")
    assert (result.inserted, result.deleted) == (1, 0)
    assert result.html == f'<p><span style="{INSERTED}">Semua</span> sekolah belum memiliki jamban</p>'
