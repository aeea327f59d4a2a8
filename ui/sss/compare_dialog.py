"""Comparing a saved version of a section with the text now in the editor, as readable text."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from bakti_desktop.reports.format import datetime_short
from bakti_desktop.sss.compare import DELETED, INSERTED, compare


class CompareRevisionDialog(QDialog):
    def __init__(self, revision: dict[str, Any], current_title: str, current_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare versions"))
        self.comparison = compare(revision["content"] or "", current_text, revision.get("title") or current_title,
                                  current_title)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Changes from the version of {when} by {who} to the current text.").format(
            when=datetime_short(revision["created_at"]), who=revision["author"]))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        legend = QLabel(self.tr('<span style="{added}">added text</span> &nbsp; '
                                '<span style="{removed}">removed text</span>').format(added=INSERTED, removed=DELETED))
        layout.addWidget(legend)
        self.summary = QLabel()
        if self.comparison.changed:
            self.summary.setText(self.tr("{added} words added, {removed} words removed.").format(
                added=self.comparison.inserted, removed=self.comparison.deleted))
        else:
            self.summary.setText(self.tr("No differences: the text is the same (line breaks inside a paragraph "
                                         "do not count)."))
        layout.addWidget(self.summary)
        self.browser = QTextBrowser()
        self.browser.setHtml(self.comparison.html)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 560)
