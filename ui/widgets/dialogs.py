"""Small pieces every simple dialog needs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout


def add_ok_cancel(dialog: QDialog, form: QFormLayout) -> QDialogButtonBox:
    """OK and Cancel (in the interface language) as the form's last row, wired to the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return buttons
