"""survey (school_id, year) index for the table's name-ordered pages

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_survey_school_year", "survey", ["school_id", "year"])


def downgrade() -> None:
    op.drop_index("ix_survey_school_year", table_name="survey")
