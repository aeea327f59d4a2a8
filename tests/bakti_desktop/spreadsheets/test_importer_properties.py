"""Random cells into every workbook importer: never a crash, every row imported or reported."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bakti_desktop.mapping.fields import FIELDS
from bakti_desktop.mapping.importer import plan_import
from bakti_desktop.mapping.validation import VALUE_KEYS, validate, validate_table
from bakti_desktop.storage.database import open_database
from bakti_desktop.twinning import demo as twinning_demo
from bakti_desktop.twinning.workbook import COLUMNS, plan_rktl
from tests.helpers import record, write_workbook

CELLS = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)),
    st.sampled_from(["Ya", "tidak", "=1+1", "@SUM(A1)", "perpipaan", "Bone", "73.08", "Kahu", "SD", "14/09/2020",
                     "31/02/2020", "-1", "1.500", "Rp 2.000.000", "../../etc", "\x00"]),
)
KEYS = [f.key for f in FIELDS]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])


def _clean(value: object) -> object:
    if isinstance(value, str):  # openpyxl refuses control characters in cells
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    return value


@pytest.mark.slow  # a database and a workbook per example
@SETTINGS
@given(rows=st.lists(st.dictionaries(st.sampled_from(KEYS), CELLS, max_size=8), min_size=1, max_size=6))
def test_survey_importer_never_crashes(rows: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "p.sqlite")
        data = [{k: _clean(v) for k, v in record(**{"npsn": f"4030{i:04d}", **row}).items()} for i, row in enumerate(rows)]
        path = write_workbook(Path(folder) / "w.xlsx", data)
        plan = plan_import(db, path)
        counted = len(plan.new) + len(plan.update) + len(plan.unchanged) + len(plan.rejected)
        assert counted == len(data)  # no row is lost: imported or reported
        for rejected in plan.rejected:
            assert rejected.row >= 2 and rejected.message
        db.close()


@pytest.mark.slow  # a database with the twinning demo and a workbook per example
@SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=len(COLUMNS), max_size=len(COLUMNS)), min_size=1, max_size=5))
def test_rktl_importer_never_crashes(rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "p.sqlite")
        twinning_demo.load(db)
        programme = 1
        workbook = Workbook()
        sheet = workbook.active
        sheet.append([header for _key, header, _required in COLUMNS])
        written = 0
        for row in rows:
            cells = [_clean(c) for c in row]
            cells[2] = cells[2] if cells[2] not in (None, "") else "kegiatan"  # keep the row non-blank
            sheet.append(cells)
            written += 1
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        path = Path(folder) / "r.xlsx"
        workbook.save(path)
        plan = plan_rktl(db, path, programme)
        assert len(plan.good) + len(plan.rejected) == written
        db.close()


@SETTINGS
@given(rows=st.lists(st.dictionaries(st.sampled_from(KEYS), CELLS, max_size=10), min_size=1, max_size=8))
def test_column_checks_agree_with_record_checks(rows: list[dict[str, object]]) -> None:
    """The importer's column-wise checking gives each row exactly the result of the entry form's."""
    records = [record(**{"npsn": f"4030{i:04d}", **row}) for i, row in enumerate(rows)]
    records.append(dict(records[0]))  # a repeated row: its cells come from the per-column caches
    records.append({**records[0], "air_tersedia": 1.0, "jamban_guru": True})  # 1.0 and True are equal keys in Python
    columns = {key: [r.get(key) for r in records] for key in {k for r in records for k in r}}
    table = [(dict(zip(VALUE_KEYS, values)), problems) for values, problems in validate_table(columns, len(records))]
    assert table == [validate(r) for r in records]
