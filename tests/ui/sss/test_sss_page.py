"""The SSS tab: writing and saving on request, nothing lost on switching, final lock, targets, programme,
data blocks previewed and inserted, readable comparisons, exports, and buttons that never crash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QPushButton, QWidget

from bakti_desktop.demo import load_demo
from bakti_desktop.sss import service
from bakti_desktop.sss.models import SssDocument, SssSection
from bakti_desktop.sss.outline import BLOCKS
from ui.sss.compare_dialog import CompareRevisionDialog
from ui.sss.page import SssPage
from ui.widgets.unsaved import Editor

SAVE, DISCARD, CANCEL = QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard, \
    QMessageBox.StandardButton.Cancel


def _page(qtbot, db, demo: bool = True) -> SssPage:  # type: ignore[no-untyped-def]
    if demo:
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


def _answer(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr("ui.widgets.unsaved.ask", lambda _parent, what=None: asked.append(what) or answer)
    return asked


def _content(db, section_id: int) -> str:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.get(SssSection, section_id).content


def test_outline_and_saving_on_request(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert page.document.count() == 2
    assert page.tree.topLevelItemCount() == 7
    assert page.tree.topLevelItem(0).text(0) == "BAB 1  Pendahuluan"
    _select(page, "Dasar Hukum")
    editor = page.editor
    guidance = editor.editor.placeholderText()  # the section's stored guidance
    assert guidance and editor.guidance.isVisibleTo(editor) and guidance in editor.guidance.text()
    assert not editor.has_unsaved_changes() and not editor.save_action.isEnabled()
    editor.editor.setMarkdown("UU No. 23 Tahun 2014 tentang **Pemerintahan Daerah**.")
    assert editor.has_unsaved_changes() and editor.save_action.isEnabled()
    assert _content(db, editor.section_id) == ""  # nothing is saved behind the user's back
    editor.save_action.trigger()
    assert "**Pemerintahan Daerah**" in _content(db, editor.section_id)
    assert not editor.has_unsaved_changes()
    assert editor.history.count() == 2  # the empty start and the saved text


def test_switching_section_asks_and_cancel_stays(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _select(page, "Dasar Hukum")
    first = page.editor.section_id
    page.editor.editor.setPlainText("Teks yang belum disimpan.")
    asked = _answer(monkeypatch, CANCEL)
    page.show()
    chapter = page.tree.topLevelItem(0)
    other = chapter.child(0)
    QTest.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=page.tree.visualItemRect(other).center())
    assert asked
    assert page.editor.section_id == first  # stayed, and the list shows it selected, not the clicked one
    qtbot.waitUntil(lambda: page.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == first)
    assert page.tree.selectedItems() == [page.tree.currentItem()]
    assert page.editor.editor.toPlainText() == "Teks yang belum disimpan."

    _answer(monkeypatch, DISCARD)
    _select(page, "Latar Belakang")
    assert page.editor.section_id != first
    assert _content(db, first) == ""

    _select(page, "Dasar Hukum")
    page.editor.editor.setPlainText("Teks yang disimpan.")
    page.editor.status.setCurrentIndex(page.editor.status.findData("review"))
    _answer(monkeypatch, SAVE)
    _select(page, "Latar Belakang")
    assert _content(db, first).strip() == "Teks yang disimpan."
    with db.session() as session:
        assert session.get(SssSection, first).status == "review"


def test_editors_for_the_main_window(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    editors = page.editors()
    assert editors == [page.editor, page.targets_editor, page.programme_editor]
    assert all(isinstance(e, Editor) for e in editors)
    assert not any(e.has_unsaved_changes() for e in editors)
    page.targets.item(0, 6).setData(Qt.ItemDataRole.EditRole, 97.5)
    page.programme_editor.remove_row  # noqa: B018 - exists
    page.programme.setCurrentCell(0, 0)
    page.programme_editor.remove_row()
    assert page.targets_editor.has_unsaved_changes() and page.programme_editor.has_unsaved_changes()
    page.programme_editor.discard_changes()
    assert not page.programme_editor.has_unsaved_changes()
    assert page.targets_editor.save_changes()
    with db.session() as session:
        assert '"2025": 97.5' in session.get(SssDocument, page.document_id).targets[0].targets


def test_switching_document_asks_for_the_tables(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    first = page.document_id
    rows = page.programme.rowCount()
    page.programme_editor.add_row()
    page.programme.item(rows, 0).setText("Program uji")
    page.programme.item(rows, 1).setText("Kegiatan uji")
    asked = _answer(monkeypatch, CANCEL)
    page.document.setCurrentIndex(1)
    assert asked and page.document_id == first and page.document.currentData() == first
    assert page.programme.rowCount() == rows + 1  # the new row is still there
    _answer(monkeypatch, SAVE)
    page.document.setCurrentIndex(1)
    assert page.document_id != first
    with db.session() as session:
        assert any(r.kegiatan == "Kegiatan uji" for r in session.get(SssDocument, first).programme)


def test_buttons_need_a_document_and_never_crash_after_deletion(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_button.click()
    assert page.document.count() == 1 and page.document_id == page.document.currentData()
    assert page.targets.rowCount() == 3 and page.targets_editor.add_button.isEnabled()
    page.delete_button.click()
    assert page.document_id is None and page.stack.currentIndex() == 0  # the empty page says what to do
    enabled = [b for b in page.findChildren(QPushButton) if b.isEnabled() and b.isVisibleTo(page)]
    assert enabled and {b.text() for b in enabled} == {page.new_button.text()}  # "New document…" only
    for button in (page.targets_editor.save_button, page.programme_editor.save_button,
                   page.programme_editor.add_button, page.remove_button, page.pdf_button):
        assert not button.isEnabled()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    page.export("pdf")  # from the menu: says what to do instead of nothing
    assert told


def test_every_enabled_button_survives_a_click(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _select(page, "Dasar Hukum")
    page.editor.history.setCurrentRow(0)
    page.programme.setCurrentCell(0, 0)
    page.targets.setCurrentCell(0, 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    _answer(monkeypatch, DISCARD)
    clicked = 0
    for button in page.findChildren(QPushButton):
        if button.isEnabled():
            button.click()  # clicked(bool) must never arrive as an argument
            clicked += 1
    assert clicked >= 12


def test_money_cells_edit_as_numbers_and_show_formatted(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    table = page.programme
    cost = table.item(0, 5)
    delegate = table.itemDelegateForColumn(5)
    assert delegate.displayText(cost.data(Qt.ItemDataRole.EditRole), None) == "35.000.000"
    holder = QWidget()
    qtbot.addWidget(holder)
    editor = delegate.createEditor(holder, None, table.indexFromItem(cost))
    delegate.setEditorData(editor, table.indexFromItem(cost))
    assert editor.text() == "35000000"  # a number to edit, not a formatted text
    editor.setText("40.000.000")
    delegate.setModelData(editor, table.model(), table.indexFromItem(cost))
    assert cost.data(Qt.ItemDataRole.EditRole) == 40_000_000
    volume = table.item(0, 4).data(Qt.ItemDataRole.EditRole)
    assert table.item(0, 6).data(Qt.ItemDataRole.EditRole) == service.row_total(volume, 40_000_000)
    editor.setText("banyak")
    delegate.setModelData(editor, table.model(), table.indexFromItem(cost))
    assert cost.data(Qt.ItemDataRole.EditRole) == 40_000_000  # not a number: kept
    sums = service.programme_totals(page.programme_editor.rows())
    first_amount = re.search(r"Rp (\d+(?:\.\d{3})*)", page.programme_editor.sums.text())  # "Total Rp …. By year: …"
    assert first_amount and first_amount.group(1) == delegate.displayText(sums["total"], None)
    page.programme_editor.save_changes()
    with db.session() as session:
        assert session.get(SssDocument, page.document_id).programme[0].unit_cost == 40_000_000


def test_targets_must_be_percentages(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    page.targets.item(0, 6).setData(Qt.ItemDataRole.EditRole, 955.0)  # "95.5" read with Indonesian separators
    assert not page.targets_editor.save_changes() and warned
    assert page.targets_editor.has_unsaved_changes()


def test_headers_and_titles_show_their_whole_text(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.resize(1366, 728)
    page.show()
    qtbot.waitExposed(page)
    page.inner.setCurrentIndex(1)
    header = page.targets.horizontalHeader()
    text = page.targets.horizontalHeaderItem(1).text()
    assert text == "Nilai dasar (2020)"
    assert header.sectionSize(1) >= header.fontMetrics().horizontalAdvance(text) + 8
    page.inner.setCurrentIndex(0)
    metrics = page.tree.fontMetrics()
    for i in range(page.tree.topLevelItemCount()):
        chapter = page.tree.topLevelItem(i)
        for item in [chapter] + [chapter.child(j) for j in range(chapter.childCount())]:
            rect = page.tree.visualItemRect(item)
            bold = item.font(0).bold()
            width = metrics.horizontalAdvance(item.text(0)) * (1.1 if bold else 1.0)
            assert rect.left() + width <= page.tree.columnWidth(0), item.text(0)


def test_programme_rows_are_as_high_as_their_text_once_shown(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """Filled while hidden, the rows were sized for a narrow activity column: uneven, double-height rows."""
    page = _page(qtbot, db)
    page.resize(1366, 728)
    page.show()
    qtbot.waitExposed(page)
    page.inner.setCurrentIndex(2)
    qtbot.wait(20)
    table = page.programme
    assert table.rowCount() > 3
    heights = [table.rowHeight(r) for r in range(table.rowCount())]
    assert max(heights) - min(heights) <= 2, heights  # one line each at 1366 px: all the same height


def test_preview_shows_blocks_with_their_data_date(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _select(page, "Kondisi Layanan Air, Sanitasi, dan Higiene")
    editor = page.editor
    assert "{{blok:tangga_kecamatan}}" in editor.editor.toPlainText()
    editor.views.setCurrentWidget(editor.preview)
    shown = editor.preview.toPlainText()
    assert "{{blok" not in shown
    assert "Tabel tangga layanan per kecamatan" in shown and "data per " in shown
    assert any(month in shown for month in ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                            "Agustus", "September", "Oktober", "November", "Desember"))
    assert editor.preview.document().toHtml().count("#43a047") > 0  # the chart's bars


def test_preview_of_a_ladder_table_does_not_scroll_sideways(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The ladder table fills the pane's width: its border must not push it one pixel past (a scrollbar
    for nothing under the preview)."""
    page = _page(qtbot, db)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    _select(page, "Kondisi Layanan Air, Sanitasi, dan Higiene")
    editor = page.editor
    editor.views.setCurrentWidget(editor.preview)
    for width in range(1100, 1367, 7):  # at many widths: the overflow was a rounding at some of them
        page.resize(width, 700)
        QApplication.processEvents()
        assert editor.preview.document().idealWidth() <= editor.preview.viewport().width(), width
        assert editor.preview.horizontalScrollBar().maximum() == 0, width


