"""The SSS use cases the window calls: plain data out, one transaction and one version check per save."""

from __future__ import annotations

import json

import pytest

from bakti_desktop.errors import UserError
from bakti_desktop.sss import service
from bakti_desktop.sss.models import SssTarget
from bakti_desktop.storage.locking import ChangedElsewhere


def _document(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    document_id = service.create_document(db, "73.08", 2021, 2023)
    entry = next(e for e in service.outline_of(db, document_id) if e.level == 2)
    return document_id, entry.id


def test_a_section_edit_is_saved_whole_or_not_at_all(db) -> None:  # type: ignore[no-untyped-def]
    _document_id, section_id = _document(db)
    loaded = service.section_view(db, section_id)
    assert loaded is not None
    saved = service.save_section_edit(db, section_id, title="Latar belakang", content="Teks baru\n",
                                      owner_opd="Bappeda", status="review", expected_version=loaded.version)
    now = service.section_view(db, section_id)
    assert saved.text_changed and saved.version == now.version  # type: ignore[union-attr]
    assert (now.title, now.content, now.owner_opd, now.status) == (  # type: ignore[union-attr]
        "Latar belakang", "Teks baru\n", "Bappeda", "review")
    # a save from the version loaded before is refused, and writes neither the text nor the status
    with pytest.raises(ChangedElsewhere):
        service.save_section_edit(db, section_id, title="Lain", content="Teks lain\n", owner_opd=None,
                                  status="final", expected_version=loaded.version)
    assert service.section_view(db, section_id) == now
    # only the status: no new revision, the version still moves on
    again = service.save_section_edit(db, section_id, title="Latar belakang", content="Teks baru\n",
                                      owner_opd="Bappeda", status="final", expected_version=saved.version)
    assert not again.text_changed and again.version > saved.version
    assert len(service.revisions(db, section_id)) == 2


def test_a_refused_status_writes_no_text(db) -> None:  # type: ignore[no-untyped-def]
    _document_id, section_id = _document(db)
    loaded = service.section_view(db, section_id)
    with pytest.raises(UserError):
        service.save_section_edit(db, section_id, title="X", content="Y\n", owner_opd=None, status="unknown",
                                  expected_version=loaded.version)  # type: ignore[union-attr]
    assert service.section_view(db, section_id) == loaded


def test_views_are_plain_data_and_gone_records_are_none(db) -> None:  # type: ignore[no-untyped-def]
    document_id, section_id = _document(db)
    view = service.document_view(db, document_id)
    assert view is not None and view.years == [2021, 2022, 2023] and not view.final
    numbers = [e.number for e in service.outline_of(db, document_id)]
    assert numbers[:2] == ["1", "1.1"]
    service.add_comment(db, section_id, "Perlu data terbaru", author="Ani")
    assert [(c["author"], c["text"], c["resolved"]) for c in service.comments(db, section_id)] == [
        ("Ani", "Perlu data terbaru", False)]
    service.delete_document(db, document_id)
    assert service.document_view(db, document_id) is None
    assert service.load_targets(db, document_id) is None and service.load_programme(db, document_id) is None
    assert service.outline_of(db, document_id) == [] and service.section_view(db, section_id) is None
    assert service.document_view(db, None) is None and service.preview_blocks(db, None) == {}


def test_targets_are_decoded_by_the_core_and_checked_on_save(db) -> None:  # type: ignore[no-untyped-def]
    document_id, _section_id = _document(db)
    view = service.load_targets(db, document_id)
    assert view is not None
    rows = [{"indicator": "Sekolah dengan jamban terpilah (%)", "source": None, "unit": "%", "baseline": 40.0,
             "targets": {2021: 50.0, 2023: 90.0}}]
    version = service.save_targets(db, document_id, rows, expected_version=view.version)
    stored = service.load_targets(db, document_id)
    assert stored is not None and stored.version == version
    assert stored.rows == rows  # years as numbers: the stored JSON is the core's business
    with db.session() as session:
        assert json.loads(session.query(SssTarget).one().targets) == {"2021": 50.0, "2023": 90.0}
    bad = [{**rows[0], "targets": {2022: 120.0}}]
    with pytest.raises(UserError):
        service.save_targets(db, document_id, bad, expected_version=version)
    counts = [{**rows[0], "unit": "sekolah", "targets": {2022: 120.0}}]  # a count may exceed 100
    service.save_targets(db, document_id, counts, expected_version=version)


def test_programme_rows_come_back_as_saved(db) -> None:  # type: ignore[no-untyped-def]
    document_id, _section_id = _document(db)
    view = service.load_programme(db, document_id)
    assert view is not None and view.rows == []
    row = {"program": "P", "kegiatan": "K", "lokasi": None, "satuan": "unit", "volume": 2.0, "unit_cost": 1_500_000,
           "sumber_dana": "DAK", "opd": None, "tahun": 2022}
    service.save_programme(db, document_id, [row], expected_version=view.version)
    assert service.load_programme(db, document_id).rows == [row]  # type: ignore[union-attr]



def test_acting_on_a_document_deleted_meanwhile_is_refused_as_gone(db) -> None:  # type: ignore[no-untyped-def]
    """Another window deleted the document: each action tells so (RecordGone, a UserError), none crashes."""
    from bakti_desktop.errors import RecordGone

    document_id, section_id = _document(db)
    service.add_comment(db, section_id, "Periksa angka")
    comment_id = service.comments(db, section_id)[0]["id"]
    service.delete_document(db, document_id)
    for action in (lambda: service.move_section(db, section_id, 1),
                   lambda: service.add_section(db, document_id, None, "Baru"),
                   lambda: service.mark_final(db, document_id),
                   lambda: service.propose_toilet_rows(db, document_id),
                   lambda: service.add_default_targets(db, document_id)):
        with pytest.raises(RecordGone):
            action()
    with pytest.raises(RecordGone):
        service.resolve_comment(db, comment_id)  # the comment went to the trash with its document
