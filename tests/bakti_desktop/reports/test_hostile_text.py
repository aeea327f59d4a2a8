"""Text in, text out: every export survives any stored text (issue 17, item 4).

Stored text may hold anything an old version, a package or a workbook cell let in: ESC from
``_x001B_``, lone surrogates, 32,767-character names, Chinese, emoji. The texts are written straight
into the database (as such a record would be), and also offered to the entry services, which either
keep or refuse them; then every exporter must write a file that reads back.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import text as sql

from bakti_desktop.errors import UserError
from bakti_desktop.reports import text as safe

HUGE = 32_767
ESC_NAME = "SD \x1b[31mMerah\x1b[0m \x07 _x001B_ \x00 Negeri"
CJK = "学校卫生 小学 😀 🦄 é ß Ж"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import os

    from bakti_desktop.demo import load_demo
    from bakti_desktop.storage.database import open_database

    folder = tmp_path_factory.mktemp("hostile")
    os.environ["BAKTI_DATA_DIR"] = str(folder / "data")
    (folder / "data").mkdir()
    db = open_database(str(folder / "demo.sqlite"))
    load_demo(db)
    yield db
    db.close()


STORED = (  # table, column, rows (SQL condition): where stored text shows in the exports
    ("school", "nama_sekolah", "kabupaten_code = '73.08'"),
    ("survey", "catatan", "1 = 1"),
    ("twin_item", "activity", "1 = 1"),
    ("twin_item", "indicator", "1 = 1"),
    ("twin_item", "responsible_opd", "1 = 1"),
    ("twin_evidence", "title", "1 = 1"),
    ("twin_progress_note", "text", "1 = 1"),
    ("twin_unit", "name", "role = 'mentee'"),
    ("pksai_meeting", "title", "1 = 1"),
    ("pksai_meeting", "place", "1 = 1"),
    ("pksai_meeting", "chair_name", "1 = 1"),
    ("pksai_meeting", "opening", "1 = 1"),
    ("pksai_attendee", "name", "1 = 1"),
    ("pksai_action", "what", "1 = 1"),
    ("pksai_decision", "text", "1 = 1"),
    ("sss_document", "title", "1 = 1"),
    ("sss_section", "title", "1 = 1"),
    ("sss_section", "content", "1 = 1"),
)


def _store(db: Any, value: str) -> None:
    """Write ``value`` past the checks, as a database from before the CHECK constraints (0013) may hold it."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        for table, column, where in STORED:
            # two rows of each: enough to reach every export, few enough to keep a huge text quick
            conn.execute(sql(f"UPDATE {table} SET {column} = :v WHERE id IN "
                             f"(SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 2)"), {"v": value})
        conn.exec_driver_sql("PRAGMA ignore_check_constraints = OFF")


def _enter(db: Any, value: str) -> None:
    """The entry services keep the text or refuse it in words; nothing else."""
    from bakti_desktop.mapping import service
    from bakti_desktop.sss import service as sss
    from bakti_desktop.sss.models import SssSection

    raw = service.survey_raw_values(db, 1)
    raw.update(nama_sekolah=value, catatan=value)
    try:
        service.save_record(db, raw)
    except UserError:
        pass
    with db.session() as session:
        section_id = session.query(SssSection.id).order_by(SssSection.id).first()[0]
    try:
        sss.save_section(db, section_id, value, title=value[:200] or "Bab")
    except UserError:
        pass


def _export_all(db: Any, out: Path) -> dict[str, Path]:
    from bakti_desktop.mapping.export import export_mapping
    from bakti_desktop.pksai.export import export_actions, export_minutes
    from bakti_desktop.sss.export import export_sss
    from bakti_desktop.twinning.export import export_rktl

    return {
        "mapping.xlsx": export_mapping(db, out / "mapping.xlsx", kabupaten_code="73.08"),
        "mapping.pdf": export_mapping(db, out / "mapping.pdf", kabupaten_code="73.08"),
        "sss.pdf": export_sss(db, out / "sss.pdf"),
        "sss.docx": export_sss(db, out / "sss.docx"),
        "rktl.xlsx": export_rktl(db, out / "rktl.xlsx"),
        "rktl.pdf": export_rktl(db, out / "rktl.pdf"),
        "minutes.pdf": export_minutes(db, out / "minutes.pdf"),
        "actions.xlsx": export_actions(db, out / "actions.xlsx"),
    }


def _readable(files: dict[str, Path]) -> None:
    from docx import Document

    for name, path in files.items():
        if name.endswith(".xlsx"):
            book = load_workbook(path, read_only=True)
            assert sum(1 for sheet in book.worksheets for _ in sheet.iter_rows()) > 0
            book.close()
        elif name.endswith(".docx"):
            assert Document(str(path)).paragraphs
        else:
            data = path.read_bytes()
            assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), name
            done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
            assert done.returncode == 0 and "Pages:" in done.stdout, (name, done.stderr)


