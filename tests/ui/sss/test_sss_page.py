"""The SSS tab: writing with autosave, history, final lock, targets and the programme table."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from bakti_desktop.demo import load_demo
from bakti_desktop.sss import service
from bakti_desktop.sss.models import SssSection
from ui.sss.page import SssPage


def _page(qtbot, db) -> SssPage:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = SssPage(db)
    qtbot.addWidget(page)
    return page


def _select(page: SssPage, title: str) -> None:
    for i in range(page.tree.topLevelItemCount()):
        chapter = page.tree.topLevelItem(i)
        for j in range(chapter.childCount()):
            if chapter.child(j).text(0).endswith(title):
                page.tree.setCurrentItem(chapter.child(j))
                return
    raise AssertionError(title)


def test_outline_and_autosave(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert page.document.count() == 2
    assert page.tree.topLevelItemCount() == 7
    assert page.tree.topLevelItem(0).text(0) == "BAB 1  Pendahuluan"
    _select(page, "Dasar Hukum")
    editor = page.editor
    assert "Panduan" in editor.guidance.text()
    editor.timer.setInterval(50)  # the autosave's delay, not the three seconds a typist gets
    editor.editor.setMarkdown("UU No. 23 Tahun 2014 tentang **Pemerintahan Daerah**.")
    assert editor.timer.isActive()  # autosave pending
    qtbot.waitUntil(lambda: editor.state.text() == "Tersimpan", timeout=10_000)
    with db.session() as session:
        assert "**Pemerintahan Daerah**" in session.get(SssSection, editor.section_id).content
    assert editor.history.count() == 2  # the empty start and the saved text


def test_restore_and_final_lock(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _select(page, "Latar Belakang")
    editor = page.editor
    original = editor.markdown()
    editor.editor.setMarkdown("Teks pengganti.")
    editor.save()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.history.setCurrentRow(1)  # the Pokja's demo text
    editor.restore()
    assert editor.markdown().strip() == original.strip()
    page.toggle_final()
    assert page.final_button.text() == "Buka kembali sebagai draf"
    _select(page, "Latar Belakang")
    assert page.editor.editor.isReadOnly()


def test_targets_and_programme(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert page.targets.rowCount() == 3
    assert page.targets.horizontalHeaderItem(1).text() == "Nilai dasar (2020)"
    page.targets.item(0, 6).setText("95")
    page.save_targets()
    with db.session() as session:
        document = page.current(session)
        assert '"2025": 95.0' in document.targets[0].targets
    rows = page.programme.rowCount()
    assert rows > 2
    assert page.sums.text().startswith("Jumlah Rp ")
    page.add_row()
    r = page.programme.rowCount() - 1
    for column, text in ((0, "Program uji"), (1, "Kegiatan uji"), (4, "2"), (5, "1000000")):
        page.programme.item(r, column).setText(text)
    assert page.programme.item(r, 6).text() == "2.000.000"
    page.save_programme()
    with db.session() as session:
        assert service.totals(page.current(session))["total"] > 2_000_000
