"""The survey entry form: the importer's validation, shown next to each field.

Every change re-runs :func:`bakti_desktop.mapping.validation.validate` on the
form's texts, so the form accepts exactly what a workbook row would, with the
same Indonesian messages, and the ladder levels are shown live. Each message has a line of its own
under its field, reserved whether or not there is something to say, so that no field moves while
the user types. The form is an :class:`ui.widgets.unsaved.Editor`: Escape, Cancel and closing ask
before typed values are lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bakti_desktop.errors import UserError
from bakti_desktop.i18n import language
from bakti_desktop.mapping import indicators, service
from bakti_desktop.mapping.fields import BY_KEY, FIELDS, Field, Kind
from bakti_desktop.mapping.fields import GROUPS as FORM_GROUPS
from bakti_desktop.mapping.validation import Problem, label, record_rules, record_warnings, validate
from bakti_desktop.reports.format import number
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from ui.conflict import Choice, resolve
from ui.errors import show_error
from ui.mapping.labels import LEVEL_COLORS, domain_text, level_text, priority_text
from ui.widgets.regions import ChildCombo, KabupatenCombo
from ui.widgets.unsaved import settle

ERROR_COLOR = "#C62828"
WARNING_COLOR = "#8D6E00"

GROUPS = FORM_GROUPS  # the tabs: the survey's pages, shared with the phone form (mapping/fields.py)


def _without_label(message: str, field: Field) -> str:
    """Next to the field its name need not be repeated."""
    prefix = label(field) + ": "
    return message[len(prefix):] if message.startswith(prefix) else message


class MessageLine(QLabel):
    """One line of message under a field: always there (blank when all is well), so nothing moves.

    A message longer than the line is elided; the whole of it is in the tooltip.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = ""
        self.severity = ""  # "", "error" or "warning"
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.setMinimumWidth(10)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def show_message(self, message: str, severity: str = "error") -> None:
        severity = severity if message else ""
        if (message, severity) == (self.message, self.severity):
            return
        self.message, self.severity = message, severity
        self.setStyleSheet(f"color: {WARNING_COLOR if severity == 'warning' else ERROR_COLOR};")
        self.setToolTip(message)
        self._elide()

    def _elide(self) -> None:
        one_line = " ".join(self.message.split())
        self.setText(self.fontMetrics().elidedText(one_line, Qt.TextElideMode.ElideRight, max(10, self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()


class SurveyForm(QDialog):
    """Enter a new survey, or edit one (``survey_id``)."""

    # Set by _make_input while the fields are built (self.inputs holds every field as a plain QWidget).
    kabupaten_combo: KabupatenCombo
    kecamatan_combo: ChildCombo
    desa_combo: ChildCombo
    npsn_edit: QLineEdit

    def __init__(self, db: Database, survey_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.survey_id = survey_id
        self.ratios = service.get_ratios(db)
        self.setWindowTitle(self.tr("Edit survey") if survey_id else self.tr("New survey"))
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, MessageLine] = {}
        self.saved_year: int | None = None
        self.saved_school = ""
        self.outcome: str | None = None
        self.group_of: dict[str, int] = {}

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        group_names = {
            "School": self.tr("School"), "Survey": self.tr("Survey"), "Water": self.tr("Water"),
            "Toilets": self.tr("Toilets"), "Handwashing and MHM": self.tr("Handwashing and MHM"),
            "PHBS": self.tr("PHBS"), "Management": self.tr("Management"),
        }
        for group, (name, keys) in enumerate(GROUPS):
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setVerticalSpacing(2)
            for key in keys:
                field = BY_KEY[key]
                widget = self._make_input(field)
                error = MessageLine()
                text = label(field) + (" *" if field.required else "")
                form.addRow(text + ":", widget)
                form.addRow("", error)  # reserved: the next field stays put when a message comes or goes
                self.inputs[key] = widget
                self.errors[key] = error
                self.group_of[key] = group
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, group_names[name])
        body = QHBoxLayout()
        body.addWidget(self.tabs, 3)
        body.addWidget(self._results_panel(), 1)
        layout.addLayout(body)
        self.general = MessageLine()  # problems of the record as a whole, in reserved space too
        layout.addWidget(self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(lambda: self.save())
        self.buttons.rejected.connect(lambda: self.reject())
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(lambda: self.save())
        self.resize(980, 660)

        self.loaded: tuple[int, int] | None = None  # (survey id, version) opened, for the save's check
        if survey_id is not None:
            self.load_survey(survey_id)
            self.npsn_edit.setReadOnly(True)
        self.refresh()
        self.baseline = self.raw_values()  # what "unsaved changes" are measured against

    def load_survey(self, survey_id: int) -> None:
        """Show a stored survey and remember its version."""
        version = service.survey_version(self.db, survey_id)
        self.loaded = (survey_id, version) if version is not None else None
        self.set_values(service.survey_raw_values(self.db, survey_id))
        self.refresh()
        self.baseline = self.raw_values()

    # -- inputs -------------------------------------------------------------------------------------------
    def _make_input(self, field: Field) -> QWidget:
        # The region choosers and the NPSN are kept by their type too (self.inputs holds every field as a QWidget).
        if field.key == "kabupaten":
            self.kabupaten_combo = KabupatenCombo(allow_all=False)
            self.kabupaten_combo.setCurrentIndex(-1)
            self._placeholder(self.kabupaten_combo, self.tr("Choose the kabupaten/kota"))
            self.kabupaten_combo.changed.connect(lambda code: self.kecamatan_combo.set_parent_code(code))
            self.kabupaten_combo.changed.connect(lambda _c: self.refresh())
            return self.kabupaten_combo
        if field.key == "kecamatan":
            # An empty first choice: choosing a kabupaten must not choose a kecamatan for the user.
            self.kecamatan_combo = ChildCombo("")
            self._placeholder(self.kecamatan_combo, self.tr("Choose the kecamatan"))
            self.kecamatan_combo.changed.connect(lambda code: self.desa_combo.set_parent_code(code))
            self.kecamatan_combo.changed.connect(lambda _c: self.refresh())
            return self.kecamatan_combo
        if field.key == "desa":
            self.desa_combo = ChildCombo("—")
            self.desa_combo.changed.connect(lambda _c: self.refresh())
            return self.desa_combo
        if field.kind is Kind.DATE:
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setMaximumDate(QDate.currentDate())
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(lambda _d: self.refresh())
            return edit
        if field.kind in (Kind.YESNO, Kind.CHOICE):
            combo = QComboBox()
            combo.addItem("", None)
            if field.kind is Kind.YESNO:
                combo.addItem(self.tr("Yes"), "Ya")
                combo.addItem(self.tr("No"), "Tidak")
            else:
                for choice in field.choices:
                    combo.addItem(choice.label if language() == "id" else choice.label_en, choice.code)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            return combo
        line = QLineEdit()
        if field.kind in (Kind.INT, Kind.MONEY):
            line.setMaximumWidth(160)
            line.setPlaceholderText("0")
        line.textChanged.connect(lambda _t: self.refresh())
        if field.key == "npsn":
            self.npsn_edit = line
        return line

    @staticmethod
    def _placeholder(combo: QComboBox, text: str) -> None:
        line = combo.lineEdit()  # the region choosers are editable: one types to find a name
        if line is not None:
            line.setPlaceholderText(text)

    def raw_values(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QDateEdit):
                raw[key] = widget.date().toString("dd/MM/yyyy")
            elif isinstance(widget, (KabupatenCombo, ChildCombo)):
                raw[key] = widget.code()
            elif isinstance(widget, QComboBox):
                raw[key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                raw[key] = widget.text()
        return raw

    def set_values(self, values: dict[str, Any]) -> None:
        for key, combo in (("kabupaten", self.kabupaten_combo), ("kecamatan", self.kecamatan_combo),
                           ("desa", self.desa_combo)):
            combo.set_code(values.get(key))
        for key, widget in self.inputs.items():
            value = values.get(key)
            if key in ("kabupaten", "kecamatan", "desa"):
                continue
            if isinstance(widget, QDateEdit):
                if isinstance(value, date):
                    widget.setDate(QDate(value.year, value.month, value.day))
            elif isinstance(widget, QComboBox):
                if BY_KEY[key].kind is Kind.YESNO:
                    data = None if value is None else ("Ya" if value else "Tidak")
                else:
                    data = value
                widget.setCurrentIndex(max(0, widget.findData(data)))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    # -- live checking ------------------------------------------------------------------------------------
    def _results_panel(self) -> QWidget:
        box = QGroupBox(self.tr("Computed"))
        grid = QGridLayout(box)
        self.level_labels: dict[str, QLabel] = {}
        for row, domain in enumerate(indicators.DOMAINS):
            grid.addWidget(QLabel(domain_text(domain) + ":"), row, 0)
            label = QLabel("—")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumWidth(140)
            self.level_labels[domain] = label
            grid.addWidget(label, row, 1)
        self.build_label = QLabel("—")
        self.build_label.setWordWrap(True)
        self.phbs_label = QLabel("—")
        self.priority_label = QLabel("—")
        self.per_toilet_label = QLabel("—")
        self.per_toilet_label.setWordWrap(True)
        grid.addWidget(QLabel(self.tr("Toilets to build:")), 3, 0)
        grid.addWidget(self.build_label, 3, 1)
        grid.addWidget(QLabel(self.tr("PHBS score:")), 4, 0)
        grid.addWidget(self.phbs_label, 4, 1)
        grid.addWidget(QLabel(self.tr("Priority:")), 5, 0)
        grid.addWidget(self.priority_label, 5, 1)
        grid.addWidget(QLabel(self.tr("Students per usable toilet:")), 6, 0)
        grid.addWidget(self.per_toilet_label, 6, 1)
        grid.setRowStretch(7, 1)
        return box

    def refresh(self) -> None:
        if not hasattr(self, "buttons"):
            return
        values, problems = validate(self.raw_values())
        if problems:  # the record's contradictions too, as soon as the fields they concern can be read
            flagged = {p.column for p in problems}
            problems = problems + [p for p in record_rules(values) if p.column not in flagged]
        warnings = record_warnings(values)
        by_key: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            if problem.column in self.errors:
                by_key.setdefault(problem.column, []).append(problem.message)
            else:
                general.append(problem.message)
        warned: dict[str, list[str]] = {}
        for warning in warnings:
            warned.setdefault(warning.column or "", []).append(warning.message)
        for key, line in self.errors.items():
            if key in by_key:
                line.show_message("; ".join(_without_label(m, BY_KEY[key]) for m in by_key[key]), "error")
            else:
                line.show_message("; ".join(warned.get(key, [])), "warning")
        for number_, _name in enumerate(GROUPS):
            keys = [k for k, g in self.group_of.items() if g == number_]
            bad = any(k in by_key for k in keys)
            self.tabs.tabBar().setTabTextColor(number_, Qt.GlobalColor.red if bad else self.palette().text().color())
        self.general.show_message("; ".join(general), "error")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        self._show_levels(values)
        self.problems: list[Problem] = problems
        self.warnings: list[Problem] = warnings
        self.values = values

    def _show_levels(self, values: dict[str, Any]) -> None:
        computed = indicators.compute(values, values.get("jenjang") or "SD", self.ratios)
        for domain in indicators.DOMAINS:
            level = getattr(computed, domain)
            label = self.level_labels[domain]
            label.setText(level_text(level))
            label.setStyleSheet(
                f"background: {LEVEL_COLORS[level].name()}; color: {'black' if level == 'limited' else 'white'};"
                " border-radius: 4px; padding: 3px;"
            )
        self.build_label.setText(
            self.tr("boys {b}, girls {g}, teachers {t}").format(
                b=computed.build_boys, g=computed.build_girls, t=computed.build_teachers)
        )
        self.phbs_label.setText(f"{computed.phbs} / 8")
        self.priority_label.setText(priority_text(computed.priority))
        boys, girls = indicators.students_per_toilet(values)
        self.per_toilet_label.setText(self.tr("boys {b}, girls {g}").format(
            b="—" if boys is None else number(boys), g="—" if girls is None else number(girls)))

    def save(self) -> None:
        """The Save button: store the survey and close, or stay and show what is wrong."""
        if self.store():
            self.accept()

    def store(self) -> bool:
        """Save the survey; True when it is stored. On a problem, show it and return False."""
        self.refresh()
        if self.problems:
            first = next((p.column for p in self.problems if p.column in self.group_of), None)
            if first:
                self.tabs.setCurrentIndex(self.group_of[first])
                self.inputs[first].setFocus()
            return False
        try:
            outcome, survey_id = service.save_record(self.db, self.raw_values(), loaded=self.loaded)
        except ChangedElsewhere as error:
            return self._conflict(error)
        except UserError as error:
            show_error(self, error)
            return False
        self.outcome = outcome
        self.survey_id = survey_id
        self.saved_year = self.values.get("year")
        self.saved_school = self.values.get("nama_sekolah") or ""
        self.baseline = self.raw_values()
        return True

    # -- unsaved changes (ui.widgets.unsaved.Editor) -------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.raw_values() != self.baseline

    def save_changes(self) -> bool:
        return self.store()

    def discard_changes(self) -> None:
        self.baseline = self.raw_values()

    def reject(self) -> None:
        """Escape, Cancel and the window's close button: ask before typed values are lost."""
        if not settle(self, self, self.tr("this survey")):
            return
        if self.outcome is not None:  # saved from the question: the page shows it as after Save
            self.accept()
        else:
            super().reject()

    def _conflict(self, error: ChangedElsewhere) -> bool:
        """Someone else saved this survey meanwhile: reload theirs, or compare and save mine over it."""
        if self.loaded is None:  # not reached: only the version check of a loaded survey raises ChangedElsewhere
            show_error(self, error)
            return False
        survey_id = self.loaded[0]
        labels = {f.key: label(f) for f in FIELDS}
        mine = validate(self.raw_values())[0]

        def theirs() -> dict[str, Any] | None:
            try:
                return validate(service.survey_raw_values(self.db, survey_id))[0]
            except UserError:
                return None

        choice = resolve(self, error, labels, mine, theirs)
        if choice is Choice.RELOAD:
            self.load_survey(survey_id)
        elif choice is Choice.OVERWRITE:
            version = service.survey_version(self.db, survey_id)
            self.loaded = (survey_id, version) if version is not None else None
            return self.store()
        return False
