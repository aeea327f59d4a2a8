"""The survey table: a correct Qt model, filters and sorting done in SQL."""

from __future__ import annotations

from bakti_desktop.mapping.demo import load as load_demo
from bakti_desktop.mapping.queries import SurveyFilter
from ui.mapping.page import MappingPage
from ui.mapping.table_model import SurveyTableModel


def test_model_passes_the_qt_model_tester(qtbot, qtmodeltester, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    model = SurveyTableModel(db)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 360


def test_filters_and_sort(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    model = SurveyTableModel(db)
    model.set_filter(SurveyFilter(year=2020, kabupaten_code="73.08"))
    assert model.rowCount() == 36
    model.set_filter(SurveyFilter(year=2020, domain="sanitation", level="none"))
    rows = [model.row(i) for i in range(model.rowCount())]
    assert rows and all(r["sanitation_level"] == "none" for r in rows)
    model.set_filter(SurveyFilter(year=2020))
    model.sort(SurveyTableModel.KEYS.index("students"), descending_order())
    students = [model.row(i)["students"] for i in range(model.rowCount())]
    assert students == sorted(students, reverse=True)
    first = model.row(0)
    model.set_filter(SurveyFilter(year=2020, text=first["npsn"]))
    assert model.rowCount() == 1
    model.set_filter(SurveyFilter(text="negeri 1 bonto"))
    assert model.rowCount() >= 1
    assert all("negeri 1 bonto" in model.row(i)["nama_sekolah"].lower() for i in range(model.rowCount()))


def descending_order():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.SortOrder.DescendingOrder


def test_page_filters_drive_the_model(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = MappingPage(db)
    qtbot.addWidget(page)
    assert page.year.currentData() == 2020
    assert page.model.rowCount() == 180
    page.kabupaten.set_code("73.09")
    assert page.kecamatan.isEnabled()
    page.jenjang.setCurrentIndex(page.jenjang.findData("SD"))
    assert 0 < page.model.rowCount() < 36
    assert str(page.model.rowCount()) in page.count_label.text().split()  # "12 surveys"
    page.search.setText("zzz-no-such-school")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)


def test_delete_school_asks_then_moves_it_to_the_trash(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from bakti_desktop.storage import trash

    load_demo(db)
    page = MappingPage(db)
    qtbot.addWidget(page)
    page.view.setCurrentIndex(page.model.index(0, 0))
    name = page.selected_row()["nama_sekolah"]  # type: ignore[index]
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or next(answers))
    page.delete_school()  # "No": nothing happens
    assert page.model.rowCount() == 180 and trash.items(db) == []
    page.delete_school()
    assert name in asked[0] and page.model.rowCount() == 179
    assert [e["table_name"] for e in trash.items(db)] == ["school"]
