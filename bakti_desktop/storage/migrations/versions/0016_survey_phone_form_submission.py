"""A survey keeps the phone-form submission it came from (issue 21)

KoBoToolbox and ODK Central name each submission (its root instance ID, which an edit on the server
keeps) and each version of it (the instance ID, which an edit renews). The survey keeps both, so that
importing the same export again changes nothing, even a survey corrected on the desktop since, and a
submission edited on the server updates its survey. Both are empty for a survey typed or imported from
a workbook.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("survey", sa.Column("submission_id", sa.Text(), nullable=True))
    op.add_column("survey", sa.Column("submission_instance", sa.Text(), nullable=True))
    op.create_index("ix_survey_submission_id", "survey", ["submission_id"])


def downgrade() -> None:
    op.drop_index("ix_survey_submission_id", table_name="survey")
    with op.batch_alter_table("survey") as batch:
        batch.drop_column("submission_instance")
        batch.drop_column("submission_id")
