"""The entry form: the importer's rules next to each field, live levels, saving."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from bakti_desktop.mapping.models import Survey
from ui.mapping.survey_form import SurveyForm


def _fill(form: SurveyForm, **texts: str) -> None:
    for key, value in texts.items():
        form.inputs[key].setText(value)  # type: ignore[attr-defined]


def _choose(form: SurveyForm, key: str, data: str) -> None:
    combo = form.inputs[key]
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def test_errors_in_indonesian_next_to_the_field_and_live_levels(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    form = SurveyForm(db)
    qtbot.addWidget(form)
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "wajib diisi" in form.errors["npsn"].message
    _fill(form, npsn="123", nama_sekolah="SD Negeri 9 Watampone", siswa_laki="80", siswa_perempuan="abc",
          sarana_cuci_tangan="2")
    assert "8 digit" in form.errors["npsn"].message
    assert "bilangan bulat" in form.errors["siswa_perempuan"].message
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
    assert "tidak ada jamban" in form.errors["jenis_jamban"].message
    _fill(form, jamban_laki_baik="1", jamban_perempuan_baik="1")
    assert form.problems == []
    assert save.isEnabled()
    assert form.level_labels["sanitation"].text() == "Dasar"
    _fill(form, jamban_perempuan_baik="0", jamban_bersama_baik="1")
    assert form.level_labels["sanitation"].text() == "Terbatas"
    # 80 boys / 60 = 2 needed, 1 usable -> 1; 70 girls / 50 = 2, 0 usable -> 2; teachers 1
    assert form.build_label.text() == "laki-laki 1, perempuan 2, guru 1"
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
    assert any("Jumlah Sarana Cuci Tangan: 3 → 9" in t for t in texts)  # the form's label, not the column key
