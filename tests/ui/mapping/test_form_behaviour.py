"""The survey form as people use it: fields that stay put, no choice made for the user, nothing lost."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from bakti_desktop.mapping.fields import PHBS_NAMES
from bakti_desktop.mapping.models import Survey
from ui.mapping.labels import level_text
from ui.mapping.survey_form import SurveyForm


def _fill(form: SurveyForm, **texts: str) -> None:
    for key, value in texts.items():
        form.inputs[key].setText(value)  # type: ignore[attr-defined]


def _choose(form: SurveyForm, key: str, data: str) -> None:
    combo = form.inputs[key]
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def _valid(form: SurveyForm, year: int = 2021, npsn: str = "40309999") -> None:
    _fill(form, npsn=npsn, nama_sekolah="SD Negeri 9 Watampone", siswa_laki="80", siswa_perempuan="70",
          sarana_cuci_tangan="2", jamban_laki_baik="1", jamban_perempuan_baik="1")
    _choose(form, "jenjang", "SD")
    form.inputs["kabupaten"].set_code("73.08")  # type: ignore[attr-defined]
    form.inputs["kecamatan"].setCurrentIndex(1)  # type: ignore[attr-defined]
    form.inputs["tanggal_survei"].setDate(QDate(year, 8, 17))  # type: ignore[attr-defined]
    _choose(form, "sumber_air_minum", "perpipaan")
    _choose(form, "air_tersedia", "Ya")
    _choose(form, "jenis_jamban", "leher_angsa")
    _choose(form, "air_sabun", "air_dan_sabun")
    assert form.problems == [], form.problems


def _surveys(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Survey))


def test_fields_keep_their_place_when_messages_come_and_go(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    form = SurveyForm(db)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    _valid(form)
    keys = ("npsn", "nama_sekolah", "jenjang", "status", "kabupaten", "kecamatan", "desa", "puskesmas")
    QApplication.processEvents()
    before = {k: form.inputs[k].geometry().y() for k in keys}
    assert form.errors["npsn"].message == ""
    _fill(form, npsn="12")  # a message appears under NPSN
    QApplication.processEvents()
    assert form.errors["npsn"].message
    assert {k: form.inputs[k].geometry().y() for k in keys} == before
    _fill(form, npsn="40309999")  # and goes again
    QApplication.processEvents()
    assert form.errors["npsn"].message == ""
    assert {k: form.inputs[k].geometry().y() for k in keys} == before
    # A long message is one line: elided, whole in the tooltip.
    line = form.errors["npsn"]
    line.show_message("x " * 400)
    QApplication.processEvents()
    assert line.height() == line.fontMetrics().height() + 2
    assert line.toolTip().startswith("x x")
    assert {k: form.inputs[k].geometry().y() for k in keys} == before
    form.discard_changes()  # closed at the end of the test without a question


def test_choosing_a_kabupaten_leaves_the_kecamatan_to_the_user(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    form = SurveyForm(db)
    qtbot.addWidget(form)
    form.inputs["kabupaten"].set_code("73.08")  # type: ignore[attr-defined]
    kecamatan = form.inputs["kecamatan"]
    assert kecamatan.isEnabled()  # type: ignore[attr-defined]
    assert kecamatan.code() is None  # type: ignore[attr-defined]
    assert kecamatan.count() > 1  # type: ignore[attr-defined]
    assert "kecamatan" in [p.column for p in form.problems]
    kecamatan.setCurrentIndex(2)  # type: ignore[attr-defined]
    assert kecamatan.code().startswith("73.08.")  # type: ignore[attr-defined]
    assert "kecamatan" not in [p.column for p in form.problems]
    form.inputs["kabupaten"].set_code("73.09")  # type: ignore[attr-defined]
    assert kecamatan.code() is None  # type: ignore[attr-defined]


def test_the_new_contradictions_block_saving_and_the_soap_warning_does_not(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    form = SurveyForm(db)
    qtbot.addWidget(form)
    _valid(form)
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    _fill(form, siswa_disabilitas="151")
    assert [p.column for p in form.problems] == ["siswa_disabilitas"]
    assert form.errors["siswa_disabilitas"].message and not save.isEnabled()
    _fill(form, siswa_disabilitas="150")
    assert form.problems == [] and save.isEnabled()
    _choose(form, "anggaran_sanitasi", "Tidak")
    _fill(form, anggaran_rp="2.500.000")
    assert [p.column for p in form.problems] == ["anggaran_rp"]
    assert form.errors["anggaran_rp"].severity == "error"
    _fill(form, anggaran_rp="")
    # Soap answered while no facility works: a warning beside the field, the survey can still be saved.
    _fill(form, sarana_cuci_tangan="1", sarana_cuci_tangan_rusak="1")
    assert form.problems == [] and save.isEnabled()
    assert [w.column for w in form.warnings] == ["air_sabun"]
    assert form.errors["air_sabun"].severity == "warning" and form.errors["air_sabun"].message
    assert form.level_labels["hygiene"].text() == level_text("none")


def test_phbs_items_are_named(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFormLayout

    form = SurveyForm(db)
    qtbot.addWidget(form)
    layout = form.inputs["phbs_1"].parentWidget().layout()
    assert isinstance(layout, QFormLayout)
    row_label = layout.labelForField(form.inputs["phbs_1"])
    assert row_label.text().startswith(f"PHBS 1 {PHBS_NAMES[0][0]}")  # the item's name, not its number alone


def test_escape_with_changes_asks_and_cancel_keeps_the_form(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = []

    def answer(parent, what=None):  # type: ignore[no-untyped-def]
        asked.append(what)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr("ui.widgets.unsaved.ask", answer)
    form = SurveyForm(db)
    qtbot.addWidget(form)
    form.show()
    assert not form.has_unsaved_changes()
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert asked == [] and not form.isVisible()
    form.show()
    _fill(form, nama_sekolah="SD Negeri 9 Watampone")
    assert form.has_unsaved_changes()
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert len(asked) == 1
    assert form.isVisible()
    assert form.inputs["nama_sekolah"].text() == "SD Negeri 9 Watampone"  # type: ignore[attr-defined]
    form.close()  # the window's close button asks the same
    assert len(asked) == 2 and form.isVisible()


def test_escape_then_discard_closes_without_saving(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("ui.widgets.unsaved.ask", lambda parent, what=None: QMessageBox.StandardButton.Discard)
    form = SurveyForm(db)
    qtbot.addWidget(form)
    form.show()
    _valid(form)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert form.result() == SurveyForm.DialogCode.Rejected
    assert _surveys(db) == 0


def test_escape_then_save_stores_the_survey(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("ui.widgets.unsaved.ask", lambda parent, what=None: QMessageBox.StandardButton.Save)
    form = SurveyForm(db)
    qtbot.addWidget(form)
    form.show()
    _valid(form)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert form.result() == SurveyForm.DialogCode.Accepted
    assert _surveys(db) == 1
    assert (form.outcome, form.saved_year) == ("added", 2021)


def test_save_refused_from_the_question_keeps_the_form_open(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("ui.widgets.unsaved.ask", lambda parent, what=None: QMessageBox.StandardButton.Save)
    form = SurveyForm(db)
    qtbot.addWidget(form)
    form.show()
    _fill(form, nama_sekolah="SD Negeri 9 Watampone", npsn="12")  # not valid: cannot be saved
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible()
    assert form.tabs.currentIndex() == form.group_of["npsn"]
    assert _surveys(db) == 0


def test_a_loaded_survey_has_no_unsaved_changes(qtbot, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from tests.helpers import record, write_workbook

    apply_import(db, plan_import(db, write_workbook(tmp_path / "a.xlsx", [record()])))
    with db.session() as session:
        survey_id = session.scalar(select(Survey.id))
    form = SurveyForm(db, survey_id=survey_id)
    qtbot.addWidget(form)
    assert not form.has_unsaved_changes()
    _fill(form, sarana_cuci_tangan="5")
    assert form.has_unsaved_changes()
    assert form.save_changes()
    assert not form.has_unsaved_changes()


def test_a_contradiction_shows_before_the_rest_of_the_form_is_filled(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    form = SurveyForm(db)
    qtbot.addWidget(form)
    _fill(form, siswa_laki="150", siswa_perempuan="140", siswa_disabilitas="400")
    assert "siswa_disabilitas" in [p.column for p in form.problems]
    assert form.errors["siswa_disabilitas"].severity == "error" and form.errors["siswa_disabilitas"].message
    _fill(form, sarana_cuci_tangan="1", sarana_cuci_tangan_rusak="1")
    _choose(form, "air_sabun", "air_dan_sabun")
    assert form.errors["air_sabun"].severity == "warning"  # while other fields are still missing



def test_the_save_shortcut_saves_the_survey(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence, QShortcut

    monkeypatch.setattr("ui.widgets.unsaved.ask", lambda parent, what=None: QMessageBox.StandardButton.Discard)
    form = SurveyForm(db)
    qtbot.addWidget(form)
    form.show()
    _valid(form)
    [shortcut] = [s for s in form.findChildren(QShortcut) if s.key() == QKeySequence(QKeySequence.StandardKey.Save)]
    shortcut.activated.emit()  # what Ctrl+S does (offscreen windows are never active, so not by a key press)
    assert _surveys(db) == 1 and form.result() == SurveyForm.DialogCode.Accepted
