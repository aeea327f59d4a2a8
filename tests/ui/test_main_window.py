"""The main window: four workspaces, menus, status bar, remembered state; first run."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from bakti_desktop.mapping.demo import load as load_demo
from ui.first_run import FirstRunDialog, needs_first_run
from ui.main_window import MainWindow


def test_a_tab_per_workspace_menus_and_status_bar(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The registry builds the tabs: each workspace's page, in its order, under its title, as ``window.<name>``."""
    from bakti_desktop.workspace import resolve
    from bakti_desktop.workspaces import WORKSPACES

    window = MainWindow(db)
    qtbot.addWidget(window)
    assert [w.name for w in WORKSPACES] == ["mapping", "sss", "twinning", "pksai"]
    assert window.tabs.count() == len(WORKSPACES)
    for index, workspace in enumerate(WORKSPACES):
        page = window.tabs.widget(index)
        assert type(page) is resolve(workspace.tab) and getattr(window, workspace.name) is page
        assert window.tabs.tabText(index) == workspace.title() != ""
        assert callable(page.refresh) and isinstance(page.editors(), list)  # the page contract
    assert window.pages() == [window.tabs.widget(i) for i in range(window.tabs.count())]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Berkas", "&Impor", "&Ekspor", "&Pengaturan", "Ban&tuan"]
    assert db.display_name in window.db_label.text()