def test_insert_block_from_the_list(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _select(page, "Isu Strategis")
    editor = page.editor
    actions = editor.block_menu.actions()
    assert [a.text() for a in actions] == list(BLOCKS.values())
    cursor = editor.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    editor.editor.setTextCursor(cursor)
    next(a for a in actions if a.data() == "target").trigger()
    markdown = editor.markdown()
    assert "\n\n{{blok:target}}\n\n" in markdown  # a paragraph of its own, after the one with the cursor
    assert markdown.index("{{blok:target}}") < markdown.index("Sarana cuci tangan")
    editor.views.setCurrentWidget(editor.preview)
    assert "Tabel indikator, nilai dasar, dan target" in editor.preview.toPlainText()
    assert "Nilai dasar (2020)" in editor.preview.toPlainText()
    assert editor.save_changes()
    assert "{{blok:target}}" in _content(db, editor.section_id)


def test_compare_is_readable(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _select(page, "Metode Pemetaan")
    editor = page.editor
    text = editor.markdown().replace("sanitarian puskesmas", "petugas sanitarian puskesmas")
    editor.editor.setMarkdown(text.replace(". ", ".\n", 1))  # re-wrapped too
    editor.history.setCurrentRow(0)
    revision = editor.history.currentItem().data(Qt.ItemDataRole.UserRole)
    dialog = CompareRevisionDialog(revision, editor.title.text(), editor.markdown(), editor)
    qtbot.addWidget(dialog)
    assert (dialog.comparison.inserted, dialog.comparison.deleted) == (1, 0)
    shown = dialog.browser.toPlainText()
    assert "**" not in shown and "petugas sanitarian puskesmas" in shown
    assert "underline" in dialog.browser.document().toHtml()


def test_final_lock_and_restore(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    _select(page, "Latar Belakang")
    editor = page.editor
    original = editor.markdown()
    editor.editor.setMarkdown("Teks pengganti.")
    editor.save_changes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.history.setCurrentRow(1)  # the Pokja's demo text
    editor.restore_button.click()
    assert editor.markdown().strip() == original.strip()
    mark_final = page.final_button.text()
    page.final_button.click()
    with db.session() as session:
        assert session.get(SssDocument, page.document_id).final
    assert page.final and page.final_button.text() != mark_final  # now offers to reopen as draft
    assert page.editor.section_id is not None and page.editor.editor.isReadOnly()
    for button in (page.add_button, page.remove_button, page.targets_editor.add_button,
                   page.programme_editor.propose_button, editor.restore_button):
        assert not button.isEnabled()
    assert not page.editor.has_unsaved_changes()


def test_export_proposes_a_meaningful_name_and_offers_to_open(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    proposed: list[str] = []
    out = tmp_path / "keluar.pdf"

    def save_name(_parent, _title, name, _filter):  # type: ignore[no-untyped-def]
        proposed.append(name)
        return str(out), ""

    offered: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr("ui.widgets.files.offer_open", lambda _parent, path, *a: offered.append(Path(path)))
    page.pdf_button.click()
    qtbot.waitUntil(lambda: bool(offered), timeout=60_000)
    assert Path(proposed[0]).name == "SSS Kabupaten Bone 2021-2025.pdf"
    assert offered == [out] and out.stat().st_size > 1000


@pytest.mark.parametrize("demo", [False])
def test_empty_database_says_what_to_do(qtbot, db, demo) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, demo)
    assert page.stack.currentIndex() == 0
    assert page.document_id is None
    assert not page.pdf_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.new_button.isEnabled()
    assert all(not e.has_unsaved_changes() for e in page.editors())


def test_section_save_is_one_use_case_and_a_refusal_writes_nothing(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.conflict import Choice

    page = _page(qtbot, db)
    _select(page, "Latar Belakang")
    editor = page.editor
    section_id = editor.section_id
    calls: list[dict] = []
    real = service.save_section_edit
    monkeypatch.setattr(service, "save_section_edit", lambda *a, **k: calls.append(k) or real(*a, **k))
    editor.editor.setMarkdown("Teks dan status sekaligus.")
    editor.status.setCurrentIndex(editor.status.findData("review"))
    assert editor.save_changes()
    assert len(calls) == 1  # text, title, owner and status: one transaction
    stored = service.section_view(db, section_id)
    assert stored.status == "review" and "sekaligus" in stored.content and editor.version == stored.version

    # someone else changes the status meanwhile: my text and status are refused together
    service.set_section_meta(db, section_id, status="draft")
    theirs = service.section_view(db, section_id)
    monkeypatch.setattr("ui.sss.section_editor.resolve", lambda *a, **k: Choice.CANCEL)
    editor.editor.setMarkdown("Teks saya yang belum tersimpan.")
    editor.status.setCurrentIndex(editor.status.findData("final"))
    assert not editor.save_changes()
    assert service.section_view(db, section_id) == theirs and editor.has_unsaved_changes()
    monkeypatch.setattr("ui.sss.section_editor.resolve", lambda *a, **k: Choice.OVERWRITE)
    assert editor.save_changes()
    stored = service.section_view(db, section_id)
    assert stored.status == "final" and "belum tersimpan" in stored.content and not editor.has_unsaved_changes()


def test_a_new_document_needs_a_kabupaten_of_the_list(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Text typed in the searchable chooser that names no kabupaten/kota is refused, and the dialog comes
    back with what was entered; the document is made for the kabupaten/kota the chooser then shows."""
    from ui.widgets.regions import KabupatenCombo

    page = _page(qtbot, db, demo=False)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    shown: list[str] = []

    def run(dialog: QDialog) -> int:
        [combo] = dialog.findChildren(KabupatenCombo)
        shown.append(combo.code() or "")
        line = combo.lineEdit()
        if len(shown) == 1:
            line.setText("Kabupaten Entah")  # the current item stays the first of the list: typing does not choose
        else:
            assert line.text() == "Kabupaten Entah"  # asked again with the same entries
            line.setText(combo.itemText(combo.findData("73.08")))  # the name typed in full chooses it
        return 1

    monkeypatch.setattr(QDialog, "exec", run)
    page.new_document()
    assert len(shown) == 2 and len(warned) == 1
    with db.session() as session:
        [document] = session.query(SssDocument).all()
        assert document.kabupaten_code == "73.08"
