"""The first-run screen: demo data, or an empty database for one kabupaten."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.storage import settings
from bakti_desktop.storage.base import set_user_name
from bakti_desktop.storage.database import Database
from ui.app import USER_KEY
from ui.errors import show_error
from ui.widgets.regions import KabupatenCombo
from ui.workers import run_task

DONE_KEY = "firstRun/done"




def needs_first_run(db: Database) -> bool:
    if QSettings().value(DONE_KEY, False, type=bool):
        return False
    return not mapping_service.has_any_school(db)


class FirstRunDialog(QDialog):
    """Shown once: load the demonstration data or start empty."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Welcome to BaKTI Desktop"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "<h2>Welcome</h2><p>BaKTI Desktop keeps the school sanitation mapping, the SSS document, "
                "the twinning RKTL and the PKSAI minutes of your district in one place.</p>"
                "<p>How would you like to start?</p>"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.demo = QRadioButton(self.tr("Open the demonstration data (Bone, Bulukumba, Maros, Jeneponto, Pangkep)"))
        self.empty = QRadioButton(self.tr("Start an empty database for my kabupaten/kota:"))
        self.kabupaten = KabupatenCombo(allow_all=False)
        self.kabupaten.setEnabled(False)
        group = QButtonGroup(self)
        group.addButton(self.demo)
        group.addButton(self.empty)
        self.demo.setChecked(True)
        self.empty.toggled.connect(self.kabupaten.setEnabled)
        layout.addWidget(self.demo)
        layout.addWidget(self.empty)
        layout.addWidget(self.kabupaten)
        # Every change is recorded with who made it: asked once here, changed later in Settings.
        name_form = QFormLayout()
        self.user_name = QLineEdit(str(QSettings().value(USER_KEY, "") or ""))
        self.user_name.setMaxLength(100)
        self.user_name.setPlaceholderText(self.tr("e.g. Andi Sanitarian, Dinas Kesehatan"))
        name_form.addRow(self.tr("Your name:"), self.user_name)
        why = QLabel(self.tr("Recorded with every change you make, so that colleagues can see who "
                             "changed what. You can change it later in Settings."))
        why.setWordWrap(True)
        why.setStyleSheet("color: palette(dark);")
        name_form.addRow("", why)
        layout.addSpacing(8)
        layout.addLayout(name_form)
        where = QLabel(self.tr("Database: {path}").format(path=db.display_name))
        where.setWordWrap(True)
        where.setStyleSheet("color: palette(mid);")
        layout.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.user_name.textChanged.connect(lambda _t: self._update_ok())
        layout.addWidget(buttons)
        self._update_ok()
        self.user_name.setFocus()
        self.resize(560, 340)

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.user_name.text().strip()))

    def reject(self) -> None:
        """*Cancel* (or Escape, or closing) would quit the program: ask first."""
        answer = QMessageBox.question(
            self, self.tr("Quit BaKTI Desktop"),
            self.tr("Quit without setting up BaKTI Desktop? Nothing has been changed; this screen shows again "
                    "at the next start."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            super().reject()

    def _start(self) -> None:
        name = self.user_name.text().strip()
        if not name:
            return
        QSettings().setValue(USER_KEY, name)
        set_user_name(name)
        if self.demo.isChecked():
            from bakti_desktop.demo import load_demo

            run_task(self, self.tr("Loading the demonstration data…"), lambda task: load_demo(self.db),
                     lambda _result: self._finish(), lambda error: show_error(self, error), cancellable=False)
            return
        settings.set_home_kabupaten(self.db, self.kabupaten.code())
        self._finish()

    def _finish(self) -> None:
        QSettings().setValue(DONE_KEY, True)
        self.accept()


def needs_user_name() -> bool:
    """True until the user's name has been asked once (an empty answer counts: the login name is used)."""
    return not QSettings().contains(USER_KEY)


class UserNameDialog(QDialog):
    """Asked once, when the database needs no first-run screen (e.g. a database from a colleague)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your name"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("BaKTI Desktop records who made each change, so that colleagues can see who "
                               "changed what. What is your name?"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.user_name = QLineEdit()
        self.user_name.setMaxLength(100)
        self.user_name.setPlaceholderText(self.tr("e.g. Andi Sanitarian, Dinas Kesehatan"))
        layout.addWidget(self.user_name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 160)

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        """Remembered either way, so that it is asked only once; Cancel keeps the computer's login name."""
        name = self.user_name.text().strip() if result == QDialog.DialogCode.Accepted else ""
        QSettings().setValue(USER_KEY, name)
        set_user_name(name or None)
        super().done(result)
