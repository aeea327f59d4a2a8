"""The entry form: the importer's rules next to each field, live levels, saving."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from bakti_desktop.labels import column_label
from bakti_desktop.mapping.models import Survey
from bakti_desktop.mapping.validation import validate
from ui.mapping.labels import level_text
from ui.mapping.survey_form import SurveyForm


def _fill(form: SurveyForm, **texts: str) -> None:
    for key, value in texts.items():
        form.inputs[key].setText(value)  # type: ignore[attr-defined]


def _choose(form: SurveyForm, key: str, data: str) -> None:
    combo = form.inputs[key]
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def _validator_says(key: str, raw: str) -> str:
    """The validator's message about ``raw`` in field ``key`` (what an imported cell would get)."""
    _values, problems = validate({key: raw})
    return next(p.message for p in problems if p.column == key)


def _shown_as(form: SurveyForm, key: str, message: str) -> bool:
    """The line under ``key`` shows ``message`` (without the field's name, which is beside it)."""
    line = form.errors[key]
    return line.severity == "error" and bool(line.message) and message.endswith(line.message)


def test_the_validators_errors_next_to_the_field_and_live_levels(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    form = SurveyForm(db)
    qtbot.addWidget(form)
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert _shown_as(form, "npsn", _validator_says("npsn", ""))  # required
    _fill(form, npsn="123", nama_sekolah="SD Negeri 9 Watampone", siswa_laki="80", siswa_perempuan="abc",
          sarana_cuci_tangan="2")
    assert _shown_as(form, "npsn", _validator_says("npsn", "123"))  # 8 digits
    assert _shown_as(form, "siswa_perempuan", _validator_says("siswa_perempuan", "abc"))  # a whole number
    _fill(form, npsn="40309999", siswa_perempuan="70")
    _choose(form, "jenjang", "SD")
    form.inputs["kabupaten"].set_code("73.08")  # type: ignore[attr-defined]
    kecamatan = form.inputs["kecamatan"]
    kecamatan.setCurrentIndex(1)  # type: ignore[attr-defined]
    form.inputs["tanggal_survei"].setDate(QDate(2021, 8, 17))  # type: ignore[attr-defined]
    _choose(form, "sumber_air_minum", "perpipaan")
    _choose(form, "air_tersedia", "Ya")
    _choose(form, "jenis_jamban", "leher_angsa")
    _choose(form, "air_sabun", "air_dan_sabun")
    # An improved toilet with none counted contradicts itself.
    assert [p.column for p in form.problems] == ["jenis_jamban"]
    assert form.errors["jenis_jamban"].severity == "error" and form.errors["jenis_jamban"].message
    assert not save.isEnabled()
    _fill(form, jamban_laki_baik="1", jamban_perempuan_baik="1")
    assert form.problems == []
    assert save.isEnabled()
    assert form.level_labels["sanitation"].text() == level_text("basic")
    _fill(form, jamban_perempuan_baik="0", jamban_bersama_baik="1")
    assert form.level_labels["sanitation"].text() == level_text("limited")
    # 80 boys / 60 = 2 needed, 1 usable -> 1; 70 girls / 50 = 2, 0 usable -> 2; teachers 1
    assert re.findall(r"\d+", form.build_label.text()) == ["1", "2", "1"]  # boys, girls, teachers
    form.save()
    assert form.result() == SurveyForm.DialogCode.Accepted
    with db.session() as session:
        survey = session.scalar(select(Survey))
        assert (survey.year, survey.sanitation_level, survey.build_girls) == (2021, "limited", 2)


def test_editing_an_existing_survey(qtbot, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from tests.helpers import record, write_workbook

    apply_import(db, plan_import(db, write_workbook(tmp_path / "a.xlsx", [record()])))
    with db.session() as session:
        survey_id = session.scalar(select(Survey.id))
    form = SurveyForm(db, survey_id=survey_id)
    qtbot.addWidget(form)
    assert form.inputs["npsn"].text() == "40301234"  # type: ignore[attr-defined]
    assert form.inputs["kecamatan"].code().startswith("73.08.")  # type: ignore[attr-defined]
    assert form.problems == []
    _fill(form, sarana_cuci_tangan="5")
    form.save()
    assert form.outcome == "updated"
    with db.session() as session:
        assert session.get(Survey, survey_id).sarana_cuci_tangan == 5


def test_history_shows_who_changed_what(qtbot, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.importer import apply_import, plan_import
    from tests.helpers import record, write_workbook
    from ui.mapping.page import HistoryDialog

    apply_import(db, plan_import(db, write_workbook(tmp_path / "a.xlsx", [record()])))
    with db.session() as session:
        survey_id, school_id = session.execute(select(Survey.id, Survey.school_id)).one()
    form = SurveyForm(db, survey_id=survey_id)
    qtbot.addWidget(form)
    _fill(form, sarana_cuci_tangan="9")
    form.save()
    dialog = HistoryDialog(db, {"school_id": school_id, "nama_sekolah": "SD", "npsn": "40301234"})
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTableWidget

    changes = dialog.findChildren(QTableWidget)[-1]
    texts = [changes.item(r, 3).text() for r in range(changes.rowCount())]
    assert any(f"{column_label('survey', 'sarana_cuci_tangan')}: 3 → 9" in t for t in texts)  # not the column key
