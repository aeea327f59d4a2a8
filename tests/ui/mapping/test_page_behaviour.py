"""The mapping page as people use it: every button works, the saved survey is shown, it fits the screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMainWindow, QMessageBox, QPushButton

from bakti_desktop.mapping.demo import load as load_demo
from tests.helpers import record, write_workbook
from ui.mapping.page import NAME_WIDTH, MappingPage
from ui.mapping.survey_form import SurveyForm
from ui.mapping.table_model import SurveyTableModel


@pytest.fixture
def quiet(monkeypatch):  # type: ignore[no-untyped-def]
    """Modal dialogs answered at once: questions "No", information "OK", dialogs closed, files cancelled."""
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: told.append(text))
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    monkeypatch.setattr("ui.mapping.import_dialog.ask_open_path", lambda *a: None)
    monkeypatch.setattr("ui.mapping.page.ask_save_path", lambda *a: None)
    return told


def _page(qtbot, db) -> MappingPage:  # type: ignore[no-untyped-def]
    page = MappingPage(db)
    qtbot.addWidget(page)
    return page


def _select_first(page: MappingPage) -> None:
    page.view.selectRow(0)
    page.view.setCurrentIndex(page.model.index(0, 1))


@pytest.mark.parametrize("demo", [True, False], ids=["demo", "empty"])
def test_every_enabled_button_works(qtbot, db, quiet, demo: bool) -> None:  # type: ignore[no-untyped-def]
    """Clicking each button (Qt passes clicked(bool)) raises nothing; pytest-qt fails on an exception in a slot."""
    if demo:
        load_demo(db)
    page = _page(qtbot, db)
    if demo:
        _select_first(page)
    buttons = [b for b in page.findChildren(QPushButton) if b.isEnabled()]
    assert len(buttons) >= (6 if demo else 5)
    for button in buttons:
        button.click()
    assert page.is_empty() is not demo


def test_import_button_reads_the_chosen_workbook(qtbot, db, quiet, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.mapping.import_dialog import PreviewDialog

    path = write_workbook(tmp_path / "survei.xlsx", [record(npsn="40300001"), record(npsn="40300002")])
    monkeypatch.setattr("ui.mapping.import_dialog.ask_open_path", lambda *a: path)
    monkeypatch.setattr(PreviewDialog, "exec", lambda self: 1)  # the user presses Import
    page = _page(qtbot, db)
    assert page.is_empty()
    page.action_buttons["import_workbook"].click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=30_000)
    assert not page.is_empty()
    assert quiet  # the summary was shown


def test_buttons_that_need_a_selection_wait_for_one(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = _page(qtbot, db)
    needing = ("edit_survey", "show_history", "delete_survey", "delete_school")
    assert not any(page.action_buttons[n].isEnabled() for n in needing)
    assert page.action_buttons["new_survey"].isEnabled() and page.action_buttons["import_workbook"].isEnabled()
    _select_first(page)
    assert all(page.action_buttons[n].isEnabled() for n in needing)
    page.jenjang.setCurrentIndex(page.jenjang.findData("SMP"))  # the table is reloaded: nothing selected
    assert not any(page.action_buttons[n].isEnabled() for n in needing)
    assert page.selected_row() is None


def test_a_saved_survey_of_another_year_is_shown_and_confirmed(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    page = MappingPage(db)
    window.setCentralWidget(page)
    assert page.year.currentData() == 2020
    page.kabupaten.set_code("73.09")  # another district: hides the new survey too
    saved: dict[str, int] = {}

    def enter_and_save(form: SurveyForm) -> int:
        for key, text in (("npsn", "40309999"), ("nama_sekolah", "SD Negeri 9 Watampone"), ("siswa_laki", "80"),
                          ("siswa_perempuan", "70"), ("sarana_cuci_tangan", "2"), ("jamban_laki_baik", "1"),
                          ("jamban_perempuan_baik", "1")):
            form.inputs[key].setText(text)  # type: ignore[attr-defined]
        for key, data in (("jenjang", "SD"), ("sumber_air_minum", "perpipaan"), ("air_tersedia", "Ya"),
                          ("jenis_jamban", "leher_angsa"), ("air_sabun", "air_dan_sabun")):
            combo = form.inputs[key]
            combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]
        form.inputs["kabupaten"].set_code("73.08")  # type: ignore[attr-defined]
        form.inputs["kecamatan"].setCurrentIndex(1)  # type: ignore[attr-defined]
        form.inputs["tanggal_survei"].setDate(QDate(2019, 8, 17))  # type: ignore[attr-defined]
        form.save()
        saved["id"] = form.survey_id  # type: ignore[assignment]
        return form.result()

    monkeypatch.setattr(SurveyForm, "exec", enter_and_save)
    page.action_buttons["new_survey"].click()
    assert page.year.currentData() == 2019
    row = page.selected_row()
    assert row is not None and row["survey_id"] == saved["id"]
    assert window.statusBar().currentMessage()
    assert "SD Negeri 9 Watampone" in window.statusBar().currentMessage()


def test_an_unchanged_survey_is_not_reported_as_saved_elsewhere(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = _page(qtbot, db)
    _select_first(page)
    chosen = page.selected_row()["survey_id"]  # type: ignore[index]

    def save_as_is(form: SurveyForm) -> int:
        form.save()
        return form.result()

    monkeypatch.setattr(SurveyForm, "exec", save_as_is)
    page.action_buttons["edit_survey"].click()
    assert page.selected_row()["survey_id"] == chosen  # type: ignore[index]


def test_empty_database_says_what_to_do_first(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert page.is_empty()
    assert page.stack.currentWidget() is not page.view
    assert page.dashboard.stack.currentWidget() is page.dashboard.empty_hint
    load_demo(db)
    page.refresh()
    assert not page.is_empty()
    assert page.stack.currentWidget() is page.view
    assert page.dashboard.stack.currentWidget() is not page.dashboard.empty_hint


def _text_fits(combo: QComboBox, text: str) -> bool:
    return combo.width() >= combo.fontMetrics().horizontalAdvance(text) + 20


def test_filters_show_their_whole_text_and_the_page_fits_a_laptop(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = _page(qtbot, db)
    page.resize(1366, 728)
    page.show()
    qtbot.waitExposed(page)
    for combo in (page.jenjang, page.ladder, page.year):
        longest = max((combo.itemText(i) for i in range(combo.count())), key=combo.fontMetrics().horizontalAdvance)
        assert _text_fits(combo, longest), longest
    assert _text_fits(page.kabupaten, page.kabupaten.itemText(0))
    page.kabupaten.set_code("73.08")
    assert _text_fits(page.kecamatan, page.kecamatan.itemText(0))
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728
    assert page.width() <= 1366
    assert not page.view.horizontalScrollBar().isVisible()


def test_register_columns_are_sized_to_their_content(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = _page(qtbot, db)
    page.resize(1366, 728)
    page.show()
    header = page.view.horizontalHeader()
    # Sized once the layout has given the table its width: then every header is whole.
    qtbot.waitUntil(lambda: all(page.view.columnWidth(c) >= header.sectionSizeHint(c)
                                for c in range(page.model.columnCount())), timeout=2000)
    names = [SurveyTableModel.KEYS.index(k) for k in ("nama_sekolah", "kabupaten_code", "kecamatan_code")]
    widths = [page.view.columnWidth(c) for c in range(page.model.columnCount())]
    for column, width in enumerate(widths):
        title = page.model.headers()[column]
        assert width >= header.sectionSizeHint(column), title  # every header whole
        if column not in names:  # names are long by nature: elided with a tooltip when room is short
            assert width >= page.view.sizeHintForColumn(column), title
    assert widths[names[0]] <= NAME_WIDTH
    assert sum(widths) <= page.view.viewport().width()  # no horizontal scrolling at 1366 px
    assert not page.view.horizontalScrollBar().isVisible()
    row = page.model.index(0, names[0])
    assert row.data(Qt.ItemDataRole.ToolTipRole) == row.data()


def test_district_table_fits_a_laptop_without_scrolling_sideways(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The dashboard's table: domains and toilets head groups of short columns; whole at 1366 px."""
    load_demo(db)
    page = _page(qtbot, db)
    page.resize(1366, 728)
    page.show()
    page.inner.setCurrentWidget(page.dashboard)
    qtbot.waitExposed(page)
    dashboard = page.dashboard
    table = dashboard.table
    header = table.horizontalHeader()
    assert [(first, last) for first, last, _text in header.groups()] == [(2, 4), (5, 7), (8, 10), (11, 13)]
    for choose in (lambda: None, lambda: dashboard.kabupaten.set_code("73.08"),
                   lambda: dashboard.grouping.setCurrentIndex(dashboard.grouping.findData("jenjang"))):
        choose()
        qtbot.wait(10)
        assert table.rowCount() > 1
        for column in range(1, table.columnCount()):  # every figure and header line whole
            lines = table.horizontalHeaderItem(column).text().split("\n")
            need = max(header.fontMetrics().horizontalAdvance(line) for line in lines)
            assert table.columnWidth(column) >= max(table.sizeHintForColumn(column), need), lines
        assert header.length() <= table.viewport().width()
        assert table.horizontalScrollBar().maximum() == 0
        assert header.height() >= 3 * header.fontMetrics().height()  # the group band over two lines


