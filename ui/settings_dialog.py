"""Settings: language (interface), the toilet benchmark and unit cost (data), and each workspace's
letterhead (kop) and document-number pattern (data, ``bakti_desktop/reports/letterhead.py``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
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
from bakti_desktop.reports import letterhead as kops
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
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        general = QWidget()
        layout = QVBoxLayout(general)
        self.tabs.addTab(general, self.tr("General"))

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
        layout.addStretch(1)

        self.tabs.addTab(self._letterhead_tab(), self.tr("Letterhead"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

    # ------------------------------------------------------------ letterhead

    def _letterhead_tab(self) -> QWidget:
        from bakti_desktop.workspaces import WORKSPACES

        tab = QWidget()
        form = QFormLayout(tab)
        self.kop_workspace = QComboBox()
        for workspace in WORKSPACES:
            self.kop_workspace.addItem(workspace.title(), workspace.name)
        self.kop_workspace.setToolTip(self.tr("Each workspace prints its documents under its own letterhead."))
        form.addRow(self.tr("Documents of:"), self.kop_workspace)
        self.kops: dict[str, kops.Letterhead] = {w.name: kops.letterhead(self.db, w.name) for w in WORKSPACES}
        self.kop_lines: list[QLineEdit] = []
        examples = (self.tr("e.g. GOVERNMENT OF GOWA REGENCY"), self.tr("e.g. REGIONAL DEVELOPMENT PLANNING AGENCY"),
                    self.tr("(optional) a third line"))
        for i, example in enumerate(examples):
            line = QLineEdit()
            line.setMaxLength(kops.LINE_MAX)
            line.setPlaceholderText(example)
            self.kop_lines.append(line)
            form.addRow(self.tr("Institution, line {n}:").format(n=i + 1), line)
        self.kop_address = QLineEdit()
        self.kop_address.setMaxLength(kops.LINE_MAX)
        self.kop_address.setPlaceholderText(self.tr("Street, town, postcode, telephone"))
        form.addRow(self.tr("Address:"), self.kop_address)

        logo_row = QHBoxLayout()
        self.kop_logo_view = QLabel()
        self.kop_logo_view.setFixedSize(56, 56)
        self.kop_logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kop_logo_view.setStyleSheet("border: 1px solid palette(mid);")
        logo_row.addWidget(self.kop_logo_view)
        self.kop_logo_choose = QPushButton(self.tr("Choose image…"))
        self.kop_logo_choose.clicked.connect(lambda: self.choose_logo())
        logo_row.addWidget(self.kop_logo_choose)
        self.kop_logo_remove = QPushButton(self.tr("Remove"))
        self.kop_logo_remove.clicked.connect(lambda: self.remove_logo())
        logo_row.addWidget(self.kop_logo_remove)
        logo_row.addStretch(1)
        form.addRow(self.tr("Logo:"), logo_row)
        logo_note = QLabel(self.tr("PNG or JPEG, at most 1 MB. The image is stored in the database, so the file "
                                   "may be moved or deleted afterwards."))
        logo_note.setWordWrap(True)
        form.addRow("", logo_note)

        self.kop_pattern = QLineEdit()
        self.kop_pattern.setMaxLength(kops.PATTERN_MAX)
        self.kop_pattern.setPlaceholderText("050/{nomor}/Bappeda/{bulan}/{tahun}")
        form.addRow(self.tr("Document number:"), self.kop_pattern)
        pattern_note = QLabel(self.tr("{nomor}: the running number (left as dots, to be written in by hand); "
                                      "{bulan}: the month in Roman numerals (IX); {tahun}: the year (2020). "
                                      "Empty: documents carry no number."))
        pattern_note.setWordWrap(True)
        form.addRow("", pattern_note)
        self.kop_preview = QLabel()
        self.kop_preview.setWordWrap(True)
        form.addRow(self.tr("Example:"), self.kop_preview)

        self._kop_shown = str(self.kop_workspace.currentData())
        self._show_kop(self.kops[self._kop_shown])
        self.kop_workspace.currentIndexChanged.connect(lambda _index: self._switch_kop())
        self.kop_pattern.textChanged.connect(lambda _text: self._preview_number())
        return tab

    def _edited_kop(self) -> kops.Letterhead:
        """The letterhead as the fields show it now (not checked yet)."""
        return kops.Letterhead(institutions=tuple(line.text() for line in self.kop_lines),
                               address=self.kop_address.text(), logo=self._kop_logo,
                               number_pattern=self.kop_pattern.text())

    def _show_kop(self, kop: kops.Letterhead) -> None:
        for i, line in enumerate(self.kop_lines):
            line.setText(kop.institutions[i] if i < len(kop.institutions) else "")
        self.kop_address.setText(kop.address)
        self.kop_pattern.setText(kop.number_pattern)
        self._set_logo(kop.logo)
        self._preview_number()

    def _switch_kop(self) -> None:
        self.kops[self._kop_shown] = self._edited_kop()
        self._kop_shown = str(self.kop_workspace.currentData())
        self._show_kop(self.kops[self._kop_shown])

    def _set_logo(self, data: bytes | None) -> None:
        self._kop_logo = data
        pixmap = QPixmap()
        if data:
            pixmap.loadFromData(data)
        if pixmap.isNull():
            self.kop_logo_view.clear()
            self.kop_logo_view.setText(self.tr("none"))
        else:
            self.kop_logo_view.setPixmap(pixmap.scaled(52, 52, Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation))
        self.kop_logo_remove.setEnabled(bool(data))

    def _preview_number(self) -> None:
        from datetime import date

        try:
            pattern = kops.check_pattern(self.kop_pattern.text())
        except Exception as error:  # noqa: BLE001 - the reason is the preview
            self.kop_preview.setText(str(error))
            return
        # As the documents print it: the running number as dots, written in by hand (the note above says so).
        example = kops.Letterhead(number_pattern=pattern).number(None, date.today())
        self.kop_preview.setText(example or self.tr("(no number)"))

    def choose_logo(self) -> None:
        from ui.widgets.files import ask_open_path

        path = ask_open_path(self, self.tr("Logo for the letterhead"), self.tr("Images (*.png *.jpg *.jpeg)"))
        if path is None:
            return
        try:
            data = kops.read_logo(path)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self._set_logo(data)

    def remove_logo(self) -> None:
        self._set_logo(None)

    def save_letterheads(self) -> bool:
        """Check and store every workspace's letterhead; on a refusal, show that workspace and why."""
        self.kops[self._kop_shown] = self._edited_kop()
        stored = {name: kops.letterhead(self.db, name) for name in self.kops}
        for name, kop in self.kops.items():
            try:
                checked = kops.checked(kop)
                if checked != stored[name]:
                    kops.save_letterhead(self.db, name, checked)
            except Exception as error:  # noqa: BLE001 - shown to the user
                self.tabs.setCurrentIndex(1)
                self.kop_workspace.setCurrentIndex(self.kop_workspace.findData(name))
                show_error(self, error)
                return False
        return True

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
        if not self.save_letterheads():
            return
        QSettings().setValue(USER_KEY, self.user_name.text().strip())
        set_user_name(self.user_name.text())
        language = self.language.currentData()
        if language != i18n.configured_language():
            QSettings().setValue(i18n.LANGUAGE_KEY, language)
            QMessageBox.information(self, self.tr("Language"),
                                    self.tr("The new language is used from the next start of the program."))
        self.accept()
