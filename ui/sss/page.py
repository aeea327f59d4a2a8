"""The SSS tab: documents, their sections, targets and programme table, printing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.sss import service
from bakti_desktop.sss.models import FUNDING_SOURCES, SssDocument
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from ui.conflict import Choice, resolve_rows
from ui.errors import show_error
from ui.widgets.dialogs import add_ok_cancel
from ui.sss.section_editor import SectionEditor
from ui.widgets.combo import refill
from ui.widgets.regions import KabupatenCombo
from ui.workers import run_task

STATUS_COLORS = {"draft": "#757575", "review": "#EF6C00", "final": "#2E7D32"}
PROGRAMME_KEYS = ("program", "kegiatan", "lokasi", "satuan", "volume", "unit_cost", "total", "sumber_dana", "opd", "tahun")


class SssPage(QWidget):
    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.document = QComboBox()
        top.addWidget(QLabel(self.tr("Document:")))
        top.addWidget(self.document, 3)
        self.final_button = QPushButton()
        self.final_button.clicked.connect(self.toggle_final)
        for text, slot in ((self.tr("New document…"), self.new_document),
                           (self.tr("Delete document…"), self.delete_document),
                           (self.tr("History…"), self.show_history)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            top.addWidget(button)
        top.addWidget(self.final_button)
        for text, kind in ((self.tr("Print PDF…"), "pdf"), (self.tr("Word file…"), "docx")):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, k=kind: self.export(k))
            top.addWidget(button)
        layout.addLayout(top)
        self.inner = QTabWidget()
        layout.addWidget(self.inner)

        sections = QSplitter()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Section"), self.tr("Owner"), self.tr("Status")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        column.addWidget(self.tree)
        row = QHBoxLayout()
        for text, slot in ((self.tr("Add"), self.add_section), ("↑", lambda: self.move(-1)), ("↓", lambda: self.move(1)),
                           (self.tr("Remove"), self.remove_section)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        column.addLayout(row)
        sections.addWidget(left)
        self.editor = SectionEditor(db)
        self.editor.saved.connect(self.refresh_tree)
        sections.addWidget(self.editor)
        sections.setSizes([470, 810])
        self.inner.addTab(sections, self.tr("Sections"))
        self.inner.addTab(self._targets_tab(), self.tr("Targets"))
        self.inner.addTab(self._programme_tab(), self.tr("Programme and activities"))
        self.document.currentIndexChanged.connect(lambda _i: self.document_changed())
        self.tree.currentItemChanged.connect(self._section_chosen)
        self.inner.currentChanged.connect(lambda _i: self.editor.save())
        self.refresh()

    # -- documents ----------------------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        refill(self.document, ((r["title"] + (self.tr(" (final)") if r["final"] else ""), r["id"])
                               for r in service.documents(self.db)), select)
        self.document_changed()

    def current(self, session: Any) -> SssDocument | None:
        document_id = self.document.currentData()
        return session.get(SssDocument, document_id) if document_id else None

    def document_changed(self) -> None:
        self.editor.load(None)
        self.refresh_tree()
        self.load_targets()
        self.load_programme()
        with self.db.session() as session:
            document = self.current(session)
            final = bool(document and document.final)
        self.final_button.setText(self.tr("Reopen as draft") if final else self.tr("Mark final"))
        self.final_button.setEnabled(document is not None)

    def refresh_tree(self) -> None:
        selected = self.editor.section_id
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None
        with self.db.session() as session:
            document = self.current(session)
            if document is not None:
                parent = None
                labels = {"draft": self.tr("Draft"), "review": self.tr("In review"), "final": self.tr("Final")}
                for number, section in service.numbered(list(document.sections)):
                    text = f"BAB {number}  {section.title}" if section.level == 1 else f"{number}  {section.title}"
                    values = [text, section.owner_opd or "", labels.get(section.status, section.status)]
                    item = QTreeWidgetItem(self.tree if section.level == 1 or parent is None else parent, values)
                    if section.level == 1:
                        parent = item
                        font = item.font(0)
                        font.setBold(True)
                        item.setFont(0, font)
                    item.setData(0, Qt.ItemDataRole.UserRole, section.id)
                    item.setForeground(2, QBrush(QColor(STATUS_COLORS.get(section.status, "#000"))))
                    if section.id == selected:
                        chosen = item
        self.tree.expandAll()
        self.tree.resizeColumnToContents(1)
        if chosen is not None:  # the section being edited stays selected, without reloading it
            self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)

    def _section_chosen(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        with self.db.session() as session:
            document = self.current(session)
            final = bool(document and document.final)
        self.editor.load(item.data(0, Qt.ItemDataRole.UserRole) if item else None, read_only=final)

    def new_document(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("New SSS document"))
        form = QFormLayout(dialog)
        kabupaten = KabupatenCombo(allow_all=False)
        start, end = QSpinBox(), QSpinBox()
        for spin, value in ((start, date.today().year + 1), (end, date.today().year + 5)):
            spin.setRange(2000, 2100)
            spin.setValue(value)
        form.addRow(self.tr("Kabupaten/Kota:"), kabupaten)
        form.addRow(self.tr("First year:"), start)
        form.addRow(self.tr("Last year:"), end)
        add_ok_cancel(dialog, form)
        if not dialog.exec():
            return
        try:
            document_id = service.create_document(self.db, kabupaten.code(), start.value(), end.value())
        except UserError as error:
            show_error(self, error)
            return
        self.refresh(select=document_id)

    def delete_document(self) -> None:
        document_id = self.document.currentData()
        if document_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete document"), self.tr(
            "Move '{title}' to the trash? It can be restored from Database → Trash.").format(
                title=self.document.currentText()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.section_id = None
            service.delete_document(self.db, document_id)
            self.refresh()

    def toggle_final(self) -> None:
        self.editor.save()
        with self.db.session() as session:
            document = self.current(session)
            if document is None:
                return
            final = document.final
        if not final:
            answer = QMessageBox.question(self, self.tr("Mark final"), self.tr(
                "Mark the document final? Its data tables are frozen as they are now and the text can no longer be "
                "edited until it is reopened as a draft."))
            if answer != QMessageBox.StandardButton.Yes:
                return
        service.mark_final(self.db, self.document.currentData(), not final)
        self.refresh()

    def export(self, kind: str) -> None:
        from bakti_desktop.sss.export import export_sss

        self.editor.save()
        document_id = self.document.currentData()
        if document_id is None:
            return
        filters = self.tr("PDF document (*.pdf)") if kind == "pdf" else self.tr("Word document (*.docx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export SSS"), f"sss-{document_id}.{kind}", filters)
        if path:
            run_task(self, self.tr("Writing the document…"),
                     lambda task: export_sss(self.db, Path(path), document_id=document_id),
                     lambda out: QMessageBox.information(self, self.tr("Document written"), str(out)),
                     lambda error: show_error(self, error), cancellable=False)

    # -- sections -----------------------------------------------------------------------------------------
    def _selected_section(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def add_section(self) -> None:
        document_id = self.document.currentData()
        if document_id is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("New section"), self.tr("Title of the new sub-section:"))
        if not ok:
            return
        try:
            new_id = service.add_section(self.db, document_id, self._selected_section(), title)
        except UserError as error:
            show_error(self, error)
            return
        self.editor.section_id = new_id
        self.refresh_tree()

    def show_history(self) -> None:
        """Who changed the document, its sections, targets and programme, and when."""
        from bakti_desktop.sss.models import SssDocument
        from ui.widgets.audit_table import AuditDialog

        document_id = self.document.currentData()
        if document_id is not None:
            self.editor.save()
            AuditDialog(self.db, SssDocument, document_id, self.document.currentText(), self).exec()

    def move(self, step: int) -> None:
        section = self._selected_section()
        if section is None:
            return
        self.editor.save()
        try:
            service.move_section(self.db, section, step)
        except UserError as error:
            show_error(self, error)
            return
        self.editor.refresh_version()
        self.refresh_tree()

    def remove_section(self) -> None:
        section = self._selected_section()
        if section is None:
            return
        answer = QMessageBox.question(self, self.tr("Remove section"),
                                      self.tr("Move '{title}' and its text to the trash?").format(
                                          title=self.tree.currentItem().text(0)),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.editor.section_id = None
        try:
            service.remove_section(self.db, section)
        except UserError as error:
            show_error(self, error)
        self.refresh_tree()

    # -- targets ------------------------------------------------------------------------------------------
    def _targets_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Baselines of the basic-service indicators come from the mapping of the "
                                        "baseline year; edit the yearly targets in the table.")))
        self.targets = QTableWidget()
        self.targets.verticalHeader().hide()
        layout.addWidget(self.targets)
        row = QHBoxLayout()
        row.addStretch(1)
        add = QPushButton(self.tr("Add indicator"))
        add.clicked.connect(lambda: self.targets.insertRow(self.targets.rowCount()))
        save = QPushButton(self.tr("Save targets"))
        save.clicked.connect(self.save_targets)
        row.addWidget(add)
        row.addWidget(save)
        layout.addLayout(row)
        return page

    def load_targets(self) -> None:
        with self.db.session() as session:
            document = self.current(session)
            self.targets_version = document.version if document is not None else None
            if document is None:
                self.targets.setRowCount(0)
                return
            self.target_years = list(range(document.start_year, document.end_year + 1))
            self.targets.setColumnCount(2 + len(self.target_years))
            self.targets.setHorizontalHeaderLabels([self.tr("Indicator"), self.tr("Baseline ({year})").format(
                year=document.baseline_year or "-")] + [str(y) for y in self.target_years])
            self.targets.setRowCount(len(document.targets))
            for r, target in enumerate(document.targets):
                values = json.loads(target.targets or "{}")
                item = QTableWidgetItem(target.indicator)
                item.setData(Qt.ItemDataRole.UserRole, target.source)
                self.targets.setItem(r, 0, item)
                self.targets.setItem(r, 1, QTableWidgetItem("" if target.baseline is None else str(target.baseline)))
                for c, year in enumerate(self.target_years, start=2):
                    self.targets.setItem(r, c, QTableWidgetItem(str(values.get(str(year), ""))))
        self.targets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def save_targets(self) -> None:
        def number(text: str) -> float | None:
            text = text.strip().replace(",", ".")
            return float(text) if text else None

        rows = []
        try:
            for r in range(self.targets.rowCount()):
                cell = self.targets.item(r, 0)
                if cell is None or not cell.text().strip():
                    continue
                values = {}
                for c, year in enumerate(self.target_years, start=2):
                    item = self.targets.item(r, c)
                    value = number(item.text()) if item else None
                    if value is not None:
                        values[year] = value
                baseline = self.targets.item(r, 1)
                rows.append({"indicator": cell.text(), "source": cell.data(Qt.ItemDataRole.UserRole),
                             "baseline": number(baseline.text()) if baseline else None, "targets": values})
            self._saved_table("targets_version", service.save_targets(
                self.db, self.document.currentData(), rows, expected_version=self.targets_version))
        except ValueError:
            show_error(self, UserError(self.tr("Targets and baselines must be numbers.")))
            return
        except ChangedElsewhere as error:
            self._table_conflict(error, [_target_text(r) for r in rows], _stored_targets, self.load_targets,
                                 "targets_version", self.save_targets)
            return
        except UserError as error:
            show_error(self, error)
            return
        self.load_targets()

    # -- programme ----------------------------------------------------------------------------------------
    def _programme_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.programme = QTableWidget(0, len(PROGRAMME_KEYS))
        self.programme.setHorizontalHeaderLabels([
            self.tr("Programme"), self.tr("Activity"), self.tr("Location"), self.tr("Unit"), self.tr("Volume"),
            self.tr("Unit cost (Rp)"), self.tr("Total (Rp)"), self.tr("Source of funds"), self.tr("Responsible OPD"),
            self.tr("Year")])
        self.programme.verticalHeader().hide()
        self.programme.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.programme.itemChanged.connect(self._programme_edited)
        layout.addWidget(self.programme)
        self.sums = QLabel()
        self.sums.setWordWrap(True)
        layout.addWidget(self.sums)
        row = QHBoxLayout()
        for text, slot in ((self.tr("Propose toilet construction"), self.propose), (self.tr("Add row"), self.add_row),
                           (self.tr("Remove row"), self.remove_row), (self.tr("Save programme"), self.save_programme)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.insertStretch(0, 1)
        layout.addLayout(row)
        return page

    def _set_row(self, r: int, values: dict[str, Any]) -> None:
        from bakti_desktop.reports.format import number

        self.programme.blockSignals(True)
        for c, key in enumerate(PROGRAMME_KEYS):
            if key == "sumber_dana":
                combo = QComboBox()
                combo.addItems(FUNDING_SOURCES)
                combo.setCurrentText(values.get(key) or FUNDING_SOURCES[0])
                self.programme.setCellWidget(r, c, combo)
                continue
            if key == "total":
                total = round(float(values.get("volume") or 0) * int(values.get("unit_cost") or 0))
                item = QTableWidgetItem(number(total))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                value = values.get(key)
                if key == "volume" and isinstance(value, float) and value.is_integer():
                    value = int(value)
                item = QTableWidgetItem("" if value is None else str(value))
            self.programme.setItem(r, c, item)
        self.programme.blockSignals(False)

    def load_programme(self) -> None:
        with self.db.session() as session:
            document = self.current(session)
            rows = [] if document is None else [
                {k: getattr(r, k) for k in PROGRAMME_KEYS if k != "total"} for r in document.programme]
            year = document.start_year if document else date.today().year
            self.programme_version = document.version if document is not None else None
        self.default_year = year
        self.programme.setRowCount(len(rows))
        for r, values in enumerate(rows):
            self._set_row(r, values)
        self.programme.resizeColumnsToContents()
        self._update_sums()

    def _row_values(self, r: int) -> dict[str, Any]:
        def text(c: int) -> str:
            item = self.programme.item(r, c)
            return item.text().strip() if item else ""

        volume = text(4).replace(",", ".") or "0"
        cost = text(5).replace(".", "").replace(",", "") or "0"
        year = text(9) or str(self.default_year)
        return {"program": text(0), "kegiatan": text(1), "lokasi": text(2) or None, "satuan": text(3) or None,
                "volume": float(volume), "unit_cost": int(cost), "sumber_dana": self.programme.cellWidget(r, 7).currentText(),
                "opd": text(8) or None, "tahun": int(year)}

    def _programme_edited(self, item: QTableWidgetItem) -> None:
        if item.column() in (4, 5):
            try:
                self._set_row(item.row(), self._row_values(item.row()))
            except ValueError:
                pass
        self._update_sums()

    def _update_sums(self) -> None:
        from bakti_desktop.reports.format import number

        by_year: dict[int, int] = {}
        by_source: dict[str, int] = {}
        try:
            for r in range(self.programme.rowCount()):
                values = self._row_values(r)
                total = round(values["volume"] * values["unit_cost"])
                by_year[values["tahun"]] = by_year.get(values["tahun"], 0) + total
                by_source[values["sumber_dana"]] = by_source.get(values["sumber_dana"], 0) + total
        except (ValueError, AttributeError):
            return
        years = ", ".join(f"{y}: Rp {number(v)}" for y, v in sorted(by_year.items()))
        sources = ", ".join(f"{s}: Rp {number(v)}" for s, v in sorted(by_source.items()))
        self.sums.setText(self.tr("Total Rp {total}. By year: {years}. By source: {sources}.").format(
            total=number(sum(by_year.values())), years=years or "—", sources=sources or "—"))

    def propose(self) -> None:
        document_id = self.document.currentData()
        if document_id is None:
            return
        rows = service.propose_toilet_rows(self.db, document_id)
        if not rows:
            QMessageBox.information(self, self.tr("Toilet construction"),
                                    self.tr("The mapping shows no toilets to build for this document's baseline year."))
            return
        start = self.programme.rowCount()
        self.programme.setRowCount(start + len(rows))
        for r, values in enumerate(rows, start=start):
            self._set_row(r, values)
        self._update_sums()

    def add_row(self) -> None:
        r = self.programme.rowCount()
        self.programme.insertRow(r)
        self._set_row(r, {"volume": 1.0, "unit_cost": 0, "tahun": self.default_year})

    def remove_row(self) -> None:
        r = self.programme.currentRow()
        if r >= 0:
            self.programme.removeRow(r)
            self._update_sums()

    def save_programme(self) -> None:
        try:
            rows = [self._row_values(r) for r in range(self.programme.rowCount())]
            self._saved_table("programme_version", service.save_programme(
                self.db, self.document.currentData(), rows, expected_version=self.programme_version))
        except ValueError:
            show_error(self, UserError(self.tr("Volume, unit cost and year must be numbers.")))
            return
        except ChangedElsewhere as error:
            self._table_conflict(error, [_programme_text(r) for r in rows], _stored_programme, self.load_programme,
                                 "programme_version", self.save_programme)
            return
        except UserError as error:
            show_error(self, error)
            return
        self.load_programme()

    # -- saving a table over someone else's change ---------------------------------------------------------
    def _saved_table(self, which: str, new_version: int) -> None:
        """After a save of one table: the other table, loaded at the version just saved over, is still current."""
        other = "programme_version" if which == "targets_version" else "targets_version"
        if getattr(self, other, None) == getattr(self, which):
            setattr(self, other, new_version)
        setattr(self, which, new_version)

    def _table_conflict(self, error: ChangedElsewhere, mine: list[str], stored: Any, reload: Any, which: str,
                        save: Any) -> None:
        """Someone else saved this document's tables meanwhile: reload theirs, or compare and save mine over it."""
        document_id = self.document.currentData()
        choice = resolve_rows(self, error, mine, lambda: stored(self.db, document_id))
        if choice is Choice.RELOAD:
            reload()
        elif choice is Choice.OVERWRITE:
            setattr(self, which, service.document_version(self.db, document_id))
            save()


