"""The first-run screen: demo data, or an empty database for one kabupaten."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)
from sqlalchemy import func, select

from bakti_desktop.mapping.models import School
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.settings import set_setting
from ui.errors import show_error
from ui.widgets.regions import KabupatenCombo
from ui.workers import run_task

DONE_KEY = "firstRun/done"
HOME_KABUPATEN = "home.kabupaten"


def needs_first_run(db: Database) -> bool:
    if QSettings().value(DONE_KEY, False, type=bool):
        return False
    with db.engine.connect() as conn:
        return conn.execute(select(func.count(School.id))).scalar_one() == 0


class FirstRunDialog(QDialog):
    """Shown once: load the demonstration data or start empty."""

    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
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
        where = QLabel(self.tr("Database: {path}").format(path=db.display_name))
        where.setWordWrap(True)
        where.setStyleSheet("color: palette(mid);")
        layout.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def _start(self) -> None:
        if self.demo.isChecked():
            from bakti_desktop.demo import load_demo

            run_task(self, self.tr("Loading the demonstration data…"), lambda task: load_demo(self.db),
                     lambda _result: self._finish(), lambda error: show_error(self, error), cancellable=False)
            return
        with self.db.session() as session:
            set_setting(session, HOME_KABUPATEN, self.kabupaten.code())
        self._finish()

    def _finish(self) -> None:
        QSettings().setValue(DONE_KEY, True)
        self.accept()
