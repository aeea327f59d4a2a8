"""One checked survey record as a typed row: what the validator gives and the writer takes.

:class:`SurveyRow` holds the values of one survey record that passed every check of
``docs/domain-rules.md`` §3.5: the fields of :mod:`fields` (regions resolved to their codes) and the
survey year. It is a named tuple, so a national import keeps 200,000 of them in the memory of as
many plain tuples, and code reads them by name (``row.npsn``, ``row.year``). Its fields follow the
order of :data:`fields.FIELDS`; :mod:`validation` refuses to load if a field is missing here
(adding a survey field: ``docs/checklists.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple


class SurveyRow(NamedTuple):
    """A checked survey record: the school's fields, the survey's fields, the region codes and the year."""

    npsn: str
    nama_sekolah: str
    jenjang: str
    status: str | None
    puskesmas: str | None
    lintang: float | None
    bujur: float | None
    tanggal_survei: date
    tahun: int | None  # as given; ``year`` is the survey year used everywhere
    enumerator: str | None
    siswa_laki: int
    siswa_perempuan: int
    siswa_disabilitas: int | None
    sumber_air_minum: str
    air_tersedia: bool | None
    jenis_jamban: str
    jamban_laki_baik: int | None
    jamban_laki_rusak: int | None
    jamban_perempuan_baik: int | None
    jamban_perempuan_rusak: int | None
    jamban_bersama_baik: int | None
    jamban_bersama_rusak: int | None
    jamban_guru: int | None
    jamban_difabel: bool | None
    sarana_cuci_tangan: int
    sarana_cuci_tangan_rusak: int | None
    air_sabun: str
    mkm_tempat_sampah: bool | None
    mkm_pembalut: str | None
    mkm_edukasi: bool | None
    phbs_1: bool | None
    phbs_2: bool | None
    phbs_3: bool | None
    phbs_4: bool | None
    phbs_5: bool | None
    phbs_6: bool | None
    phbs_7: bool | None
    phbs_8: bool | None
    air_limbah: str | None
    kuras_septik: bool | None
    anggaran_sanitasi: bool | None
    anggaran_rp: int | None
    piket_kebersihan: bool | None
    siswa_terlibat: bool | None
    uks_aktif: bool | None
    catatan: str | None
    kabupaten_code: str
    kecamatan_code: str
    desa_code: str | None
    year: int

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> SurveyRow:
        """The row of a record checked by :func:`validation.validate` (its values by key)."""
        return cls._make(values[key] for key in cls._fields)


FIELDS = SurveyRow._fields
_new_row = tuple.__new__  # SurveyRow from a tuple of its values, without the NamedTuple's Python-level __new__


def rows_of(tuples: Iterable[tuple[Any, ...]]) -> list[SurveyRow]:
    """Rows from tuples of values in the order of :data:`FIELDS` (as :func:`validation.validate_table` gives them)."""
    return [_new_row(SurveyRow, t) for t in tuples]


def values_of(keys: Iterable[str]) -> Callable[[SurveyRow], tuple[Any, ...]]:
    """A function giving the values of the named fields of a row, as a tuple (any number of keys).

    For the hot loops of a bulk write: one C call per row instead of one attribute read per field.
    """
    at = [FIELDS.index(key) for key in keys]
    if len(at) > 1:
        return itemgetter(*at)
    if at:
        only = at[0]
        return lambda row: (row[only],)
    return lambda row: ()
