"""The twinning tab: the RKTL checklist grouped by mentee and topic, with dashboard, timeline and visits."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.reports.format import date_short
from bakti_desktop.storage.database import Database
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import ItemStatus, UnitRole, VisitKind
from ui.errors import show_error
from ui.twinning.item_panel import ItemPanel, narrow_combo
from ui.twinning.views import STATUS_COLORS, Dashboard, Timeline
from ui.widgets.combo import refill
from ui.widgets.dialogs import add_ok_cancel
from ui.widgets.files import ask_open_path, ask_save_path, offer_open, safe_name
from ui.widgets.scroll import scrollable
from ui.widgets.unsaved import Editor
from ui.workers import run_task

ITEM_ID = Qt.ItemDataRole.UserRole


def _children(node: QTreeWidgetItem | None) -> list[QTreeWidgetItem]:
    if node is None:
        return []
    return [child for i in range(node.childCount()) if (child := node.child(i)) is not None]


def short_unit_name(name: str) -> str:
    """"UPTD PAL Kota Palopo" -> "Kota Palopo": the place, for file names and tight spaces."""
    for prefix in ("UPTD PALD ", "UPTD PAL ", "UPTD "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


class TwinningPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._has_programmes = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.programme = narrow_combo(QComboBox(), 24)
        self.mentee = narrow_combo(QComboBox(), 12)
        self.topic = narrow_combo(QComboBox(), 10)
        self.status = narrow_combo(QComboBox(), 10)
        self.overdue = QCheckBox(self.tr("Overdue only"))
        label = QLabel(self.tr("Programme:"))
        label.setBuddy(self.programme)
        top.addWidget(label)
        top.addWidget(self.programme, 3)
        self.edit_programme_button = QPushButton(self.tr("Programme…"))
        self.edit_programme_button.setToolTip(self.tr("Edit the programme, its units and topics"))
        self.edit_programme_button.clicked.connect(lambda: self.edit_programme(self.programme.currentData()))
        self.new_programme_button = QPushButton(self.tr("New programme…"))
        self.new_programme_button.clicked.connect(lambda: self.edit_programme(None))
        top.addWidget(self.edit_programme_button)
        top.addWidget(self.new_programme_button)
        top.addSpacing(12)
        for widget in (self.mentee, self.topic, self.status):
            top.addWidget(widget, 2)
        top.addWidget(self.overdue)
        layout.addLayout(top)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.inner = QTabWidget()
        self.stack.addWidget(self.inner)
        self.empty = self._empty_hint()
        self.stack.addWidget(self.empty)

        checklist = QSplitter()
        checklist.setChildrenCollapsible(False)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("RKTL item"), self.tr("Status"), self.tr("Due"), self.tr("Evidence")])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column_number in (1, 2, 3):
            header.setSectionResizeMode(column_number, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setMinimumWidth(380)
        column.addWidget(self.tree)
        buttons = QGridLayout()
        self.new_item_button = QPushButton(self.tr("New item"))
        self.new_item_button.clicked.connect(lambda: self.new_item())
        self.import_button = QPushButton(self.tr("Import RKTL workbook…"))
        self.import_button.clicked.connect(lambda: self.import_rktl())
        self.template_button = QPushButton(self.tr("Blank RKTL workbook…"))
        self.template_button.setToolTip(self.tr("An empty RKTL workbook to fill in and import"))
        self.template_button.clicked.connect(lambda: self.write_template())
        self.check_button = QPushButton(self.tr("Check evidence files"))
        self.check_button.clicked.connect(lambda: self.check_evidence())
        self.report_button = QPushButton(self.tr("Monitoring report…"))
        self.report_button.setToolTip(self.tr("The RKTL monitoring report (PDF or Excel) of the programme, or of the "
                                              "mentee chosen above"))
        self.report_button.clicked.connect(lambda: self.export_report())
        for index, button in enumerate((self.new_item_button, self.import_button, self.template_button,
                                        self.check_button, self.report_button)):
            buttons.addWidget(button, index // 3, index % 3)
        column.addLayout(buttons)
        checklist.addWidget(left)
        self.panel = ItemPanel(db)
        self.panel_area = scrollable(self.panel)
        checklist.addWidget(self.panel_area)
        checklist.setStretchFactor(0, 1)
        checklist.setStretchFactor(1, 1)
        checklist.setSizes([600, 700])
        self.inner.addTab(checklist, self.tr("Checklist"))
        self.dashboard = Dashboard(db)
        self.inner.addTab(self.dashboard, self.tr("Dashboard"))
        self.timeline = Timeline()
        self.inner.addTab(self.timeline, self.tr("Timeline"))
        self.inner.addTab(self._visits_tab(), self.tr("Visits and meetings"))

        self.programme.currentIndexChanged.connect(lambda _i: self.programme_changed())
        for combo in (self.mentee, self.topic, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.refresh_items())
        self.overdue.toggled.connect(lambda _b: self.refresh_items())
        self.tree.currentItemChanged.connect(lambda current, _previous: self._item_chosen(current))
        self.panel.changed.connect(lambda: self.refresh_items())
        self.refresh()

    def _empty_hint(self) -> QWidget:
        """What to do first on an empty database."""
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        text = QLabel(self.tr(
            "<h3>No twinning programme yet</h3>"
            "<p>Start in one of these ways:</p>"
            "<ol><li><b>New programme…</b>: name the programme and enter its mentor and mentee units and its topics. "
            "Then add RKTL items one by one, or import the mentees' RKTL workbook "
            "(<b>Import RKTL workbook…</b>; a blank workbook to fill in is below).</li>"
            "<li><b>Load the demonstration data</b> to try the workspace with the Sulawesi Selatan 2020 "
            "example.</li></ol>"))
        text.setWordWrap(True)
        text.setFixedWidth(min(640, text.fontMetrics().averageCharWidth() * 90))
        centred = QHBoxLayout()  # not an alignment flag: with it the wrapped text would get too little height
        centred.addStretch(1)
        centred.addWidget(text)
        centred.addStretch(1)
        outer.addLayout(centred)
        row = QHBoxLayout()
        row.addStretch(1)
        for caption, slot in ((self.tr("New programme…"), lambda: self.edit_programme(None)),
                              (self.tr("Load the demonstration data"), lambda: self.load_demo()),
                              (self.tr("Blank RKTL workbook…"), lambda: self.write_template())):
            button = QPushButton(caption)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        return page

    # -- the Editor contract with the main window --------------------------------------------------------
    def editors(self) -> list[Editor]:
        """The editors that may hold unsaved changes: the RKTL item panel."""
        return [self.panel]

    # -- programme and filters ----------------------------------------------------------------------------
    def refresh(self) -> None:
        programmes = service.programmes(self.db)
        self._has_programmes = bool(programmes)
        wanted = self.panel.programme_id if self.panel.programme_id is not None else self.programme.currentData()
        refill(self.programme, ((p["name"], p["id"]) for p in programmes), wanted)
        self.stack.setCurrentWidget(self.inner if programmes else self.empty)
        self.programme_changed()

    def programme_changed(self) -> None:
        programme = self.programme.currentData()
        if programme != self.panel.programme_id and self.panel.programme_id is not None:
            if not self.panel.settle():  # Cancel: stay with the programme of the item being edited
                self.programme.blockSignals(True)
                self.programme.setCurrentIndex(self.programme.findData(self.panel.programme_id))
                self.programme.blockSignals(False)
                return
            self.panel.clear()
        keep = {combo: combo.currentData() for combo in (self.mentee, self.topic, self.status)}
        for combo in keep:
            combo.blockSignals(True)
            combo.clear()
        self.mentee.addItem(self.tr("All mentees"), None)
        self.topic.addItem(self.tr("All topics"), None)
        self.status.addItem(self.tr("Any status"), None)
        for code, label in ItemStatus.choices():
            self.status.addItem(label, code)
        mentees = service.units(self.db, programme, UnitRole.MENTEE) if programme is not None else []
        topics = service.topics(self.db, programme) if programme is not None else []
        for unit in mentees:
            self.mentee.addItem(unit["name"], unit["id"])
        for topic in topics:
            self.topic.addItem(self.panel.topic_label(topic["number"]), topic["id"])
            self.topic.setItemData(self.topic.count() - 1, self.panel.topic_label(topic["number"], topic["name"]),
                                   Qt.ItemDataRole.ToolTipRole)
        for combo, value in keep.items():
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        has = programme is not None
        self.edit_programme_button.setEnabled(has)
        for widget in (self.mentee, self.topic, self.status, self.overdue, self.import_button, self.report_button):
            widget.setEnabled(has)
        self.new_item_button.setEnabled(has and bool(mentees) and bool(topics))
        self.new_item_button.setToolTip("" if not has or (mentees and topics) else self.tr(
            "Enter the programme's mentees and topics first (Programme…)"))
        self.add_visit_button.setEnabled(has)
        self.panel.set_programme(programme)
        self.refresh_items()
        self.refresh_visits()

    def refresh_items(self) -> None:
        programme = self.programme.currentData()
        selected = self.panel.item_id
        self.tree.blockSignals(True)
        self.tree.clear()
        if programme is None:
            self.tree.blockSignals(False)
            self.dashboard.refresh(None)
            self.timeline.canvas.set_rows([])
            return
        rows = service.items(self.db, programme, mentee_id=self.mentee.currentData(), topic_id=self.topic.currentData(),
                             status=self.status.currentData(), overdue_only=self.overdue.isChecked())
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in rows:
            topic = self.panel.topic_label(row["topic_number"], row["topic_name"])
            groups.setdefault((row["mentee_name"], topic), []).append(row)
        mentee_nodes: dict[str, QTreeWidgetItem] = {}
        chosen = None
        for (mentee, topic), members in groups.items():
            parent = mentee_nodes.get(mentee)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [mentee])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFirstColumnSpanned(True)
                mentee_nodes[mentee] = parent
            node = QTreeWidgetItem(parent, [topic])
            node.setToolTip(0, topic)
            counted = [m for m in members if m["status"] != ItemStatus.CANCELLED]
            done = sum(1 for m in counted if m["status"] == ItemStatus.DONE)
            bar = QProgressBar()
            bar.setRange(0, max(1, len(counted)))
            bar.setValue(done)
            bar.setFormat(f"{done}/{len(counted)}")
            bar.setMaximumHeight(16)
            bar.setToolTip(self.tr("{done} of {n} items done").format(done=done, n=len(counted)))
            self.tree.setItemWidget(node, 1, bar)
            for m in members:
                leaf = QTreeWidgetItem(node, [m["activity"], ItemStatus.label_of(m["status"]), date_short(m["planned_end"]),
                                              str(m["evidence_count"])])
                leaf.setData(0, ITEM_ID, m["id"])
                leaf.setForeground(1, QBrush(STATUS_COLORS[m["status"]].darker(130)))
                leaf.setToolTip(0, m["activity"])
                leaf.setTextAlignment(3, Qt.AlignmentFlag.AlignCenter)
                if m["overdue"]:
                    leaf.setForeground(2, QBrush(QColor("#C62828")))
                    leaf.setToolTip(2, self.tr("Overdue"))
                if m["id"] == selected:
                    chosen = leaf
        for node in mentee_nodes.values():
            self.tree.expandItem(node)
            for child in _children(node):
                self.tree.expandItem(child)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)
        self.dashboard.refresh(programme)
        self.timeline.canvas.set_rows(rows)

    def _leaf(self, item_id: int | None) -> QTreeWidgetItem | None:
        if item_id is None:
            return None
        for i in range(self.tree.topLevelItemCount()):
            for topic in _children(self.tree.topLevelItem(i)):
                for leaf in _children(topic):
                    if leaf.data(0, ITEM_ID) == item_id:
                        return leaf
        return None

    def _select(self, item_id: int | None) -> None:
        """Mark ``item_id`` as the current row without loading it again."""
        self.tree.blockSignals(True)
        leaf = self._leaf(item_id)
        if leaf is not None:
            self.tree.setCurrentItem(leaf)
        else:
            self.tree.setCurrentIndex(QModelIndex())  # no current row (what setCurrentItem(None) does)
            self.tree.clearSelection()
        self.tree.blockSignals(False)

    def _item_chosen(self, item: QTreeWidgetItem | None) -> None:
        item_id = item.data(0, ITEM_ID) if item else None
        if item_id is None or item_id == self.panel.item_id:
            return  # a mentee or topic row, or the item already shown (perhaps with typed changes)
        shown = self.panel.item_id
        if not self.panel.settle():  # Cancel, or the save was refused: back to the item being edited
            self._select(shown)
            # Again once the click that chose the other row is over: its release would select that row.
            QTimer.singleShot(0, lambda: self._select(self.panel.item_id))
            return
        self.panel.load(item_id)  # a save above may have rebuilt the tree: mark the item chosen again
        self._select(item_id)

    # -- actions ------------------------------------------------------------------------------------------
    def new_item(self) -> None:
        if self.programme.currentData() is None or not self.panel.settle():
            return
        self._select(None)
        self.panel.new_item(self.topic.currentData(), self.mentee.currentData())

    def edit_programme(self, programme_id: int | None) -> None:
        from ui.twinning.programme_dialog import ProgrammeDialog

        dialog = ProgrammeDialog(self.db, programme_id, self)
        if dialog.exec():
            refill(self.programme, ((p["name"], p["id"]) for p in service.programmes(self.db)), dialog.programme_id)
            self._has_programmes = True
            self.stack.setCurrentWidget(self.inner)
            self.programme_changed()

    def load_demo(self) -> None:
        """The demonstration data, through the main window (all workspaces) when there is one."""
        window = self.window()
        if hasattr(window, "load_demo") and window is not self:
            window.load_demo()
            return
        from bakti_desktop.demo import load_demo

        load_demo(self.db)
        self.refresh()

    def check_evidence(self) -> None:
        problems = service.check_evidence(self.db)
        if not problems:
            QMessageBox.information(self, self.tr("Evidence files"), self.tr("All evidence files are present and unchanged."))
            return
        lines = "\n".join(f"• {p['title']}: {p['problem']}" for p in problems[:40])
        QMessageBox.warning(self, self.tr("Evidence files"),
                            self.tr("{n} evidence files are missing or were altered:").format(n=len(problems)) + "\n\n" + lines)

    def import_rktl(self, path: str | Path | None = None) -> None:
        """Read an RKTL workbook into the chosen programme: the good rows after a look at the rejected ones."""
        from bakti_desktop.twinning.workbook import apply_rktl, plan_rktl

        programme = self.programme.currentData()
        if programme is None:
            return
        if path is None:
            path = ask_open_path(self, self.tr("Import RKTL workbook"),
                                 self.tr("Excel workbook (*.xlsx *.xls *.ods)"))
            if path is None:
                return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            plan = plan_rktl(self.db, Path(path), programme)
        except Exception as error:  # noqa: BLE001 - shown to the user
            QApplication.restoreOverrideCursor()
            show_error(self, error)
            return
        QApplication.restoreOverrideCursor()
        lines = [self.tr("Row {row} [{column}]: {message}").format(**r) for r in plan.rejected[:30]]
        if len(plan.rejected) > 30:
            lines.append(self.tr("… and {n} more").format(n=len(plan.rejected) - 30))
        lines += plan.warnings
        text = self.tr("{n} rows can be added; {r} rows are rejected.").format(n=len(plan.good), r=len(plan.rejected))
        details = "\n\n" + "\n".join(lines) if lines else ""
        if not plan.good:
            QMessageBox.warning(self, self.tr("Import RKTL"), text + details)
            return
        answer = QMessageBox.question(self, self.tr("Import RKTL"), text + details + "\n\n"
                                      + self.tr("Add the good rows now?"))
        if answer == QMessageBox.StandardButton.Yes:
            added = apply_rktl(self.db, plan)
            self.refresh_items()
            self._status_message(self.tr("{n} RKTL items added from {name}").format(n=added, name=Path(path).name))

    def _status_message(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar") and window is not self:
            window.statusBar().showMessage(text, 8000)

    def report_name(self) -> str:
        """A file name people recognise: "RKTL Twinning UPTD PALD Sulawesi Selatan 2020", or per mentee."""
        programme = self.programme.currentText().strip()
        title = programme if programme.upper().startswith("RKTL") else f"RKTL {programme}"
        if self.mentee.currentData():
            title += f" - {short_unit_name(self.mentee.currentText())}"
        return safe_name(title)

    def export_report(self) -> None:
        """The RKTL monitoring report of the programme (or of the chosen mentee) as PDF or Excel."""
        from bakti_desktop.twinning.export import export_rktl

        programme = self.programme.currentData()
        if programme is None:
            show_error(self, UserError(self.tr("Create a twinning programme first.")))
            return
        mentee = self.mentee.currentText() if self.mentee.currentData() else None
        as_of = ask_report_date(self)
        if as_of is None:
            return
        path = ask_save_path(self, self.tr("Monitoring report"), self.report_name() + ".pdf",
                             self.tr("PDF document (*.pdf);;Excel workbook (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() not in (".pdf", ".xlsx"):
            path = path.with_name(path.name + ".pdf")
        run_task(self, self.tr("Writing the report…"),
                 lambda task: export_rktl(self.db, path, mentee=mentee, programme_id=programme, as_of=as_of),
                 lambda out: offer_open(self, out), lambda error: show_error(self, error), cancellable=False)

    def write_template(self) -> None:
        """A blank RKTL workbook to fill in and import."""
        from bakti_desktop.twinning.workbook import write_template

        path = ask_save_path(self, self.tr("Blank RKTL workbook"), self.tr("RKTL workbook (blank).xlsx"),
                             self.tr("Excel workbook (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            write_template(path)
        except (OSError, UserError) as error:
            show_error(self, error)
            return
        offer_open(self, path)

    # -- visits -------------------------------------------------------------------------------------------
    def _visits_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.visits = QTableWidget(0, 6)
        self.visits.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Kind"), self.tr("Place or platform"),
                                               self.tr("Participants"), self.tr("Topics"), self.tr("Outputs")])
        self.visits.verticalHeader().hide()
        self.visits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visits.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.visits)
        self.add_visit_button = QPushButton(self.tr("New visit or meeting…"))
        self.add_visit_button.clicked.connect(lambda: self.new_visit())
        layout.addWidget(self.add_visit_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def refresh_visits(self) -> None:
        programme = self.programme.currentData()
        rows = service.visits(self.db, programme) if programme else []
        self.visits.setRowCount(len(rows))
        for r, v in enumerate(rows):
            values = [date_short(v["visit_date"]), VisitKind.label_of(v["kind"]), v["place"] or "",
                      self.tr("{n} (M {m}, F {f})").format(n=v["male"] + v["female"], m=v["male"], f=v["female"]),
                      v["topics"] or "", v["outputs"] or ""]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.visits.setItem(r, c, cell)
        self.visits.resizeColumnsToContents()

    def new_visit(self) -> None:
        programme = self.programme.currentData()
        if programme is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("New visit or meeting"))
        form = QFormLayout(dialog)
        day = QDateEdit(QDate.currentDate())
        day.setCalendarPopup(True)
        day.setDisplayFormat("dd/MM/yyyy")
        kind = QComboBox()
        for code, label in VisitKind.choices():
            kind.addItem(label, code)
        place = QLineEdit()
        male, female = QSpinBox(), QSpinBox()
        for spin, prefix in ((male, self.tr("M ")), (female, self.tr("F "))):
            spin.setRange(0, 10000)
            spin.setPrefix(prefix)
        topics, outputs = QLineEdit(), QLineEdit()
        form.addRow(self.tr("Date:"), day)
        form.addRow(self.tr("Kind:"), kind)
        form.addRow(self.tr("Place or platform:"), place)
        counts = QHBoxLayout()
        counts.addWidget(male)
        counts.addWidget(female)
        form.addRow(self.tr("Participants:"), counts)
        form.addRow(self.tr("Topics:"), topics)
        form.addRow(self.tr("Outputs:"), outputs)
        add_ok_cancel(dialog, form)
        if not dialog.exec():
            return
        try:
            service.save_visit(self.db, programme, {
                "visit_date": day.date().toPython(), "kind": kind.currentData(), "place": place.text().strip() or None,
                "male": male.value(), "female": female.value(), "topics": topics.text().strip() or None,
                "outputs": outputs.text().strip() or None})
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self.refresh_visits()
        self.panel.set_programme(programme)


class ReportDateDialog(QDialog):
    """The date the RKTL report stands on: items past their planned end on it are late (default today)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report date"))
        self.setMinimumWidth(380)
        form = QFormLayout(self)
        note = QLabel(self.tr("The report shows the items as they stand on this date: an open item past its "
                              "planned end on it is marked late."))
        note.setWordWrap(True)
        form.addRow(note)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("Report date"), self.day)
        add_ok_cancel(self, form)

    def chosen(self) -> date:
        day = self.day.date()
        return date(day.year(), day.month(), day.day())


def ask_report_date(parent: QWidget) -> date | None:
    """The report date chosen, or None when the person cancels."""
    dialog = ReportDateDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()
