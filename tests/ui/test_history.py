"""Every workspace shows a record's history ("Riwayat"): who changed what, and when."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog

from bakti_desktop.pksai import service as pksai_service
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
    change = next(r for r in rows if "place" in r[3])
    assert change[1] == "Budi" and "Aula Bappeda" in change[3]
    assert any("dibuat" in r[2] or "created" in r[2] for r in rows)
