"""import batches that can be undone

Every survey import becomes a batch with an id (import_batch: when, who, file, sheets, counts, and
whether it was undone); the audit entries it writes name it (audit_entry.batch_id), so that the
surveys and schools it added or changed, with their previous values, can be found and reverted.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 16:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'import_batch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('user', sa.String(length=100), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('sheets', sa.String(length=500), nullable=False),
        sa.Column('added', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('unchanged', sa.Integer(), nullable=False),
        sa.Column('rejected', sa.Integer(), nullable=False),
        sa.Column('schools_added', sa.Integer(), nullable=False),
        sa.Column('schools_updated', sa.Integer(), nullable=False),
        sa.Column('undone_at', sa.DateTime(), nullable=True),
        sa.Column('undone_by', sa.String(length=100), nullable=True),
        sa.Column('undo_result', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch')),
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entry_batch_id'), ['batch_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_batch_id'))
        batch_op.drop_column('batch_id')
    op.drop_table('import_batch')
