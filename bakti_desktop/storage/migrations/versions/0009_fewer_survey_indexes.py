"""indexes that serve the survey table: fewer on survey, name-ordered ones on school

ix_survey_school_year repeats the unique (school_id, year) constraint's own
index, and ix_survey_year the first column of ix_survey_year_levels: each one
slowed every imported row. On school, (kabupaten_code, nama_sekolah) and
(jenjang, nama_sekolah) let a filtered page come out in name order.

Revision ID: 0009
Revises: 0008
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_survey_school_year", table_name="survey")
    op.drop_index("ix_survey_year", table_name="survey")
    op.drop_index("ix_school_kabupaten_code", table_name="school")
    op.drop_index("ix_school_jenjang", table_name="school")
    op.create_index("ix_school_kabupaten_name", "school", ["kabupaten_code", "nama_sekolah"])
    op.create_index("ix_school_jenjang_name", "school", ["jenjang", "nama_sekolah"])


def downgrade() -> None:
    op.drop_index("ix_school_jenjang_name", table_name="school")
    op.drop_index("ix_school_kabupaten_name", table_name="school")
    op.create_index("ix_school_jenjang", "school", ["jenjang"])
    op.create_index("ix_school_kabupaten_code", "school", ["kabupaten_code"])
    op.create_index("ix_survey_year", "survey", ["year"])
    op.create_index("ix_survey_school_year", "survey", ["school_id", "year"])