def _figure(value: float | int | None) -> str:
    from bakti_desktop.reports.format import number

    return "" if value is None else number(value, 0 if float(value).is_integer() else 2)


def _target_text(row: dict[str, Any]) -> str:
    """A targets row as one line (for comparing with the stored table): indicator | baseline | year: target; …"""
    targets = "; ".join(f"{year}: {_figure(value)}" for year, value in sorted((int(y), v) for y, v in row["targets"].items()))
    return f"{row['indicator']} | {_figure(row.get('baseline'))} | {targets}"


def _stored_targets(db: Database, document_id: int) -> list[str] | None:
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        if document is None:
            return None
        return [_target_text({"indicator": t.indicator, "baseline": t.baseline, "targets": json.loads(t.targets or "{}")})
                for t in document.targets]


def _programme_text(row: dict[str, Any]) -> str:
    """A programme row as one line (for comparing with the stored table)."""
    from bakti_desktop.reports.format import money

    return " | ".join(str(part) for part in (
        row["program"], row["kegiatan"], row.get("lokasi") or "", row.get("satuan") or "", _figure(row["volume"]),
        money(row["unit_cost"]), row["sumber_dana"], row.get("opd") or "", row["tahun"]))


def _stored_programme(db: Database, document_id: int) -> list[str] | None:
    with db.session() as session:
        document = session.get(SssDocument, document_id)
        if document is None:
            return None
        return [_programme_text({k: getattr(r, k) for k in PROGRAMME_KEYS if k != "total"}) for r in document.programme]
