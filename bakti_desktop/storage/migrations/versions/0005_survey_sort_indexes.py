"""survey sort indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 22:03:53.077169
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Expression indexes (autogenerate does not see them): the survey table sorts by these sums.
    op.create_index("ix_survey_students", "survey", [sa.text("(siswa_laki + siswa_perempuan)")])
    op.create_index("ix_survey_build", "survey", [sa.text("(build_boys + build_girls + build_teachers)")])


def downgrade() -> None:
    op.drop_index("ix_survey_build", table_name="survey")
    op.drop_index("ix_survey_students", table_name="survey")
