"""The one writer of surveys: the form's path (one row per save) and the import's (all rows at once)
store the same rows and the same audit trail."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bakti_desktop.mapping import service, writer
from bakti_desktop.mapping.fields import (
    IMPROVED_TOILETS,
    JENJANG_CODES,
    PADS,
    SOAP_WATER,
    STATUS,
    TOILET_COUNT_KEYS,
    TOILET_TYPES,
    WASTEWATER,
    WATER_SOURCES,
)
from bakti_desktop.mapping.importer import ImportPlan, apply_import, check_records
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.rows import SurveyRow
from bakti_desktop.mapping.validation import validate
from bakti_desktop.storage.audit import AuditEntry
from bakti_desktop.storage.database import Database, open_database
from tests.helpers import record

YES_NO = st.sampled_from([None, "Ya", "Tidak", True, False])
PLACES = [("Bone", "Kahu", "Palattae"), ("Bone", "Tanete Riattang", ""), ("Maros", "Bantimurung", ""),
          ("73.08", "73.08.02", None)]


def _codes(choices: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([c.code for c in choices])


@st.composite
def survey_records(draw: st.DrawFn) -> dict[str, Any]:
    """A valid survey record as the form or a workbook gives it (raw values), for one of three schools."""
    kabupaten, kecamatan, desa = draw(st.sampled_from(PLACES))
    toilet = draw(_codes(TOILET_TYPES))
    counts = {key: draw(st.one_of(st.none(), st.integers(0, 4))) for key in TOILET_COUNT_KEYS}
    if toilet == "tidak_ada":
        counts = dict.fromkeys(TOILET_COUNT_KEYS, draw(st.sampled_from([None, 0])))
    elif toilet in IMPROVED_TOILETS and not sum(filter(None, counts.values())):
        counts[draw(st.sampled_from(TOILET_COUNT_KEYS))] = draw(st.integers(1, 3))
    source = draw(_codes(WATER_SOURCES))
    facilities = draw(st.integers(0, 5))
    boys, girls = draw(st.integers(0, 400)), draw(st.integers(0, 400))
    planned = draw(YES_NO)
    values = {
        "npsn": draw(st.sampled_from(["40300001", "40300002", "40300003"])),
        "nama_sekolah": draw(st.sampled_from(["SD Negeri 1 Kahu", "SD Inpres Kahu", "SMP Negeri 2 Maros"])),
        "jenjang": draw(st.sampled_from(JENJANG_CODES)),
        "status": draw(st.one_of(st.none(), _codes(STATUS))),
        "kabupaten": kabupaten, "kecamatan": kecamatan, "desa": desa,
        "puskesmas": draw(st.sampled_from([None, "Puskesmas Kahu"])),
        "lintang": draw(st.one_of(st.none(), st.floats(-5.6, -4.0).map(lambda v: round(v, 5)))),
        "bujur": draw(st.one_of(st.none(), st.floats(119.4, 120.5).map(lambda v: round(v, 5)))),
        "tanggal_survei": draw(st.dates(date(2019, 1, 1), date(2022, 12, 31))),
        "enumerator": draw(st.sampled_from([None, "Andi Nurhayati"])),
        "siswa_laki": boys, "siswa_perempuan": girls,
        "siswa_disabilitas": draw(st.one_of(st.none(), st.integers(0, min(boys + girls, 5)))),
        "sumber_air_minum": source,
        "air_tersedia": None if source == "tidak_ada" else draw(st.sampled_from(["Ya", "Tidak", True, False])),
        "jenis_jamban": toilet, **counts,
        "jamban_guru": draw(st.one_of(st.none(), st.integers(0, 2))),
        "sarana_cuci_tangan": facilities,
        "sarana_cuci_tangan_rusak": draw(st.one_of(st.none(), st.integers(0, facilities))),
        "air_sabun": draw(_codes(SOAP_WATER)),
        "mkm_pembalut": draw(st.one_of(st.none(), _codes(PADS))),
        "air_limbah": draw(st.one_of(st.none(), _codes(WASTEWATER))),
        "anggaran_sanitasi": planned,
        "anggaran_rp": 0 if planned in ("Tidak", False) else draw(st.one_of(st.none(), st.integers(0, 5_000_000))),
        "catatan": draw(st.sampled_from([None, "", "Atap bocor", "Baris satu\nbaris dua"])),
    }
    for key in ("jamban_difabel", "mkm_tempat_sampah", "mkm_edukasi", "kuras_septik", "piket_kebersihan",
                "siswa_terlibat", "uks_aktif", *(f"phbs_{i}" for i in range(1, 9))):
        values[key] = draw(YES_NO)
    return record(**values)


def _year(raw: dict[str, Any]) -> tuple[str, int]:
    return raw["npsn"], raw["tanggal_survei"].year


ROUNDS = st.lists(st.lists(survey_records(), min_size=1, max_size=6, unique_by=_year), min_size=1, max_size=3)


def _fresh(template: Path, folder: Path, name: str) -> Database:
    shutil.copyfile(template, folder / name)
    return open_database(folder / name)


def _newest_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The order in which the writer applies a batch (newest year first): saved one by one in this order, the
    rows give the same audit trail as the batch (in another order the register takes each newer year in turn)."""
    return sorted(rows, key=lambda raw: raw["tanggal_survei"].year, reverse=True)


