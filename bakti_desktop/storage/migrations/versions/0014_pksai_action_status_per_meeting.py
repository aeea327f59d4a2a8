"""PKSAI: the status of a follow-up action as each meeting decided it (issue 19, history-true minutes)

A new table ``pksai_action_update`` (action, meeting, status, note; one row per action and meeting)
keeps what each meeting decided about an action, so the minutes of 14 July show the statuses of
14 July, not those decided on 15 July. ``pksai_action.status`` stays the latest status.

Existing data, moved over as it was recorded:

* an action a later meeting reviewed (``reviewed_meeting_id``) gets its current status and note
  at that meeting, the one that last touched it;
* an action closed without a review (its status set in its own meeting's editor) gets its status at
  its own meeting;
* a carried-forward action used to be copied into the reviewing meeting (one action listed three
  times in the register): each copy is folded back into its original — the copy's later decisions
  become the original's, the copy is deleted — so one action is one record again.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00
"""
from alembic import op
import sqlalchemy as sa
from datetime import UTC


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# The CHECK constraints of the new table, as bakti_desktop.storage.rules gives them (a test compares).
CONSTRAINTS = (
    ('pksai_action_update', 'status_code',
     "status IN ('terbuka', 'selesai', 'dilanjutkan', 'dibatalkan')"),
)
CARRIED = 'dilanjutkan'


def upgrade() -> None:
    op.create_table(
        'pksai_action_update',
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=100), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['action_id'], ['pksai_action.id'],
                                name=op.f('fk_pksai_action_update_action_id_pksai_action'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['meeting_id'], ['pksai_meeting.id'],
                                name=op.f('fk_pksai_action_update_meeting_id_pksai_meeting'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pksai_action_update')),
        sa.UniqueConstraint('action_id', 'meeting_id', name=op.f('uq_pksai_action_update_action_id_meeting_id')),
        sa.UniqueConstraint('uuid', name=op.f('uq_pksai_action_update_uuid')),
        *[sa.CheckConstraint(condition, name=op.f(f'ck_{table}_{name}')) for table, name, condition in CONSTRAINTS],
    )
    with op.batch_alter_table('pksai_action_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pksai_action_update_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pksai_action_update_meeting_id'), ['meeting_id'], unique=False)
    _move_data(op.get_bind())


def _move_data(bind) -> None:  # type: ignore[no-untyped-def]
    import uuid
    from datetime import datetime

    actions = sa.table('pksai_action', sa.column('id'), sa.column('meeting_id'), sa.column('what'),
                       sa.column('responsible'), sa.column('due_date'), sa.column('status'), sa.column('note'),
                       sa.column('reviewed_meeting_id'), sa.column('version'))
    meetings = sa.table('pksai_meeting', sa.column('id'), sa.column('meeting_date'))
    updates = sa.table('pksai_action_update', sa.column('action_id'), sa.column('meeting_id'), sa.column('status'),
                       sa.column('note'), sa.column('uuid'), sa.column('created_at'), sa.column('updated_at'),
                       sa.column('updated_by'), sa.column('version'))
    rows = [dict(r) for r in bind.execute(
        sa.select(actions, meetings.c.meeting_date).join(meetings, meetings.c.id == actions.c.meeting_id)
        .order_by(meetings.c.meeting_date, actions.c.id)).mappings()]
    merged: set[int] = set()
    decided: dict[tuple[int, int], tuple[str, str | None]] = {}  # (action, meeting) -> (status, note)
    for row in rows:
        if row['id'] in merged:
            continue
        current, last = row, None
        while True:
            meeting_id = current['reviewed_meeting_id']
            if meeting_id is None and current['status'] != 'terbuka':  # set in its own meeting's editor
                meeting_id = current['meeting_id']
            if meeting_id is not None:
                decided[(row['id'], meeting_id)] = (current['status'], _note(current['note']))
                last = (current['status'], meeting_id)
            if current['status'] != CARRIED or current['reviewed_meeting_id'] is None:
                break
            copy = next((r for r in rows if r['id'] not in merged and r['id'] != current['id']
                         and r['meeting_id'] == current['reviewed_meeting_id'] and r['what'] == current['what']
                         and r['responsible'] == current['responsible']), None)
            if copy is None:
                break
            merged.add(copy['id'])
            current = copy
        if current is not row and last is not None:  # copies folded in: the original takes the latest decision
            status, meeting_id = last
            bind.execute(actions.update().where(actions.c.id == row['id']).values(
                status=status, reviewed_meeting_id=meeting_id if meeting_id != row['meeting_id'] else None,
                version=row['version'] + 1))
    now = datetime.now(UTC).replace(tzinfo=None)
    for (action_id, meeting_id), (status, note) in decided.items():
        bind.execute(updates.insert().values(action_id=action_id, meeting_id=meeting_id, status=status, note=note,
                                             uuid=str(uuid.uuid4()), created_at=now, updated_at=now,
                                             updated_by='migration 0014', version=1))
    for copy_id in merged:
        bind.execute(actions.delete().where(actions.c.id == copy_id))


def _note(text: str | None) -> str | None:
    """A note without the line the copy of a carried-forward action began with."""
    lines = [line for line in (text or '').splitlines()
             if not line.startswith(('Dilanjutkan dari rapat ', 'Carried forward from the meeting of '))]
    return '\n'.join(lines) or None


def downgrade() -> None:
    with op.batch_alter_table('pksai_action_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pksai_action_update_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_pksai_action_update_action_id'))
    op.drop_table('pksai_action_update')
