"""The bounds and contradictions of docs/domain-rules.md §3.5, the same at the form, the workbook and the server (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bakti_desktop.mapping import service
from bakti_desktop.mapping.importer import ImportPlan, apply_import, check_records, plan_import
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.validation import validate, validate_table
from tests.helpers import record, write_workbook


def _columns(raw: dict) -> set[str | None]:
    return {p.column for p in validate(raw)[1]}


def test_counts_up_to_100000_texts_up_to_500_characters() -> None:
    assert _columns(record(siswa_laki=100_000, jamban_laki_baik=2)) == set()
    assert _columns(record(siswa_laki=100_001)) == {"siswa_laki"}
    assert _columns(record(siswa_laki="2000000000000")) == {"siswa_laki"}
    assert _columns(record(nama_sekolah="S" * 500)) == set()
    assert _columns(record(nama_sekolah="S" * 501)) == {"nama_sekolah"}
    assert _columns(record(catatan="c" * 501)) == {"catatan"}
    assert _columns(record(npsn="4" * 1000)) == {"npsn"}


def test_control_characters_are_refused_line_breaks_allowed_in_notes() -> None:
    assert _columns(record(nama_sekolah="SD\x1b[31m Merah")) == {"nama_sekolah"}
    assert _columns(record(enumerator="Andi\x00")) == {"enumerator"}
    assert _columns(record(nama_sekolah="SD Negeri\n1")) == {"nama_sekolah"}
    assert _columns(record(catatan="Baris satu\nbaris dua\r\n")) == set()
    assert _columns(record(catatan="bel\x07")) == {"catatan"}


def test_the_new_contradictions_of_section_1_6() -> None:
    assert _columns(record(siswa_disabilitas=220)) == set()  # 120 boys + 100 girls
    assert _columns(record(siswa_disabilitas=221)) == {"siswa_disabilitas"}
    assert _columns(record(anggaran_sanitasi="Tidak", anggaran_rp=500_000)) == {"anggaran_rp"}
    assert _columns(record(anggaran_sanitasi="Tidak", anggaran_rp=0)) == set()
    assert _columns(record(anggaran_sanitasi="Ya", anggaran_rp=500_000)) == set()
    assert _columns(record(anggaran_rp=500_000)) == set()  # not answered: nothing to contradict


def test_the_workbook_path_finds_the_same_problems_as_the_form() -> None:
    rows = [record(), record(siswa_laki=100_001), record(nama_sekolah="x\x1b"), record(siswa_disabilitas=999),
            record(anggaran_sanitasi="Tidak", anggaran_rp=1), record(catatan="a\nb")]
    columns = {key: [row.get(key) for row in rows] for key in {k for row in rows for k in row}}
    table = validate_table(columns, len(rows))
    assert [list(problems) for _, problems in table] == [validate(row)[1] for row in rows]


def test_what_the_server_would_refuse_is_a_row_error_and_good_rows_go_in(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [record(npsn="40300001"), record(npsn="40300002", siswa_laki=2 * 10**12),
            record(npsn="40300003", nama_sekolah="SD " + "x" * 600),
            record(npsn="40300004", enumerator="A_x001B_B"),  # ESC, as the file format escapes it
            record(npsn="40300005", catatan="ok\nok")]
    plan = plan_import(db, write_workbook(tmp_path / "w.xlsx", rows))
    rejected = {r.row: r.column for r in plan.rejected}
    assert rejected == {3: "siswa_laki", 4: "nama_sekolah", 5: "enumerator"}
    result = apply_import(db, plan)
    assert result["imported"] == 2
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(School)).scalar_one() == 2
        assert conn.execute(select(func.max(Survey.siswa_laki))).scalar_one() == 120


# Values at and past every bound of storage/rules.py, and the kinds of garbage a workbook cell can hold.
_HOSTILE = [
    None, "", " ", "-1", -1, 0, 100_000, 100_001, 2_000_000_000_000, 2_000_000_000_001, 10**30, 1.5, -0.0,
    float("nan"), float("inf"), "1e400", -8.0, -8.000001, -1.0, -0.999999, 117.0, 116.99999, 122.0, 122.00001,
    "S" * 500, "S" * 501, "SD\x1b[31m", "Baris\nbaris", "\u0085", "\ud800", "x\x00y", "1999-12-31", "01/01/2000",
    "31/12/2100", "01/01/2101", "Ya", "Tidak", True, False, "perpipaan", "tidak_ada", "gratis", "septik_ipal",
    "SD", "SLB", "XX", "negeri", "73.08", "Bone", "Kahu", "4030123", "403012345", "40301234",
]


def test_whatever_the_validator_lets_through_satisfies_every_check_constraint(db) -> None:  # type: ignore[no-untyped-def]
    """The writer's bulk insert leaves SQLite's CHECK constraints to the validator (storage/bulk.py,
    ``checked``): every row it accepts must satisfy them, which SQLite's own ``quick_check`` verifies.
    Every field takes every value above, one school each."""
    raws = []
    for key in sorted(record()):
        for value in _HOSTILE:
            raws.append(record(**{"npsn": f"4{len(raws):07d}", key: value}))
    plan = ImportPlan(path=Path("uji.xlsx"), sheet="Data", header_row=1, header=[])
    check_records(db, plan, [(i + 2, raw, []) for i, raw in enumerate(raws)])
    assert 0 < len(plan.rejected) < len(raws)
    apply_import(db, plan)
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            for table in ("school", "survey"):
                assert conn.exec_driver_sql(f"PRAGMA quick_check({table})").scalars().all() == ["ok"]


def test_the_checks_are_back_on_after_a_bulk_insert(db) -> None:  # type: ignore[no-untyped-def]
    """The writer's skipped CHECK constraints are skipped only for its own insert: any later write is held."""
    import sqlalchemy

    service.save_record(db, record())
    with db.engine.begin() as conn, pytest.raises(sqlalchemy.exc.IntegrityError):
        conn.execute(sqlalchemy.update(Survey).values(siswa_laki=-5))
