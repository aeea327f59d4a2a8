"""The twinning tab: the RKTL checklist grouped by mentee and topic, with dashboard, timeline and visits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
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

from bakti_desktop.storage.database import Database
from bakti_desktop.twinning import service
from bakti_desktop.twinning.models import STATUSES
from ui.errors import show_error
from ui.widgets.dialogs import add_ok_cancel
from ui.twinning.item_panel import ItemPanel
from ui.twinning.views import STATUS_COLORS, Dashboard, Timeline
from ui.widgets.combo import refill
from ui.widgets.scroll import scrollable
from ui.workers import run_task


class TwinningPage(QWidget):
    def __init__(self, db: Database, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.programme = QComboBox()
        self.mentee = QComboBox()
        self.topic = QComboBox()
        self.status = QComboBox()
        self.overdue = QCheckBox(self.tr("Overdue only"))
        top.addWidget(QLabel(self.tr("Programme:")))
        top.addWidget(self.programme, 2)
        edit = QPushButton(self.tr("Programme…"))
        edit.setToolTip(self.tr("Edit the programme, its units and topics"))
        edit.clicked.connect(lambda: self.edit_programme(self.programme.currentData()))
        new = QPushButton(self.tr("New programme…"))
        new.clicked.connect(lambda: self.edit_programme(None))
        top.addWidget(edit)
        top.addWidget(new)
        for widget in (self.mentee, self.topic, self.status, self.overdue):
            top.addWidget(widget, 1)
        layout.addLayout(top)
        self.inner = QTabWidget()
        layout.addWidget(self.inner)

        checklist = QSplitter()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("RKTL item"), self.tr("Status"), self.tr("Due"), self.tr("Evidence")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        for column_number, width in ((1, 150), (2, 90), (3, 60)):
            self.tree.setColumnWidth(column_number, width)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        column.addWidget(self.tree)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("New item"), self.new_item), (self.tr("Import RKTL workbook…"), self.import_rktl),
                           (self.tr("Check evidence files"), self.check_evidence),
                           (self.tr("Monitoring report…"), self.export_report)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        column.addLayout(buttons)
        checklist.addWidget(left)
        self.panel = ItemPanel(db)
        checklist.addWidget(scrollable(self.panel))
        checklist.setSizes([640, 560])
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
        self.tree.currentItemChanged.connect(self._item_chosen)
        self.panel.changed.connect(self.refresh_items)
        self.refresh()

    # -- programme and filters ----------------------------------------------------------------------------
    def refresh(self) -> None:
        refill(self.programme, ((p["name"], p["id"]) for p in service.programmes(self.db)))
        self.programme_changed()

    def programme_changed(self) -> None:
        programme = self.programme.currentData()
        for combo in (self.mentee, self.topic, self.status):
            combo.blockSignals(True)
            combo.clear()
        self.mentee.addItem(self.tr("All mentees"), None)
        self.topic.addItem(self.tr("All topics"), None)
        self.status.addItem(self.tr("Any status"), None)
        labels = self.panel.status_labels()
        for code in STATUSES:
            self.status.addItem(labels[code], code)
        if programme is not None:
            for unit in service.units(self.db, programme, "mentee"):
                self.mentee.addItem(unit["name"], unit["id"])
            for topic in service.topics(self.db, programme):
                self.topic.addItem(f"Topik {topic['number']}", topic["id"])
        for combo in (self.mentee, self.topic, self.status):
            combo.blockSignals(False)
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
            return
        rows = service.items(self.db, programme, mentee_id=self.mentee.currentData(), topic_id=self.topic.currentData(),
                             status=self.status.currentData(), overdue_only=self.overdue.isChecked())
        labels = self.panel.status_labels()
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault((row["mentee_name"], f"Topik {row['topic_number']}: {row['topic_name']}"), []).append(row)
        mentee_nodes: dict[str, QTreeWidgetItem] = {}
        chosen = None
        for (mentee, topic), members in groups.items():
            parent = mentee_nodes.get(mentee)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [mentee])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                mentee_nodes[mentee] = parent
            node = QTreeWidgetItem(parent, [topic])
            counted = [m for m in members if m["status"] != "dibatalkan"]
            done = sum(1 for m in counted if m["status"] == "selesai")
            bar = QProgressBar()
            bar.setRange(0, max(1, len(counted)))
            bar.setValue(done)
            bar.setFormat(f"{done}/{len(counted)}")
            bar.setMaximumHeight(16)
            self.tree.setItemWidget(node, 1, bar)
            for m in members:
                leaf = QTreeWidgetItem(node, [m["activity"], labels[m["status"]],
                                              m["planned_end"].strftime("%d/%m/%Y") if m["planned_end"] else "",
                                              str(m["evidence_count"])])
                leaf.setData(0, Qt.ItemDataRole.UserRole, m["id"])
                leaf.setForeground(1, QBrush(STATUS_COLORS[m["status"]].darker(130)))
                leaf.setToolTip(0, m["activity"])
                if m["overdue"]:
                    leaf.setForeground(2, QBrush(QColor("#C62828")))
                    leaf.setToolTip(2, self.tr("Overdue"))
                if m["id"] == selected:
                    chosen = leaf
        for node in mentee_nodes.values():
            self.tree.expandItem(node)
            for i in range(node.childCount()):
                self.tree.expandItem(node.child(i))
        self.tree.blockSignals(False)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self.dashboard.refresh(programme)
        self.timeline.canvas.set_rows(rows)

    def _item_chosen(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        item_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if item_id is not None:
            self.panel.load(item_id)

    # -- actions ------------------------------------------------------------------------------------------
    def new_item(self) -> None:
        if self.programme.currentData() is None:
            return
        self.panel.new_item()
        if self.mentee.currentData():
            self.panel.mentee.setCurrentIndex(self.panel.mentee.findData(self.mentee.currentData()))
        if self.topic.currentData():
            self.panel.topic.setCurrentIndex(self.panel.topic.findData(self.topic.currentData()))

    def edit_programme(self, programme_id: int | None) -> None:
        from ui.twinning.programme_dialog import ProgrammeDialog

        dialog = ProgrammeDialog(self.db, programme_id, self)
        if dialog.exec():
            refill(self.programme, ((p["name"], p["id"]) for p in service.programmes(self.db)), dialog.programme_id)
            self.programme_changed()

    def check_evidence(self) -> None:
        problems = service.check_evidence(self.db)
        if not problems:
            QMessageBox.information(self, self.tr("Evidence files"), self.tr("All evidence files are present and unchanged."))
            return
        lines = "\n".join(f"• {p['title']}: {p['problem']}" for p in problems[:40])
        QMessageBox.warning(self, self.tr("Evidence files"),
                            self.tr("{n} evidence files are missing or were altered:").format(n=len(problems)) + "\n\n" + lines)

    def import_rktl(self, path: str | None = None) -> None:
        from bakti_desktop.twinning.workbook import apply_rktl, plan_rktl

        programme = self.programme.currentData()
        if programme is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import RKTL workbook"), "",
                                                  self.tr("Excel workbook (*.xlsx *.xls *.ods)"))
            if not path:
                return
        try:
            plan = plan_rktl(self.db, Path(path), programme)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        lines = [f"{self.tr('Row')} {r['row']} [{r['column']}]: {r['message']}" for r in plan.rejected[:30]]
        text = self.tr("{n} rows can be added; {r} rows are rejected.").format(n=len(plan.good), r=len(plan.rejected))
        answer = QMessageBox.question(self, self.tr("Import RKTL"), text + ("\n\n" + "\n".join(lines) if lines else "")
                                      + "\n\n" + self.tr("Add the good rows now?"))
        if answer == QMessageBox.StandardButton.Yes and plan.good:
            apply_rktl(self.db, plan)
            self.refresh_items()

    def export_report(self) -> None:
        from bakti_desktop.twinning.export import export_rktl

        mentee = self.mentee.currentText() if self.mentee.currentData() else None
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Monitoring report"), "laporan-rktl.pdf",
                                              self.tr("PDF document (*.pdf);;Excel workbook (*.xlsx)"))
        if path:
            run_task(self, self.tr("Writing the report…"), lambda task: export_rktl(self.db, Path(path), mentee=mentee),
                     lambda out: QMessageBox.information(self, self.tr("Report written"), str(out)),
                     lambda error: show_error(self, error), cancellable=False)

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
        add = QPushButton(self.tr("New visit or meeting…"))
        add.clicked.connect(self.new_visit)
        layout.addWidget(add, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def visit_kinds(self) -> dict[str, str]:
        return {"kunjungan_belajar": self.tr("Study visit"), "pendampingan": self.tr("Mentoring visit"),
                "rapat_daring": self.tr("Online meeting")}

    def refresh_visits(self) -> None:
        programme = self.programme.currentData()
        rows = service.visits(self.db, programme) if programme else []
        kinds = self.visit_kinds()
        self.visits.setRowCount(len(rows))
        for r, v in enumerate(rows):
            values = [v["visit_date"].strftime("%d/%m/%Y"), kinds[v["kind"]], v["place"] or "",
                      f"{v['male'] + v['female']} (L {v['male']}, P {v['female']})", v["topics"] or "", v["outputs"] or ""]
            for c, value in enumerate(values):
                self.visits.setItem(r, c, QTableWidgetItem(value))
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
        for code, label in self.visit_kinds().items():
            kind.addItem(label, code)
        place = QLineEdit()
        male, female = QSpinBox(), QSpinBox()
        for spin, prefix in ((male, "L "), (female, "P ")):
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
