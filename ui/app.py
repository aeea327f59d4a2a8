"""Starting the window: application, language, database, first-run screen."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from bakti_desktop import APP_ID, APP_NAME, ORG_NAME, __version__
from bakti_desktop.cli import setup_logging
from bakti_desktop.errors import UserError
from bakti_desktop.paths import default_database_path, resources_dir
from bakti_desktop.storage.database import Database, open_database
from ui import i18n
from ui.errors import install_exception_hook, show_error

DB_KEY = "db/last"


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "bakti.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def choose_database(explicit: str | None) -> str:
    if explicit:
        return explicit
    return str(QSettings().value(DB_KEY, "") or default_database_path())


def open_or_explain(target: str) -> Database | None:
    try:
        return open_database(target)
    except UserError as error:
        show_error(None, error)
        return None


def run_gui(db_target: str | None = None, language: str | None = None) -> int:
    """Open the main window; returns the exit status."""
    setup_logging()
    app = make_app()
    install_exception_hook()
    i18n.install(language or i18n.configured_language())
    from bakti_desktop.storage.base import set_user_name
    from ui.settings_dialog import USER_KEY

    set_user_name(str(QSettings().value(USER_KEY, "") or ""))

    from ui.first_run import FirstRunDialog, needs_first_run
    from ui.main_window import MainWindow

    target = choose_database(db_target)
    db = open_or_explain(target)
    if db is None and target != str(default_database_path()):
        QMessageBox.information(None, APP_NAME, QApplication.translate("App", "The default database will be opened instead."))
        db = open_or_explain(str(default_database_path()))
    if db is None:
        return 1
    if db.path is not None:
        from bakti_desktop.storage.backup import daily_backup

        try:
            daily_backup(db.path)
        except OSError:  # a full disk must not keep the program from opening
            pass
    if needs_first_run(db):
        dialog = FirstRunDialog(db)
        if not dialog.exec():
            return 0
    window = MainWindow(db)
    window.show()
    return app.exec()
