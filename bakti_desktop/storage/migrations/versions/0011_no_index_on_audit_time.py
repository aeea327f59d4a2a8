"""no index on the audit entries' time

No query filters or sorts the audit trail by its time (the newest entries are the highest ids), yet
every entry paid for the index: an import of 20,000 schools writes 40,000 entries.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 03:00:00
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")


def downgrade() -> None:
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"], unique=False)
