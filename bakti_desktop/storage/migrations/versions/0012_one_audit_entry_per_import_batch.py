"""one audit entry per batch of imported records

An import of 20,000 schools wrote 40,000 "create" entries, one per school and survey: a good part of
the import's time and of the database. A batch entry names the ids it created (record_id to
last_record_id) and is found by the records' creation time (the partial index). Entries already
written stay as they are.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 05:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_record_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_entry_batch', ['at'], unique=False,
                              sqlite_where=sa.text('last_record_id IS NOT NULL'),
                              postgresql_where=sa.text('last_record_id IS NOT NULL'))


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_batch')
        batch_op.drop_column('last_record_id')
