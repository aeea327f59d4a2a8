"""Crafted packages (tests/data/hostile, README section "Packages"): nothing invalid gets in, the rest merges (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bakti_desktop.errors import UserError
from bakti_desktop.sync.package import export_package, import_package
from bakti_desktop.mapping import service as mapping_service
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.pksai.models import AttendanceCount
from bakti_desktop.storage.database import Database
from bakti_desktop.twinning import evidence
from bakti_desktop.twinning.models import Evidence
from tests.helpers import record

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = ROOT / "tests" / "data" / "hostile"


def _count(db: Database, model: type) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _skipped(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((s["table"], s["uuid"][-2:]) for s in result.skipped)


def test_impossible_survey_values_are_skipped_with_reasons_and_the_rest_merges(db: Database) -> None:
    result = import_package(db, HOSTILE / "survey_values.bakti")
    assert _skipped(result) == [("survey", "06")]
    reason = result.skipped[0]["reason"]
    assert all(column in reason for column in ("siswa_laki", "siswa_perempuan", "jenis_jamban"))
    assert (_count(db, School), _count(db, Survey), _count(db, Evidence), _count(db, AttendanceCount)) == (2, 1, 2, 1)
    with db.engine.connect() as conn:
        assert conn.execute(select(func.max(Survey.siswa_perempuan))).scalar_one() == 100


def test_a_natural_key_match_never_overwrites_a_survey_entered_here(db: Database) -> None:
    # entered here, never exchanged
    mapping_service.save_record(db, record(npsn="40300002", nama_sekolah="SD Negeri 2 Watampone", jamban_guru=5))
    result = import_package(db, HOSTILE / "survey_values.bakti")  # its second survey is the same school and year
    assert result.updated == 0 and [c.table for c in result.conflicts] == ["survey"]
    with db.session() as session:
        assert session.scalar(select(Survey.jamban_guru)) == 5


def test_a_natural_key_match_is_a_conflict_when_changed_here_since_the_last_exchange(
        db: Database, tmp_path: Path) -> None:
    import_package(db, HOSTILE / "evidence_path.bakti")  # the two schools and surveys, now agreed on
    mapping_service.save_record(db, record(npsn="40300001", nama_sekolah="SD Negeri 1 Watampone", jamban_guru=3))
    # Another laptop entered the same school and year separately (new UUIDs) with other values.
    with tempfile.TemporaryDirectory() as folder:
        from bakti_desktop.storage.database import open_database

        other = open_database(Path(folder) / "other.sqlite")
        mapping_service.save_record(other, record(npsn="40300001", nama_sekolah="SD Negeri 1 Watampone", jamban_guru=9))
        export_package(other, tmp_path / "other.bakti")
        other.close()
    result = import_package(db, tmp_path / "other.bakti")
    assert result.updated == 0 and [c.table for c in result.conflicts] == ["survey"]
    with db.session() as session:
        assert session.scalar(select(Survey.jamban_guru).join(School).where(School.npsn == "40300001")) == 3


def test_wrong_json_types_and_lengths_are_skipped(db: Database) -> None:
    result = import_package(db, HOSTILE / "wrong_types.bakti")
    # "false" for phbs_1, the 1,000-character NPSN (and the survey of that school), "banyak" participants
    assert _skipped(result) == [("pksai_attendance_count", "09"), ("school", "03"), ("survey", "06"),
                                ("survey", "07")]
    assert (_count(db, School), _count(db, Survey), _count(db, AttendanceCount)) == (1, 0, 0)


def test_what_postgresql_refuses_is_skipped_on_every_engine(db: Database) -> None:
    result = import_package(db, HOSTILE / "server_refuses.bakti")
    assert _skipped(result) == [("school", "03"), ("survey", "06"), ("survey", "07")]
    assert result.added == 10 and (_count(db, School), _count(db, Survey)) == (1, 0)


def test_an_evidence_sha256_that_is_a_path_is_refused_and_export_still_works(db: Database, tmp_path: Path) -> None:
    result = import_package(db, HOSTILE / "evidence_path.bakti")
    assert _skipped(result) == [("twin_evidence", "12")]
    assert _count(db, Evidence) == 1
    assert export_package(db, tmp_path / "out.bakti")["files"] == 1


def test_one_altered_evidence_file_skips_only_its_record_and_dry_run_says_the_same(db: Database) -> None:
    package = HOSTILE / "evidence_altered.bakti"
    trial = import_package(db, package, dry_run=True)
    assert _count(db, School) == 0 and not any(evidence.store_dir(db).rglob("*.pdf"))  # nothing written
    real = import_package(db, package)
    assert trial.as_json() == real.as_json()
    assert _skipped(real) == [("twin_evidence", "12")] and real.files == 1
    reason = real.skipped[0]["reason"]
    assert tempfile.gettempdir() not in reason and ".part" not in reason and "bukti." not in reason
    with db.session() as session:
        (row,) = session.scalars(select(Evidence))
        assert evidence.verify(db, row.sha256, row.extension) is None


def _bounded_run(db_path: Path, package: Path) -> tuple[subprocess.CompletedProcess[str], float, int]:
    # The peak of this process alone (VmHWM): ru_maxrss would keep the pytest process's size across the fork.
    code = ("import sys; sys.argv = ['main.py', '--db', sys.argv[1], 'import-package', sys.argv[2]];"
            "import main\ntry:\n    rc = main.main()\nfinally:\n"
            "    peak = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "    print('maxrss', peak, file=sys.stderr)\nsys.exit(rc)")
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-c", code, str(db_path), str(package)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    elapsed = time.monotonic() - start
    kilobytes = int(run.stderr.rsplit("maxrss", 1)[1].split()[0])
    return run, elapsed, kilobytes


@pytest.mark.parametrize("name", ["json_bomb.bakti", "evidence_huge.bakti"])
def test_oversized_packages_stay_within_200_mb_and_10_s(tmp_path: Path, name: str) -> None:
    run, elapsed, kilobytes = _bounded_run(tmp_path / "office.sqlite", HOSTILE / name)
    assert elapsed < 10 and kilobytes < 200 * 1024, (elapsed, kilobytes)
    assert "Traceback" not in run.stderr and len(run.stdout.splitlines()) < 20
    if name == "json_bomb.bakti":
        assert run.returncode == 1 and len(run.stderr.strip().splitlines()) == 2  # one sentence (and maxrss)
    else:
        assert run.returncode == 0 and "twin_evidence" in run.stdout


def test_evidence_size_comes_from_the_zip_header_before_reading(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    opened: list[str] = []
    original = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(name if isinstance(name, str) else name.filename)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    result = import_package(db, HOSTILE / "evidence_huge.bakti")
    assert _skipped(result) == [("twin_evidence", "12")] and _count(db, Evidence) == 1
    huge = next(n for n in zipfile.ZipFile(HOSTILE / "evidence_huge.bakti").namelist() if n.startswith("bukti/")
                and zipfile.ZipFile(HOSTILE / "evidence_huge.bakti").getinfo(n).file_size > evidence.MAX_SIZE)
    assert huge not in opened


@pytest.mark.parametrize("name", ["format_version_abc.bakti", "duplicate_uuid.bakti"])
def test_damaged_manifests_give_one_sentence(db: Database, name: str) -> None:
    with pytest.raises(UserError) as caught:
        import_package(db, HOSTILE / name)
    assert "\n" not in str(caught.value) and name in str(caught.value)
    assert _count(db, School) == 0


def test_cli_dry_run_reports_what_the_real_run_does(db_target: str, tmp_path: Path) -> None:
    def run(*extra: str) -> dict:  # type: ignore[type-arg]
        out = subprocess.run([sys.executable, "main.py", "--db", db_target, "import-package",
                              str(HOSTILE / "evidence_altered.bakti"), "--json", *extra],
                             cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    assert run("--dry-run") == run()
