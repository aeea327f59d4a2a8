"""Region pickers: kabupaten/kota, kecamatan and desa of South Sulawesi."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from bakti_desktop import regions


class RegionCombo(QComboBox):
    """A searchable list of regions whose data is the Kemendagri code."""

    changed = Signal(object)  # the code, or None

    def __init__(self, all_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_text = all_text
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        if completer is not None:  # an editable combo box has one
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit(self.code()))
        self.currentIndexChanged.connect(lambda _i: self._show_start())
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def set_regions(self, items: list[regions.Region]) -> None:
        current = self.code()
        self.blockSignals(True)
        self.clear()
        if self.all_text is not None:
            self.addItem(self.all_text, None)
        for region in items:
            self.addItem(region.name, region.code)
        index = self.findData(current)
        self.setCurrentIndex(index if index >= 0 else 0)
        self._show_start()
        self.blockSignals(False)
        self.changed.emit(self.code())

    def _show_start(self) -> None:
        """Show the beginning of a long name in the editable field."""
        line = self.lineEdit()
        if line is not None:
            line.setCursorPosition(0)

    def code(self) -> str | None:
        code: str | None = self.currentData()
        return code

    def set_code(self, code: str | None) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)


class KabupatenCombo(RegionCombo):
    def __init__(self, allow_all: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("All kabupaten/kota") if allow_all else None, parent)
        self.set_regions(regions.kabupaten_list())


class ChildCombo(RegionCombo):
    """Kecamatan of the chosen kabupaten, or desa of the chosen kecamatan."""

    def __init__(self, all_text: str | None, parent: QWidget | None = None) -> None:
        super().__init__(all_text, parent)
        self.set_parent_code(None)

    def set_parent_code(self, code: str | None) -> None:
        self.set_regions(regions.children(code) if code else [])
        self.setEnabled(bool(code))
