"""Mapping use cases the window calls instead of querying itself."""

from __future__ import annotations

from bakti_desktop.mapping import service as mapping_service


def test_has_any_school(db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping.models import School

    assert not mapping_service.has_any_school(db)
    with db.session() as session:
        session.add(School(npsn="40300001", nama_sekolah="SD Uji", jenjang="SD", kabupaten_code="7311",
                           kecamatan_code="731101"))
    assert mapping_service.has_any_school(db)


def test_survey_version_follows_the_stored_survey(db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping import demo
    from bakti_desktop.mapping.models import Survey

    demo.load(db)
    with db.session() as session:
        survey = session.query(Survey).first()
        survey_id, version = survey.id, survey.version
    assert mapping_service.survey_version(db, survey_id) == version
    mapping_service.delete_survey(db, survey_id)
    assert mapping_service.survey_version(db, survey_id) is None
