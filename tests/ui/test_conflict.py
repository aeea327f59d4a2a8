"""A save refused because someone else changed the record: nothing is lost, the user chooses."""

from __future__ import annotations

from datetime import date


from bakti_desktop.demo import load_demo
from bakti_desktop.pksai import service as pksai_service
from bakti_desktop.pksai.models import Meeting
from bakti_desktop.sss import service as sss_service
from bakti_desktop.sss.models import SssDocument, SssSection
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


# -- tables saved as a whole, the twinning programme, the meeting's lists -------------------------------------

def _programme_rows(db: Database, document_id: int) -> list[str]:
    with db.session() as session:
        return [r.kegiatan for r in session.get(SssDocument, document_id).programme]


def _someone_else_saves_the_programme(other: Database, document_id: int) -> None:
    set_user_name("Budi")
    rows = [{"program": "Program Budi", "kegiatan": "Kegiatan Budi", "volume": 1.0, "unit_cost": 1_000_000,
             "sumber_dana": "APBN", "tahun": 2022}]
    sss_service.save_programme(other, document_id, rows, expected_version=sss_service.document_version(other, document_id))
    set_user_name("Ani")


def _type_a_programme_row(page: SssPage, kegiatan: str) -> None:
    page.programme_editor.add_row()
    r = page.programme.rowCount() - 1
    for column, text in ((0, "Program Ani"), (1, kegiatan), (4, "2"), (5, "500000")):
        page.programme.item(r, column).setText(text)


