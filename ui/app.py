"""Starting the window: application, language, database, first-run screen."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from bakti_desktop import APP_ID, APP_NAME, ORG_NAME, __version__
from bakti_desktop.logs import setup_logging
from bakti_desktop.errors import UserError
from bakti_desktop.paths import default_database_path, resources_dir
from ui import i18n
from ui.errors import install_exception_hook, show_error

DB_KEY = "db/last"
USER_KEY = "user/name"  # QSettings: the name recorded in the audit trail


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_ID)
    # No application display name: Qt would append it to every window title ("BaKTI Desktop — bakti.sqlite —
    # BaKTI Desktop"); the main window's title names the program itself.
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "bakti.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def choose_database(explicit: str | None) -> str:
    if explicit:
        return explicit
    return str(QSettings().value(DB_KEY, "") or default_database_path())


def open_or_explain(target: str):  # type: ignore[no-untyped-def]  # -> Database | None
    from bakti_desktop.storage.database import open_database

    try:
        return open_database(target)
    except UserError as error:
        show_error(None, error)
        return None


def run_gui(db_target: str | None = None, language: str | None = None) -> int:
    """Open the main window; returns the exit status.

    The window is shown (its four tabs waiting) before the database layer is even imported, so
    that it appears at once on a slow laptop; then the database is opened and the tabs filled.
    """
    setup_logging()
    app = make_app()
    install_exception_hook()
    i18n.install(language or i18n.configured_language())
    from ui.main_window import MainWindow

    window = MainWindow()
    if os.environ.get(PROBE_VARIABLE):
        report_first_paint(app, window)
    window.show()
    app.processEvents()  # painted now; what follows takes a moment

    from bakti_desktop.storage.base import set_user_name
    from ui.first_run import FirstRunDialog, UserNameDialog, needs_first_run, needs_user_name

    set_user_name(str(QSettings().value(USER_KEY, "") or "") or None)
    target = choose_database(db_target)
    db = open_or_explain(target)
    if db is None and target != str(default_database_path()):
        QMessageBox.information(window, APP_NAME, QApplication.translate("App", "The default database will be opened instead."))
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
        dialog = FirstRunDialog(db, window)  # asks the user's name too
        if not dialog.exec():
            return 0
    elif needs_user_name():
        UserNameDialog(window).exec()
    window.attach(db)
    if os.environ.get(PROBE_VARIABLE):
        print(f"ready {time.time():.6f}", flush=True)
    return app.exec()


PROBE_VARIABLE = "BAKTI_STARTUP_PROBE"


def report_first_paint(app: QApplication, window: QWidget) -> None:
    """For the start-up benchmark: print the moment any part of ``window`` is first painted, then quit."""

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.window() is window:
                print(f"painted {time.time():.6f}", flush=True)
                app.removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    probe = FirstPaint(window)
    app.installEventFilter(probe)
