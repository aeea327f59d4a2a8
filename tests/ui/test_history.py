"""Every workspace shows a record's history ("Riwayat"): who changed what, and when."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog

from bakti_desktop.labels import column_label, column_value
from bakti_desktop.mapping.indicators import level_label
from bakti_desktop.pksai import service as pksai_service
from bakti_desktop.pksai.models import Meeting
from bakti_desktop.storage.audit import history
from bakti_desktop.storage.base import set_user_name
from ui.pksai.meeting_editor import MeetingEditor
from ui.widgets.audit_table import AuditDialog


def test_meeting_history_names_who_changed_what(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    forum = pksai_service.create_forum(db, "Forum uji", "73.06")
    meeting_id, _ = pksai_service.create_meeting(db, forum, "Rapat koordinasi", date(2024, 5, 2))
    set_user_name("Budi")
    try:
        pksai_service.update_meeting(db, meeting_id, {"place": "Aula Bappeda"})
    finally:
        set_user_name(None)
    editor = MeetingEditor(db)
    qtbot.addWidget(editor)
    editor.load(meeting_id)
    shown: list[AuditDialog] = []
    monkeypatch.setattr(AuditDialog, "exec", lambda dialog: shown.append(dialog) or QDialog.DialogCode.Accepted)
    editor.show_history()
    table = shown[0].table
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    change = next(r for r in rows if f"{column_label('pksai_meeting', 'place')}:" in r[3])  # named, not "place"
    assert change[1] == "Budi" and "Aula Bappeda" in change[3]
    entries = history(db, Meeting, meeting_id)
    assert len(rows) == len(entries) and "create" in [e["action"] for e in entries]  # its creation shown too


def test_school_history_names_fields_and_choices_as_the_form_does(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.mapping import service as mapping_service
    from bakti_desktop.mapping.models import School
    from tests.helpers import record

    from sqlalchemy import select

    mapping_service.save_record(db, record(jamban_guru=1))
    mapping_service.save_record(db, record(jamban_guru=3, jenis_jamban="cubluk_tanpa_slab"))
    with db.engine.connect() as conn:
        school_id = conn.execute(select(School.id)).scalar_one()
    dialog = AuditDialog(db, School, school_id, "SD Negeri 1 Watampone")
    qtbot.addWidget(dialog)
    table = dialog.table
    changed = " ".join(table.item(r, 3).text() for r in range(table.rowCount()))
    assert f"{column_label('survey', 'jamban_guru')}: 1 → 3" in changed  # the form's label
    assert "jamban_guru" not in changed and "cubluk_tanpa_slab" not in changed  # no column keys or codes
    assert column_value("survey", "jenis_jamban", "cubluk_tanpa_slab") in changed  # the choice's name
    sanitation = column_label("survey", "sanitation_level")
    assert f"{sanitation}: {level_label('basic')} → {level_label('none')}" in changed  # the computed level follows


def test_history_shows_the_users_local_time(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time as clock
    from datetime import datetime, timedelta

    from bakti_desktop.storage.audit import history

    monkeypatch.setenv("TZ", "Asia/Makassar")  # WITA, UTC+8, no summer time
    clock.tzset()
    try:
        forum = pksai_service.create_forum(db, "Forum uji", "73.06")
        meeting_id, _ = pksai_service.create_meeting(db, forum, "Rapat koordinasi", date(2024, 5, 2))
        from bakti_desktop.pksai.models import Meeting

        stored = datetime.fromisoformat(history(db, Meeting, meeting_id)[0]["at"])  # UTC
        dialog = AuditDialog(db, Meeting, meeting_id, "Rapat koordinasi")
        qtbot.addWidget(dialog)
        from bakti_desktop.reports.format import datetime_short

        # WITA: eight hours ahead of the stored UTC time, written as every table writes a moment
        assert dialog.table.item(0, 0).text() == datetime_short(stored + timedelta(hours=8))
        assert dialog.table.item(0, 0).text() != datetime_short(stored)
    finally:
        monkeypatch.undo()
        clock.tzset()
