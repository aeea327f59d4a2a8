"""The mapping tab: the survey table with its filters, and the dashboard.

The survey form is a modal dialog that asks itself before anything typed is lost, so the page holds
no editor of its own (:meth:`MappingPage.editors` is empty).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop import regions
from bakti_desktop.errors import UserError
from bakti_desktop.mapping import queries, service
from bakti_desktop.mapping.fields import JENJANG_CODES
from bakti_desktop.mapping.indicators import DOMAINS, LEVELS
from bakti_desktop.mapping.models import School
from bakti_desktop.mapping.queries import SurveyFilter
from bakti_desktop.reports.format import date_short, number
from bakti_desktop.storage.audit import history
from bakti_desktop.storage import settings
from bakti_desktop.storage.database import Database
from ui.errors import show_error
from ui.mapping.dashboard import Dashboard
from ui.mapping.import_dialog import SurveyImport
from ui.mapping.labels import demo_menu_path, domain_text, level_text
from ui.mapping.survey_form import SurveyForm
from ui.mapping.table_model import SurveyTableModel
from ui.widgets.audit_table import AuditTable
from ui.widgets.files import ask_save_path, offer_open
from ui.widgets.regions import ChildCombo, KabupatenCombo
from ui.widgets.unsaved import Editor
from ui.workers import run_task

HEADER_KEY = "mapping/tableHeader2"  # "2": widths of the first version were too narrow for their texts
NAME_WIDTH = 300  # school names are long by nature: elided beyond this, whole in the tooltip
# ... and down to these when the other columns need the room (a 1366-px screen), names first
NAME_MINIMA = (("nama_sekolah", 170), ("kabupaten_code", 110), ("kecamatan_code", 110))
SEARCH_LIMIT = 5000  # rows looked through for a saved survey before narrowing the search to its NPSN


class MappingPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.inner = QTabWidget()
        self.inner.setDocumentMode(True)  # no frame: the register needs every pixel of a 1366-px screen
        layout.addWidget(self.inner)
        self.inner.addTab(self._build_table_page(), self.tr("Schools and surveys"))
        self.dashboard = Dashboard(db)
        self.inner.addTab(self.dashboard, self.tr("Dashboard"))
        home = settings.home_kabupaten(db)  # chosen on the first-run screen: the district this laptop works for
        if home:
            self.kabupaten.set_code(home)
            self.dashboard.kabupaten.set_code(home)

    def editors(self) -> list[Editor]:
        """Editors that may hold unsaved changes: none, the survey form is a modal dialog that asks itself."""
        return []

    # -- table page ---------------------------------------------------------------------------------------
    def _build_table_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(2, 6, 2, 2)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or NPSN…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        self.year = QComboBox()
        self.kabupaten = KabupatenCombo()
        self.kecamatan = ChildCombo(self.tr("All kecamatan"))
        self.jenjang = QComboBox()
        self.jenjang.addItem(self.tr("All levels"), None)
        for code in JENJANG_CODES:
            self.jenjang.addItem(code, code)
        self.ladder = QComboBox()
        self.ladder.addItem(self.tr("Any service level"), (None, None))
        for level in reversed(LEVELS):  # the worst first
            self.ladder.addItem(self.tr("{level} in any domain").format(level=level_text(level)), (None, level))
            for domain in DOMAINS:
                self.ladder.addItem(f"{domain_text(domain)}: {level_text(level)}", (domain, level))
        for combo in (self.year, self.jenjang, self.ladder):
            # Each shows its whole text ("Semua jenjang", "Semua tingkat layanan"): sized to its longest item.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.kabupaten, self.kecamatan):
            # The region pickers are wide enough for their "All …" item; long names are elided by nature.
            combo.setMinimumWidth(_text_width(combo, combo.itemText(0)) + 48)
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
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(100)  # the first page of rows, not the whole register
        saved = QSettings().value(HEADER_KEY)
        if saved:
            self._sized = header.restoreState(saved)
        self.view.doubleClicked.connect(lambda _i: self.edit_survey())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self._build_empty_hint())
        layout.addWidget(self.stack)

        buttons = QHBoxLayout()
        self.count_label = QLabel()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.selection_buttons: list[QPushButton] = []
        self.action_buttons: dict[str, QPushButton] = {}  # by the name of the slot they call
        for text, slot, key, needs_row in (
            (self.tr("&New survey…"), self.new_survey, None, False),
            (self.tr("&Edit…"), self.edit_survey, "Return", True),
            (self.tr("&History…"), self.show_history, "Ctrl+H", True),
            (self.tr("&Delete survey…"), self.delete_survey, "Delete", True),
            (self.tr("Delete s&chool…"), self.delete_school, "Shift+Delete", True),
            (self.tr("&Import workbook…"), self.import_workbook, None, False),
            (self.tr("Import histor&y…"), self.show_imports, None, False),
        ):
            button = QPushButton(text)
            # A lambda: Qt's clicked(bool) must never arrive as an argument (import_workbook takes a path).
            button.clicked.connect(lambda _checked=False, do=slot: do())
            buttons.addWidget(button)
            self.action_buttons[slot.__name__] = button
            if needs_row:
                self.selection_buttons.append(button)
            if key:
                QShortcut(QKeySequence(key), self.view).activated.connect(lambda do=slot: do())
        QShortcut(QKeySequence("Ctrl+Shift+N"), self).activated.connect(lambda: self.new_survey())
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(lambda: self.search.setFocus())
        layout.addLayout(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(lambda: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.kabupaten.changed.connect(self.kecamatan.set_parent_code)
        for combo in (self.year, self.jenjang, self.ladder):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.kecamatan.changed.connect(lambda _c: self.apply_filter())
        self.reload_years()
        return page

    def _build_empty_hint(self) -> QWidget:
        """What to do first, shown instead of the table while the database holds no survey."""
        hint = QFrame()
        hint.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(hint)
        column.addStretch(1)
        title = QLabel(self.tr("No school surveys yet"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        text = QLabel(self.tr(
            "Start by importing the survey workbooks the sanitarians filled in, or enter a survey by hand. "
            "The sanitarians can fill the blank survey template. To look around first, load the demonstration "
            "data: {menu} → {action}.").format(menu=demo_menu_path()[0], action=demo_menu_path()[1]))
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(620)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        column.addLayout(row)
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.hint_buttons: list[QPushButton] = []
        for label, slot in ((self.tr("Import a workbook…"), self.import_workbook),
                            (self.tr("Enter a survey…"), self.new_survey),
                            (self.tr("Save the blank template…"), self.write_template)):
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, do=slot: do())
            actions.addWidget(button)
            self.hint_buttons.append(button)
        actions.addStretch(1)
        column.addLayout(actions)
        column.addStretch(2)
        return hint

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
        self.stack.setCurrentIndex(0 if years else 1)
        self.apply_filter()

    def is_empty(self) -> bool:
        """True while the hint for an empty database is shown instead of the table."""
        return self.stack.currentIndex() == 1

    def current_filter(self) -> SurveyFilter:
        domain, level = self.ladder.currentData() or (None, None)
        return SurveyFilter(
            year=self.year.currentData(), kabupaten_code=self.kabupaten.code(), kecamatan_code=self.kecamatan.code(),
            jenjang=self.jenjang.currentData(), domain=domain, level=level, text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self.count_label.setText(self.tr("{n} surveys").format(n=number(self.model.rowCount())))
        if not self._sized and self.model.rowCount() and self.view.isVisible():
            self.size_columns()

    def size_columns(self) -> None:
        """Every column as wide as its header and its first rows. Names (school, kabupaten, kecamatan) are
        long by nature: when the table is too narrow for all, they give up room down to a minimum, elided
        with the whole name in the tooltip, so that no horizontal scrolling is needed."""
        self.view.resizeColumnsToContents()
        keys = SurveyTableModel.KEYS
        name = keys.index("nama_sekolah")
        self.view.setColumnWidth(name, min(self.view.columnWidth(name), NAME_WIDTH))
        # The room inside the frame, less a vertical scroll bar whether or not it shows yet.
        room = (self.view.width() - 2 * self.view.frameWidth()
                - self.view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.view))
        header = self.view.horizontalHeader()
        widths = [max(self.view.columnWidth(c), header.sectionSizeHint(c)) for c in range(self.model.columnCount())]
        widths[-1] = max(widths[-1], header.defaultSectionSize())  # the stretched last column is never narrower
        excess = sum(widths) - room
        for key, least in NAME_MINIMA:
            if excess <= 0:
                break
            column = keys.index(key)
            width = self.view.columnWidth(column)
            narrower = min(width, max(least, header.sectionSizeHint(column), width - excess))
            self.view.setColumnWidth(column, narrower)
            excess -= width - narrower
        self._sized = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized and self.model.rowCount():
            QTimer.singleShot(0, self._size_once)  # once the layout has given the table its width

    def _size_once(self) -> None:
        if not self._sized and self.model.rowCount():
            self.size_columns()

    def _update_buttons(self) -> None:
        selected = self.view.selectionModel().hasSelection()
        for button in self.selection_buttons:
            button.setEnabled(selected)

    def refresh(self) -> None:
        self.reload_years()
        self.dashboard.reload_years()

    def selected_row(self) -> dict[str, Any] | None:
        if not self.view.selectionModel().hasSelection():
            return None
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 10_000)

    # -- actions ------------------------------------------------------------------------------------------
    def new_survey(self) -> None:
        self._open_form(None)

    def edit_survey(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        self._open_form(row["survey_id"])

    def _open_form(self, survey_id: int | None) -> None:
        form = SurveyForm(self.db, survey_id=survey_id, parent=self)
        if form.exec() and form.outcome is not None:
            self.refresh()
            if form.survey_id is not None:  # always after a save: the form keeps the id it stored
                self.show_survey(form.survey_id, form.saved_year)
            school, year = form.saved_school, form.saved_year
            if form.outcome == "unchanged":
                self.status(self.tr("Nothing changed in the {year} survey of {school}.").format(school=school, year=year))
            else:
                self.status(self.tr("Saved the {year} survey of {school}.").format(school=school, year=year))

    def show_survey(self, survey_id: int, year: int | None) -> bool:
        """Select the survey in the table, switching the year filter to its year (and clearing the other
        filters if they hide it). True when it is selected."""
        if year is not None and self.year.currentData() not in (None, year):
            index = self.year.findData(year)
            if index >= 0:
                self.year.setCurrentIndex(index)  # refilters
        row = self._row_of(survey_id)
        if row is None:  # hidden by a region, level or text filter: show everything of that year
            for combo in (self.jenjang, self.ladder):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.kabupaten.blockSignals(True)
            self.kabupaten.setCurrentIndex(0)
            self.kabupaten.blockSignals(False)
            self.kecamatan.set_parent_code(None)
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.apply_filter()
            row = self._row_of(survey_id)
        if row is None:
            return False
        cell = self.model.index(row, SurveyTableModel.KEYS.index("nama_sekolah"))
        self.view.selectRow(row)
        self.view.setCurrentIndex(cell)
        self.view.scrollTo(cell, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _row_of(self, survey_id: int) -> int | None:
        count = self.model.rowCount()
        if count > SEARCH_LIMIT:
            return None
        for row in range(count):
            found = self.model.row(row)
            if found is not None and found["survey_id"] == survey_id:
                return row
        return None

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

    def show_imports(self) -> None:
        """The recent imports, where one can be undone."""
        from ui.mapping.import_history import ImportHistoryDialog

        self.imports_dialog = ImportHistoryDialog(self.db, self, on_undone=lambda: self.refresh())
        self.imports_dialog.exec()

    def _imported(self, result: dict[str, Any]) -> None:
        self.refresh()
        year = result.get("year")  # the newest year imported: shown, so that the table does not look unchanged
        if year is not None and (result["imported"] or result["updated"]) and self.year.currentData() not in (None, year):
            index = self.year.findData(year)
            if index >= 0:
                self.year.setCurrentIndex(index)  # refilters
        self.status("; ".join(self.tr("Sheet {sheet}, header in row {row}: {n} rows read").format(
            sheet=s["name"], row=s["header_row"], n=number(s["rows"])) for s in result.get("sheets", [])))
        text = self.tr("{imported} surveys added, {updated} updated, {unchanged} unchanged, {rejected} rows rejected.").format(
            imported=number(result["imported"]), updated=number(result["updated"]),
            unchanged=number(result["unchanged"]), rejected=number(len(result["rejected"])))
        if result.get("skipped"):
            text += "\n\n" + self.tr("{n} rows that would replace another school's survey were left out.").format(
                n=number(len(result["skipped"])))
        if result.get("batch") is not None:
            text += "\n\n" + self.tr("This was import number {n}; it can be undone from Import history.").format(
                n=result["batch"])
        QMessageBox.information(self, self.tr("Import finished"), text)

    def report_name(self, suffix: str) -> str:
        """"Pemetaan Sanitasi Sekolah Kabupaten Bone 2020.pdf": what, where and when."""
        years = service.years(self.db)
        year = self.year.currentData() or (max(years) if years else None)
        code = self.kabupaten.code()
        place = regions.region_name(code) if code else self.tr("South Sulawesi")
        parts = [self.tr("School Sanitation Mapping"), place] + ([str(year)] if year else [])
        return " ".join(parts) + "." + suffix

    def export_report(self, kind: str) -> None:
        from bakti_desktop.mapping.export import check_something_to_export, export_mapping

        if not service.years(self.db):
            show_error(self, UserError(self.tr("There are no surveys to report on yet. Import a survey workbook or "
                                               "enter a survey first.")))
            return
        year = self.year.currentData()
        kabupaten = self.kabupaten.code()
        try:  # nothing surveyed that year there: say so before asking where to save
            check_something_to_export(self.db, year, kabupaten)
        except UserError as error:
            show_error(self, error)
            return
        suffix = "xlsx" if kind == "xlsx" else "pdf"
        filters = self.tr("Excel workbook (*.xlsx)") if kind == "xlsx" else self.tr("PDF document (*.pdf)")
        path = ask_save_path(self, self.tr("Export mapping report"), self.report_name(suffix), filters)
        if path is None:
            return
        run_task(self, self.tr("Writing the report…"),
                 lambda task: export_mapping(self.db, path, year=year, kabupaten_code=kabupaten),
                 lambda out: offer_open(self, out), lambda error: show_error(self, error), cancellable=False)

    def write_template(self) -> None:
        from bakti_desktop.mapping.template import write_template

        path = ask_save_path(self, self.tr("Blank survey template"),
                             self.tr("School Sanitation Survey Template") + ".xlsx", self.tr("Excel workbook (*.xlsx)"))
        if path is None:
            return
        try:
            out = write_template(path)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        offer_open(self, out)

    def export_phone_form(self) -> None:
        """Ekspor → Formulir ponsel: for the kabupaten chosen in the filter, else this laptop's own."""
        from ui.mapping.phone_form import export_phone_form

        export_phone_form(self, self.kabupaten.code() or settings.home_kabupaten(self.db))

    def save_state(self) -> None:
        QSettings().setValue(HEADER_KEY, self.view.horizontalHeader().saveState())


def _text_width(widget: QWidget, text: str) -> int:
    return widget.fontMetrics().horizontalAdvance(text)


class HistoryDialog(QDialog):
    """The survey rounds of one school."""

    def __init__(self, db: Database, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Survey history — {school}").format(school=row["nama_sekolah"]))
        layout = QVBoxLayout(self)
        surveys = queries.history(db, row["school_id"])
        table = QTableWidget(len(surveys), 8)
        table.setHorizontalHeaderLabels([self.tr("Year"), self.tr("Survey date"), self.tr("Sanitarian"),
                                         domain_text("water"), domain_text("sanitation"), domain_text("hygiene"),
                                         self.tr("Toilets to build (B/G/T)"), self.tr("PHBS")])
        for r, s in enumerate(surveys):
            values = [str(s["year"]), date_short(s["tanggal_survei"]), s["enumerator"] or "",
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
