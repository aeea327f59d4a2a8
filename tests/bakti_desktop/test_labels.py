"""Recorded columns and values named for people (the history and the package conflicts show them)."""

from __future__ import annotations

import pytest

from bakti_desktop.i18n import set_language
from bakti_desktop.labels import column_label, column_value
from bakti_desktop.mapping.fields import BY_KEY


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    set_language("en")
    yield
    set_language("id")


def test_survey_and_school_columns_take_the_form_labels() -> None:
    assert column_label("survey", "jamban_guru") == "Jamban Guru"
    assert column_label("school", "kabupaten_code") == BY_KEY["kabupaten"].label  # the region field, stored as its code
    assert column_label("survey", "year") == BY_KEY["tahun"].label
    assert column_label("survey", "sanitation_level") == "Layanan sanitasi"  # a computed column


def test_labels_follow_the_language(english) -> None:  # type: ignore[no-untyped-def]
    assert column_label("survey", "sumber_air_minum") != column_label("survey", "jamban_guru")
    assert column_label("survey", "build_girls") == "Girls' toilets to build"
    assert column_value("survey", "sanitation_level", "none") == "No service"


def test_other_workspaces_columns_have_names_in_both_languages(english) -> None:  # type: ignore[no-untyped-def]
    assert column_label("pksai_meeting", "place") == "Place"
    set_language("id")
    assert column_label("pksai_meeting", "place") == "Tempat"
    assert column_label("twin_item", "planned_end") == "Rencana selesai"


def test_every_edited_column_of_every_workspace_has_a_name() -> None:
    """Each workspace names its columns (bakti_desktop/workspaces.py); a new column without a name fails here."""
    from bakti_desktop.workspaces import WORKSPACES, record_tables

    bookkeeping = {"id", "uuid", "created_at", "updated_at", "updated_by", "version", "deleted_at",
                   "frozen_data", "frozen_at", "sha256", "size", "extension", "added_at", "added_by"}
    tables = {table.name: table for table in record_tables()}
    unnamed = [f"{name}.{column.name}" for workspace in WORKSPACES for name in sorted(workspace.tables())
               for column in tables[name].columns
               if column.name not in bookkeeping and not column.foreign_keys
               and workspace.labels.column(name, column.name) is None]
    assert unnamed == []


def test_unknown_columns_are_made_readable() -> None:
    assert column_label("survey", "unknown_column") == "Unknown column"
    assert column_label("pksai_meeting", "unknown_column") == "Unknown column"


def test_choice_codes_and_levels_are_shown_by_name() -> None:
    assert column_value("survey", "jenis_jamban", "leher_angsa") != "leher_angsa"
    assert column_value("survey", "sumber_air_minum", "perpipaan") == "Perpipaan (PDAM/PAMSIMAS)"
    assert column_value("school", "status", "swasta") == "Swasta"
    assert column_value("survey", "water_level", "limited") == "Terbatas"
    assert column_value("survey", "priority", 1) == "Tinggi"


def test_other_values_are_shown_as_stored() -> None:
    assert column_value("survey", "jenis_jamban", "kode_lama") == "kode_lama"  # a code no longer offered
    assert column_value("survey", "jamban_guru", 3) == 3
    assert column_value("school", "kabupaten_code", "99.99") == "99.99"  # an unknown region code (a known one: its name)
    assert column_value("survey", "air_tersedia", None) is None
    assert column_value("pksai_meeting", "status", "swasta") == "swasta"  # not a survey field


def test_codes_of_the_other_workspaces_are_shown_by_name() -> None:
    from bakti_desktop.twinning.codes import ItemStatus, Stage

    assert column_value("twin_item", "status", "berjalan") == ItemStatus.IN_PROGRESS.label != "berjalan"
    assert column_value("twin_programme", "stage", "mou") == Stage.MOU.label != "mou"
    assert column_value("pksai_meeting", "mode", "tatap_muka") == "Tatap muka"
    assert column_value("pksai_action", "status", "kode_lama") == "kode_lama"


def test_a_region_column_is_named_by_the_region_not_its_code() -> None:
    from bakti_desktop.regions import kabupaten_list

    bone = next(r for r in kabupaten_list() if "Bone" in r.name)
    assert column_value("school", "kabupaten_code", bone.code) == bone.name  # the import preview, the history
    assert column_value("school", "desa_code", "99.99.99.9999") == "99.99.99.9999"  # unknown: the code as stored
