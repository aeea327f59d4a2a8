"""The mapping tab: the survey table with its filters, and the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.mapping import queries, service
from bakti_desktop.mapping.fields import JENJANG_CODES
from bakti_desktop.mapping.models import School
from bakti_desktop.mapping.queries import SurveyFilter
from bakti_desktop.storage.audit import history
from bakti_desktop.storage.database import Database
from ui.errors import show_error
from ui.mapping.dashboard import Dashboard
from ui.mapping.import_dialog import SurveyImport
from ui.mapping.labels import domain_text, level_text
from ui.mapping.survey_form import SurveyForm
from ui.mapping.table_model import SurveyTableModel
from ui.widgets.audit_table import AuditTable
from ui.widgets.regions import ChildCombo, KabupatenCombo
from ui.workers import run_task

HEADER_KEY = "mapping/tableHeader"
DEFAULT_WIDTHS = (80, 250, 60, 170, 130, 50, 60, 135, 135, 135, 165, 50, 70)


def home_kabupaten(db: Database) -> str | None:
    from bakti_desktop.storage.settings import get_setting

    with db.session() as session:
        return get_setting(session, "home.kabupaten")


class MappingPage(QWidget):
    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        self.inner = QTabWidget()
        layout.addWidget(self.inner)
        self.inner.addTab(self._build_table_page(), self.tr("Schools and surveys"))
        self.dashboard = Dashboard(db)
        self.inner.addTab(self.dashboard, self.tr("Dashboard"))
        home = home_kabupaten(db)  # chosen on the first-run screen: the district this laptop works for
        if home:
            self.kabupaten.set_code(home)
            self.dashboard.kabupaten.set_code(home)

    # -- table page ---------------------------------------------------------------------------------------
    def _build_table_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or NPSN…"))
        self.search.setClearButtonEnabled(True)
        self.year = QComboBox()
        self.kabupaten = KabupatenCombo()
        self.kecamatan = ChildCombo(self.tr("All kecamatan"))
        self.jenjang = QComboBox()
        self.jenjang.addItem(self.tr("All levels"), None)
        for code in JENJANG_CODES:
            self.jenjang.addItem(code, code)
        self.ladder = QComboBox()
        self.ladder.addItem(self.tr("Any service level"), (None, None))
        for level in ("none", "limited", "basic"):
            self.ladder.addItem(self.tr("{level} in any domain").format(level=level_text(level)), (None, level))
            for domain in ("water", "sanitation", "hygiene"):
                self.ladder.addItem(f"{domain_text(domain)}: {level_text(level)}", (domain, level))
        for combo in (self.year, self.jenjang, self.ladder):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.ladder.setMinimumContentsLength(14)
        self.kabupaten.setMinimumContentsLength(20)
        for widget in (self.search, self.year, self.kabupaten, self.kecamatan, self.jenjang, self.ladder):
            filters.addWidget(widget)
        filters.setStretch(0, 2)
        layout.addLayout(filters)

        self.model = SurveyTableModel(self.db, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(DEFAULT_WIDTHS):
            self.view.setColumnWidth(column, width)
        saved = QSettings().value(HEADER_KEY)
        if saved:
            header.restoreState(saved)
        self.view.doubleClicked.connect(lambda _i: self.edit_survey())
        layout.addWidget(self.view)

        buttons = QHBoxLayout()
        self.count_label = QLabel()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        for text, slot, tip in (
            (self.tr("&New survey…"), self.new_survey, "Ctrl+N"),
            (self.tr("&Edit…"), self.edit_survey, "Return"),
            (self.tr("&History…"), self.show_history, "Ctrl+H"),
            (self.tr("&Delete survey…"), self.delete_survey, "Delete"),
            (self.tr("Delete s&chool…"), self.delete_school, "Shift+Delete"),
            (self.tr("&Import workbook…"), self.import_workbook, None),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            if tip and tip not in ("Ctrl+N",):
                QShortcut(QKeySequence(tip), self.view, activated=slot)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self.new_survey)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        layout.addLayout(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.kabupaten.changed.connect(self.kecamatan.set_parent_code)
        for combo in (self.year, self.jenjang, self.ladder):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.kecamatan.changed.connect(lambda _c: self.apply_filter())
        self.reload_years()
        return page

    def reload_years(self) -> None:
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        years = service.years(self.db)
        for year in years:
            self.year.addItem(self.tr("Year {y}").format(y=year), year)
        self.year.addItem(self.tr("All years"), None)
        index = self.year.findData(current) if current is not None else 0
        self.year.setCurrentIndex(max(0, index))
        self.year.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> SurveyFilter:
        domain, level = self.ladder.currentData() or (None, None)
        return SurveyFilter(
            year=self.year.currentData(), kabupaten_code=self.kabupaten.code(), kecamatan_code=self.kecamatan.code(),
            jenjang=self.jenjang.currentData(), domain=domain, level=level, text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self.count_label.setText(self.tr("{n} surveys").format(n=self.model.rowCount()))

    def refresh(self) -> None:
        self.reload_years()
        self.dashboard.reload_years()

    def selected_row(self) -> dict[str, Any] | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    # -- actions ------------------------------------------------------------------------------------------
    def new_survey(self) -> None:
        form = SurveyForm(self.db, parent=self)
        if form.exec():
            self.refresh()

    def edit_survey(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        form = SurveyForm(self.db, survey_id=row["survey_id"], parent=self)
        if form.exec():
            self.refresh()

    def delete_survey(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete survey"),
            self.tr("Move the {year} survey of {school} ({npsn}) to the trash? It can be restored from "
                    "Database → Trash.").format(
                year=row["year"], school=row["nama_sekolah"], npsn=row["npsn"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            service.delete_survey(self.db, row["survey_id"])
            self.refresh()

    def delete_school(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete school"),
            self.tr("Move {school} ({npsn}) and all its surveys, of every year, to the trash? They can be "
                    "restored from Database → Trash.").format(school=row["nama_sekolah"], npsn=row["npsn"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            service.delete_school(self.db, row["school_id"])
            self.refresh()

    def show_history(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        HistoryDialog(self.db, row, self).exec()

    def import_workbook(self, path: str | None = None) -> None:
        self.importer = SurveyImport(self.db, self, self._imported)
        self.importer.start(path)

    def _imported(self, result: dict[str, Any]) -> None:
        self.refresh()
        QMessageBox.information(
            self, self.tr("Import finished"),
            self.tr("{imported} surveys added, {updated} updated, {unchanged} unchanged, {rejected} rows rejected.").format(
                imported=result["imported"], updated=result["updated"], unchanged=result["unchanged"],
                rejected=len(result["rejected"])),
        )

    def export_report(self, kind: str) -> None:
        from bakti_desktop.mapping.export import export_mapping

        year = self.year.currentData()
        kabupaten = self.kabupaten.code()
        suffix = "xlsx" if kind == "xlsx" else "pdf"
        name = f"pemetaan-sanitasi-sekolah{'-' + str(year) if year else ''}.{suffix}"
        filters = self.tr("Excel workbook (*.xlsx)") if kind == "xlsx" else self.tr("PDF document (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export mapping report"), name, filters)
        if not path:
            return
        run_task(self, self.tr("Writing the report…"),
                 lambda task: export_mapping(self.db, Path(path), year=year, kabupaten_code=kabupaten),
                 lambda out: QMessageBox.information(self, self.tr("Report written"), str(out)),
                 lambda error: show_error(self, error), cancellable=False)

    def write_template(self) -> None:
        from bakti_desktop.mapping.template import write_template

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Blank survey template"), "templat-survei-sanitasi-sekolah.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            try:
                write_template(Path(path))
            except Exception as error:  # noqa: BLE001 - shown to the user
                show_error(self, error)

    def save_state(self) -> None:
        QSettings().setValue(HEADER_KEY, self.view.horizontalHeader().saveState())


class HistoryDialog(QDialog):
    """The survey rounds of one school."""

    def __init__(self, db: Database, row: dict[str, Any], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(self.tr("Survey history — {school}").format(school=row["nama_sekolah"]))
        layout = QVBoxLayout(self)
        surveys = queries.history(db, row["school_id"])
        table = QTableWidget(len(surveys), 8)
        table.setHorizontalHeaderLabels([self.tr("Year"), self.tr("Survey date"), self.tr("Sanitarian"),
                                         domain_text("water"), domain_text("sanitation"), domain_text("hygiene"),
                                         self.tr("Toilets to build (B/G/T)"), self.tr("PHBS")])
        for r, s in enumerate(surveys):
            values = [str(s["year"]), s["tanggal_survei"].strftime("%d/%m/%Y"), s["enumerator"] or "",
                      level_text(s["water_level"]), level_text(s["sanitation_level"]), level_text(s["hygiene_level"]),
                      f"{s['build_boys']}/{s['build_girls']}/{s['build_teachers']}", f"{s['phbs_score']}/8"]
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(QLabel(f"<b>{row['nama_sekolah']}</b> — NPSN {row['npsn']}"))
        layout.addWidget(table)
        layout.addWidget(QLabel(self.tr("Changes (who changed what, and when):")))
        changes = AuditTable()
        changes.fill(history(db, School, row["school_id"]))  # the school and its surveys
        layout.addWidget(changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 520)
