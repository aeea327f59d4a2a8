"""Ekspor → Formulir ponsel (XLSForm): the school survey as a phone form for KoBoToolbox and ODK Collect.

The user chooses the form's default language and, to keep a district's form small, one kabupaten/kota
(its kecamatan and desa only); the core writes the form (``bakti_desktop.mapping.xlsform``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from bakti_desktop import regions
from bakti_desktop.mapping.xlsform import form_version, write_xlsform
from ui.errors import show_error
from ui.widgets.files import ask_save_path, offer_open
from ui.widgets.regions import KabupatenCombo


class PhoneFormDialog(QDialog):
    """The choices of the phone form: kabupaten/kota (or all of South Sulawesi) and default language."""

    def __init__(self, kabupaten: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phone form (XLSForm)"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "The school survey as a form for KoBoToolbox and ODK Collect. Upload the file to your KoBoToolbox "
            "or ODK Central project; the sanitarians fill it on their phones, also offline. Import the "
            "downloaded submissions with Import → Phone form submissions."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.kabupaten = KabupatenCombo(allow_all=True)
        self.kabupaten.setItemText(0, self.tr("All of South Sulawesi"))
        self.kabupaten.set_code(kabupaten)
        form.addRow(self.tr("Kecamatan and desa of:"), self.kabupaten)
        self.language = QComboBox()
        # Each language by its own name, as in the settings (the form's labels are in both).
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        form.addRow(self.tr("Default language:"), self.language)
        form.addRow(self.tr("Form version:"), QLabel(form_version()))
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def ask_path(self) -> Path | None:
        """Where to save: a name that says what and where ("Formulir Ponsel Survei Sanitasi Sekolah Bone.xlsx")."""
        code = self.kabupaten.code()
        place = regions.region_name(code) if code else self.tr("South Sulawesi")
        name = self.tr("Phone Form School Sanitation Survey") + f" {place}.xlsx"
        return ask_save_path(self.parentWidget(), self.tr("Phone form (XLSForm)"), name,
                             self.tr("Excel workbook (*.xlsx)"))


def export_phone_form(parent: QWidget, kabupaten: str | None) -> Path | None:
    """Ask the choices and the file, write the phone form, offer to open it; the path written, or None."""
    dialog = PhoneFormDialog(kabupaten, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    path = dialog.ask_path()
    if path is None:
        return None
    try:
        out = write_xlsform(path, lang=dialog.language.currentData(), kabupaten=dialog.kabupaten.code())
    except Exception as error:  # noqa: BLE001 - shown to the user
        show_error(parent, error)
        return None
    offer_open(parent, out)
    return out