def test_programme_table_saved_over_a_newer_one_is_refused_then_reloaded(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, _section = _open_section(qtbot, db)
    document_id = page.document.currentData()
    _someone_else_saves_the_programme(other, document_id)
    asked: list[tuple[ChangedElsewhere, list[str], list[str] | None]] = []
    monkeypatch.setattr("ui.sss.tables.resolve_rows",
                        lambda _p, error, mine, theirs: asked.append((error, mine, theirs())) or Choice.RELOAD)
    _type_a_programme_row(page, "Kegiatan Ani")
    page.programme_editor.save_changes()
    error, mine, theirs = asked[0]
    assert error.who == "Budi"
    assert any("Kegiatan Ani" in row for row in mine) and len(theirs) == 1 and "Kegiatan Budi" in theirs[0]
    assert _programme_rows(db, document_id) == ["Kegiatan Budi"]  # Budi's table is not lost
    assert page.programme.rowCount() == 1 and page.programme.item(0, 1).text() == "Kegiatan Budi"  # reloaded


def test_programme_table_keep_mine_after_comparing(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, _section = _open_section(qtbot, db)
    document_id = page.document.currentData()
    _someone_else_saves_the_programme(other, document_id)
    monkeypatch.setattr("ui.sss.tables.resolve_rows", lambda *_a: Choice.OVERWRITE)
    _type_a_programme_row(page, "Kegiatan Ani")
    page.programme_editor.save_changes()
    rows = _programme_rows(db, document_id)
    assert "Kegiatan Ani" in rows and "Kegiatan Budi" not in rows


def test_programme_table_cancel_keeps_my_rows_on_screen(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, _section = _open_section(qtbot, db)
    document_id = page.document.currentData()
    _someone_else_saves_the_programme(other, document_id)
    monkeypatch.setattr("ui.sss.tables.resolve_rows", lambda *_a: Choice.CANCEL)
    _type_a_programme_row(page, "Kegiatan Ani")
    page.programme_editor.save_changes()
    assert page.programme.item(page.programme.rowCount() - 1, 1).text() == "Kegiatan Ani"
    assert _programme_rows(db, document_id) == ["Kegiatan Budi"]


def test_targets_saved_over_newer_ones_are_refused(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page, _section = _open_section(qtbot, db)
    document_id = page.document.currentData()
    set_user_name("Budi")
    sss_service.save_targets(other, document_id, [{"indicator": "Indikator Budi", "targets": {2022: 50.0}}],
                             expected_version=sss_service.document_version(other, document_id))
    set_user_name("Ani")
    asked: list[ChangedElsewhere] = []
    monkeypatch.setattr("ui.sss.tables.resolve_rows", lambda _p, error, *_a: asked.append(error) or Choice.RELOAD)
    page.targets.item(0, 0).setText("Indikator Ani")
    page.targets_editor.save_changes()
    assert asked and asked[0].who == "Budi"
    assert page.targets.rowCount() == 1 and page.targets.item(0, 0).text() == "Indikator Budi"


def test_my_own_saves_of_both_tables_are_no_conflict(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Saving the targets raises the document's version; the programme table loaded before is still current."""
    page, _section = _open_section(qtbot, db)
    document_id = page.document.currentData()
    monkeypatch.setattr("ui.sss.tables.resolve_rows", lambda *_a: (_ for _ in ()).throw(AssertionError("conflict")))
    page.targets.item(0, 0).setText("Indikator Ani")
    page.targets_editor.save_changes()
    _type_a_programme_row(page, "Kegiatan Ani")
    page.programme_editor.save_changes()
    page.targets.item(0, 0).setText("Indikator Ani, diperbaiki")
    page.targets_editor.save_changes()
    assert "Kegiatan Ani" in _programme_rows(db, document_id)
    with db.session() as session:
        assert session.get(SssDocument, document_id).targets[0].indicator == "Indikator Ani, diperbaiki"


def test_twinning_programme_dialog_refused_over_a_newer_change(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.twinning import demo as twinning_demo
    from bakti_desktop.twinning import service as twinning_service
    from ui.twinning.programme_dialog import ProgrammeDialog

    twinning_demo.load(db)
    programme_id = twinning_service.programmes(db)[0]["id"]
    dialog = ProgrammeDialog(db, programme_id)
    qtbot.addWidget(dialog)
    set_user_name("Budi")
    detail = twinning_service.programme_detail(other, programme_id)
    topics = [{**t, "name": "Topik dari Budi"} if i == 0 else t for i, t in enumerate(detail["topics"])]
    twinning_service.save_programme(other, detail, detail["units"], topics, programme_id,
                                    expected_version=detail["version"])
    set_user_name("Ani")
    compared: list[tuple[dict, dict]] = []

    def choose(_parent, error, _labels, mine, theirs):  # type: ignore[no-untyped-def]
        compared.append((mine, theirs()))
        assert error.who == "Budi"
        return Choice.RELOAD

    monkeypatch.setattr("ui.twinning.programme_dialog.resolve", choose)
    dialog.topics.item(0, 1).setText("Topik dari Ani")
    dialog.save()
    assert compared and "Topik dari Ani" in compared[0][0]["topics"] and "Topik dari Budi" in compared[0][1]["topics"]
    assert dialog.result() != dialog.DialogCode.Accepted  # still open after reloading
    assert dialog.topics.item(0, 1).text() == "Topik dari Budi"
    assert dialog.topics.rowCount() == len(detail["topics"])  # reloaded, not appended
    assert twinning_service.programme_detail(db, programme_id)["topics"][0]["name"] == "Topik dari Budi"
    monkeypatch.setattr("ui.twinning.programme_dialog.resolve", lambda *_a: Choice.CANCEL)
    dialog.topics.item(0, 1).setText("Topik dari Ani")
    dialog.save()  # now on the reloaded version: saved
    assert twinning_service.programme_detail(db, programme_id)["topics"][0]["name"] == "Topik dari Ani"


def test_refused_meeting_save_writes_none_of_its_lists(qtbot, db, other, monkeypatch) -> None:  # type: ignore[no-untyped-def]
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
    monkeypatch.setattr("ui.pksai.meeting_editor.resolve", lambda *_a: Choice.CANCEL)
    editor.decisions.setPlainText("Keputusan Ani")
    editor.dirty = True
    assert editor.save() is False
    with db.session() as session:
        assert session.get(Meeting, meeting_id).decisions == []


def test_resolve_rows_compares_row_by_row(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: dict = {}

    def fake(_parent, _error, labels, mine, theirs):  # type: ignore[no-untyped-def]
        seen["theirs"] = theirs()
        seen["labels"], seen["mine"] = dict(labels), mine
        return Choice.CANCEL

    monkeypatch.setattr(conflict, "resolve", fake)
    error = ChangedElsewhere("Budi", None, 2)
    assert conflict.resolve_rows(None, error, ["a", "b"], lambda: ["a", "c", "d"]) is Choice.CANCEL
    assert seen["mine"] == {"1": "a", "2": "b"} and seen["theirs"] == {"1": "a", "2": "c", "3": "d"}
    assert list(seen["labels"]) == ["1", "2", "3"]
