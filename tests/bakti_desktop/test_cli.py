"""The command-line contract of issue #3, exit codes, and no tracebacks.

The commands run in-process through ``cli.main`` (as ``main.py`` calls it); ``main.py`` as a process, for
what only a process shows (its exit codes, the modules it loads), is tests/test_architecture.py's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import record, run_cli, write_workbook


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``run(*args)``: the command in-process, its result as a finished process's."""
    return lambda *args: run_cli(capsys, *args)


def test_import_and_summary_json(run, db_target: str, tmp_path: Path) -> None:
    rows = [record(npsn="40300001"), record(npsn="40300002", siswa_perempuan="-"), record(npsn="40300003")]
    book = write_workbook(tmp_path / "w.xlsx", rows)
    dry = run("--db", db_target, "import-survey", str(book), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["imported"] == 2
    errors = tmp_path / "errors.xlsx"
    done = run("--db", db_target, "import-survey", str(book), "--errors", str(errors), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {
        "year": 2020,
        "imported": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [{"row": 3, "column": "siswa_perempuan", "message": result["rejected"][0]["message"]}],
        "warnings": [],
        "sheets": [{"name": "Data", "header_row": 1, "rows": 3}],
        "changes": [],  # no stored survey updated
        "skipped": [],
        "batch": result["batch"],
    }
    assert isinstance(result["batch"], int)
    assert errors.exists()
    again = json.loads(run("--db", db_target, "import-survey", str(book), "--json").stdout)
    assert (again["imported"], again["unchanged"]) == (0, 2)

    summary = run("--db", db_target, "summary", "--by", "kecamatan", "--json")
    assert summary.returncode == 0, summary.stderr
    data = json.loads(summary.stdout)
    assert data["year"] == 2020
    assert data["groups"][0]["kecamatan"] == "Tanete Riattang"
    assert data["groups"][0]["schools"] == 2
    assert data["groups"][0]["water"] == {"basic": 2, "limited": 0, "none": 0}


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (("import-survey", "missing.xlsx", "--json"), 1, "tidak ada"),
        (("summary", "--by", "planet"), 2, "invalid choice"),
        (("no-such-command",), 2, "invalid choice"),
    ],
)
def test_errors_are_one_line_without_traceback(run, tmp_path: Path, args: tuple[str, ...], code: int, text: str) -> None:
    result = run("--db", str(tmp_path / "x.sqlite"), *args)
    assert result.returncode == code
    assert text in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_database(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("hello")
    result = run("--db", str(bad), "summary")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "bukan database" in result.stderr


def test_demo_template_and_backup(run, tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    first = run("--db", db, "demo")
    assert first.returncode == 0, first.stderr
    second = run("--db", db, "demo")
    assert "0 ditambah, 0 diperbarui" in second.stdout  # idempotent
    out = tmp_path / "copy.sqlite"
    assert run("--db", db, "backup", str(out)).returncode == 0
    summary = json.loads(run("--db", str(out), "summary", "--json").stdout)
    assert {g["kabupaten_code"] for g in summary["groups"]} == {"73.02", "73.04", "73.08", "73.09", "73.10"}
    assert run("--db", db, "export-minutes", str(tmp_path / "n.pdf")).returncode == 0
    assert run("--db", db, "export-actions", str(tmp_path / "a.xlsx"), "--status", "terbuka").returncode == 0
    assert run("--db", db, "export-mapping", str(tmp_path / "m.pdf"), "--kabupaten", "Bone").returncode == 0
    assert run("--db", db, "export-rktl", str(tmp_path / "r.pdf"), "--mentee", "Palopo").returncode == 0
    assert run("--db", db, "template-rktl", str(tmp_path / "rt.xlsx")).returncode == 0
    rktl = json.loads(run("--db", db, "import-rktl", str(tmp_path / "rt.xlsx"), "--json").stdout)
    assert rktl == {"imported": 0, "rejected": [], "warnings": []}
    assert run("--db", db, "export-sss", str(tmp_path / "s.docx")).returncode == 0
    missing = run("--db", db, "export-sss", str(tmp_path / "s.pdf"), "--document", "99")
    assert missing.returncode == 1 and "tidak ada" in missing.stderr
    template = tmp_path / "t.xlsx"
    assert run("template", str(template)).returncode == 0
    # The blank template holds no survey rows: refused in one sentence (exit 1, issue 20), with no complaint
    # about its columns (its header is found) and nothing read from its Petunjuk or Pilihan sheets.
    empty = run("--db", db, "import-survey", str(template), "--dry-run", "--json")
    assert empty.returncode == 1 and empty.stdout == "" and empty.stderr.strip().count("\n") == 0
    assert "t.xlsx" in empty.stderr


def test_a_command_run_in_process_leaves_nothing_behind(run, tmp_path: Path) -> None:
    """No open database, log file or changed language stays after a command (tests run many in one process)."""
    import logging

    from bakti_desktop.i18n import language

    target = tmp_path / "a.sqlite"
    handlers = list(logging.getLogger().handlers)
    for args in (("--lang", "en", "summary"), ("--lang", "en", "summary", "--kabupaten", "Atlantis")):
        run("--db", str(target), *args)
        assert language() == "id"
        assert logging.getLogger().handlers == handlers
        assert target.exists() and not Path(f"{target}-wal").exists()  # SQLite removes it when the last connection closes