def _stored(db: Database) -> list[tuple[Any, ...]]:
    """Every school and survey column, the versions and who changed them, by NPSN and year."""
    columns = [School.npsn, *(School.__table__.c[k] for k in writer.SCHOOL_COLUMNS), School.version, School.updated_by,
               *(Survey.__table__.c[k] for k in writer.SURVEY_ROW_KEYS), Survey.version, Survey.updated_by]
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*columns).join(Survey).order_by(School.npsn, Survey.year))]


def _audit(db: Database, after: int) -> list[tuple[Any, ...]]:
    """The audit entries after id ``after``, one per record (a batch entry counts for each record it created),
    with the record named by its NPSN (and year): (table, key, action, changes, user)."""
    with db.engine.connect() as conn:
        schools = {r.id: (r.npsn, r.created_at) for r in conn.execute(select(School.id, School.npsn, School.created_at))}
        surveys = {r.id: ((schools[r.school_id][0], r.year), r.created_at)
                   for r in conn.execute(select(Survey.id, Survey.school_id, Survey.year, Survey.created_at))}
        entries = list(conn.execute(select(AuditEntry).where(AuditEntry.id > after)))
    records = {"school": schools, "survey": surveys}
    found = []
    for e in entries:
        table = records[e.table_name]
        if e.last_record_id is None:
            ids = [e.record_id]
        else:
            ids = [i for i in range(e.record_id, e.last_record_id + 1) if i in table and table[i][1] == e.at]
        found += [(e.table_name, str(table[i][0]), e.action, json.loads(e.changes), e.user) for i in ids]
    return sorted(found, key=lambda entry: json.dumps(entry, sort_keys=True))


def _last_entry(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)).scalar() or 0


@pytest.mark.slow  # two databases per example
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rounds=ROUNDS)
def test_the_form_and_the_bulk_path_store_the_same_rows_and_audit(new_database_file: Path,
                                                                  rounds: list[list[dict[str, Any]]]) -> None:
    for rows in rounds:
        assume(all(not validate(raw)[1] for raw in rows))
    with tempfile.TemporaryDirectory() as folder:
        by_form = _fresh(new_database_file, Path(folder), "form.sqlite")
        in_bulk = _fresh(new_database_file, Path(folder), "bulk.sqlite")
        try:
            for rows in rounds:
                before = _last_entry(by_form), _last_entry(in_bulk)
                outcomes = [service.save_record(by_form, raw)[0] for raw in _newest_first(rows)]
                plan = ImportPlan(path=Path("bulk.xlsx"), sheet="Data", header_row=1, header=[])
                check_records(in_bulk, plan, [(i + 2, raw, []) for i, raw in enumerate(rows)])
                assert not plan.rejected
                summary = apply_import(in_bulk, plan, replace=plan.replacing)  # every row, as the form saves them
                assert _stored(by_form) == _stored(in_bulk)
                assert _audit(by_form, before[0]) == _audit(in_bulk, before[1])
                assert ((summary["imported"], summary["updated"], summary["unchanged"])
                        == (outcomes.count("added"), outcomes.count("updated"), outcomes.count("unchanged")))
        finally:
            by_form.close()
            in_bulk.close()


def test_the_register_takes_the_newest_year_whatever_the_order(db: Database) -> None:
    """§3.3 once, for every path: an older round saved after a newer one leaves the school's fields."""
    service.save_record(db, record(npsn="40300001", nama_sekolah="SD Lama", tanggal_survei="14/09/2020"))
    service.save_record(db, record(npsn="40300001", nama_sekolah="SD Baru", tanggal_survei="14/09/2021"))
    service.save_record(db, record(npsn="40300001", nama_sekolah="SD Tua", tanggal_survei="14/09/2019"))
    rows = [SurveyRow.of(validate(record(npsn="40300002", nama_sekolah=name, tanggal_survei=day))[0])
            for name, day in (("SD Dua Lama", "01/08/2019"), ("SD Dua Baru", "01/08/2022"), ("SD Dua", "01/08/2020"))]
    with db.engine.begin() as conn:
        done = writer.write_surveys(conn, rows, note="uji")
    assert (done.added, done.schools_added, done.schools_updated) == (3, 1, 0)
    with db.engine.connect() as conn:
        names = dict(conn.execute(select(School.npsn, School.nama_sekolah)).all())
    assert names == {"40300001": "SD Baru", "40300002": "SD Dua Baru"}


def test_a_survey_changed_since_it_was_loaded_refuses_the_whole_write(db: Database) -> None:
    from bakti_desktop.storage.locking import ChangedElsewhere

    _outcome, survey_id = service.save_record(db, record(npsn="40300001"))
    service.save_record(db, record(npsn="40300001", jamban_guru=3))  # someone else's change: version 2
    rows = [SurveyRow.of(validate(record(npsn=npsn, jamban_guru=5))[0]) for npsn in ("40300009", "40300001")]
    with pytest.raises(ChangedElsewhere), db.engine.begin() as conn:
        writer.write_surveys(conn, rows, expected={survey_id: 1})
    with db.engine.connect() as conn:
        assert conn.execute(select(School.npsn)).scalars().all() == ["40300001"]  # the new school went too
        assert conn.execute(select(Survey.jamban_guru, Survey.version)).one() == (3, 2)


def test_an_unchanged_save_writes_nothing(db: Database) -> None:
    service.save_record(db, record(npsn="40300001"))
    entries = _last_entry(db)
    assert service.save_record(db, record(npsn="40300001", jamban_guru=1.0))[0] == "unchanged"
    assert _last_entry(db) == entries
    with db.engine.connect() as conn:
        assert conn.execute(select(Survey.version)).scalar_one() == 1