texts = st.one_of(
    st.text(max_size=400),  # any Unicode: controls, surrogates, CJK, emoji, RTL, combining marks
    st.text(alphabet=st.characters(max_codepoint=0x2FF), min_size=1, max_size=50).map(lambda t: (t * HUGE)[:HUGE]),
    st.sampled_from([ESC_NAME, CJK * 50, "x" * HUGE, ("kata " * 7000)[:HUGE], "\n" * 5000, "<b>&amp;</i>" * 100]),
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=texts)
def test_any_stored_text_passes_entry_and_every_export(demo: Any, tmp_path: Path, value: str) -> None:
    _enter(demo, value)
    _store(demo, value)
    out = tmp_path / f"out{abs(hash(value)) % 10**8}"
    out.mkdir()
    _readable(_export_all(demo, out))


def test_an_escape_character_is_removed_from_every_workbook_cell(demo: Any, tmp_path: Path) -> None:
    _store(demo, ESC_NAME)
    files = _export_all(demo, tmp_path)
    for name in ("mapping.xlsx", "rktl.xlsx", "actions.xlsx"):
        book = load_workbook(files[name])
        values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                  if isinstance(c.value, str)]
        kept = [v for v in values if "Merah" in v]
        assert kept, name  # the text is there …
        assert not any("\x1b" in v or "\x07" in v or "\x00" in v for v in values), name  # … without its controls
    with zipfile.ZipFile(files["sss.docx"]) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Merah" in body and "\x1b" not in body


def test_a_32767_character_name_is_cut_with_an_ellipsis_in_the_pdfs(demo: Any, tmp_path: Path) -> None:
    _store(demo, "Sekolah " + "panjang " * 5000)
    files = _export_all(demo, tmp_path)
    for name in ("mapping.pdf", "rktl.pdf", "minutes.pdf"):
        shown = subprocess.run(["pdftotext", str(files[name]), "-"], capture_output=True, text=True).stdout
        assert "panjang" in shown and "…" in shown, name
    book = load_workbook(files["mapping.xlsx"], read_only=True)
    longest = max(len(c) for row in book["Data Survei"].iter_rows(values_only=True) for c in row if isinstance(c, str))
    assert longest <= safe.EXCEL_CELL_LIMIT


def test_chinese_is_drawn_with_the_fallback_font_and_unknown_glyphs_show_a_mark(demo: Any, tmp_path: Path) -> None:
    _store(demo, CJK)
    files = _export_all(demo, tmp_path)
    for name in ("mapping.pdf", "rktl.pdf", "minutes.pdf", "sss.pdf"):
        data = files[name].read_bytes()
        assert b"DroidSansFallback" in data, name  # embedded (a subset)
        shown = subprocess.run(["pdftotext", str(files[name]), "-"], capture_output=True, text=True).stdout
        # 😀 is drawn by DejaVu Sans (seen in the PNG; ReportLab's text layer maps it wrongly), 🦄 by no font
        assert "学校卫生" in shown and "\ufffd" in shown, name


def test_a_mentee_name_makes_a_valid_sheet_title() -> None:
    assert safe.sheet_title("UPTD [Bone]: a/b\\c?*' " + "x" * 40) == "UPTD -Bone-- a-b-c--- xxxxxxxxx"
    assert safe.sheet_title("\x1b\x00 ") == "Lembar"
    taken: set[str] = set()
    titles = [safe.sheet_title("y" * 40, taken=taken) for _ in range(3)] + [safe.sheet_title("Y" * 31, taken=taken)]
    assert titles == ["y" * 31, "y" * 27 + " (2)", "y" * 27 + " (3)", "Y" * 27 + " (4)"]


def test_the_terminal_never_receives_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    from bakti_desktop.cli import TerminalStream
    import sys

    stream = TerminalStream(sys.stdout)
    stream.write("baris \x1b[2J\x1b]0;judul\x07 \u202eteks\u202c \x9b31m\nberikut\tkolom\n")
    out = capsys.readouterr().out
    assert out == "baris [2J]0;judul teks 31m\nberikut kolom\n"


def test_the_import_summary_does_not_echo_an_escape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bakti_desktop.cli import main
    from tests.helpers import record, write_workbook

    book = write_workbook(tmp_path / "in.xlsx", [record(jenis_jamban="_x001B_[31mroket_x001B_[0m")])  # ESC in the XML
    assert main(["--db", str(tmp_path / "t.sqlite"), "import-survey", str(book)]) == 0
    out = capsys.readouterr().out
    assert "roket" in out and "\x1b" not in out


def test_clean_keeps_line_breaks_and_tabs_and_removes_the_rest() -> None:
    assert safe.clean("a\tb\nc\r\nd\x1be\x00f\ud800g\uffffh\x85i") == "a\tb\nc\ndefghi"
    assert safe.clean(5) == 5 and safe.clean(None) is None
    assert safe.cell("x" * 40_000) == "x" * 32_766 + "…"
    assert safe.cut("abc", 3) == "abc" and safe.cut("abcd", 3) == "ab…"
