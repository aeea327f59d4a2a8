"""The RKTL workspace as people use it (issue 16): buttons that work when clicked, a page that fits
1366×768, no typed change lost, the interface's formats and language, guidance on an empty database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

from bakti_desktop.reports.format import date_text
from bakti_desktop.twinning import demo, service
from tests.ui.twinning.follow_ups import add_follow_ups
from ui.twinning import item_panel as item_panel_module
from ui.twinning import page as page_module
from ui.twinning.page import TwinningPage
from ui.widgets import unsaved
from ui.widgets.unsaved import Editor

Button = QMessageBox.StandardButton


def _page(qtbot, db, load_demo: bool = True) -> TwinningPage:  # type: ignore[no-untyped-def]
    if load_demo:
        add_follow_ups(db)  # the demo (the report's achieved RKTL) and open follow-ups
    page = TwinningPage(db)
    qtbot.addWidget(page)
    return page


def _leaf(page: TwinningPage, activity_start: str):  # type: ignore[no-untyped-def]
    for i in range(page.tree.topLevelItemCount()):
        mentee = page.tree.topLevelItem(i)
        for j in range(mentee.childCount()):
            topic = mentee.child(j)
            for k in range(topic.childCount()):
                if topic.child(k).text(0).startswith(activity_start):
                    return topic.child(k)
    raise AssertionError(activity_start)


def _stored(db, item_id: int):  # type: ignore[no-untyped-def]
    with db.session() as session:
        item = service.item_detail(session, item_id)
        return {"objective": item.objective, "status": item.status, "verified_by": item.verified_by,
                "evidence": len(item.evidence), "notes": len(item.notes)}


def _answer(monkeypatch, *answers: Button) -> list[str | None]:  # type: ignore[no-untyped-def]
    """The Simpan/Buang/Batal question answered in turn; returns what it was asked about."""
    asked: list[str | None] = []
    queue = list(answers)
    monkeypatch.setattr(unsaved, "ask", lambda parent, what=None: asked.append(what) or queue.pop(0))
    return asked


def _png(path: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#43A047"))
    assert image.save(str(path), "PNG")
    return path


def _rktl_workbook(db, path: Path) -> Path:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from bakti_desktop.twinning.workbook import write_template

    write_template(path)
    book = load_workbook(path)
    sheet = book["Data"]
    sheet.append(["5", "Palopo", "Pelatihan operator IPLT Mancani", "Operator terlatih", "Sertifikat pelatihan",
                  "Dinas PUPR Kota Palopo", "Kepala UPTD", date(2021, 1, 4), date(2021, 2, 26), None, "Belum mulai"])
    sheet.append(["1", "Kota Makassar", "Baris dengan mentee yang tidak ada", None, None, None, None, None, None,
                  None, None])
    book.save(path)
    return path


# -- 1. every button works when clicked; buttons needing something are off without it ------------------
def test_add_file_and_import_work_from_their_buttons(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.tree.setCurrentItem(_leaf(page, "Sosialisasi Perwali"))  # no evidence yet
    item_id = page.panel.item_id
    photo = _png(tmp_path / "rapat pembahasan.png")
    monkeypatch.setattr(item_panel_module, "ask_open_path", lambda *a: photo)
    kinds = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, label, items, current, editable: kinds.append(items[current]) or
                        (items[current], True))
    qtbot.mouseClick(page.panel.add_file_button, Qt.MouseButton.LeftButton)
    assert _stored(db, item_id)["evidence"] == 1
    assert kinds == [page.panel.evidence_kinds()["Foto"]]  # a picture is proposed as a photo
    assert page.panel.evidence.count() == 1

    workbook = _rktl_workbook(db, tmp_path / "RKTL Palopo.xlsx")
    monkeypatch.setattr(page_module, "ask_open_path", lambda *a: workbook)
    told = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: told.append(a[2]) or Button.Yes)
    before = len(service.items(db, page.programme.currentData()))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert len(service.items(db, page.programme.currentData())) == before + 1
    assert "Makassar" in told[0]  # the rejected row is shown with its reason
    assert _leaf(page, "Pelatihan operator IPLT Mancani") is not None


def test_buttons_need_what_they_act_on(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, load_demo=False)
    for button in (page.new_item_button, page.import_button, page.report_button, page.edit_programme_button,
                   page.add_visit_button):
        assert not button.isEnabled(), button.text()
    assert page.new_programme_button.isEnabled() and page.template_button.isEnabled()
    demo.load(db)
    page.refresh()
    panel = page.panel
    assert page.new_item_button.isEnabled() and page.import_button.isEnabled() and page.report_button.isEnabled()
    for button in (panel.save_button, panel.verify_button, panel.delete_button, panel.history_button,
                   panel.add_file_button, panel.open_button, panel.note_button):
        assert not button.isEnabled(), button.text()  # no item chosen yet
    page.tree.setCurrentItem(_leaf(page, "Pemasangan atap"))
    assert all(b.isEnabled() for b in (panel.save_button, panel.verify_button, panel.delete_button,
                                       panel.history_button, panel.add_file_button))
    assert not panel.open_button.isEnabled() and not panel.note_button.isEnabled()
    panel.evidence.setCurrentRow(0)
    assert panel.open_button.isEnabled()
    panel.note_text.setText("Atap dicek")
    assert panel.note_button.isEnabled()
    page.new_item()  # a new item is not stored yet: nothing can hang on it
    assert panel.save_button.isEnabled()
    assert not any(b.isEnabled() for b in (panel.verify_button, panel.delete_button, panel.add_file_button,
                                           panel.note_button))


def test_a_programme_without_topics_offers_no_new_item(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    service.save_programme(db, {"name": "Twinning 2025", "stage": "identifikasi"}, [], [])
    page = _page(qtbot, db, load_demo=False)
    assert page.stack.currentWidget() is page.inner
    assert page.import_button.isEnabled() and not page.new_item_button.isEnabled()
    assert page.new_item_button.toolTip()


# -- 2. fits a 1366×768 laptop --------------------------------------------------------------------------
def test_page_fits_the_laptop_with_the_panel_buttons_in_view(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728, hint
    page.resize(1366, 728)
    page.show()
    qtbot.waitExposed(page)
    page.tree.setCurrentItem(_leaf(page, "Penerbitan SK Gubernur"))
    area = page.panel_area
    qtbot.waitUntil(lambda: page.panel.width() > 0)
    assert not area.horizontalScrollBar().isVisible()
    assert not area.verticalScrollBar().isVisible()
    viewport = area.viewport()

    def in_view(button: QPushButton) -> bool:
        top_left = button.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(QRect(top_left, button.size()))

    panel = page.panel
    for button in (panel.save_button, panel.delete_button, panel.verify_button, panel.history_button,
                   panel.note_button):
        assert button.isVisible() and in_view(button), button.text()
    panel.tabs.setCurrentIndex(1)
    for button in (panel.add_file_button, panel.open_button):
        assert button.isVisible() and in_view(button), button.text()
    for button in (page.new_item_button, page.import_button, page.report_button, page.template_button,
                   page.check_button):
        assert page.rect().contains(QRect(button.mapTo(page, QPoint(0, 0)), button.size())), button.text()


# -- 3. nothing typed is lost ---------------------------------------------------------------------------
def test_switching_items_asks_about_typed_changes(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    panel = page.panel
    assert page.editors() == [panel] and isinstance(panel, Editor)
    first = _leaf(page, "Penyusunan rancangan Perwali")
    page.tree.setCurrentItem(first)
    first_id = panel.item_id
    panel.objective.setText("Perwali ditetapkan tahun 2021")
    assert panel.has_unsaved_changes()

    asked = _answer(monkeypatch, Button.Cancel)
    page.tree.setCurrentItem(_leaf(page, "Penambahan kolam maturasi"))
    assert asked and panel.item_id == first_id
    assert page.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == first_id  # the selection is restored
    assert panel.objective.text() == "Perwali ditetapkan tahun 2021"

    _answer(monkeypatch, Button.Save)
    page.tree.setCurrentItem(_leaf(page, "Penambahan kolam maturasi"))
    assert _stored(db, first_id)["objective"] == "Perwali ditetapkan tahun 2021"
    second_id = panel.item_id
    assert second_id != first_id and page.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == second_id

    panel.objective.setText("Dibuang")
    _answer(monkeypatch, Button.Discard)
    page.tree.setCurrentItem(_leaf(page, "Penyusunan rancangan Perwali"))
    assert panel.item_id == first_id and _stored(db, second_id)["objective"] == "Kapasitas pengolahan bertambah"

    asked = _answer(monkeypatch)  # no change: no question
    page.tree.setCurrentItem(_leaf(page, "Penambahan kolam maturasi"))
    assert asked == [] and panel.item_id == second_id


def test_a_new_item_with_text_asks_before_another_is_chosen(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.new_item()
    assert not page.panel.has_unsaved_changes()  # an empty new item holds nothing to lose
    page.panel.activity.setPlainText("Studi banding ke IPLT Keputih")
    asked = _answer(monkeypatch, Button.Cancel)
    page.tree.setCurrentItem(_leaf(page, "Penambahan kolam maturasi"))
    assert asked and page.panel.item_id is None
    assert page.panel.activity.toPlainText() == "Studi banding ke IPLT Keputih"


def test_notes_and_files_keep_typed_changes(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    panel = page.panel
    page.tree.setCurrentItem(_leaf(page, "Sosialisasi Perwali"))
    notes = panel.notes.count()
    panel.objective.setText("IPLT beroperasi Maret 2021")
    panel.note_text.setText("Kontraktor mulai bekerja")
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    panel.add_evidence(_png(tmp_path / "foto.png"), "Foto")
    assert panel.objective.text() == "IPLT beroperasi Maret 2021" and panel.has_unsaved_changes()
    assert panel.notes.count() == notes + 1 and panel.evidence.count() == 1
    assert "Kontraktor mulai bekerja" in panel.notes.item(0).text()
    assert panel.save()
    assert _stored(db, panel.item_id)["objective"] == "IPLT beroperasi Maret 2021"


def test_changing_programme_asks_about_typed_changes(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = service.save_programme(db, {"name": "A Twinning lain", "stage": "identifikasi"}, [], [])
    page = _page(qtbot, db)
    page.programme.setCurrentIndex(page.programme.findText(demo.NAME))
    demo_programme = page.programme.currentData()
    page.tree.setCurrentItem(_leaf(page, "Sosialisasi Perwali"))
    page.panel.objective.setText("Diketik")
    _answer(monkeypatch, Button.Cancel)
    page.programme.setCurrentIndex(page.programme.findData(other))
    assert page.programme.currentData() == demo_programme and page.panel.objective.text() == "Diketik"


def test_programme_dialog_asks_on_escape_when_changed(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.twinning.programme_dialog import ProgrammeDialog

    demo.load(db)
    programme = service.programmes(db)[0]["id"]
    dialog = ProgrammeDialog(db, programme)
    qtbot.addWidget(dialog)
    dialog.show()
    asked = _answer(monkeypatch)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()  # nothing changed: closes at once

    dialog = ProgrammeDialog(db, programme)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.provider.setText("USAID IUWASH PLUS")
    _answer(monkeypatch, Button.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    _answer(monkeypatch, Button.Save)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert service.programme_detail(db, programme)["senior_provider"] == "USAID IUWASH PLUS"

    dialog = ProgrammeDialog(db, programme)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_topic({"number": 9, "name": "Topik yang dibuang"})
    _answer(monkeypatch, Button.Discard)
    dialog.reject()  # the Batal button
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
    assert [t["number"] for t in service.programme_detail(db, programme)["topics"]] == [1, 5]


# -- 4. formats and language ----------------------------------------------------------------------------
def test_dates_percentages_and_legend_in_the_interface_language(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    leaf = _leaf(page, "Pemasangan atap")
    *_, planned_end, _done, verified, _kind = next(i for i in demo.ITEMS if i[2].startswith("Pemasangan atap"))
    assert leaf.text(2) == f"{planned_end:%d/%m/%Y}"  # the planned end, dd/mm/yyyy in tables
    page.tree.setCurrentItem(leaf)
    assert date_text(verified) in page.panel.verification.text()  # the verification date, in running text
    labels = page.dashboard.by_mentee.chart().axes(Qt.Orientation.Vertical)[0].categories()
    assert any("66,7%" in label for label in labels) and not any("66.7" in label for label in labels)
    assert page.dashboard.due.item(0, 2).text().startswith("Topik ")
    legend = page.timeline.legend.text()
    assert "Overdue" not in legend and "Today" not in legend
    from ui.twinning.views import month_label

    assert month_label(date(2020, 10, 8)) == "Okt 2020"
    assert page.visits.item(0, 0).text() == "03/09/2020"
    canvas = page.timeline.canvas
    canvas.resize(1200, 400)
    decree = "Penerbitan SK Gubernur tentang pembentukan UPTD IPLT Mancani Palopo"
    row = next(i for i, (_text, r) in enumerate(canvas.lines) if r is not None and r["activity"] == decree)
    assert decree in canvas.tooltip_at(canvas.TOP + canvas.ROW * row + 3)  # whole text of a row the canvas elides


# -- 5. verification --------------------------------------------------------------------------------------
def test_verification_asks_when_not_done_or_without_evidence(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    panel = page.panel
    page.tree.setCurrentItem(_leaf(page, "Penambahan kolam maturasi"))  # tertunda, no evidence
    item_id = panel.item_id
    assert len(panel.verification_doubts()) == 2
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or Button.No)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Mentor Sidoarjo", True))
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and _stored(db, item_id)["verified_by"] is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or Button.Yes)
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert _stored(db, item_id)["verified_by"] == "Mentor Sidoarjo"

    page.tree.setCurrentItem(_leaf(page, "Revisi SOP operasi"))  # selesai with its SOP
    done_id = panel.item_id
    assert panel.verification_doubts() == []
    asked.clear()
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert asked == [] and _stored(db, done_id)["verified_by"] == "Mentor Sidoarjo"

    page.tree.setCurrentItem(_leaf(page, "Sosialisasi Perwali"))  # berjalan, no evidence
    assert len(panel.verification_doubts()) == 2
    panel.add_evidence(_png(tmp_path / "foto.png"), "Foto")
    assert len(panel.verification_doubts()) == 1  # still not done


# -- 6. empty database, exports ---------------------------------------------------------------------------
def test_empty_database_says_what_to_do_first(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, load_demo=False)
    assert page.stack.currentWidget() is page.empty
    buttons = page.empty.findChildren(QPushButton)
    assert len(buttons) == 3
    buttons[1].click()  # load the demonstration data (the page alone: directly)
    assert page.stack.currentWidget() is page.inner and page.programme.count() == 1
    assert page.tree.topLevelItemCount() == 3


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_report_and_template_have_meaningful_names(qtbot, db, tmp_path: Path, monkeypatch, suffix: str) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    proposed, opened = [], []

    def ask(parent, title, name, file_filter):  # type: ignore[no-untyped-def]
        proposed.append(name)
        return tmp_path / (Path(name).stem + suffix)

    monkeypatch.setattr(page_module, "ask_save_path", ask)
    monkeypatch.setattr(page_module, "offer_open", lambda parent, path, message=None: opened.append(Path(path)))
    monkeypatch.setattr(page_module, "ask_report_date", lambda parent: date(2020, 9, 15))
    page.mentee.setCurrentIndex(page.mentee.findText("UPTD PAL Kota Palopo"))
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert proposed[-1] == "RKTL Twinning UPTD PALD Sulawesi Selatan 2020 - Kota Palopo.pdf"
    assert opened[-1].suffix == suffix and opened[-1].stat().st_size > 0
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(opened[-1])
        assert book.sheetnames == ["Ringkasan", "UPTD PAL Kota Palopo"]  # the chosen mentee only
        assert "15 September 2020" in book["Ringkasan"]["A2"].value  # the report date chosen
    else:
        assert opened[-1].read_bytes().startswith(b"%PDF")

    qtbot.mouseClick(page.template_button, Qt.MouseButton.LeftButton)
    assert opened[-1].exists() and opened[-1].suffix == ".xlsx" and "RKTL" in proposed[-1]


def test_an_empty_date_shows_blank_not_the_previous_items_date(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A postponed item after a finished one: its empty "done on" must not show the other item's date."""
    page = _page(qtbot, db)
    page.tree.setCurrentItem(_leaf(page, "Revisi SOP operasi"))  # done on 15/09/2020
    assert page.panel.done.value() == date(2020, 9, 15)
    page.tree.setCurrentItem(_leaf(page, "Penambahan kolam maturasi"))  # postponed, not done
    assert page.panel.done.value() is None
    assert "2020" not in page.panel.done.edit.text()
    page.panel.done.check.setChecked(True)  # ticking it proposes today
    assert page.panel.done.value() == date.today()
    page.panel.done.check.setChecked(False)
    assert page.panel.done.value() is None and not page.panel.has_unsaved_changes()


def test_due_rows_are_as_high_as_their_text_once_shown(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    page.resize(1366, 728)
    page.inner.setCurrentWidget(page.dashboard)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(20)
    table = page.dashboard.due
    assert table.rowCount() > 2
    heights = [table.rowHeight(r) for r in range(table.rowCount())]
    # every activity fits one line at 1366 px: no row twice as high as its text
    assert max(heights) < 2 * table.fontMetrics().lineSpacing(), heights


def test_the_report_date_is_asked_today_by_default_and_cancel_stops(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = page_module.ReportDateDialog()
    qtbot.addWidget(dialog)
    assert dialog.chosen() == date.today()
    dialog.day.setDate(date(2020, 9, 15))
    assert dialog.chosen() == date(2020, 9, 15)
    page = _page(qtbot, db)
    asked = []
    monkeypatch.setattr(page_module, "ask_report_date", lambda parent: None)  # Batal
    monkeypatch.setattr(page_module, "ask_save_path", lambda *a: asked.append(a))
    page.export_report()
    assert asked == []  # cancelling the date writes nothing