def test_geometry_and_last_tab_are_remembered(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.showNormal()  # the offscreen screen is small: the window opened maximised
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


def test_damaged_remembered_settings_open_the_window_as_new(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A settings file edited by hand (or written by another program) never stops the window from opening."""
    settings = QSettings()
    settings.setValue("window/tab", "dua")
    settings.setValue("window/geometry", "not a geometry")
    settings.setValue("window/state", 7)
    settings.sync()
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.tabs.currentIndex() == 0 and window.tabs.count() == 4
    waiting = MainWindow()  # the window shown while the database opens reads the same settings
    qtbot.addWidget(waiting)
    assert waiting.tabs.currentIndex() == 0 and waiting.tabs.count() == 4


def test_first_run_loads_the_demo(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    assert needs_first_run(db)
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.demo.isChecked()
    dialog.user_name.setText("Andi")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        dialog.ok_button.click()
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
    dialog.user_name.setText("Andi")
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.ok_button.click()
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
    assert sorted(images) == ["dasbor.png", "formulir-ponsel-pratinjau.png", "formulir-ponsel.png", "pemetaan.png",
                              "pksai.png", "rktl.png", "sss.png"]
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
    from bakti_desktop.storage import trash

    [entry] = trash.items(db)
    assert entry["table_name"] == "survey"  # the survey, not its school
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == entry["label"]
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
    from bakti_desktop.workspaces import WORKSPACES

    assert window.tabs.count() == len(WORKSPACES) and not window.menuBar().isEnabled()
    assert all(isinstance(window.tabs.widget(i), QLabel) for i in range(len(WORKSPACES)))  # "Opening the database…"
    window.attach(db)
    assert window.menuBar().isEnabled() and window.tabs.widget(0) is window.mapping
    from PySide6.QtWidgets import QMenu

    shortcuts = {a.shortcut().toString() for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()}
    assert "Ctrl+I" in shortcuts


def _screen(monkeypatch, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, width, height))


def test_the_window_opens_maximised_on_a_laptop_screen(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _screen(monkeypatch, 1366, 728)  # 1366×768 less the task bar
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert window.isMaximized()


def test_the_window_opens_at_its_preferred_size_on_a_large_screen(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _screen(monkeypatch, 1920, 1040)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert not window.isMaximized()
    assert (window.width(), window.height()) == (1280, 800)
    assert window.x() >= 0 and window.x() + window.width() <= 1920
    assert window.y() >= 0 and window.y() + window.height() <= 1040


def test_a_geometry_saved_on_a_larger_screen_is_brought_within_this_one(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect

    _screen(monkeypatch, 1366, 728)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.setWindowState(window.windowState() & ~window.windowState().WindowMaximized)
    window.setGeometry(QRect(300, 200, 1300, 1000))  # as on a 1920×1080 monitor
    window.place_on_screen(window.saveGeometry())
    geometry = window.frameGeometry()
    assert geometry.height() <= 728 and geometry.width() <= 1366
    assert geometry.left() >= 0 and geometry.right() < 1366 and geometry.top() >= 0 and geometry.bottom() < 728


def test_the_window_title_names_the_program_then_the_file_once(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window = MainWindow(db)
    qtbot.addWidget(window)
    shown = Path(db.path).name if db.path is not None else db.display_name  # the file, or the server without password
    assert window.windowTitle() == f"BaKTI Desktop — {shown}"
    assert QApplication.applicationDisplayName() in ("", QApplication.applicationName())  # Qt appends nothing


def test_waiting_text_is_translated(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    assert "Membuka database" in window.tabs.widget(0).text()


class _Editor:
    def __init__(self) -> None:
        self.dirty, self.saved, self.discarded = True, 0, 0

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def save_changes(self) -> bool:
        self.saved += 1
        self.dirty = False
        return True

    def discard_changes(self) -> None:
        self.discarded += 1
        self.dirty = False


def test_closing_asks_about_unsaved_changes_and_cancel_keeps_the_window(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    editor = _Editor()
    window.sss.editors = lambda: [editor]  # the contract of a workspace page
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked: list[str] = []

    def answer(box):  # type: ignore[no-untyped-def]
        asked.append(box.text())
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert not window.close()
    assert window.isVisible() and editor.dirty and editor.saved == 0 and len(asked) == 1
    assert window.close()
    assert editor.saved == 1 and not window.isVisible()


def test_switching_database_asks_first_and_cancel_keeps_the_database(qtbot, db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window = MainWindow(db)
    qtbot.addWidget(window)
    editor = _Editor()
    window.pksai.editors = lambda: [editor]
    chosen: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (chosen.append("asked") or str(tmp_path / "baru.sqlite"), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Cancel)
    window.new_database()
    assert window.db is db and not chosen  # not even the file dialog
    window.switch_to(str(tmp_path / "lain.sqlite"))
    assert window.db is db
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard)
    window.new_database()
    assert editor.discarded == 1 and window.db is not db and window.db.path.name == "baru.sqlite"
    window.db.close()


def test_menu_actions_never_receive_checked(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    received: list[tuple] = []
    monkeypatch.setattr(window.mapping, "import_workbook", lambda *args: received.append(args))
    action = next(a for menu in window.menuBar().actions() for a in menu.menu().actions() if "Ctrl+I" in a.shortcut().toString())
    action.setCheckable(True)
    action.trigger()
    assert received == [()]


def test_first_run_asks_the_users_name_for_the_history(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.storage.base import current_user, set_user_name
    from ui.app import USER_KEY

    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # no name, no start
    dialog.user_name.setText("  Sitti Rahma ")
    assert dialog.ok_button.isEnabled()
    dialog.empty.setChecked(True)
    try:
        dialog.ok_button.click()
        assert dialog.result() == dialog.DialogCode.Accepted
        assert QSettings().value(USER_KEY) == "Sitti Rahma" and current_user() == "Sitti Rahma"
    finally:
        set_user_name(None)


def test_cancel_on_the_welcome_screen_asks_before_quitting(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[str] = []
    answer = {"value": QMessageBox.StandardButton.No}
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or answer["value"])
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    cancel.click()
    assert len(asked) == 1 and dialog.isVisible()  # "No": the welcome screen stays
    answer["value"] = QMessageBox.StandardButton.Yes
    cancel.click()
    assert len(asked) == 2 and not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected


def test_the_name_is_asked_once_when_no_first_run_is_needed(qtbot) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.storage.base import current_user, set_user_name
    from ui.first_run import UserNameDialog, needs_user_name

    assert needs_user_name()
    dialog = UserNameDialog()
    qtbot.addWidget(dialog)
    dialog.user_name.setText("Rudi")
    try:
        dialog.accept()
        assert current_user() == "Rudi" and not needs_user_name()
    finally:
        set_user_name(None)
    QSettings().remove("user/name")
    dialog = UserNameDialog()
    qtbot.addWidget(dialog)
    dialog.reject()
    assert not needs_user_name()  # asked once, even when declined


def test_closing_names_what_is_unsaved(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Q with a meeting edited on another tab: the question names the minutes, not just "the changes"."""
    from PySide6.QtWidgets import QMessageBox

    from bakti_desktop.pksai.demo import load as load_pksai

    load_pksai(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.pksai)
    editor = window.pksai.editor
    title = editor.loaded_title
    editor.title.setText(title + " (revisi)")
    assert editor.has_unsaved_changes()
    window.tabs.setCurrentIndex(0)  # the meeting is out of sight
    asked: list[str] = []

    def answer(box):  # type: ignore[no-untyped-def]
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert not window.close()
    assert len(asked) == 1 and title in asked[0], asked
