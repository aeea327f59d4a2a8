"""Writing one section: formatting toolbar, data blocks and their preview, comments and revision history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QSyntaxHighlighter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QToolButton,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.reports.format import datetime_short
from bakti_desktop.sss import service
from bakti_desktop.sss.codes import SectionStatus
from bakti_desktop.sss.outline import BLOCKS
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from ui.conflict import Choice, resolve
from ui.errors import show_error
from ui.widgets.unsaved import settle

BLOCK_TOKEN = QRegularExpression(r"\{\{\s*blok\s*:\s*[a-z_]+\s*\}\}")


class BlockHighlighter(QSyntaxHighlighter):
    """Data-block lines stand out in the text: they are replaced by a table or chart when printed."""

    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        super().__init__(document)
        self.style = QTextCharFormat()
        self.style.setBackground(QColor("#E3F2FD"))
        self.style.setForeground(QColor("#1565C0"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt name
        matches = BLOCK_TOKEN.globalMatch(text)
        while matches.hasNext():
            match = matches.next()
            self.setFormat(match.capturedStart(), match.capturedLength(), self.style)


class SectionEditor(QWidget):
    """One section's title, owner, status and text. Implements the Editor protocol (ui.widgets.unsaved):
    nothing is saved behind the user's back; switching away asks Save / Discard / Cancel."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.section_id: int | None = None
        self.document_id: int | None = None
        self.read_only = False
        self._loading = False
        self.version: int | None = None  # of the loaded section, for the save's check
        self.loaded: dict[str, Any] = {}  # the values as loaded, to tell what changed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.title = QLineEdit()
        self.owner = QLineEdit()
        self.status = QComboBox()
        for code, text in SectionStatus.choices():
            self.status.addItem(text, code)
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        meta = QHBoxLayout()
        meta.addWidget(self.owner, 2)
        meta.addWidget(QLabel(self.tr("Status:")))
        meta.addWidget(self.status)
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Owner OPD:"), meta)
        layout.addLayout(form)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet("color: #616161; font-style: italic;")
        layout.addWidget(self.guidance)

        self.toolbar = QToolBar()
        self.editor = QTextEdit()
        self.editor.setAcceptRichText(True)
        self.editor.setFont(QFont("DejaVu Sans", 10))
        self.highlighter = BlockHighlighter(self.editor.document())
        self._build_toolbar()
        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(False)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.editor, self.tr("Text"))
        self.views.addTab(self.preview, self.tr("Preview"))
        self.views.setTabToolTip(1, self.tr("The section as it will print, with its data tables and charts"))
        self.views.currentChanged.connect(lambda _i: self.update_preview())
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.toolbar)
        column.addWidget(self.views)
        splitter.addWidget(top)
        self.side = QTabWidget()
        self.side.addTab(self._comments_tab(), self.tr("Comments"))
        self.side.addTab(self._history_tab(), self.tr("History"))
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 170])
        layout.addWidget(splitter)
        self.state = QLabel()
        layout.addWidget(self.state)

        self.editor.textChanged.connect(self._edited)
        self.title.textEdited.connect(lambda _t: self._edited())
        self.owner.textEdited.connect(lambda _t: self._edited())
        self.status.currentIndexChanged.connect(lambda _i: self._edited())
        self.comments.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.history.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.setEnabled(False)
        self._update_buttons()

    # -- building -----------------------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text)
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        self.save_action = self._action(self.tr("Save"), self.save_changes, QKeySequence.StandardKey.Save,
                                        self.tr("Save the section (Ctrl+S)"))
        self.toolbar.addSeparator()
        self.format_actions = [
            self._action(self.tr("Sub-heading"), self.heading, "Ctrl+Alt+3", self.tr("Sub-heading (Ctrl+Alt+3)")),
            self._action(self.tr("Text"), self.body_text, "Ctrl+Alt+0", self.tr("Normal text (Ctrl+Alt+0)")),
            self._action(self.tr("Bold"), self.bold, QKeySequence.StandardKey.Bold),
            self._action(self.tr("Italic"), self.italic, QKeySequence.StandardKey.Italic),
            self._action(self.tr("• List"), lambda: self.make_list(QTextListFormat.Style.ListDisc)),
            self._action(self.tr("1. List"), lambda: self.make_list(QTextListFormat.Style.ListDecimal)),
            self._action(self.tr("Table"), self.insert_table),
        ]
        self.block_button = QToolButton()
        self.block_button.setText(self.tr("Insert data block"))
        self.block_button.setToolTip(self.tr("Insert a table or chart computed from the data, at the cursor"))
        self.block_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.block_menu = QMenu(self.block_button)
        for name, label in BLOCKS.items():
            action = self.block_menu.addAction(label)
            action.setData(name)
            action.triggered.connect(lambda _checked=False, n=name: self.insert_block(n))
        self.block_button.setMenu(self.block_menu)
        self.toolbar.addWidget(self.block_button)

    def _comments_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.comments = QListWidget()
        self.comments.setWordWrap(True)
        layout.addWidget(self.comments)
        row = QHBoxLayout()
        self.comment_text = QLineEdit()
        self.comment_text.setPlaceholderText(self.tr("Reviewer's comment (Enter to add)"))
        self.comment_text.returnPressed.connect(self.add_comment)
        self.comment_text.textChanged.connect(lambda _t: self._update_buttons())
        self.add_comment_button = QPushButton(self.tr("Add comment"))
        self.add_comment_button.clicked.connect(lambda: self.add_comment())
        self.resolve_button = QPushButton(self.tr("Mark resolved"))
        self.resolve_button.clicked.connect(lambda: self.resolve_comment())
        row.addWidget(self.comment_text)
        row.addWidget(self.add_comment_button)
        row.addWidget(self.resolve_button)
        layout.addLayout(row)
        return page

    def _history_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        self.history = QListWidget()
        layout.addWidget(self.history, 1)
        column = QVBoxLayout()
        self.compare_button = QPushButton(self.tr("Compare with current…"))
        self.compare_button.clicked.connect(lambda: self.compare())
        self.restore_button = QPushButton(self.tr("Restore this version"))
        self.restore_button.clicked.connect(lambda: self.restore())
        column.addWidget(self.compare_button)
        column.addWidget(self.restore_button)
        column.addStretch(1)
        layout.addLayout(column)
        return page

    def _update_buttons(self) -> None:
        editable = self.section_id is not None and not self.read_only
        comment = self.comments.currentItem()
        self.resolve_button.setEnabled(self.section_id is not None and comment is not None
                                       and not comment.data(Qt.ItemDataRole.UserRole + 1))
        self.add_comment_button.setEnabled(self.section_id is not None and bool(self.comment_text.text().strip()))
        has_revision = self.section_id is not None and self.history.currentItem() is not None
        self.compare_button.setEnabled(has_revision)
        self.restore_button.setEnabled(has_revision and editable)
        self.save_action.setEnabled(editable and self.has_unsaved_changes())

    # -- loading and saving -------------------------------------------------------------------------------
    def load(self, section_id: int | None, read_only: bool = False) -> None:
        """Show a section (None: nothing). The caller settles unsaved changes first (see SssPage)."""
        self.section_id = section_id
        self.read_only = read_only
        self.setEnabled(section_id is not None)
        self._loading = True
        try:
            if section_id is None:
                self.document_id = None
                self.loaded = {}
                for widget in (self.title, self.owner, self.comment_text):
                    widget.clear()
                self.editor.clear()
                self.editor.setPlaceholderText("")
                self.status.setCurrentIndex(0)
                self.preview.clear()
                self.guidance.clear()
                self.guidance.hide()
                self.comments.clear()
                self.history.clear()
                self.state.clear()
                return
            section = service.section_view(self.db, section_id)
            if section is None:  # removed meanwhile (another laptop, the trash)
                self._loading = False
                self.load(None)
                return
            self.version = section.version
            self.document_id = section.document_id
            self.title.setText(section.title)
            self.owner.setText(section.owner_opd or "")
            self.status.setCurrentIndex(max(0, self.status.findData(section.status)))
            self.editor.setMarkdown(section.content)
            self.editor.setPlaceholderText(section.guidance or "")
            self.guidance.setText(self.tr("Guidance: {text}").format(text=section.guidance)
                                  if section.guidance else "")
            self.guidance.setVisible(bool(section.guidance))
            self._fill_comments()
            self._fill_history()
            self.loaded = self.values()
        finally:
            self._loading = False
        self.title.setReadOnly(read_only)
        self.owner.setReadOnly(read_only)
        self.status.setEnabled(not read_only)
        self.editor.setReadOnly(read_only)
        for action in self.format_actions:
            action.setEnabled(not read_only)
        self.block_button.setEnabled(not read_only)
        self.state.setText(self.tr("The document is final: reopen it as a draft to edit.") if read_only else "")
        self._update_buttons()
        self.update_preview()

    def _fill_comments(self) -> None:
        self.comments.clear()
        for comment in service.comments(self.db, self.section_id):  # type: ignore[arg-type]
            item = QListWidgetItem(f"{datetime_short(comment['created_at'])} — {comment['author']}: {comment['text']}")
            item.setData(Qt.ItemDataRole.UserRole, comment["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, comment["resolved"])
            if comment["resolved"]:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(Qt.GlobalColor.gray)
            self.comments.addItem(item)
        self._update_buttons()

    def _fill_history(self) -> None:
        self.history.clear()
        for revision in service.revisions(self.db, self.section_id):  # type: ignore[arg-type]
            item = QListWidgetItem(f"{datetime_short(revision['created_at'])} — {revision['author']}")
            item.setData(Qt.ItemDataRole.UserRole, revision)
            self.history.addItem(item)
        self._update_buttons()

    def markdown(self) -> str:
        return self.editor.toMarkdown().strip() + "\n" if self.editor.toPlainText().strip() else ""

    def values(self) -> dict[str, Any]:
        return {"title": self.title.text().strip(), "owner": self.owner.text().strip(),
                "status": self.status.currentData(), "content": self.markdown()}

    def subject(self) -> str:
        """What the unsaved-changes question names."""
        return self.tr("the section")

    def has_unsaved_changes(self) -> bool:
        if self.section_id is None or self.read_only or self._loading:
            return False
        return self.values() != self.loaded

    def _edited(self) -> None:
        if self._loading or self.section_id is None or self.read_only:
            return
        dirty = self.has_unsaved_changes()
        self.state.setText(self.tr("Not saved yet (Ctrl+S saves)") if dirty else "")
        self.save_action.setEnabled(dirty)

    def save_changes(self) -> bool:
        """Write the title, text, owner and status; False when refused (a message says why) or cancelled."""
        if not self.has_unsaved_changes():
            return True
        mine = self.values()
        try:
            # One use case, one transaction, one version check: a refusal writes neither the text nor the status.
            saved = service.save_section_edit(self.db, self.section_id, title=mine["title"],  # type: ignore[arg-type]
                                              content=mine["content"], owner_opd=mine["owner"],
                                              status=mine["status"], expected_version=self.version)
        except ChangedElsewhere as error:
            return self._conflict(error)
        except UserError as error:
            show_error(self, error)
            return False
        self.version = saved.version
        self.loaded = mine
        self.state.setText(self.tr("Saved"))
        if saved.text_changed:
            self._fill_history()
        self._update_buttons()
        self.saved.emit()
        return True

    def save(self) -> bool:
        """The Save action (kept under this name for callers that save explicitly)."""
        return self.save_changes()

    def discard_changes(self) -> None:
        """Back to the stored section."""
        if self.section_id is not None:
            self.load(self.section_id, self.read_only)

    def refresh_version(self) -> None:
        """Take the stored version as loaded, after a change made here (moving the section)."""
        self.version = self._stored_version()

    def _stored_version(self) -> int | None:
        found = service.section_view(self.db, self.section_id) if self.section_id is not None else None
        return found.version if found else None

    def _conflict(self, error: ChangedElsewhere) -> bool:
        """Someone else saved this section meanwhile: reload theirs, or compare and keep mine."""
        section_id = self.section_id
        labels = {"title": self.tr("Title"), "content": self.tr("Text")}
        def theirs() -> dict[str, Any] | None:
            found = service.section_view(self.db, section_id)  # type: ignore[arg-type]
            return None if found is None else {"title": found.title, "content": found.content}

        choice = resolve(self, error, labels, {"title": self.title.text(), "content": self.markdown()}, theirs)
        if choice is Choice.RELOAD:
            self.load(section_id, self.read_only)
            self.state.setText(self.tr("Reloaded: the text saved by {who}").format(who=error.who or "?"))
            self.saved.emit()
            return True
        if choice is Choice.OVERWRITE:
            self.version = self._stored_version()
            return self.save_changes()
        self.state.setText(str(error))
        return False

    def update_preview(self) -> None:
        """Render the text as it stands (saved or not) with its data blocks, when the preview is shown."""
        if self.views.currentWidget() is not self.preview or self.section_id is None:
            return
        from bakti_desktop.sss.preview import section_html

        blocks = service.preview_blocks(self.db, self.document_id)
        bar = self.preview.verticalScrollBar().value()
        self.preview.setHtml(section_html(self.markdown(), blocks, self.title.text()))
        self.preview.verticalScrollBar().setValue(bar)

    # -- formatting ---------------------------------------------------------------------------------------
    def _block_format(self, level: int) -> None:
        cursor = self.editor.textCursor()
        block = QTextBlockFormat()
        block.setHeadingLevel(level)
        cursor.mergeBlockFormat(block)
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold if level else QFont.Weight.Normal)
        char.setFontPointSize(12 if level else 10)
        cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
        cursor.mergeCharFormat(char)

    def heading(self) -> None:
        self._block_format(3)

    def body_text(self) -> None:
        self._block_format(0)

    def bold(self) -> None:
        fmt = QTextCharFormat()
        weight = self.editor.fontWeight()
        fmt.setFontWeight(QFont.Weight.Normal if weight >= QFont.Weight.Bold else QFont.Weight.Bold)
        self.editor.textCursor().mergeCharFormat(fmt)
        self.editor.mergeCurrentCharFormat(fmt)

    def italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.editor.fontItalic())
        self.editor.textCursor().mergeCharFormat(fmt)
        self.editor.mergeCurrentCharFormat(fmt)

    def make_list(self, style: QTextListFormat.Style) -> None:
        self.editor.textCursor().createList(style)

    def insert_table(self) -> None:
        cursor = self.editor.textCursor()
        cursor.insertBlock()
        table = cursor.insertTable(3, 3)
        for column, text in enumerate((self.tr("Column 1"), self.tr("Column 2"), self.tr("Column 3"))):
            table.cellAt(0, column).firstCursorPosition().insertText(text)

    def insert_block(self, name: str) -> None:
        """Put ``{{blok:NAME}}`` at the cursor, on a line of its own (a block is a paragraph by itself)."""
        if self.read_only or self.section_id is None:
            return
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        if cursor.block().text().strip():
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        else:
            cursor.setBlockFormat(QTextBlockFormat())
        cursor.insertText("{{blok:" + name + "}}", QTextCharFormat())
        if cursor.block().next().isValid():
            cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
        else:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    # -- comments and history -----------------------------------------------------------------------------
    def add_comment(self) -> None:
        if self.section_id is None or not self.comment_text.text().strip():
            return
        try:
            service.add_comment(self.db, self.section_id, self.comment_text.text())
        except UserError as error:
            show_error(self, error)
            return
        self.comment_text.clear()
        self._fill_comments()  # the text being written stays as it is

    def resolve_comment(self) -> None:
        item = self.comments.currentItem()
        if item is not None and self.section_id is not None:
            service.resolve_comment(self.db, item.data(Qt.ItemDataRole.UserRole))
            self._fill_comments()

    def compare(self) -> None:
        from ui.sss.compare_dialog import CompareRevisionDialog

        item = self.history.currentItem()
        if item is None:
            return
        revision: dict[str, Any] = item.data(Qt.ItemDataRole.UserRole)
        CompareRevisionDialog(revision, self.title.text(), self.markdown(), self).exec()

    def restore(self) -> None:
        item = self.history.currentItem()
        if item is None or self.section_id is None or self.read_only:
            return
        revision = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(self, self.tr("Restore version"), self.tr(
            "Replace the current text with the version of {when}? The current text stays in the history.").format(
                when=datetime_short(revision["created_at"])))
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not settle(self, self, self.subject()):
            return
        try:
            service.restore(self.db, self.section_id, revision["id"])
        except UserError as error:
            show_error(self, error)
            return
        self.load(self.section_id, self.read_only)
        self.saved.emit()
