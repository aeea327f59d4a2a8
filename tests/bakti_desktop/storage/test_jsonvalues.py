"""One encoding of stored values as JSON: every column's values come back equal (trash, package, audit, bulk)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import BigInteger, Boolean, Date, DateTime, Float, Integer, Numeric, String, Text, Time
from sqlalchemy.types import TypeEngine

from bakti_desktop.pksai.codes import ActionStatus
from bakti_desktop.storage.jsonvalues import decode, dumps, encode, loads
from bakti_desktop.twinning.codes import ItemStatus


def _values(kind: TypeEngine[Any]) -> st.SearchStrategy[Any]:
    """The Python values a column of type ``kind`` holds (and None)."""
    if isinstance(kind, DateTime):
        plain = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1))
    elif isinstance(kind, Date):
        plain = st.dates()
    elif isinstance(kind, Time):
        plain = st.times()
    elif isinstance(kind, Boolean):
        plain = st.booleans()
    elif isinstance(kind, Float):
        plain = st.floats(allow_nan=False, allow_infinity=False)
    elif isinstance(kind, Numeric):
        plain = st.decimals(allow_nan=False, allow_infinity=False, places=2)
    elif isinstance(kind, (Integer, BigInteger)):
        plain = st.integers(-(2**63), 2**63 - 1)
    else:
        plain = st.text()
    return st.one_of(st.none(), plain)


def _model_columns() -> list[tuple[str, TypeEngine[Any]]]:
    import bakti_desktop.models  # noqa: F401 - every table
    from bakti_desktop.storage.base import Base

    return [(f"{t.name}.{c.name}", c.type) for t in Base.metadata.sorted_tables for c in t.columns]


COLUMNS = _model_columns()
EXTRA = [("numeric", Numeric(12, 2)), ("time", Time())]


@pytest.mark.parametrize("kind", sorted({type(k): k for _n, k in COLUMNS + EXTRA}.values(), key=repr), ids=repr)
@given(data=st.data())
def test_every_stored_value_decodes_equal(kind: TypeEngine[Any], data: st.DataObject) -> None:
    value = data.draw(_values(kind))
    text = dumps({"v": value})
    back = decode(loads(text)["v"], kind)
    assert back == value and type(back) is type(value)
    assert decode(loads(dumps({"v": encode(value)}))["v"], kind) == value  # encoded first: the same text


@given(st.datetimes())
def test_datetimes_have_one_spelling_and_the_bulk_form_is_sqlalchemys(value: datetime) -> None:
    assert encode(value) == value.isoformat(timespec="microseconds")  # a package's digests stay as they were
    assert decode(encode(value, " "), DateTime()) == value


def test_the_bulk_form_is_what_sqlalchemy_stores_in_sqlite() -> None:
    from sqlalchemy import Column, MetaData, Table, create_engine, insert, text

    table = Table("t", MetaData(), Column("at", DateTime), Column("day", Date))
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    at, day = datetime(2020, 10, 8, 9, 15), date(2020, 10, 8)
    with engine.begin() as conn:
        conn.execute(insert(table).values(at=at, day=day))
        assert tuple(conn.execute(text("SELECT at, day FROM t")).one()) == (encode(at, " "), encode(day))


@given(st.sampled_from([*ActionStatus, *ItemStatus]))
def test_codes_are_written_as_their_stored_string(code: Any) -> None:
    assert json.loads(dumps([code])) == [code.value] and type(encode(code)) is str
    assert decode(encode(code), type(code)) is code


def test_unknown_values_are_refused_except_in_the_audit() -> None:
    with pytest.raises(TypeError):
        dumps({"x": {1, 2}})
    assert json.loads(dumps({"x": {1}}, lenient=True)) == {"x": "{1}"}
    assert dumps({"d": Decimal("35000000.50"), "t": time(9, 15)}) == '{"d": "35000000.50", "t": "09:15:00"}'


def test_a_boolean_column_takes_only_true_and_false() -> None:
    with pytest.raises(TypeError):
        decode("false", Boolean())
    assert decode(False, Boolean()) is False
    assert decode("2020-10-08", String()) == "2020-10-08"  # a string that looks like a date stays a string
    assert decode("x", Text()) == "x"
