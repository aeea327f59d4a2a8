"""CHECK constraints that back the rules of every way in (issue 17): codes, bounded counts, lengths

What the validators accept is what the database accepts, on SQLite and PostgreSQL alike: codes in
their sets, counts between 0 and 100,000 (money, years and coordinates in their ranges), texts no
longer than their columns. The school's name and Puskesmas and the sanitarian's name take the
500 characters docs/domain-rules.md §3.5 allows (they were 200, which PostgreSQL enforced and SQLite did not).

Rows stored before these rules are left as they are (PostgreSQL: NOT VALID where such a row exists;
SQLite: the copy of batch mode runs with CHECK constraints ignored): nothing is guessed or cut. Every new or changed
row is checked. The list below is frozen here; bakti_desktop.storage.rules gives new databases the
same constraints (a test compares the two).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# (table, column): nullable — widened from VARCHAR(200) to VARCHAR(500)
WIDENED = {("school", "nama_sekolah"): False, ("school", "puskesmas"): True, ("survey", "enumerator"): True}
# Expression indexes that batch mode cannot reflect: dropped and made again around the copy of ``survey``.
EXPRESSION_INDEXES = {"ix_survey_students": "(siswa_laki + siswa_perempuan)",
                      "ix_survey_build": "(build_boys + build_girls + build_teachers)"}
# (table, name after "ck_<table>_", condition)
CONSTRAINTS = (
    ('pksai_action', 'responsible_length',
     'length(responsible) <= 200'),
    ('pksai_action', 'status_code',
     "status IN ('terbuka', 'selesai', 'dilanjutkan', 'dibatalkan')"),
    ('pksai_agenda_item', 'number_range',
     'number >= 0 AND number <= 100000'),
    ('pksai_agenda_item', 'title_length',
     'length(title) <= 300'),
    ('pksai_attendance_count', 'female_range',
     'female >= 0 AND female <= 100000'),
    ('pksai_attendance_count', 'institution_length',
     'length(institution) <= 200'),
    ('pksai_attendance_count', 'male_range',
     'male >= 0 AND male <= 100000'),
    ('pksai_attendee', 'contact_length',
     'length(contact) <= 100'),
    ('pksai_attendee', 'institution_length',
     'length(institution) <= 200'),
    ('pksai_attendee', 'name_length',
     'length(name) <= 200'),
    ('pksai_attendee', 'position_length',
     'length(position) <= 200'),
    ('pksai_attendee', 'sex_code',
     "sex IN ('L', 'P')"),
    ('pksai_case_figure', 'category_code',
     "category IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o')"),
    ('pksai_case_figure', 'female_range',
     'female >= 0 AND female <= 100000'),
    ('pksai_case_figure', 'male_range',
     'male >= 0 AND male <= 100000'),
    ('pksai_case_figure', 'period_length',
     'length(period) <= 40'),
    ('pksai_decision', 'number_range',
     'number >= 0 AND number <= 100000'),
    ('pksai_district_progress', 'kabupaten_code_length',
     'length(kabupaten_code) <= 5'),
    ('pksai_forum', 'kabupaten_code_length',
     'length(kabupaten_code) <= 5'),
    ('pksai_forum', 'name_length',
     'length(name) <= 300'),
    ('pksai_meeting', 'chair_name_length',
     'length(chair_name) <= 200'),
    ('pksai_meeting', 'chair_nip_length',
     'length(chair_nip) <= 30'),
    ('pksai_meeting', 'chair_position_length',
     'length(chair_position) <= 200'),
    ('pksai_meeting', 'closed_at_length',
     'length(closed_at) <= 5'),
    ('pksai_meeting', 'end_time_length',
     'length(end_time) <= 5'),
    ('pksai_meeting', 'mode_code',
     "mode IN ('tatap_muka', 'daring', 'campuran')"),
    ('pksai_meeting', 'notetaker_name_length',
     'length(notetaker_name) <= 200'),
    ('pksai_meeting', 'notetaker_nip_length',
     'length(notetaker_nip) <= 30'),
    ('pksai_meeting', 'place_length',
     'length(place) <= 300'),
    ('pksai_meeting', 'start_time_length',
     'length(start_time) <= 5'),
    ('pksai_meeting', 'title_length',
     'length(title) <= 300'),
    ('pksai_person', 'contact_length',
     'length(contact) <= 100'),
    ('pksai_person', 'institution_length',
     'length(institution) <= 200'),
    ('pksai_person', 'name_length',
     'length(name) <= 200'),
    ('pksai_person', 'nip_length',
     'length(nip) <= 30'),
    ('pksai_person', 'position_length',
     'length(position) <= 200'),
    ('pksai_person', 'sex_code',
     "sex IN ('L', 'P')"),
    ('school', 'bujur_range',
     'bujur >= 117 AND bujur <= 122'),
    ('school', 'desa_code_length',
     'length(desa_code) <= 13'),
    ('school', 'jenjang_code',
     "jenjang IN ('SD', 'MI', 'SMP', 'MTs', 'SMA', 'MA', 'SMK', 'SLB')"),
    ('school', 'kabupaten_code_length',
     'length(kabupaten_code) <= 5'),
    ('school', 'kecamatan_code_length',
     'length(kecamatan_code) <= 8'),
    ('school', 'lintang_range',
     'lintang >= -8 AND lintang <= -1'),
    ('school', 'nama_sekolah_length',
     'length(nama_sekolah) <= 500'),
    ('school', 'npsn_length',
     'length(npsn) = 8'),
    ('school', 'puskesmas_length',
     'length(puskesmas) <= 500'),
    ('school', 'status_code',
     "status IN ('negeri', 'swasta')"),
    ('sss_comment', 'author_length',
     'length(author) <= 100'),
    ('sss_document', 'baseline_year_range',
     'baseline_year >= 2000 AND baseline_year <= 2100'),
    ('sss_document', 'end_year_range',
     'end_year >= 2000 AND end_year <= 2100'),
    ('sss_document', 'kabupaten_code_length',
     'length(kabupaten_code) <= 5'),
    ('sss_document', 'start_year_range',
     'start_year >= 2000 AND start_year <= 2100'),
    ('sss_document', 'title_length',
     'length(title) <= 300'),
    ('sss_programme_row', 'kegiatan_length',
     'length(kegiatan) <= 300'),
    ('sss_programme_row', 'lokasi_length',
     'length(lokasi) <= 200'),
    ('sss_programme_row', 'opd_length',
     'length(opd) <= 200'),
    ('sss_programme_row', 'program_length',
     'length(program) <= 300'),
    ('sss_programme_row', 'satuan_length',
     'length(satuan) <= 40'),
    ('sss_programme_row', 'sumber_dana_code',
     "sumber_dana IN ('APBD Kab/Kota', 'APBD Provinsi', 'APBN', 'DAK', 'BOS/BOSDA', 'Dana Desa', 'CSR/swasta', 'masyarakat')"),
    ('sss_programme_row', 'tahun_range',
     'tahun >= 2000 AND tahun <= 2100'),
    ('sss_programme_row', 'unit_cost_range',
     'unit_cost >= 0 AND unit_cost <= 2000000000000'),
    ('sss_programme_row', 'volume_range',
     'volume >= 0 AND volume <= 1000000000'),
    ('sss_section', 'level_range',
     'level >= 1 AND level <= 2'),
    ('sss_section', 'owner_opd_length',
     'length(owner_opd) <= 200'),
    ('sss_section', 'status_code',
     "status IN ('draft', 'review', 'final')"),
    ('sss_section', 'title_length',
     'length(title) <= 300'),
    ('sss_target', 'indicator_length',
     'length(indicator) <= 300'),
    ('sss_target', 'source_length',
     'length(source) <= 40'),
    ('sss_target', 'unit_length',
     'length(unit) <= 20'),
    ('survey', 'air_limbah_code',
     "air_limbah IN ('septik_ipal', 'saluran_sungai')"),
    ('survey', 'air_sabun_code',
     "air_sabun IN ('air_dan_sabun', 'air_saja', 'sabun_saja', 'tidak_ada')"),
    ('survey', 'anggaran_rp_range',
     'anggaran_rp >= 0 AND anggaran_rp <= 2000000000000'),
    ('survey', 'catatan_length',
     'length(catatan) <= 500'),
    ('survey', 'enumerator_length',
     'length(enumerator) <= 500'),
    ('survey', 'jamban_bersama_baik_range',
     'jamban_bersama_baik >= 0 AND jamban_bersama_baik <= 100000'),
    ('survey', 'jamban_bersama_rusak_range',
     'jamban_bersama_rusak >= 0 AND jamban_bersama_rusak <= 100000'),
    ('survey', 'jamban_guru_range',
     'jamban_guru >= 0 AND jamban_guru <= 100000'),
    ('survey', 'jamban_laki_baik_range',
     'jamban_laki_baik >= 0 AND jamban_laki_baik <= 100000'),
    ('survey', 'jamban_laki_rusak_range',
     'jamban_laki_rusak >= 0 AND jamban_laki_rusak <= 100000'),
    ('survey', 'jamban_perempuan_baik_range',
     'jamban_perempuan_baik >= 0 AND jamban_perempuan_baik <= 100000'),
    ('survey', 'jamban_perempuan_rusak_range',
     'jamban_perempuan_rusak >= 0 AND jamban_perempuan_rusak <= 100000'),
    ('survey', 'jenis_jamban_code',
     "jenis_jamban IN ('leher_angsa', 'cubluk_dengan_slab', 'vip', 'kompos', 'cubluk_tanpa_slab', 'jamban_gantung', 'ember', 'tidak_ada')"),
    ('survey', 'mkm_pembalut_code',
     "mkm_pembalut IN ('tidak', 'beli', 'gratis')"),
    ('survey', 'sarana_cuci_tangan_range',
     'sarana_cuci_tangan >= 0 AND sarana_cuci_tangan <= 100000'),
    ('survey', 'sarana_cuci_tangan_rusak_range',
     'sarana_cuci_tangan_rusak >= 0 AND sarana_cuci_tangan_rusak <= 100000'),
    ('survey', 'siswa_disabilitas_range',
     'siswa_disabilitas >= 0 AND siswa_disabilitas <= 100000'),
    ('survey', 'siswa_laki_range',
     'siswa_laki >= 0 AND siswa_laki <= 100000'),
    ('survey', 'siswa_perempuan_range',
     'siswa_perempuan >= 0 AND siswa_perempuan <= 100000'),
    ('survey', 'sumber_air_minum_code',
     "sumber_air_minum IN ('perpipaan', 'sumur_bor', 'sumur_terlindungi', 'mata_air_terlindungi', 'air_hujan', 'air_kemasan', 'truk_tangki', 'sumur_tidak_terlindungi', 'mata_air_tidak_terlindungi', 'air_permukaan', 'bawa_dari_rumah', 'tidak_ada')"),
    ('survey', 'year_range',
     'year >= 2000 AND year <= 2100'),
    ('twin_evidence', 'added_by_length',
     'length(added_by) <= 100'),
    ('twin_evidence', 'extension_code',
     "extension IN ('pdf', 'jpg', 'jpeg', 'png', 'docx', 'xlsx', 'pptx', 'odt', 'doc', 'xls')"),
    ('twin_evidence', 'kind_code',
     "kind IN ('SK', 'Perwali', 'Perbup', 'SOP', 'Foto', 'Laporan', 'Lainnya')"),
    ('twin_evidence', 'original_name_length',
     'length(original_name) <= 300'),
    ('twin_evidence', 'sha256_hex',
     "length(sha256) = 64 AND ltrim(sha256, '0123456789abcdef') = ''"),
    ('twin_evidence', 'size_range',
     'size >= 0 AND size <= 26214400'),
    ('twin_evidence', 'title_length',
     'length(title) <= 300'),
    ('twin_item', 'responsible_opd_length',
     'length(responsible_opd) <= 200'),
    ('twin_item', 'responsible_person_length',
     'length(responsible_person) <= 200'),
    ('twin_item', 'status_code',
     "status IN ('belum_mulai', 'berjalan', 'selesai', 'tertunda', 'dibatalkan')"),
    ('twin_item', 'verified_by_length',
     'length(verified_by) <= 200'),
    ('twin_programme', 'end_year_range',
     'end_year >= 2000 AND end_year <= 2100'),
    ('twin_programme', 'name_length',
     'length(name) <= 300'),
    ('twin_programme', 'senior_provider_length',
     'length(senior_provider) <= 300'),
    ('twin_programme', 'stage_code',
     "stage IN ('identifikasi', 'diagnostik', 'mou', 'implementasi', 'monitoring')"),
    ('twin_programme', 'start_year_range',
     'start_year >= 2000 AND start_year <= 2100'),
    ('twin_progress_note', 'author_length',
     'length(author) <= 200'),
    ('twin_topic', 'name_length',
     'length(name) <= 300'),
    ('twin_topic', 'number_range',
     'number >= 0 AND number <= 100000'),
    ('twin_unit', 'kabupaten_code_length',
     'length(kabupaten_code) <= 5'),
    ('twin_unit', 'kabupaten_length',
     'length(kabupaten) <= 200'),
    ('twin_unit', 'name_length',
     'length(name) <= 200'),
    ('twin_unit', 'role_code',
     "role IN ('mentor', 'mentee')"),
    ('twin_visit', 'female_range',
     'female >= 0 AND female <= 100000'),
    ('twin_visit', 'kind_code',
     "kind IN ('kunjungan_belajar', 'pendampingan', 'rapat_daring')"),
    ('twin_visit', 'male_range',
     'male >= 0 AND male <= 100000'),
    ('twin_visit', 'place_length',
     'length(place) <= 300'),
)


def _tables() -> list[str]:
    return sorted({table for table, _name, _condition in CONSTRAINTS})


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _upgrade_sqlite(bind)
        return
    for (table, column), nullable in WIDENED.items():
        op.alter_column(table, column, type_=sa.String(500), existing_type=sa.String(200), existing_nullable=nullable)
    for table, name, condition in CONSTRAINTS:
        # NOT VALID only where a row stored before breaks the rule: the others are checked whole.
        broken = bind.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE NOT ({condition}))").scalar()
        suffix = " NOT VALID" if broken else ""
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{name} CHECK ({condition}){suffix}")


def _upgrade_sqlite(bind) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    raw = bind.connection.dbapi_connection
    foreign_keys = bind.exec_driver_sql("PRAGMA foreign_keys").scalar()
    if raw.in_transaction:  # PRAGMA foreign_keys is ignored inside a transaction; what came before is complete
        raw.commit()
    # Batch mode copies each table and drops the old one: with foreign keys on, dropping a school would
    # delete its surveys (ON DELETE CASCADE). Off for the copy, on again when the connection is returned.
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("cannot turn foreign keys off for the table copies")
    if foreign_keys:
        def restore(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            if dbapi_connection is raw:
                dbapi_connection.execute("PRAGMA foreign_keys=ON")

        event.listen(bind.engine.pool, "checkin", restore)
    bind.exec_driver_sql("PRAGMA ignore_check_constraints=ON")  # rows stored before are copied as they are
    try:
        for name in EXPRESSION_INDEXES:
            op.drop_index(name, table_name="survey")
        by_table: dict[str, list[tuple[str, str]]] = {}
        for table, name, condition in CONSTRAINTS:
            by_table.setdefault(table, []).append((name, condition))
        for table in _tables():
            with op.batch_alter_table(table, recreate="always") as batch:
                for (widened, column), nullable in WIDENED.items():
                    if widened == table:
                        batch.alter_column(column, type_=sa.String(500), existing_type=sa.String(200),
                                           existing_nullable=nullable)
                for name, condition in by_table[table]:
                    batch.create_check_constraint(op.f(f"ck_{table}_{name}"), sa.text(condition))
        for name, expression in EXPRESSION_INDEXES.items():
            op.create_index(name, "survey", [sa.text(expression)])
    finally:
        bind.exec_driver_sql("PRAGMA ignore_check_constraints=OFF")
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken by the table copies: {broken[:3]}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in _tables():
            with op.batch_alter_table(table) as batch:
                for t, name, _condition in CONSTRAINTS:
                    if t == table:
                        batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        return
    for table, name, _condition in CONSTRAINTS:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT ck_{table}_{name}")
    for (table, column), nullable in WIDENED.items():
        op.alter_column(table, column, type_=sa.String(200), existing_type=sa.String(500), existing_nullable=nullable)
