"""Settings: language (interface), and the toilet benchmark (data)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.mapping import service
from bakti_desktop.mapping.fields import Ratios
from bakti_desktop.storage.base import current_user, set_user_name
from bakti_desktop.storage.database import Database
from ui import i18n
from ui.app import USER_KEY
from ui.errors import show_error



class SettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)

        interface = QGroupBox(self.tr("Interface"))
        form = QFormLayout(interface)
        self.language = QComboBox()
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(i18n.configured_language()))
        form.addRow(self.tr("Language:"), self.language)
        self.user_name = QLineEdit(str(QSettings().value(USER_KEY, "") or ""))
        self.user_name.setPlaceholderText(current_user())
        self.user_name.setMaxLength(100)
        self.user_name.setToolTip(self.tr("Recorded with every change you make, and shown to others as "
                                          "\"changed by …\". Empty: the computer's user name."))
        form.addRow(self.tr("Your name:"), self.user_name)
        layout.addWidget(interface)

        ratios = service.get_ratios(db)
        bench = QGroupBox(self.tr("Toilet benchmark (students per toilet)"))
        form = QFormLayout(bench)
        self.name = QLineEdit(ratios.name)
        self.name.setMinimumWidth(240)  # the whole name of the benchmark stays readable
        form.addRow(self.tr("Benchmark named in reports:"), self.name)
        self.spins: dict[str, QSpinBox] = {}
        for key, label in (
            ("primary_boys", self.tr("SD, MI, SLB — boys per toilet:")),
            ("primary_girls", self.tr("SD, MI, SLB — girls per toilet:")),
            ("secondary_boys", self.tr("Other levels — boys per toilet:")),
            ("secondary_girls", self.tr("Other levels — girls per toilet:")),
        ):
            spin = QSpinBox()
            spin.setRange(1, 500)
            spin.setValue(getattr(ratios, key))
            self.spins[key] = spin
            form.addRow(label, spin)
        note = QLabel(self.tr("Defaults: Permendiknas 24/2007 (60/50 and 40/30). Changing them recomputes the "
                              "toilets to build of every survey."))
        note.setWordWrap(True)
        form.addRow(note)
        layout.addWidget(bench)

        from bakti_desktop.sss import service as sss_service

        costs = QGroupBox(self.tr("SSS programme"))
        form = QFormLayout(costs)
        self.unit_cost = QSpinBox()
        self.unit_cost.setRange(0, 2_000_000_000)
        self.unit_cost.setSingleStep(1_000_000)
        self.unit_cost.setGroupSeparatorShown(True)
        self.unit_cost.setPrefix("Rp ")
        self.unit_cost.setValue(sss_service.unit_cost(db))
        form.addRow(self.tr("Unit cost of one school toilet:"), self.unit_cost)
        layout.addWidget(costs)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        new = Ratios(name=self.name.text().strip() or Ratios().name, **{k: s.value() for k, s in self.spins.items()})
        try:
            if new != service.get_ratios(self.db):
                service.set_ratios(self.db, new)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        from bakti_desktop.sss import service as sss_service

        try:
            sss_service.set_unit_cost(self.db, self.unit_cost.value())
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        QSettings().setValue(USER_KEY, self.user_name.text().strip())
        set_user_name(self.user_name.text())
        language = self.language.currentData()
        if language != i18n.configured_language():
            QSettings().setValue(i18n.LANGUAGE_KEY, language)
            QMessageBox.information(self, self.tr("Language"),
                                    self.tr("The new language is used from the next start of the program."))
        self.accept()
