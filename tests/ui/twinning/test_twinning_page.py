"""The twinning tab: checklist grouped by mentee and topic, item editing with evidence, dashboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressBar

from bakti_desktop.labels import column_value
from bakti_desktop.twinning import demo, service
from tests.ui.twinning.follow_ups import FOLLOW_UPS, add_follow_ups
from ui.twinning.page import TwinningPage


def _page(qtbot, db) -> TwinningPage:  # type: ignore[no-untyped-def]
    add_follow_ups(db)  # the demo (the report's achieved RKTL) and three open follow-ups
    page = TwinningPage(db)
    qtbot.addWidget(page)
    return page


def _leaves(page: TwinningPage) -> list:  # type: ignore[type-arg]
    out = []
    for i in range(page.tree.topLevelItemCount()):
        mentee = page.tree.topLevelItem(i)
        for j in range(mentee.childCount()):
            topic = mentee.child(j)
            out += [topic.child(k) for k in range(topic.childCount())]
    return out


def test_checklist_groups_and_progress(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    mentees = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert mentees == ["UPTD PAL Kabupaten Pinrang", "UPTD PAL Kota Palopo", "UPTD PAL Kota Parepare"]
    palopo_topic = page.tree.topLevelItem(1).child(0)
    bar = page.tree.itemWidget(palopo_topic, 1)
    assert isinstance(bar, QProgressBar) and bar.text() == "4/6"  # four achieved, two follow-ups open
    assert len(_leaves(page)) == len(demo.ITEMS) + len(FOLLOW_UPS)
    page.status.setCurrentIndex(page.status.findData("selesai"))
    assert {leaf.text(1) for leaf in _leaves(page)} == {column_value("twin_item", "status", "selesai")}
    page.status.setCurrentIndex(0)
    page.overdue.setChecked(True)
    assert len(_leaves(page)) == len(FOLLOW_UPS)  # planned for 2020/2021, long past and not done
    assert all(leaf.foreground(2).color().name() == "#c62828" for leaf in _leaves(page))


def test_done_without_evidence_asks_then_evidence_is_added(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    leaf = next(leaf for leaf in _leaves(page) if leaf.text(1) == "Berjalan")
    page.tree.setCurrentItem(leaf)
    panel = page.panel
    item_id = panel.item_id
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    panel.status.setCurrentIndex(panel.status.findData("selesai"))
    assert not panel.save()
    assert len(asked) == 1 and panel.evidence.count() == 0  # asked because there is no evidence yet
    with db.session() as session:
        assert service.item_detail(session, item_id).status != "selesai"
    pdf = tmp_path / "berita-acara.pdf"
    pdf.write_bytes(b"%PDF-1.4 berita acara")
    panel.add_evidence(str(pdf), "Laporan")
    assert panel.evidence.count() == 1
    panel.status.setCurrentIndex(panel.status.findData("selesai"))
    assert panel.save()
    with db.session() as session:
        assert service.item_detail(session, item_id).status == "selesai"
    panel.note_text.setText("Diperiksa di lapangan")
    qtbot.keyClick(panel.note_text, Qt.Key.Key_Return)
    assert "Diperiksa di lapangan" in panel.notes.item(0).text()


def test_dashboard_and_timeline(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    chart = page.dashboard.by_mentee.chart()
    values = [chart.series()[0].barSets()[0].at(i) for i in range(3)]
    assert sorted(values) == [66.7, 80.0, 100.0]  # Palopo 4/6, Pinrang 4/5, Parepare 4/4
    assert page.dashboard.due.rowCount() == len(FOLLOW_UPS)  # the open items are all overdue
    assert len(page.timeline.canvas.rows) == len(demo.ITEMS) + len(FOLLOW_UPS)
    page.timeline.canvas.resize(900, 400)
    image = page.timeline.canvas.grab()
    assert not image.isNull()
    assert page.visits.rowCount() == 3


def test_new_programme_from_the_dialog(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from ui.twinning.programme_dialog import ProgrammeDialog

    dialog = ProgrammeDialog(db)
    qtbot.addWidget(dialog)
    dialog.name.setText("Twinning IPLT 2025")
    dialog.add_unit({"name": "UPTD PAL Kota Makassar", "role": "mentee", "kabupaten": "Makassar"})
    dialog.add_topic({"number": 3, "name": "Pengelolaan Keuangan UPTD"})
    dialog.save()
    assert dialog.result() == ProgrammeDialog.DialogCode.Accepted
    detail = service.programme_detail(db, dialog.programme_id)
    assert detail["units"][0]["name"] == "UPTD PAL Kota Makassar"
    assert detail["topics"][0]["number"] == 3
    page = TwinningPage(db)
    qtbot.addWidget(page)
    assert page.programme.findText("Twinning IPLT 2025") >= 0


def test_evidence_check_reports_missing_files(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.twinning import evidence

    page = _page(qtbot, db)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(("ok", a[2])))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: told.append(("bad", a[2])))
    page.check_evidence()
    assert told[-1][0] == "ok"
    for path in evidence.store_dir(db).rglob("*.pdf"):
        path.unlink()
        break
    page.check_evidence()
    [problem] = service.check_evidence(db)  # the missing file: its record and what is wrong with it
    assert told[-1][0] == "bad" and f"{problem['title']}: {problem['problem']}" in told[-1][1]
