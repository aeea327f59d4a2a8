"""Receiving a package in the window: a trial run first, then a choice per conflict, then the merge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog
from sqlalchemy import select

from bakti_desktop.sync.package import export_package, import_package
from bakti_desktop.labels import column_label
from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.storage.database import open_database
from tests.helpers import record
from ui.main_window import MainWindow
from ui.package_dialog import ReceiveDialog


def _conflicting_package(db, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    laptop = open_database(tmp_path / "laptop.sqlite")
    mapping_service.save_record(laptop, record(npsn="40300001"))
    mapping_service.save_record(laptop, record(npsn="40300002"))
    export_package(laptop, tmp_path / "1.bakti")
    import_package(db, tmp_path / "1.bakti")
    for npsn, theirs, ours in (("40300001", 4, 7), ("40300002", 5, 8)):
        mapping_service.save_record(laptop, record(npsn=npsn, jamban_guru=theirs))
        mapping_service.save_record(db, record(npsn=npsn, jamban_guru=ours))
    export_package(laptop, tmp_path / "2.bakti")
    laptop.close()
    return tmp_path / "2.bakti"


def _teachers_toilets(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return dict(conn.execute(select(School.npsn, Survey.jamban_guru).join(Survey)).all())


def test_conflicts_are_listed_with_their_fields(qtbot, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    package = _conflicting_package(db, tmp_path)
    preview = import_package(db, package, dry_run=True)
    dialog = ReceiveDialog(package, preview)
    qtbot.addWidget(dialog)
    assert len(dialog.choices) == 2
    fields = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert fields.count(column_label("survey", "jamban_guru")) == 2  # the survey form's label, not the column
    assert dialog.resolutions() == {}  # "leave it" is the default: nothing is overwritten unasked
    assert _teachers_toilets(db) == {"40300001": 7, "40300002": 8}  # the trial wrote nothing


def test_receive_from_the_menu_applies_the_choices(qtbot, db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    package = _conflicting_package(db, tmp_path)
    window = MainWindow(db)
    qtbot.addWidget(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
    shown: list[ReceiveDialog] = []

    def choose(dialog: ReceiveDialog) -> int:
        shown.append(dialog)
        first, second = dialog.choices.values()
        first.setCurrentIndex(first.findData(ReceiveDialog.THEIRS))
        second.setCurrentIndex(second.findData(ReceiveDialog.MINE))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReceiveDialog, "exec", choose)
    window.receive_package()
    qtbot.waitUntil(lambda: _teachers_toilets(db)["40300001"] == 4, timeout=15_000)
    assert shown and _teachers_toilets(db) == {"40300001": 4, "40300002": 8}
    qtbot.waitUntil(lambda: "2" in window.statusBar().currentMessage(), timeout=5_000)  # "… 2 conflicts resolved …"
    assert not import_package(db, package, dry_run=True).conflicts  # both settled
