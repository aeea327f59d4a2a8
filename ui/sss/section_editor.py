"""Writing one section: formatting toolbar, data blocks, autosave, comments and revision history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextListFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from sqlalchemy import select

from bakti_desktop.errors import UserError
from bakti_desktop.sss import service
from bakti_desktop.sss.models import SssComment, SssSection
from bakti_desktop.sss.outline import BLOCKS
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere, stored
from ui.conflict import Choice, resolve
from ui.errors import show_error

AUTOSAVE_MS = 3000


class SectionEditor(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.section_id: int | None = None
        self.read_only = False
        self._loading = False
        self.dirty = False
        self.version: int | None = None  # of the loaded section, for the save's check
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit()
        self.owner = QLineEdit()
        self.status = QComboBox()
        for code, text in (("draft", self.tr("Draft")), ("review", self.tr("In review")), ("final", self.tr("Final"))):
            self.status.addItem(text, code)
        meta = QHBoxLayout()
        meta.addWidget(self.owner, 2)
        meta.addWidget(QLabel(self.tr("Status:")))
        meta.addWidget(self.status, 1)
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
        self._build_toolbar()
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.toolbar)
        column.addWidget(self.editor)
        splitter.addWidget(top)
        self.side = QTabWidget()
        self.side.addTab(self._comments_tab(), self.tr("Comments"))
        self.side.addTab(self._history_tab(), self.tr("History"))
        splitter.addWidget(self.side)
        splitter.setSizes([500, 180])
        layout.addWidget(splitter)
        self.state = QLabel()
        layout.addWidget(self.state)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self._edited)
        self.title.textEdited.connect(self._edited)
        self.owner.editingFinished.connect(self._meta_changed)
        self.status.currentIndexChanged.connect(lambda _i: self._meta_changed())
        self.setEnabled(False)

    # -- building -----------------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text)
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        self._action(self.tr("Sub-heading"), self.heading, "Ctrl+Alt+3", self.tr("Sub-heading (Ctrl+Alt+3)"))
        self._action(self.tr("Text"), self.body_text, "Ctrl+Alt+0", self.tr("Normal text (Ctrl+Alt+0)"))
        self._action(self.tr("Bold"), self.bold, QKeySequence.StandardKey.Bold)
        self._action(self.tr("Italic"), self.italic, QKeySequence.StandardKey.Italic)
        self._action(self.tr("• List"), lambda: self.make_list(QTextListFormat.Style.ListDisc))
        self._action(self.tr("1. List"), lambda: self.make_list(QTextListFormat.Style.ListDecimal))
        self._action(self.tr("Table"), self.insert_table)
        button = QToolButton()
        button.setText(self.tr("Insert data block"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for name, label in BLOCKS.items():
            menu.addAction(label, lambda n=name: self.insert_block(n))
        button.setMenu(menu)
        self.toolbar.addWidget(button)

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
        resolve = QPushButton(self.tr("Mark resolved"))
        resolve.clicked.connect(self.resolve_comment)
        row.addWidget(self.comment_text)
        row.addWidget(resolve)
        layout.addLayout(row)
        return page

    def _history_tab(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        self.history = QListWidget()
        layout.addWidget(self.history, 1)
        column = QVBoxLayout()
        compare = QPushButton(self.tr("Compare with current…"))
        compare.clicked.connect(self.compare)
        restore = QPushButton(self.tr("Restore this version"))
        restore.clicked.connect(self.restore)
        column.addWidget(compare)
        column.addWidget(restore)
        column.addStretch(1)
        layout.addLayout(column)
        return page

    # -- loading and saving -------------------------------------------------------------------------------
    def load(self, section_id: int | None, read_only: bool = False) -> None:
        self.save()
        self.section_id = section_id
        self.read_only = read_only
        self.setEnabled(section_id is not None)
        if section_id is None:
            return
        self._loading = True
        try:
            with self.db.session() as session:
                section = session.get(SssSection, section_id)
                self.version = section.version
                self.title.setText(section.title)
                self.owner.setText(section.owner_opd or "")
                self.status.setCurrentIndex(max(0, self.status.findData(section.status)))
                self.editor.setMarkdown(section.content or "")
                self.editor.setPlaceholderText(section.guidance or "")
                self.guidance.setText(self.tr("Guidance: {text}").format(text=section.guidance)
                                      if section.guidance else "")
                self.guidance.setVisible(bool(section.guidance))
                self.comments.clear()
                for comment in session.scalars(
                        select(SssComment).where(SssComment.section_id == section_id).order_by(SssComment.id)):
                    item = QListWidgetItem(f"{comment.created_at:%d/%m/%Y %H:%M} — {comment.author}: {comment.text}")
                    item.setData(Qt.ItemDataRole.UserRole, comment.id)
                    if comment.resolved:
                        font = item.font()
                        font.setStrikeOut(True)
                        item.setFont(font)
                        item.setForeground(Qt.GlobalColor.gray)
                    self.comments.addItem(item)
            self._fill_history()
        finally:
            self._loading = False
        self.dirty = False
        for widget in (self.title, self.editor, self.toolbar):
            widget.setEnabled(not read_only)
        self.editor.setReadOnly(read_only)
        self.state.setText(self.tr("The document is final: reopen it as a draft to edit.") if read_only else "")

    def _fill_history(self) -> None:
        self.history.clear()
        for revision in service.revisions(self.db, self.section_id):  # type: ignore[arg-type]
            item = QListWidgetItem(f"{revision['created_at']:%d/%m/%Y %H:%M} — {revision['author']}")
            item.setData(Qt.ItemDataRole.UserRole, revision)
            self.history.addItem(item)

    def markdown(self) -> str:
        return self.editor.toMarkdown().strip() + "\n" if self.editor.toPlainText().strip() else ""

    def _edited(self) -> None:
        if not self._loading and not self.read_only and self.section_id is not None:
            self.dirty = True
            self.state.setText(self.tr("Editing… (saved automatically)"))
            self.timer.start()

    def save(self) -> None:
        """Write the text now (also called by the autosave timer, on switching and on closing)."""
        self.timer.stop()
        if self.section_id is None or self.read_only or self._loading or not self.dirty:
            return
        try:
            changed = service.save_section(self.db, self.section_id, self.markdown(), self.title.text(),
                                           expected_version=self.version)
        except ChangedElsewhere as error:
            self._conflict(error)
            return
        except UserError as error:
            self.state.setText(str(error))
            return
        self.version = self._stored_version()
        self.dirty = False
        if changed:
            self.state.setText(self.tr("Saved"))
            self._fill_history()
            self.saved.emit()

    def refresh_version(self) -> None:
        """Take the stored version as loaded, after a change made here (meta data, moving the section)."""
        self.version = self._stored_version()

    def _stored_version(self) -> int | None:
        found = stored(self.db, SssSection, self.section_id, []) if self.section_id is not None else None
        return found[0] if found else None

    def _conflict(self, error: ChangedElsewhere) -> None:
        """Someone else saved this section meanwhile: reload theirs, or compare and keep mine."""
        section_id = self.section_id
        labels = {"title": self.tr("Title"), "content": self.tr("Text")}
        choice = resolve(self, error, labels, {"title": self.title.text(), "content": self.markdown()},
                         lambda: (stored(self.db, SssSection, section_id, list(labels)) or (0, None))[1])
        if choice is Choice.RELOAD:
            self.dirty = False
            self.load(section_id, self.read_only)
            self.state.setText(self.tr("Reloaded: the text saved by {who}").format(who=error.who or "?"))
        elif choice is Choice.OVERWRITE:
            self.version = self._stored_version()
            self.save()
        else:
            self.state.setText(str(error))

    def _meta_changed(self) -> None:
        if self._loading or self.section_id is None:
            return
        try:
            service.set_section_meta(self.db, self.section_id, owner_opd=self.owner.text(),
                                     status=self.status.currentData(), expected_version=self.version)
        except ChangedElsewhere as error:
            self._conflict(error)
            return
        self.refresh_version()
        self.saved.emit()

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
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.insertBlock()
        cursor.insertText("{{blok:" + name + "}}")
        cursor.insertBlock()
        self.editor.setTextCursor(cursor)

    # -- comments and history -----------------------------------------------------------------------------
    def add_comment(self) -> None:
        if self.section_id is None or not self.comment_text.text().strip():
            return
        service.add_comment(self.db, self.section_id, self.comment_text.text())
        self.comment_text.clear()
        self.load(self.section_id, self.read_only)

    def resolve_comment(self) -> None:
        item = self.comments.currentItem()
        if item is not None:
            service.resolve_comment(self.db, item.data(Qt.ItemDataRole.UserRole))
            self.load(self.section_id, self.read_only)

    def compare(self) -> None:
        item = self.history.currentItem()
        if item is None:
            return
        revision: dict[str, Any] = item.data(Qt.ItemDataRole.UserRole)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Compare versions"))
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser()
        table = service.compare(revision["content"], self.markdown(),
                                f"{revision['created_at']:%d/%m/%Y %H:%M} {revision['author']}", self.tr("Current"))
        browser.setHtml("<style>.diff_add{background:#C8E6C9}.diff_chg{background:#FFF59D}"
                        ".diff_sub{background:#FFCDD2}td{font-family:monospace}</style>" + table)
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(1100, 600)
        dialog.exec()

    def restore(self) -> None:
        item = self.history.currentItem()
        if item is None or self.section_id is None or self.read_only:
            return
        revision = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(self, self.tr("Restore version"), self.tr(
            "Replace the current text with the version of {when}? The current text stays in the history.").format(
                when=f"{revision['created_at']:%d/%m/%Y %H:%M}"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.save()
        try:
            service.restore(self.db, self.section_id, revision["id"])
        except UserError as error:
            show_error(self, error)
            return
        self.load(self.section_id, self.read_only)
        self.saved.emit()
