"""The SSS tab: documents, their sections, targets and programme table, printing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop import regions
from bakti_desktop.errors import UserError
from bakti_desktop.sss import service
from bakti_desktop.sss.codes import SectionStatus
from bakti_desktop.sss.models import SssDocument
from bakti_desktop.sss.service import DocumentView
from bakti_desktop.storage.database import Database
from ui.errors import show_error
from ui.sss.section_editor import SectionEditor
from ui.sss.tables import ProgrammeEditor, TargetsEditor
from ui.widgets import files
from ui.widgets.combo import refill
from ui.widgets.dialogs import add_ok_cancel
from ui.widgets.regions import KabupatenCombo
from ui.widgets.unsaved import Editor, settle, settle_all
from ui.workers import run_task

STATUS_COLORS: dict[str, str] = {SectionStatus.DRAFT: "#757575", SectionStatus.REVIEW: "#EF6C00", SectionStatus.FINAL: "#2E7D32"}


def export_name(document: DocumentView, kind: str) -> str:
    """The proposed file name: ``SSS Kabupaten Bone 2021-2025.pdf``."""
    place = regions.region_name(document.kabupaten_code) or document.title
    return f"SSS {place} {document.start_year}-{document.end_year}.{kind}"


def chosen_kabupaten(combo: KabupatenCombo) -> str | None:
    """The code of the kabupaten/kota whose name the chooser shows, or None when the typed text names none.

    Typing in the (searchable) chooser does not change its current item, so its code alone would be
    that of the last region chosen while the text shows something else.
    """
    index = combo.findText(combo.currentText())
    code: str | None = combo.itemData(index) if index >= 0 else None
    return code


class SssPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.document_id: int | None = None  # the document shown
        self.final = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.document = QComboBox()
        self.document.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document.setMinimumContentsLength(20)
        self.document.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        top.addWidget(QLabel(self.tr("Document:")))
        top.addWidget(self.document, 3)
        self.new_button = self._button(top, self.tr("New document…"), self.new_document)
        self.delete_button = self._button(top, self.tr("Delete document…"), self.delete_document)
        self.history_button = self._button(top, self.tr("History…"), self.show_history)
        self.final_button = self._button(top, self.tr("Mark final"), self.toggle_final)
        self.pdf_button = self._button(top, self.tr("Print PDF…"), lambda: self.export("pdf"))
        self.word_button = self._button(top, self.tr("Word file…"), lambda: self.export("docx"))
        layout.addLayout(top)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.stack.addWidget(self._empty_page())
        self.inner = QTabWidget()
        self.stack.addWidget(self.inner)

        sections = QSplitter()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Section"), self.tr("Status")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setIndentation(14)
        column.addWidget(self.tree)
        row = QHBoxLayout()
        self.add_button = self._button(row, self.tr("Add"), self.add_section)
        self.up_button = self._button(row, "↑", lambda: self.move_section(-1))
        self.down_button = self._button(row, "↓", lambda: self.move_section(1))
        self.remove_button = self._button(row, self.tr("Remove"), self.remove_section)
        self.add_button.setToolTip(self.tr("Add a sub-section after the selected one"))
        self.up_button.setToolTip(self.tr("Move the section up"))
        self.down_button.setToolTip(self.tr("Move the section down"))
        column.addLayout(row)
        sections.addWidget(left)
        self.editor = SectionEditor(db)
        self.editor.saved.connect(self.refresh_tree)
        sections.addWidget(self.editor)
        sections.setStretchFactor(1, 1)
        sections.setSizes([400, 900])
        self.targets_editor = TargetsEditor(db)
        self.programme_editor = ProgrammeEditor(db)
        # Both tables save against the document's version: a save of one moves the other forward with it.
        self.targets_editor.saved.connect(self.programme_editor.follow)
        self.programme_editor.saved.connect(self.targets_editor.follow)
        self.inner.addTab(sections, self.tr("Sections"))
        self.inner.addTab(self.targets_editor, self.tr("Targets"))
        self.inner.addTab(self.programme_editor, self.tr("Programme and activities"))
        self.document.currentIndexChanged.connect(lambda _i: self._document_chosen())
        self.tree.currentItemChanged.connect(self._section_chosen)
        self.refresh()

    def _button(self, layout: QHBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: slot())  # never pass Qt's `checked` on
        layout.addWidget(button)
        return button

    def _empty_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        hint = QLabel(self.tr(
            "<h3>No SSS document yet</h3>"
            "<p>Start with <b>New document…</b>: choose the kabupaten/kota and the years of the strategy. The "
            "document gets the chapters of the standard SSS outline, with guidance for each section.</p>"
            "<p>Its data tables and charts (service ladders, toilets to build, baselines of the targets) are filled "
            "from the school sanitation mapping of that kabupaten, so enter or import the surveys in the "
            "<b>Mapping</b> tab first if you can.</p>"))
        hint.setWordWrap(True)
        hint.setMinimumWidth(480)
        hint.setMaximumWidth(720)
        row = QHBoxLayout()  # centred without an alignment flag, so the wrapped text gets its full height
        row.addStretch(1)
        row.addWidget(hint, 4)
        row.addStretch(1)
        layout.addLayout(row)
        start = QPushButton(self.tr("New document…"))
        start.clicked.connect(lambda: self.new_document())
        layout.addWidget(start, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    # -- the Editor contract with the main window ---------------------------------------------------------
    def editors(self) -> list[Editor]:
        """The editors that may hold unsaved changes: the section text, the targets, the programme."""
        return [self.editor, self.targets_editor, self.programme_editor]

    def _settle_all(self) -> bool:
        return settle_all((self.editor, self.targets_editor, self.programme_editor), self)

    # compatibility: the tables and the proposal as other parts of the program reach them
    @property
    def targets(self) -> QTableWidget:
        return self.targets_editor.table

    @property
    def programme(self) -> QTableWidget:
        return self.programme_editor.table

    def propose(self) -> None:
        self.programme_editor.propose()

    # -- documents ----------------------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Re-read the documents; the shown document keeps what is being edited unless another is selected."""
        keep = select if select is not None else self.document_id
        self.document.blockSignals(True)
        refill(self.document, ((r["title"] + (self.tr(" (final)") if r["final"] else ""), r["id"])
                               for r in service.documents(self.db)), keep)
        self.document.blockSignals(False)
        self.show_document(self.document.currentData(), keep_unsaved=True)

    def current(self) -> DocumentView | None:
        return service.document_view(self.db, self.document_id)

    def _document_chosen(self) -> None:
        chosen = self.document.currentData()
        if chosen == self.document_id:
            return
        if not self._settle_all():
            self.document.blockSignals(True)
            self.document.setCurrentIndex(max(0, self.document.findData(self.document_id)))
            self.document.blockSignals(False)
            return
        self.show_document(chosen)

    def show_document(self, document_id: int | None, keep_unsaved: bool = False) -> None:
        """Show a document (None: none). With ``keep_unsaved``, editors of the same document holding
        unsaved changes keep them (a refresh from elsewhere must not drop them)."""
        same = document_id == self.document_id and document_id is not None
        self.document_id = document_id
        document = self.current()
        if document is None:
            self.document_id = None
        self.final = bool(document and document.final)
        keep = keep_unsaved and same
        if not (keep and self.editor.has_unsaved_changes()):
            section = self.editor.section_id if keep else None
            if section is not None and not self._section_exists(section):
                section = None
            self.editor.load(section, read_only=self.final)
        self.refresh_tree()
        for table in (self.targets_editor, self.programme_editor):
            if not (keep and table.has_unsaved_changes()):
                table.load(self.document_id)
        self.final_button.setText(self.tr("Reopen as draft") if self.final else self.tr("Mark final"))
        self.stack.setCurrentIndex(1 if self.document.count() else 0)
        self.update_buttons()

    def _section_exists(self, section_id: int) -> bool:
        section = service.section_view(self.db, section_id)
        return section is not None and section.document_id == self.document_id

    def update_buttons(self) -> None:
        has_document = self.document_id is not None
        for button in (self.delete_button, self.history_button, self.final_button, self.pdf_button,
                       self.word_button):
            button.setEnabled(has_document)
        editable = has_document and not self.final
        self.add_button.setEnabled(editable)
        has_section = self.tree.currentItem() is not None and self.editor.section_id is not None
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(editable and has_section)

    def refresh_tree(self) -> None:
        selected = self.editor.section_id
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None
        if self.document_id is not None:
            parent = None
            for section in service.outline_of(self.db, self.document_id):
                number = section.number
                text = f"BAB {number}  {section.title}" if section.level == 1 else f"{number}  {section.title}"
                values = [text, SectionStatus.label_of(section.status)]
                item = QTreeWidgetItem(self.tree if section.level == 1 or parent is None else parent, values)
                tip = text + (f"\n{self.tr('Owner OPD:')} {section.owner_opd}" if section.owner_opd else "")
                item.setToolTip(0, tip)
                if section.level == 1:
                    parent = item
                    font = item.font(0)
                    font.setBold(True)
                    item.setFont(0, font)
                item.setData(0, Qt.ItemDataRole.UserRole, section.id)
                item.setForeground(1, QBrush(QColor(STATUS_COLORS.get(section.status, "#000"))))
                if section.id == selected:
                    chosen = item
        self.tree.expandAll()
        if chosen is not None:  # the section being edited stays selected, without reloading it
            self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)
        self.update_buttons()

    def _section_chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        section_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if section_id == self.editor.section_id:
            return
        if not settle(self.editor, self, self.tr("the section")):
            # stay on the section being edited; after the click that chose the other one is fully handled
            QTimer.singleShot(0, lambda: self._reselect(self.editor.section_id))
            return
        self.editor.load(section_id, read_only=self.final)
        self.update_buttons()

    def _reselect(self, section_id: int | None) -> None:
        self.tree.blockSignals(True)
        iterator = QTreeWidgetItemIterator(self.tree)
        while iterator.value() is not None:
            if iterator.value().data(0, Qt.ItemDataRole.UserRole) == section_id:
                self.tree.setCurrentItem(iterator.value())
                break
            iterator += 1
        self.tree.blockSignals(False)

    def new_document(self) -> None:
        if not self._settle_all():
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("New SSS document"))
        form = QFormLayout(dialog)
        kabupaten = KabupatenCombo(allow_all=False)
        kabupaten.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # whole names, e.g. Kepulauan Selayar
        dialog.setMinimumWidth(440)
        start, end = QSpinBox(), QSpinBox()
        for spin, value in ((start, date.today().year + 1), (end, date.today().year + 5)):
            spin.setRange(2000, 2100)
            spin.setValue(value)
        form.addRow(self.tr("Kabupaten/Kota:"), kabupaten)
        form.addRow(self.tr("First year:"), start)
        form.addRow(self.tr("Last year:"), end)
        add_ok_cancel(dialog, form)
        while True:  # asked again, with what was entered, until a kabupaten/kota of the list is chosen
            if not dialog.exec():
                return
            code = chosen_kabupaten(kabupaten)
            if code is not None:
                break
            show_error(dialog, UserError(self.tr("Choose the kabupaten/kota from the list.")))
        try:
            document_id = service.create_document(self.db, code, start.value(), end.value())
        except UserError as error:
            show_error(self, error)
            return
        self.refresh(select=document_id)

    def delete_document(self) -> None:
        if self.document_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete document"), self.tr(
            "Move '{title}' to the trash? It can be restored from Database → Trash.").format(
                title=self.document.currentText()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        service.delete_document(self.db, self.document_id)
        self.document_id = None  # its unsaved edits go to the trash with it
        self.refresh()

    def toggle_final(self) -> None:
        if self.document_id is None or not self._settle_all():
            return
        if not self.final:
            answer = QMessageBox.question(self, self.tr("Mark final"), self.tr(
                "Mark the document final? Its data tables are frozen as they are now and the text can no longer be "
                "edited until it is reopened as a draft."))
            if answer != QMessageBox.StandardButton.Yes:
                return
        service.mark_final(self.db, self.document_id, not self.final)
        self.refresh()

    def export(self, kind: str) -> None:
        from bakti_desktop.sss.export import export_sss

        if self.document_id is None:
            QMessageBox.information(self, self.tr("Export SSS"),
                                    self.tr("There is no SSS document yet: create one with “New document…” first."))
            return
        if not self._settle_all():
            return
        document_id = self.document_id
        document = service.document_view(self.db, document_id)
        if document is None:  # deleted meanwhile
            self.refresh()
            return
        name = export_name(document, kind)
        filters = self.tr("PDF document (*.pdf)") if kind == "pdf" else self.tr("Word document (*.docx)")
        path = files.ask_save_path(self, self.tr("Export SSS"), name, filters)
        if path is None:
            return
        run_task(self, self.tr("Writing the document…"),
                 lambda task: export_sss(self.db, path, document_id=document_id),
                 lambda out: files.offer_open(self, out),
                 lambda error: show_error(self, error), cancellable=False)

    # -- sections -----------------------------------------------------------------------------------------
    def _selected_section(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def add_section(self) -> None:
        if self.document_id is None or self.final or not settle(self.editor, self, self.tr("the section")):
            return
        title, ok = QInputDialog.getText(self, self.tr("New section"), self.tr("Title of the new sub-section:"))
        if not ok:
            return
        try:
            new_id = service.add_section(self.db, self.document_id, self._selected_section(), title)
        except UserError as error:
            show_error(self, error)
            return
        self.editor.load(new_id, read_only=self.final)
        self.refresh_tree()

    def show_history(self) -> None:
        """Who changed the document, its sections, targets and programme, and when."""
        from ui.widgets.audit_table import AuditDialog

        if self.document_id is not None:
            AuditDialog(self.db, SssDocument, self.document_id, self.document.currentText(), self).exec()

    def move_section(self, step: int) -> None:
        section = self._selected_section()
        if section is None or self.final:
            return
        try:
            service.move_section(self.db, section, step)
        except UserError as error:
            show_error(self, error)
            return
        self.editor.refresh_version()
        self.refresh_tree()

    def remove_section(self) -> None:
        section = self._selected_section()
        item = self.tree.currentItem()
        if section is None or item is None or self.final:
            return
        answer = QMessageBox.question(self, self.tr("Remove section"),
                                      self.tr("Move '{title}' and its text to the trash?").format(title=item.text(0)),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            service.remove_section(self.db, section)
        except UserError as error:
            show_error(self, error)
            return
        self.editor.load(None)
        self.refresh_tree()
