"""Import off the GUI thread with a preview; the dashboard's charts and table."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from bakti_desktop.mapping.demo import load as load_demo
from bakti_desktop.mapping.fields import BY_KEY
from bakti_desktop.mapping.importer import plan_import
from bakti_desktop.mapping.validation import label
from tests.helpers import record, write_workbook
from ui.mapping.dashboard import Dashboard
from ui.mapping.import_dialog import PreviewDialog, SurveyImport
from ui.mapping.labels import level_text


def test_import_runs_in_a_thread_then_previews_then_writes(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = write_workbook(tmp_path / "w.xlsx", [record(npsn="40300001"), record(npsn="40300002", jenjang="XX")])
    seen = {}

    def fake_exec(self) -> int:  # the user looks at the preview and presses Import
        seen["rejected"] = [(r.row, r.column) for r in self.plan.rejected]
        seen["button"] = (self.import_button.isEnabled(), re.findall(r"\d+", self.import_button.text()))
        return 1

    monkeypatch.setattr(PreviewDialog, "exec", fake_exec)
    results = []
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    importer = SurveyImport(db, owner, results.append)
    importer.start(str(path))
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert seen == {"rejected": [(3, "jenjang")], "button": (True, ["1"])}  # "Import 1 row"
    assert results[0]["imported"] == 1


def test_preview_lists_rejected_rows(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_workbook(tmp_path / "w.xlsx", [record(npsn="1"), record(npsn="40300002")])
    plan = plan_import(db, path)
    dialog = PreviewDialog(plan)
    qtbot.addWidget(dialog)
    [rejected] = plan.rejected
    assert (rejected.row, rejected.column) == (2, "npsn")
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).data(Qt.ItemDataRole.DisplayRole) == 2
    assert dialog.table.item(0, 1).text() == label(BY_KEY["npsn"])  # the field's name, not its key
    assert dialog.table.item(0, 2).text() == rejected.message
    assert dialog.save_button.isEnabled()


def test_dashboard_groups_and_charts(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    dashboard = Dashboard(db)
    qtbot.addWidget(dashboard)
    assert dashboard.year.currentData() == 2020
    assert dashboard.table.rowCount() == 5
    chart = dashboard.charts["water"].chart()
    series = chart.series()[0]
    assert [s.label() for s in series.barSets()] == [level_text(level) for level in ("basic", "limited", "none")]
    assert sum(sum(s.at(i) for i in range(s.count())) for s in series.barSets()) == 180
    dashboard.kabupaten.set_code("73.08")
    assert dashboard.table.rowCount() == 9  # the demo's kecamatan of Bone
    dashboard.grouping.setCurrentIndex(1)
    assert {dashboard.table.item(r, 0).text() for r in range(dashboard.table.rowCount())} <= {
        "SD", "MI", "SMP", "MTs", "SMA", "MA", "SMK", "SLB"}
    assert re.findall(r"\d+", dashboard.headline.text()) == ["36"]  # "36 schools surveyed"


def test_a_crafted_xls_is_refused_in_the_window_and_the_window_lives_on(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A 5.5 KB .xls with one cell at IV65536 made python-calamine abort the whole program; now the import
    shows the refusal and nothing else happens."""
    from PySide6.QtWidgets import QWidget

    from bakti_desktop.errors import UserError
    from ui.mapping import import_dialog

    shown: list[BaseException] = []
    previews: list[PreviewDialog] = []
    monkeypatch.setattr(import_dialog, "show_error", lambda parent, error: shown.append(error))
    monkeypatch.setattr(PreviewDialog, "exec", lambda self: previews.append(self) or 0)  # were it read
    owner = QWidget()
    qtbot.addWidget(owner)
    results: list[dict] = []
    importer = SurveyImport(db, owner, results.append)
    importer.start(str(Path(__file__).resolve().parents[2] / "data" / "hostile" / "far_cell_iv65536.xls"))
    qtbot.waitUntil(lambda: bool(shown or previews), timeout=30_000)
    assert not previews and isinstance(shown[0], UserError) and "far_cell_iv65536.xls" in str(shown[0]) and "IV" in str(shown[0])
    assert not results and owner.isEnabled()


def test_preview_lets_the_user_choose_among_several_sheets(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every sheet holding survey rows is read first; unticking one and reading again imports only the other."""
    from PySide6.QtWidgets import QWidget

    path = Path(__file__).resolve().parents[2] / "data" / "survey_input" / "several_sheets.xlsx"
    previews: list[tuple[list, list, bool]] = []

    def fake_exec(self) -> int:
        previews.append(([(s.name, s.header_row) for s in self.plan.sheets], list(self.sheet_boxes),
                         self.import_button.isEnabled()))
        if len(previews) == 1:  # untick Data 2021: Import waits until the sheets are read again
            self.sheet_boxes["Data 2021"].setChecked(False)
            assert not self.import_button.isEnabled() and self.reread_button.isEnabled()
            self.reread_button.click()
            return self.result()
        return 1

    monkeypatch.setattr(PreviewDialog, "exec", fake_exec)
    owner = QWidget()
    qtbot.addWidget(owner)
    results: list[dict] = []
    importer = SurveyImport(db, owner, results.append)
    importer.start(str(path))
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert previews[0] == ([("Data 2021", 2), ("Data 2022", 1)], ["Data 2021", "Data 2022"], True)
    assert previews[1][0] == [("Data 2022", 1)]
    assert results[0]["imported"] == 1 and results[0]["sheets"] == [{"name": "Data 2022", "header_row": 1, "rows": 2}]


def test_a_csv_preview_speaks_of_the_file_not_of_sheets(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    raw = record(npsn="40300001")
    path = tmp_path / "survei_puskesmas.csv"
    path.write_text(";".join(raw) + "\n" + ";".join("" if v is None else str(v) for v in raw.values()) + "\n",
                    encoding="utf-8")
    dialog = PreviewDialog(plan_import(db, path))
    qtbot.addWidget(dialog)
    summary = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "survei_puskesmas" not in summary  # no "sheet" named after the file
    assert "CSV" in summary
