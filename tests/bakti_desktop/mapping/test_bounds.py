"""The bounds and contradictions of docs/domain-rules.md §3.5, the same at the form, the workbook and the server (issue 17)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bakti_desktop.mapping.importer import apply_import, plan_import
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
