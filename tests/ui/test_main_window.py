"""The main window: four workspaces, menus, status bar, remembered state; first run."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from bakti_desktop.mapping.demo import load as load_demo
from ui.first_run import FirstRunDialog, needs_first_run
from ui.main_window import MainWindow


def test_four_tabs_menus_and_status_bar(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Pemetaan Sanitasi Sekolah", "Dokumen SSS", "RKTL Twinning", "Notulen PKSAI"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Berkas", "&Impor", "&Ekspor", "&Pengaturan", "Ban&tuan"]
    assert db.display_name in window.db_label.text()


def test_geometry_and_last_tab_are_remembered(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    height = window.minimumSizeHint().height() + 10
    assert height < 760  # fits a 1366x768 laptop, and differs from the default of 800
    window.resize(window.minimumSizeHint().width() + 4, height)
    qtbot.wait(50)
    saved = window.size()
    assert saved.height() == height
    window.tabs.setCurrentIndex(2)
    window.close()
    assert int(QSettings().value("window/tab")) == 2
    again = MainWindow(db)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.tabs.currentIndex() == 2
    # The offscreen screen is only 800 px wide and may clip the width; the height (default 800) tells.
    assert again.size().height() == saved.height() == height


def test_first_run_loads_the_demo(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    assert needs_first_run(db)
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.demo.isChecked()
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        dialog._start()
    assert not needs_first_run(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.mapping.model.rowCount() > 100


def test_first_run_empty_database_for_a_kabupaten(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.storage.settings import get_setting

    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.empty.setChecked(True)
    dialog.kabupaten.set_code("73.08")
    dialog._start()
    with db.session() as session:
        assert get_setting(session, "home.kabupaten") == "73.08"
    assert QSettings().value("firstRun/done", type=bool)
    load_demo(db)  # the demo can still be added later


def test_settings_save_benchmark_and_unit_cost(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping import service as mapping_service
    from bakti_desktop.sss import service as sss_service
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.spins["primary_girls"].setValue(40)
    dialog.unit_cost.setValue(42_000_000)
    dialog.user_name.setText("  Andi Sanitarian ")
    try:
        dialog.save()
        assert mapping_service.get_ratios(db).primary_girls == 40
        assert sss_service.unit_cost(db) == 42_000_000
        from bakti_desktop.storage.base import current_user

        assert current_user() == "Andi Sanitarian"  # recorded in the audit trail and in "changed by"
    finally:
        from bakti_desktop.storage.base import set_user_name

        set_user_name(None)


def test_home_kabupaten_preselects_the_filters(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.storage.settings import set_setting

    load_demo(db)
    with db.session() as session:
        set_setting(session, "home.kabupaten", "73.09")
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.mapping.kabupaten.code() == "73.09"
    assert window.mapping.model.rowCount() == 36  # Maros, 2020
    assert window.mapping.dashboard.kabupaten.code() == "73.09"


def test_restore_a_backup_from_the_menu(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    from sqlalchemy import func, select

    from bakti_desktop.mapping.models import Survey
    from bakti_desktop.storage.backup import backup_database
    from bakti_desktop.storage.database import open_database

    db = open_database(tmp_path / "kerja.sqlite")
    load_demo(db)
    copy = backup_database(db, tmp_path / "cadangan.sqlite")
    with db.engine.begin() as conn:
        conn.execute(Survey.__table__.delete())
    window = MainWindow(db)
    qtbot.addWidget(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.restore()
    with window.db.engine.connect() as conn:
        assert conn.execute(select(func.count(Survey.id))).scalar() == 360
    assert window.mapping.model.rowCount() == 180
    window.db.close()


def test_guide_shows_every_workspace_with_its_pictures(qtbot) -> None:  # type: ignore[no-untyped-def]
    import re

    from bakti_desktop.paths import resources_dir
    from ui.help_dialog import GUIDE, GuideDialog

    html = (resources_dir() / "guide" / GUIDE).read_text(encoding="utf-8")
    images = re.findall(r'src="([^"]+)"', html)
    assert sorted(images) == ["dasbor.png", "pemetaan.png", "pksai.png", "rktl.png", "sss.png"]
    assert all((resources_dir() / "guide" / name).exists() for name in images)
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for heading in ("Pemetaan sanitasi sekolah", "Dokumen SSS", "RKTL twinning", "Notulen PKSAI", "cadangan"):
        assert heading in text


def test_trash_dialog_restores_and_empties(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from ui.trash_dialog import TrashDialog

    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.mapping.view.selectRow(0)
    window.mapping.delete_survey()
    assert window.mapping.model.rowCount() == 179
    dialog = TrashDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text().startswith("Survei 2020")
    dialog.table.selectRow(0)
    dialog.restore()
    assert dialog.changed and dialog.table.rowCount() == 0
    window.refresh_all()
    assert window.mapping.model.rowCount() == 180
    window.mapping.view.selectRow(0)
    window.mapping.delete_survey()
    dialog.refresh()
    dialog.empty()
    assert dialog.table.rowCount() == 0


def test_the_waiting_window_gets_its_tabs_menus_and_shortcuts_when_the_database_comes(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.tabs.count() == 4 and not window.menuBar().isEnabled()
    assert "database" in window.tabs.widget(0).text().lower()  # "Membuka database…"
    window.attach(db)
    assert window.menuBar().isEnabled() and window.tabs.widget(0) is window.mapping
    from PySide6.QtWidgets import QMenu

    shortcuts = {a.shortcut().toString() for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()}
    assert "Ctrl+I" in shortcuts
