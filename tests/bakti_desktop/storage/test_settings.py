"""Data settings as use cases the window calls: read and written in their own transactions."""

from __future__ import annotations

import pytest

from bakti_desktop.errors import UserError
from bakti_desktop.sss import service as sss_service
from bakti_desktop.storage import settings


def test_home_kabupaten_is_stored_for_every_laptop_on_the_data(db) -> None:  # type: ignore[no-untyped-def]
    assert settings.home_kabupaten(db) is None
    settings.set_home_kabupaten(db, "7311")
    assert settings.home_kabupaten(db) == "7311"
    with db.session() as session:
        assert settings.get_setting(session, settings.HOME_KABUPATEN_KEY) == "7311"


def test_unit_cost_is_a_data_setting_and_never_negative(db) -> None:  # type: ignore[no-untyped-def]
    assert sss_service.unit_cost(db) == sss_service.DEFAULT_UNIT_COST
    sss_service.set_unit_cost(db, 42_000_000)
    assert sss_service.unit_cost(db) == 42_000_000
    with pytest.raises(UserError):
        sss_service.set_unit_cost(db, -1)
    assert sss_service.unit_cost(db) == 42_000_000
