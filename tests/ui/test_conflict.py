"""A save refused because someone else changed the record: nothing is lost, the user chooses."""

from __future__ import annotations

from datetime import date


from bakti_desktop.demo import load_demo
from bakti_desktop.pksai import service as pksai_service
from bakti_desktop.pksai.models import Meeting
from bakti_desktop.sss import service as sss_service
from bakti_desktop.sss.models import SssSection
from bakti_desktop.storage.base import set_user_name
from bakti_desktop.storage.database import Database
from bakti_desktop.storage.locking import ChangedElsewhere
from ui import conflict
from ui.conflict import Choice, CompareDialog
from ui.pksai.meeting_editor import MeetingEditor
from ui.sss.page import SssPage


def _open_section(qtbot, db: Database) -> tuple[SssPage, int]:  # type: ignore[no-untyped-def]
    load_demo(db)
    page = SssPage(db)
    qtbot.addWidget(page)
    chapter = page.tree.topLevelItem(0)
    page.tree.setCurrentItem(chapter.child(0))
    return page, page.editor.section_id  # type: ignore[return-value]


def _someone_else_saves(other: Database, section_id: int, text: str) -> None:
    set_user_name("Budi")
    with other.session() as session:
        version = session.get(SssSection, section_id).version
    sss_service.save_section(other, section_id, text, expected_version=version)
    set_user_name("Ani")


def test_reload_shows_their_text(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, section_id = _open_section(qtbot, db)
    _someone_else_saves(other, section_id, "Teks dari Budi.")
    asked: list[ChangedElsewhere] = []
    monkeypatch.setattr("ui.sss.section_editor.resolve", lambda _p, error, *_a: asked.append(error) or Choice.RELOAD)
    page.editor.editor.setPlainText("Teks dari Ani.")
    page.editor.save()
    assert asked and asked[0].who == "Budi"
    assert page.editor.editor.toPlainText().strip() == "Teks dari Budi."
    assert "Budi" in page.editor.state.text()
    with db.session() as session:
        assert session.get(SssSection, section_id).content.strip() == "Teks dari Budi."


def test_keep_mine_after_comparing_saves_over_theirs(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, section_id = _open_section(qtbot, db)
    _someone_else_saves(other, section_id, "Teks dari Budi.")
    monkeypatch.setattr("ui.sss.section_editor.resolve", lambda *_a: Choice.OVERWRITE)
    page.editor.editor.setPlainText("Teks dari Ani.")
    page.editor.save()
    with db.session() as session:
        section = session.get(SssSection, section_id)
        assert section.content.strip() == "Teks dari Ani."
        assert any(r.content.strip() == "Teks dari Budi." for r in section.revisions)  # Budi's text stays in history


def test_cancel_keeps_my_text_unsaved(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, section_id = _open_section(qtbot, db)
    _someone_else_saves(other, section_id, "Teks dari Budi.")
    monkeypatch.setattr("ui.sss.section_editor.resolve", lambda *_a: Choice.CANCEL)
    page.editor.editor.setPlainText("Teks dari Ani.")
    page.editor.save()
    assert page.editor.editor.toPlainText().strip() == "Teks dari Ani."  # still on screen, not lost
    with db.session() as session:
        assert session.get(SssSection, section_id).content.strip() == "Teks dari Budi."


def test_meeting_editor_reloads_on_conflict(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    forum = pksai_service.create_forum(db, "Forum uji", "73.06")
    meeting_id, _ = pksai_service.create_meeting(db, forum, "Rapat koordinasi", date(2024, 5, 2))
    editor = MeetingEditor(db)
    qtbot.addWidget(editor)
    editor.load(meeting_id)
    set_user_name("Budi")
    with other.session() as session:
        version = session.get(Meeting, meeting_id).version
    pksai_service.update_meeting(other, meeting_id, {"place": "Aula Bappeda"}, expected_version=version)
    set_user_name("Ani")
    monkeypatch.setattr("ui.pksai.meeting_editor.resolve", lambda *_a: Choice.RELOAD)
    editor.place.setText("Kantor Dinsos")
    editor.dirty = True
    editor.save()
    assert editor.place.text() == "Aula Bappeda"


def test_compare_dialog_highlights_the_differing_fields(qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    error = ChangedElsewhere("Budi", datetime(2026, 3, 1, 2, 30), 3)
    dialog = CompareDialog(None, error, {"title": "Judul", "place": "Tempat"},
                           {"title": "Rapat", "place": "Kantor Dinsos"}, {"title": "Rapat", "place": "Aula Bappeda"})
    qtbot.addWidget(dialog)
    assert dialog.differing == 1
    assert [dialog.table.item(1, c).text() for c in range(3)] == ["Tempat", "Kantor Dinsos", "Aula Bappeda"]
    assert "Budi" in dialog.table.horizontalHeaderItem(2).text()
    assert conflict.shown(date(2024, 5, 2)) == "02/05/2024"