def test_numbers_and_dates_in_the_interface_format(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from ui.mapping.page import HistoryDialog

    load_demo(db)
    page = _page(qtbot, db)
    year = page.model.index(0, SurveyTableModel.KEYS.index("year")).data()
    assert year == "2020"  # a year, not the number "2.020"
    table = page.dashboard.table
    percentages = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert all(re.fullmatch(r"\d{1,3},\d%", t) for t in percentages), percentages  # compact: the count in the tooltip
    counts = [table.item(r, 2).toolTip() for r in range(table.rowCount())]
    assert all(re.fullmatch(r"\d+ \D+ \d+ \D+", t) for t in counts), counts
    phbs = [table.item(r, table.columnCount() - 2).text() for r in range(table.rowCount())]
    assert all(re.fullmatch(r"\d,\d", t) for t in phbs), phbs
    # Sorted by value, not by text: "9,1%" below "10,0%".
    table.sortItems(2)
    values = [table.item(r, 2).data(0x0100) for r in range(table.rowCount())]
    assert values == sorted(values)
    _select_first(page)
    dialog = HistoryDialog(db, page.selected_row(), page)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTableWidget

    surveys = dialog.findChildren(QTableWidget)[0]
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", surveys.item(0, 1).text())


def test_exports_propose_meaningful_names_and_offer_the_file(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = _page(qtbot, db)
    page.kabupaten.set_code("73.08")
    proposed: list[str] = []
    opened: list[Path] = []

    def choose(_parent, _title, name, _filter):  # type: ignore[no-untyped-def]
        proposed.append(name)
        return tmp_path / name

    monkeypatch.setattr("ui.mapping.page.ask_save_path", choose)
    monkeypatch.setattr("ui.mapping.page.offer_open", lambda _parent, path, *a: opened.append(Path(path)))
    page.export_report("pdf")
    qtbot.waitUntil(lambda: bool(opened), timeout=60_000)
    assert proposed[0].endswith(".pdf") and "Kabupaten Bone" in proposed[0] and "2020" in proposed[0]
    assert opened[0].is_file() and opened[0].stat().st_size > 0
    page.write_template()
    assert proposed[1].endswith(".xlsx") and len(opened) == 2 and opened[1].is_file()
    assert "/" not in proposed[1] and "-" not in Path(proposed[1]).stem  # words, not an internal name


def test_export_on_an_empty_database_says_why_and_asks_for_no_file(qtbot, db, quiet, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr("ui.mapping.page.ask_save_path", lambda *a: asked.append("path"))
    page = _page(qtbot, db)
    page.export_report("xlsx")
    assert asked == [] and len(quiet) == 1


def test_the_page_has_no_editor_of_its_own(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    assert _page(qtbot, db).editors() == []


def test_after_an_import_the_table_shows_the_year_imported(qtbot, db, quiet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Importing 2021 surveys while the table shows 2020 switches it to 2021: it does not look as if nothing happened."""
    from bakti_desktop.mapping.importer import apply_import, plan_import

    load_demo(db)
    page = _page(qtbot, db)
    assert page.year.currentData() == 2020
    book = write_workbook(tmp_path / "2021.xlsx", [record(npsn="40399991", tanggal_survei="14/08/2021")])
    page._imported(apply_import(db, plan_import(db, book)))
    assert page.year.currentData() == 2021
    assert page.model.rowCount() == 1
